"""Employee screens (Pegawai) for HR officers: list, create, edit, end employment, import.

Access: HR officers of an agency (and superusers); anyone else gets 403. Employees outside
the user's agency are 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.audit import AuditContext
from agencies.placements import history_of
from agencies.scoping import scope_for
from rosterhub.querystrings import query_without

from .forms import EmployeeEndForm, EmployeeFilterForm, EmployeeForm, EmployeeImportForm
from .imports import employee_import
from .selectors import employees_for_hr
from .services import EDITABLE_FIELDS, employee_end, employee_save

PER_PAGE = 50


def _hr_scope(request: HttpRequest):
    scope = scope_for(request.user)
    if not scope.is_hr_officer:
        raise PermissionDenied
    return scope


def _units(scope):
    return scope.employee_units().select_related("agency").order_by("agency__name", "path")


def _employee(scope, pk: int):
    return get_object_or_404(scope.managed_employees().select_related("unit", "agency__seat_region"), pk=pk)


@login_required
def employee_list(request: HttpRequest) -> HttpResponse:
    scope = _hr_scope(request)
    form = EmployeeFilterForm(request.GET or None, units=_units(scope))
    filters = form.cleaned_data if form.is_valid() else {}
    employees = employees_for_hr(
        scope, today=timezone.localdate(), q=filters.get("q", ""), unit=filters.get("unit"),
        employment_type=filters.get("jenis", ""), status=filters.get("status", ""),
    )
    if form.is_bound and not form.is_valid():
        employees = employees.none()  # a filter outside the scope shows nothing, not everything
    page = Paginator(employees, PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "query": query_without(request.GET, "page"), "today": timezone.localdate()}
    template = "employees/list.html#results" if request.htmx else "employees/list.html"
    return render(request, template, context)


@login_required
def employee_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@login_required
def employee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, pk)


def _edit(request: HttpRequest, pk: int | None) -> HttpResponse:
    scope = _hr_scope(request)
    employee = _employee(scope, pk) if pk else None
    initial = model_to_dict(employee, fields=EDITABLE_FIELDS) if employee else {}
    form = EmployeeForm(request.POST or None, initial=initial, units=_units(scope))
    if request.method == "POST" and form.is_valid():
        try:
            saved = employee_save(
                context=AuditContext(actor=request.user), scope=scope, employee=employee, data=form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Data pegawai %(name)s disimpan.") % {"name": saved.name})
            return redirect("employees:list")
    history = history_of(employee) if employee else []
    return render(request, "employees/form.html", {"form": form, "employee": employee, "history": history})


def add_service_errors(form, exc: ValidationError) -> None:
    """The service's per-field messages on the form's fields (any other under the form)."""
    for field, errors in (exc.error_dict if hasattr(exc, "error_dict") else {None: exc.messages}).items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
def employee_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    scope = _hr_scope(request)
    employee = _employee(scope, pk)
    today = timezone.localdate(timezone=employee.agency.tzinfo)
    form = EmployeeEndForm(request.POST or None, initial={"last_day": employee.active_until or today})
    if request.method == "POST" and form.is_valid():
        try:
            employee_end(
                context=AuditContext(actor=request.user), scope=scope, employee=employee,
                last_day=form.cleaned_data["last_day"],
            )
        except ValidationError as exc:
            form.add_error("last_day", exc.messages)
        else:
            messages.success(request, _("Masa kerja %(name)s diakhiri.") % {"name": employee.name})
            return redirect("employees:list")
    return render(request, "employees/end.html", {"form": form, "employee": employee})


@login_required
def employee_import_view(request: HttpRequest) -> HttpResponse:
    scope = _hr_scope(request)
    form = EmployeeImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        apply = "terapkan" in request.POST
        check = employee_import(
            context=AuditContext(actor=request.user), scope=scope, name=upload.name, content=upload.read(), apply=apply,
        )
        if apply and check.ok:
            messages.success(request, _("Impor selesai: %(n)s pegawai disimpan.") % {"n": len(check.changes)})
            return redirect("employees:list")
        context.update(check=check, preview=check.changes[:50])
    return render(request, "employees/import.html", context)
