"""Unit screens (Unit kerja) for HR officers: the agency's unit tree, create, edit.

Access: HR officers of an agency (and superusers); anyone else gets 403. Units outside the
user's agencies are 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from agencies.audit import AuditContext
from agencies.employees.views import add_service_errors
from agencies.scoping import scope_for

from .forms import UnitForm, unit_initial
from .services import unit_save

PER_PAGE = 100


def _hr_scope(request: HttpRequest):
    scope = scope_for(request.user)
    if not scope.is_hr_officer:
        raise PermissionDenied
    return scope


def _agencies(scope):
    return scope.hr_agencies().order_by("name")


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    scope = _hr_scope(request)
    units = scope.managed_units().select_related("agency", "parent", "head", "acting_head").order_by("agency__name", "path")
    page = Paginator(units, PER_PAGE).get_page(request.GET.get("page"))
    for unit in page:
        unit.depth = unit.path.count("/") - 2
        unit.indent = min(unit.depth * 2, 5)  # Bootstrap padding steps ps-0..ps-5
    return render(request, "units/list.html", {"page": page})


@login_required
def unit_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@login_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, pk)


def _edit(request: HttpRequest, pk: int | None) -> HttpResponse:
    scope = _hr_scope(request)
    unit = get_object_or_404(scope.managed_units().select_related("head", "acting_head", "agency"), pk=pk) if pk else None
    units = scope.managed_units().select_related("agency").order_by("agency__name", "path")
    form = UnitForm(request.POST or None, initial=unit_initial(unit) if unit else {}, agencies=_agencies(scope),
                    units=units, unit=unit)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        agency = data.pop("agency", None)
        try:
            saved = unit_save(context=AuditContext(actor=request.user), scope=scope, unit=unit, data=data, agency=agency)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Unit %(name)s disimpan.") % {"name": saved.name})
            return redirect("units:list")
    return render(request, "units/form.html", {"form": form, "unit": unit})
