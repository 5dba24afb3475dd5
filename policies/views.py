"""Findings (list, filters, review through htmx) and circulars (list, detail, edit, preview,
publish, revoke). Views check access, call a selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.audit import AuditContext
from agencies.models import Role
from agencies.scoping import scope_for
from rosterhub.querystrings import query_without
from rosterhub.security import safe_next

from . import services
from .authority import agency_data, binds, saved_circular_authority_errors
from .compliance import PolicyError, finding_acknowledge, finding_add_note, finding_resolve
from .forms import (
    CircularForm,
    FindingFilterForm,
    FindingNoteForm,
    ObligationFormSet,
    PreviewForm,
    RuleFormSet,
    circular_error_summary,
)
from .models import Circular, CircularStatus, Finding
from .selectors import circular_preview, circulars_for_scope, finding_people, findings_for_scope

FINDINGS_PER_PAGE = 50
READER_ROLES = {Role.INSPECTOR, Role.HR_OFFICER, Role.UNIT_HEAD}


# -- findings -------------------------------------------------------------------------------------

@login_required
def findings(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not (scope.is_superuser or scope.roles & READER_ROLES):
        raise PermissionDenied
    units = scope.units().select_related("agency").order_by("agency__name", "path")
    form = FindingFilterForm(request.GET or None, scope=scope, units=units)
    filters = {}
    if form.is_valid():
        d = form.cleaned_data
        filters = {
            "date_from": d["date_from"], "date_to": d["date_to"], "agency_id": d["agency"].pk if d["agency"] else None,
            "unit_id": d["unit"], "kind": d["kind"], "status": d["status"],
        }
    page = Paginator(findings_for_scope(scope, **filters), FINDINGS_PER_PAGE).get_page(request.GET.get("page"))
    people = finding_people(page.object_list, scope)
    for finding in page.object_list:
        finding.people, finding.people_count = people.get(finding.pk, ([], 0))
    context = {"form": form, "page": page, "scope": scope, "query": query_without(request.GET, "page")}
    template = "policies/findings.html#results" if request.htmx else "policies/findings.html"
    return render(request, template, context)


def _reviewable_finding(request: HttpRequest, pk: int) -> Finding:
    scope = scope_for(request.user)
    finding = get_object_or_404(
        findings_for_scope(scope, status="all"), pk=pk
    )
    if not scope.can_review_findings(finding.agency_id):
        raise PermissionDenied
    return finding


@login_required
@require_POST
def finding_review(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    finding = _reviewable_finding(request, pk)
    form = FindingNoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    context = AuditContext(actor=request.user)
    service = {
        "acknowledge": lambda: finding_acknowledge(context=context, finding=finding, note=note),
        "note": lambda: finding_add_note(context=context, finding=finding, text=note),
        "resolve": lambda: finding_resolve(context=context, finding=finding, note=note),
    }[action]
    error = ""
    try:
        service()
    except PolicyError as exc:
        error = str(exc)
    finding = _reviewable_finding(request, pk)
    finding.people, finding.people_count = finding_people([finding], scope_for(request.user))[finding.pk]
    if request.htmx:
        return render(request, "policies/findings.html#finding_row",
                      {"f": finding, "scope": scope_for(request.user), "error": error})
    if error:
        messages.error(request, error)
    return redirect(safe_next(request, "policies:findings"))


# -- circulars ------------------------------------------------------------------------------------

@login_required
def circulars(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    items = circulars_for_scope(scope).prefetch_related("rules")
    status = request.GET.get("status", "")
    if status in CircularStatus.values:
        items = items.filter(status=status)
    return render(request, "policies/circulars.html", {
        "circulars": items, "scope": scope, "status": status, "statuses": CircularStatus.choices,
        "can_create": scope.is_policy_admin,
    })


def _readable_circular(request: HttpRequest, pk: int) -> Circular:
    return get_object_or_404(circulars_for_scope(scope_for(request.user)), pk=pk)


def _managed_circular(request: HttpRequest, pk: int) -> Circular:
    circular = _readable_circular(request, pk)
    if not scope_for(request.user).can_issue_for(circular.issuer_id):
        raise PermissionDenied
    return circular


@login_required
def circular_detail(request: HttpRequest, pk: int) -> HttpResponse:
    circular = _readable_circular(request, pk)
    scope = scope_for(request.user)
    return render(request, "policies/circular_detail.html", {
        "circular": circular, "rules": circular.rules.all(), "obligations": circular.obligations.all(),
        "can_manage": scope.can_issue_for(circular.issuer_id),
        "regions": circular.scope_regions.all(), "agencies": circular.scope_agencies.all(),
        "parents": list(circular.based_on.all()) + list(circular.amends.all()),
        "supersedes": circular.supersedes.all(),
    })


@login_required
def circular_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    scope = scope_for(request.user)
    if pk is None:
        if not scope.is_policy_admin:
            raise PermissionDenied
        circular = Circular(status=CircularStatus.DRAFT)
    else:
        circular = _managed_circular(request, pk)
        if circular.status != CircularStatus.DRAFT:
            messages.error(request, _("Surat edaran yang sudah terbit atau dicabut tidak dapat diubah."))
            return redirect("policies:circular", pk=circular.pk)
    data = request.POST if request.method == "POST" else None
    form = CircularForm(data, instance=circular, scope=scope)
    days = (None, None)
    if data is not None:
        form.is_valid()
        days = (form.cleaned_data.get("start"), form.cleaned_data.get("end"))
    rules = RuleFormSet(data, instance=circular, prefix="rules", form_kwargs={"circular_days": days})
    obligations = ObligationFormSet(data, instance=circular, prefix="obligations")
    if request.method == "POST" and form.is_valid() and rules.is_valid() and obligations.is_valid():
        if not scope.can_issue_for(form.cleaned_data["issuer"].pk):
            raise PermissionDenied
        try:
            saved = services.circular_save(
                context=AuditContext(actor=request.user), form=form, rules=rules, obligations=obligations
            )
        except services.AuthorityError as exc:
            for field, problems in exc.errors.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        except PolicyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Draf surat edaran disimpan. Periksa pratinjau sebelum menerbitkan."))
            return redirect("policies:circular_preview", pk=saved.pk)
    return render(request, "policies/circular_form.html", {
        "form": form, "rules": rules, "obligations": obligations, "circular": circular,
        "error_summary": circular_error_summary(form, rules, obligations) if data is not None else [],
    })


@login_required
def circular_preview_page(request: HttpRequest, pk: int) -> HttpResponse:
    circular = _managed_circular(request, pk)
    form = PreviewForm(request.GET or None)
    start = end = None
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    preview = circular_preview(circular, today=timezone.localdate(), start=start, end=end)
    authority_errors = saved_circular_authority_errors(circular) if circular.status == CircularStatus.DRAFT else {}
    return render(request, "policies/circular_preview.html", {
        "circular": circular, "preview": preview, "form": form, "authority_errors": authority_errors,
        "bound_units": _units_the_issuer_may_name(circular, preview),
    })


def _units_the_issuer_may_name(circular: Circular, preview) -> list[tuple]:
    """(agency, units or None): unit names only inside the issuer's jurisdiction; beyond it (a scope
    the authority check will refuse) the preview says how many, not which."""
    if preview is None:
        return []
    issuer = agency_data(circular.issuer)
    return [(agency, units if binds(issuer, agency_data(agency)) else None, len(units)) for agency, units in preview.units]


@login_required
@require_POST
def circular_status_change(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    circular = _managed_circular(request, pk)
    service = {"publish": services.circular_publish, "revoke": services.circular_revoke}[action]
    try:
        service(context=AuditContext(actor=request.user), circular=circular)
    except PolicyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Surat edaran diterbitkan; kepatuhan seluruh rentang tanggalnya diperiksa ulang.")
                         if action == "publish" else
                         _("Surat edaran dicabut; kepatuhan seluruh rentang tanggalnya diperiksa ulang."))
    return redirect("policies:circular", pk=circular.pk)
