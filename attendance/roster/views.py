"""The roster editor: grid, cell writes (htmx), undo and redo, export, import and history.

Access: HR officers edit their agency's units; unit heads read their subtree (edit when
their role allows it); inspectors read within their jurisdiction; anyone else gets 403.
Units outside the user's scope are 404.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_POST

from agencies.audit import AuditContext
from agencies.models import Employee, Region, Role, Unit, region_within_q
from agencies.placements import unit_staff
from agencies.scoping import scope_for
from attendance.models import REMOTE_LOCATIONS, ImportBatch, LeaveType, WorkLocation
from rosterhub import spreadsheets
from rosterhub.date_bounds import query_date, query_int

from . import exports
from .cells import CellRenderer
from .editing import parse_cell_refs, pattern_changes, roster_cells_set, roster_step_apply
from .forms import CellsForm, GridPeriodForm, ImportForm, previous_and_next
from .imports import roster_import_apply, roster_import_preview
from .outcome import breach_message, days_pushed_over, pattern_summary
from .patterns import ALL_WFO, COPY_LAST_WEEK, TEAM_AB
from .selectors import grid_days, roster_cells, roster_day_rules, roster_grid, roster_history
from .services import RosterChange, RosterError, RosterProtected
from .undo import REDO, UNDO, RosterHistory

ROSTER_ROLES = {Role.HR_OFFICER, Role.UNIT_HEAD, Role.INSPECTOR}
PATTERN_NAMES = {TEAM_AB: _lazy("Tim A/B"), ALL_WFO: _lazy("Semua WFO"), COPY_LAST_WEEK: _lazy("Salin minggu lalu")}
TEMPLATE = "attendance/roster/grid.html"


def _roster_scope(request: HttpRequest):
    scope = scope_for(request.user)
    if not (scope.is_superuser or scope.roles & ROSTER_ROLES):
        raise PermissionDenied
    return scope


def _readable_unit(request: HttpRequest, unit_id: int):
    scope = _roster_scope(request)
    unit = get_object_or_404(scope.units().select_related("agency__seat_region"), pk=unit_id)
    return scope, unit


def _editable_unit(request: HttpRequest, unit_id: int) -> Unit:
    scope, unit = _readable_unit(request, unit_id)
    if not scope.can_edit_roster(unit):
        raise PermissionDenied
    return unit


def _local_today(unit_or_none):
    tz = unit_or_none.agency.tzinfo if unit_or_none is not None else None
    return timezone.localdate(timezone=tz)


@login_required
@require_GET
def grid(request: HttpRequest) -> HttpResponse:
    if scope_for(request.user).is_only_employee:
        return redirect("selfservice:roster")  # an employee's roster is their own
    scope = _roster_scope(request)
    units = list(scope.units().select_related("agency__seat_region").order_by("agency__name", "path"))
    form = GridPeriodForm(request.GET or None, units=units, today=_local_today(units[0] if units else None))
    unit, kind, start, end = form.resolve()
    context = {"form": form, "unit": unit, "kind": kind}
    if unit is not None:
        editable = scope.can_edit_roster(unit)
        data = roster_grid(unit, start, end)
        previous, following = previous_and_next(kind, start)
        context.update(
            grid=data, editable=editable, leave_types=LeaveType.choices, body=CellRenderer().body(data),
            previous=previous, following=following,
        )
        if editable:
            history = RosterHistory(request.session, unit.pk)
            context.update(can_undo=history.can(UNDO), can_redo=history.can(REDO), place_regions=_place_regions(unit))
    return render(request, TEMPLATE, context)


def _place_regions(unit: Unit):
    """The regions of the agency's province, offered for a WFH, WFA or other-office day's place."""
    province = unit.agency.seat_region.code.split(".")[0]
    return Region.objects.filter(region_within_q("code", [province])).order_by("code").only("code", "name")


def _changes_response(
    request, unit: Unit, keys, *, message: str = "", level: str = "success", retry: dict | None = None,
    before: list | None = None, history: RosterHistory | None = None, after: list | None = None, rules=None,
):
    """The edit response: a message, the touched cells and their days' compliance (out of band).

    With `before` (the touched days' statuses before the write), the message names each day the
    write pushed over the cap or into a WFO-100% day, in the warning style. `rules`: the touched days'
    rules as loaded for `before` (a write leaves them as they were)."""
    days = after if after is not None else _days_of(unit, keys, rules)
    cells = roster_cells(unit, sorted(keys), days)
    lines = []
    if before is not None and level == "success":
        pushed = days_pushed_over(before, days)
        if pushed:
            level, lines = "warning", [breach_message(pushed)]
    history = history or RosterHistory(request.session, unit.pk)
    context = {
        "unit": unit, "message": message, "lines": lines, "level": level, "cells_html": CellRenderer().oob(cells),
        "days": days, "retry": retry, "can_undo": history.can(UNDO), "can_redo": history.can(REDO), "editable": True,
    }
    return render(request, f"{TEMPLATE}#changes", context)


def _days_of(unit: Unit, keys, rules=None) -> list:
    return grid_days(unit, sorted({day for _, day in keys}), rules) if keys else []


def _rules_of(unit: Unit, keys):
    return roster_day_rules(unit, sorted({day for _, day in keys}))


@login_required
@require_POST
def cells_set(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _editable_unit(request, unit_id)
    form = CellsForm(request.POST)
    if not form.is_valid():
        for name in ("wfh_region", "place"):
            if name in form.errors:
                return HttpResponse(form.errors[name][0], status=400, content_type="text/plain; charset=utf-8")
        return HttpResponse(_("Permintaan tidak valid."), status=400)
    try:
        refs = parse_cell_refs(form.cleaned_data["cells"])
    except ValueError:
        return HttpResponse(_("Permintaan tidak valid."), status=400)
    rules = _rules_of(unit, refs.keys())
    before = _days_of(unit, refs.keys(), rules)
    pattern = form.cleaned_data["pattern"]
    plan = None
    if pattern:
        plan = pattern_changes(unit, refs, pattern, before)
        changes = plan.changes
    else:
        code = form.cleaned_data["code"]
        leave_type = form.cleaned_data["leave_type"] if code == WorkLocation.LEAVE else ""
        remote = code in REMOTE_LOCATIONS
        region = form.cleaned_data["wfh_region"] if remote else None
        place = form.cleaned_data["place"] if remote else ""
        changes = [
            RosterChange(employee_id=e, date=d, location=code, leave_type=leave_type, expected_version=v,
                         wfh_region_id=region.pk if region else None, wfh_address=place)
            for (e, d), v in refs.items()
        ]
    override = form.cleaned_data["override"]
    try:
        outcome = roster_cells_set(
            context=AuditContext(actor=request.user), unit=unit, changes=changes,
            override_approved_wfh=override, skip_protected=bool(pattern),
        )
    except RosterProtected as exc:
        retry = {"cells": form.cleaned_data["cells"], "code": form.cleaned_data["code"],
                 "leave_type": form.cleaned_data["leave_type"], "pattern": pattern}
        return _changes_response(request, unit, refs.keys(), message=str(exc), level="warning", retry=retry,
                                 rules=rules)
    except RosterError as exc:  # a conflict names who changed the cell and when; the cells show current values
        return _changes_response(request, unit, refs.keys(), message=str(exc), level="danger", rules=rules)
    history = RosterHistory(request.session, unit.pk)
    history.record(outcome.step, outcome.versions)
    history.save()
    message = _("%(n)s sel disimpan.") % {"n": len(outcome.changed)}
    protected = len(outcome.skipped_protected) + (plan.protected if plan else 0)
    if protected:
        message += " " + _("%(n)s sel berisi WFH/WFA yang sudah disetujui dan tidak diubah.") % {"n": protected}
    if plan and plan.kept:
        message += " " + _("%(n)s sel cuti, sakit, dinas luar, kantor lain atau libur dibiarkan.") % {"n": plan.kept}
    keys = outcome.changed + outcome.skipped_protected
    after = None
    if plan:
        after = _days_of(unit, refs.keys(), rules)
        message = pattern_summary(PATTERN_NAMES[pattern], after, plan.held_back) + " " + message
    return _changes_response(request, unit, keys, message=message, before=before, history=history, after=after,
                             rules=rules)


def _history_step(request: HttpRequest, unit_id: int, direction: str) -> HttpResponse:
    """Undo or redo the session's next step; refused, and dropped, when someone else changed its cells since."""
    unit = _editable_unit(request, unit_id)
    history = RosterHistory(request.session, unit.pk)
    if not history.can(direction):
        nothing = _("Tidak ada perubahan untuk dibatalkan.") if direction == UNDO else _("Tidak ada perubahan untuk diulang.")
        return _changes_response(request, unit, [], message=nothing, level="info", history=history)
    changes = history.changes(direction)
    keys = [(c.employee_id, c.date) for c in changes]
    rules = _rules_of(unit, keys)
    before = _days_of(unit, keys, rules)
    try:
        versions = roster_step_apply(
            context=AuditContext(actor=request.user), unit=unit, changes=changes, expected=history.expected(direction)
        )
    except RosterError as exc:
        history.discard(direction)
        history.save()
        return _changes_response(request, unit, keys, message=str(exc), level="danger", history=history)
    history.moved(direction, versions)
    history.save()
    done = _("%(n)s sel dikembalikan.") if direction == UNDO else _("%(n)s sel diubah lagi.")
    return _changes_response(
        request, unit, keys, message=done % {"n": len(keys)}, before=before, history=history, rules=rules
    )


@login_required
@require_POST
def undo(request: HttpRequest, unit_id: int) -> HttpResponse:
    return _history_step(request, unit_id, UNDO)


@login_required
@require_POST
def redo(request: HttpRequest, unit_id: int) -> HttpResponse:
    return _history_step(request, unit_id, REDO)


def _grid_for_request(request, unit):
    units = [unit]
    form = GridPeriodForm(request.GET or None, units=units, today=_local_today(unit))
    _unit, _kind, start, end = form.resolve()
    return roster_grid(unit, start, end)


@login_required
@require_GET
def export(request: HttpRequest, unit_id: int, fmt: str) -> HttpResponse:
    _scope, unit = _readable_unit(request, unit_id)
    if fmt not in spreadsheets.CONTENT_TYPES:
        raise Http404
    data = _grid_for_request(request, unit)
    return spreadsheets.download_response(
        exports.roster_export(data, fmt), fmt=fmt, filename=exports.export_filename(data, fmt)
    )


@login_required
def import_upload(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _editable_unit(request, unit_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"unit": unit, "form": form}
    if request.method == "POST" and form.is_valid():
        batch, check = roster_import_preview(user=request.user, unit=unit, upload=form.cleaned_data["file"])
        names = _names(check.changes[:50])
        context.update(batch=batch, check=check, preview=[(names.get(c.employee_id), c) for c in check.changes[:50]])
    return render(request, "attendance/roster/import.html", context)


def _names(changes) -> dict[int, str]:
    return dict(Employee.objects.filter(pk__in={c.employee_id for c in changes}).values_list("id", "name"))


@login_required
@require_POST
def import_apply(request: HttpRequest, unit_id: int, batch_id: int) -> HttpResponse:
    unit = _editable_unit(request, unit_id)
    batch = get_object_or_404(ImportBatch, pk=batch_id, unit=unit, kind=ImportBatch.Kind.ROSTER, created_by=request.user)
    try:
        applied, first_day = roster_import_apply(context=AuditContext(actor=request.user), unit=unit, batch=batch)
    except RosterError as exc:
        messages.error(request, str(exc))
        return redirect("roster:import", unit_id=unit.pk)
    messages.success(request, _("Impor selesai: %(n)s sel diubah.") % {"n": applied})
    return redirect(f"{reverse('roster:grid')}?unit={unit.pk}&mulai={first_day:%Y-%m-%d}")


@login_required
@require_GET
def history(request: HttpRequest, unit_id: int) -> HttpResponse:
    _scope, unit = _readable_unit(request, unit_id)
    employee_id = query_int(request.GET.get("pegawai"), name="pegawai")
    day = query_date(request.GET.get("tanggal"), name="tanggal")
    employee = None
    if employee_id and day:
        employee = get_object_or_404(unit_staff(unit.pk, day, day), pk=employee_id)  # placed in the unit that day
        events = roster_history(unit, employee_id=employee.pk, day=day)
    else:
        day = None
        events = roster_history(unit)
    cells = [(e, (e.after or e.before or {}).get("employee"), (e.after or e.before or {}).get("date")) for e in events]
    names = dict(Employee.objects.filter(pk__in={emp for _e, emp, _d in cells}).values_list("id", "name"))
    rows = [(e, names.get(emp), datetime.date.fromisoformat(d) if d else None) for e, emp, d in cells]
    context = {"unit": unit, "events": rows, "employee": employee, "day": day, "tz": unit.agency.tzinfo}
    if request.htmx:
        return render(request, "attendance/roster/history.html#events", context)
    return render(request, "attendance/roster/history.html", context)
