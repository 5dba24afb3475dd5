"""Writing WFH requests: submit, cancel, decide (all or some days), bulk approve.

Approval is refused past the cap of the binding circular: the unit's rostered WFH plus the
days being approved must fit (`DayStatus.cap_check`, the one comparison); other pending
requests are not counted, as they may still be refused. A WFO-100% day refuses any WFH.
Approved days are written to the roster through `roster_entries_set`, in the same
transaction, which audits them and enqueues the compliance re-check.

Locks, in one order: the request row, then the unit row FOR NO KEY UPDATE (two heads cannot
both fill the last place), then the roster rows. NO KEY UPDATE does not conflict with the
KEY SHARE lock a roster write takes on the unit through its foreign key, so an approval and a
roster write of the same unit and day no longer deadlock; should the database still pick a
victim, the decision is tried once more and otherwise refused as busy (a 409), never a 500.
"""

import datetime
import functools
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import OperationalError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from agencies.audit import AuditContext, audit_record, audit_record_many, snapshot
from agencies.models import Employee, Region, Unit, User
from agencies.notifications import notify
from agencies.scoping import scope_for
from attendance.models import WfhDayStatus, WfhRequest, WfhRequestDay, WfhRequestStatus, WorkLocation
from attendance.roster.services import RosterChange, roster_entries_set

from .selectors import (
    DayCheck,
    hr_officer_users,
    wfh_already_rostered,
    wfh_day_checks,
    wfh_day_loads,
    wfh_route,
    wfh_working_days,
)

MAX_DAYS_PER_REQUEST = 31
AUDITED_FIELDS = ("status", "reason", "address", "address_region", "approver", "decided_by", "decision_note")


class WfhRequestError(Exception):
    """A request refused by a rule; the message says why (and names the circular).

    `field` names the input at fault ("dates", "reason", "address") so a form can show it there.
    `conflict` marks a refusal by the cap (or a WFO-100% unit) or by a state someone else changed: the API
    answers those 409 and every other refusal (plain validation) 400.
    """

    code = "refused"

    def __init__(self, message: str, *, field: str | None = None, conflict: bool = False):
        super().__init__(message)
        self.field = field
        self.conflict = conflict


class WfhBusy(WfhRequestError):
    """The database chose this decision as the victim of a deadlock twice: nothing was written."""

    code = "busy"

    def __init__(self, message: str):
        super().__init__(message, conflict=True)


# PostgreSQL's deadlock_detected and serialization_failure: the transaction was rolled back whole.
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})


def _retryable(exc: OperationalError) -> bool:
    return getattr(exc.__cause__, "pgcode", None) in RETRYABLE_SQLSTATES


def once_more_if_deadlocked(service):
    """Run a transactional service; a deadlock or serialization failure is retried once, then
    refused with WfhBusy. The service's own atomic block has rolled back (to its savepoint when
    nested), so the retry starts clean."""

    @functools.wraps(service)
    def run(**kwargs):
        try:
            return service(**kwargs)
        except OperationalError as exc:
            if not _retryable(exc):
                raise
        try:
            return service(**kwargs)
        except OperationalError as exc:
            if not _retryable(exc):
                raise
            raise WfhBusy(_("Jadwal unit ini sedang diubah pada saat yang sama; tidak ada yang disimpan. Coba lagi.")) from exc

    return run


def format_day(day: datetime.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def format_days(days: Iterable[datetime.date]) -> str:
    return ", ".join(format_day(d) for d in sorted(days))


def _request_snapshot(request: WfhRequest) -> dict:
    data = snapshot(request, AUDITED_FIELDS)
    data["days"] = {d.date.isoformat(): d.status for d in request.days.all()}
    return data


def _detail_url(request: WfhRequest) -> str:
    return reverse("wfh:detail", args=[request.pk])


def _locked(request: WfhRequest) -> WfhRequest:
    return (
        WfhRequest.objects.select_for_update(of=("self",))
        .select_related("unit", "employee", "agency__seat_region")
        .get(pk=request.pk)
    )


# -- submit --------------------------------------------------------------------------------------

def _check_may_submit_for(actor, employee: Employee) -> None:
    scope = scope_for(actor)
    if not scope.can_submit_wfh_for(employee):
        raise PermissionDenied(_("Anda tidak berwenang mengajukan WFH untuk pegawai ini."))


def _check_days(employee: Employee, dates: list[datetime.date]) -> tuple[list[datetime.date], list[DayCheck]]:
    """The working days to request and the days skipped (weekends, holidays); refused when a
    working day cannot be requested or none is left."""
    if not dates:
        raise WfhRequestError(_("Pilih minimal satu tanggal."), field="dates")
    checks = wfh_day_checks(employee, dates)
    working, skipped = wfh_working_days(checks)
    errors = [c for c in checks if c.level == "error"]
    if errors:
        raise WfhRequestError("; ".join(f"{format_day(c.date)}: {c.message}" for c in errors), field="dates")
    if not working:
        raise WfhRequestError(
            _("Tidak ada hari kerja untuk diajukan: %(days)s.") % {"days": skipped_text(skipped)}, field="dates"
        )
    if len(working) > MAX_DAYS_PER_REQUEST:
        raise WfhRequestError(
            _("Satu pengajuan paling banyak %(n)s hari kerja.") % {"n": MAX_DAYS_PER_REQUEST}, field="dates"
        )
    return working, skipped


def skipped_text(skipped: Iterable[DayCheck]) -> str:
    """ "20 April 2024 (Bukan hari kerja), 10 April 2024 (Hari libur: Idul Fitri)" """
    return ", ".join(f"{format_day(c.date)} ({c.message})" for c in skipped)


@transaction.atomic
def wfh_request_submit(
    *, context: AuditContext, employee: Employee, dates: Iterable[datetime.date], reason: str, address: str,
    address_region: Region | None = None, location: str = WorkLocation.WFH,
) -> WfhRequest:
    """The employee (or an HR officer of their agency) asks for WFH (or WFA: another location,
    `location`) on the working days among `dates`.

    Weekends and holidays in the range are left out; the returned request lists them in
    `skipped` (DayCheck: date and why), for the form and the API to say so.
    """
    _check_may_submit_for(context.actor, employee)
    employee = Employee.objects.select_for_update().select_related("unit").get(pk=employee.pk)
    dates, skipped = _check_days(employee, sorted(set(dates)))
    reason, address = reason.strip(), (address or employee.domicile_address).strip()
    if not reason:
        raise WfhRequestError(_("Alasan wajib diisi."), field="reason")
    if not address:
        raise WfhRequestError(_("Alamat WFH wajib diisi."), field="address")
    if location not in (WorkLocation.WFH, WorkLocation.WFA):
        raise WfhRequestError(_("Lokasi harus WFH atau WFA."), field="location")
    if address_region is None and address == employee.domicile_address:
        address_region = employee.domicile_region
    route = wfh_route(employee)
    request = WfhRequest.objects.create(
        agency_id=employee.agency_id, unit_id=employee.unit_id, employee=employee, reason=reason, address=address,
        address_region=address_region, submitted_by=context.actor, approver=route.approver, location=location,
    )
    WfhRequestDay.objects.bulk_create([WfhRequestDay(request=request, date=d) for d in dates])
    audit_record(
        context, action="wfh.submit", obj=request, before=None, after=_request_snapshot(request),
        summary=_("Pengajuan WFH %(days)s") % {"days": format_days(dates)},
    )
    notify(
        users=_users(route.decider_user_ids),
        message=lambda: _("%(name)s mengajukan WFH untuk %(days)s. Alasan: %(reason)s") % {
            "name": employee.name, "days": format_days(dates), "reason": reason,
        },
        url=_detail_url(request),
    )
    request.skipped = skipped
    return request


def _users(user_ids: Iterable[int]) -> list[User]:
    return list(User.objects.filter(pk__in=list(user_ids), is_active=True))


# -- cancel --------------------------------------------------------------------------------------

def may_cancel(user, request: WfhRequest) -> bool:
    """The employee, whoever submitted the request, or an HR officer of the agency."""
    return scope_for(user).can_cancel_wfh(request, user)


@transaction.atomic
def wfh_request_cancel(*, context: AuditContext, request: WfhRequest) -> WfhRequest:
    """Withdraw a pending request (the employee, whoever submitted it, or the agency's HR).

    Decided requests stay as decided: an approved day is changed in the roster, not here.
    """
    request = _locked(request)
    if not may_cancel(context.actor, request):
        raise PermissionDenied(_("Anda tidak berwenang membatalkan pengajuan ini."))
    if request.status != WfhRequestStatus.PENDING:
        raise WfhRequestError(_("Hanya pengajuan yang masih menunggu yang dapat dibatalkan."), conflict=True)
    before = _request_snapshot(request)
    request.status = WfhRequestStatus.CANCELLED
    request.save(update_fields=["status"])
    request.days.update(status=WfhDayStatus.CANCELLED)
    audit_record(context, action="wfh.cancel", obj=request, before=before, after=_request_snapshot(request),
                 summary=_("Pengajuan WFH dibatalkan"))
    days = [d.date for d in request.days.all()]
    notify(
        users=_users(wfh_route(request.employee).decider_user_ids),
        message=lambda: _("%(name)s membatalkan pengajuan WFH untuk %(days)s.") % {
            "name": request.employee.name, "days": format_days(days),
        },
        url=_detail_url(request),
    )
    return request


# -- decide --------------------------------------------------------------------------------------

def may_decide(user, request: WfhRequest) -> bool:
    """Heads (or Plt.) of the request's unit or a unit above it; never for their own request."""
    scope = scope_for(user)
    return scope.can_decide_wfh(request.unit) and not (scope.employee_id and scope.employee_id == request.employee_id)


def _check_may_decide(actor, request: WfhRequest) -> None:
    if not may_decide(actor, request):
        raise PermissionDenied(_("Anda tidak berwenang memutuskan pengajuan ini."))


def _refuse_past_the_cap(approvals: dict[WfhRequest, list[datetime.date]]) -> None:
    """Raise WfhRequestError when approving these days would break the binding circular.

    Each (unit, day) asks `cap_check(adding=n)` with n the approved days that add a counted WFH
    (an employee already rostered WFH, or of a type the rule does not count, adds none); the
    unit rows are locked first so that two heads deciding at once cannot both fill the last place.
    """
    approvals = {r: days for r, days in approvals.items() if days}
    if not approvals:
        return
    unit_ids = sorted({r.unit_id for r in approvals})
    units = {u.pk: u for u in Unit.objects.select_for_update(no_key=True).filter(pk__in=unit_ids).order_by("pk")}
    dates = {d for days in approvals.values() for d in days}
    loads = wfh_day_loads(unit_ids, dates, exclude_request_ids=[r.pk for r in approvals])
    already = wfh_already_rostered((r.employee_id, d) for r, days in approvals.items() for d in days)
    adding = defaultdict(int)
    for request, days in approvals.items():
        for day in days:
            load = loads[(request.unit_id, day)]
            if load.wfo_only:
                raise WfhRequestError(
                    _("%(date)s: unit %(unit)s wajib WFO 100%% menurut SE %(number)s; WFH tidak dapat disetujui.")
                    % {"date": format_day(day), "unit": units[request.unit_id].name, "number": load.circular_number},
                    conflict=True,
                )
            adding[(request.unit_id, day)] += load.adding_for(
                request.employee.employment_type, (request.employee_id, day) in already, request.location
            )
    for (unit_id, day), n in sorted(adding.items()):
        cap = loads[(unit_id, day)].cap_check(adding=n)
        if cap is not None and not cap.fits:
            raise WfhRequestError(cap_refusal(units[unit_id], day, cap, loads[(unit_id, day)].circular_number), conflict=True)


def cap_refusal(unit: Unit, day: datetime.date, cap, circular_number: str) -> str:
    """The refusal with figures that add up: already WFH + approving = total, against the limit."""
    return _(
        "%(date)s: tidak dapat disetujui. WFH unit %(unit)s sudah %(wfh)s orang; menyetujui %(adding)s lagi "
        "menjadi %(total)s, melebihi batas %(limit)s (%(cap)s%% dari %(basis)s pegawai menurut SE %(number)s)."
    ) % {
        "date": format_day(day), "unit": unit.name, "wfh": cap.wfh, "adding": cap.adding, "total": cap.total,
        "limit": cap.limit, "cap": cap.cap_percent, "basis": cap.basis, "number": circular_number,
    }


def _split_days(request: WfhRequest, approve_dates, reject_dates) -> tuple[list[datetime.date], list[datetime.date]]:
    """Validate the decision: every listed day must be a pending day of the request.

    Days listed in neither set are rejected, so an approval of "some days" is complete.
    """
    pending = {d.date for d in request.days.all() if d.status == WfhDayStatus.PENDING}
    approve, reject = set(approve_dates), set(reject_dates)
    unknown = (approve | reject) - pending
    if unknown:
        raise WfhRequestError(_("Tanggal tidak ada dalam pengajuan: %(days)s.") % {"days": format_days(unknown)})
    both = approve & reject
    if both:
        raise WfhRequestError(_("Tanggal tidak boleh disetujui sekaligus ditolak: %(days)s.") % {"days": format_days(both)})
    return sorted(approve), sorted(pending - approve)


def _decision_status(approved: list, rejected: list) -> str:
    if approved and rejected:
        return WfhRequestStatus.PARTIAL
    return WfhRequestStatus.APPROVED if approved else WfhRequestStatus.REJECTED


def _record_decision(context, request: WfhRequest, approved, rejected, note: str) -> tuple[list[RosterChange], dict]:
    """Store the decision on the request and its days; return its roster changes and audit event."""
    before = _request_snapshot(request)
    request.status = _decision_status(approved, rejected)
    request.decided_by = context.actor if getattr(context.actor, "is_authenticated", False) else None
    request.decided_at = timezone.now()
    request.decision_note = note
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    if approved:
        request.days.filter(date__in=approved).update(status=WfhDayStatus.APPROVED)
    if rejected:
        request.days.filter(date__in=rejected).update(status=WfhDayStatus.REJECTED)
    request._prefetched_objects_cache = {}
    changes = [
        RosterChange(
            employee_id=request.employee_id, date=day, location=request.location, wfh_address=request.address,
            wfh_region_id=request.address_region_id, wfh_request_id=request.pk,
        )
        for day in approved
    ]
    event = {
        "action": "wfh.decide", "obj": request, "before": before, "after": _request_snapshot(request),
        "summary": _decision_summary(approved, rejected, note),
    }
    return changes, event


def _decision_summary(approved, rejected, note: str) -> str:
    parts = []
    if approved:
        parts.append(_("disetujui: %(days)s") % {"days": format_days(approved)})
    if rejected:
        parts.append(_("ditolak: %(days)s") % {"days": format_days(rejected)})
    summary = "; ".join(parts)
    return f"{summary} — {note}" if note else summary


def decision_text(name: str, approved, rejected, note: str) -> str:
    """ "Pengajuan WFH Budi ditolak untuk 17 April 2024. Alasan: rapat pimpinan." in the active language."""
    if approved and rejected:
        outcome = _("disetujui untuk %(yes)s dan ditolak untuk %(no)s") % {
            "yes": format_days(approved), "no": format_days(rejected)
        }
    elif approved:
        outcome = _("disetujui untuk %(yes)s") % {"yes": format_days(approved)}
    else:
        outcome = _("ditolak untuk %(no)s") % {"no": format_days(rejected)}
    text = _("Pengajuan WFH %(name)s %(outcome)s.") % {"name": name, "outcome": outcome}
    if note:
        label = _("Alasan") if rejected else _("Catatan")
        text = f"{text} {label}: {note}"
    return text


def _notify_decision(request: WfhRequest, approved, rejected) -> None:
    users = list(hr_officer_users(request.agency_id))
    if request.employee.user_id:
        users += _users([request.employee.user_id])
    notify(
        users=users,
        message=lambda: decision_text(request.employee.name, approved, rejected, request.decision_note),
        url=_detail_url(request),
    )


@once_more_if_deadlocked
@transaction.atomic
def wfh_request_decide(
    *, context: AuditContext, request: WfhRequest, approve_dates: Iterable[datetime.date],
    reject_dates: Iterable[datetime.date] = (), note: str = "",
) -> WfhRequest:
    """Approve some days and reject the rest; a rejection needs a reason."""
    request = _locked(request)
    _check_may_decide(context.actor, request)
    if request.status != WfhRequestStatus.PENDING:
        raise WfhRequestError(_("Pengajuan ini sudah diputuskan atau dibatalkan."), conflict=True)
    approved, rejected = _split_days(request, approve_dates, reject_dates)
    note = (note or "").strip()
    if rejected and not note:
        raise WfhRequestError(_("Tuliskan alasan penolakan."))
    _refuse_past_the_cap({request: approved})
    changes, event = _record_decision(context, request, approved, rejected, note)
    if changes:
        roster_entries_set(context=context, changes=changes)
    audit_record_many(context, [event])
    _notify_decision(request, approved, rejected)
    return request


@once_more_if_deadlocked
@transaction.atomic
def wfh_requests_bulk_approve(*, context: AuditContext, requests: Iterable[WfhRequest]) -> list[WfhRequest]:
    """Approve every pending day of several requests at once, or none if one would break a cap."""
    ids = sorted({r.pk for r in requests})
    locked = list(
        WfhRequest.objects.select_for_update(of=("self",)).select_related("unit", "employee", "agency__seat_region")
        .filter(pk__in=ids).order_by("submitted_at", "id")
    )
    if len(locked) != len(ids):
        raise WfhRequestError(_("Sebagian pengajuan tidak ditemukan."))
    approvals = {}
    for request in locked:
        _check_may_decide(context.actor, request)
        if request.status != WfhRequestStatus.PENDING:
            raise WfhRequestError(
                _("Pengajuan %(name)s sudah diputuskan atau dibatalkan.") % {"name": request.employee.name}, conflict=True
            )
        approvals[request] = sorted(d.date for d in request.days.all() if d.status == WfhDayStatus.PENDING)
    _refuse_past_the_cap(approvals)
    changes, events = [], []
    for request, days in approvals.items():
        request_changes, event = _record_decision(context, request, days, [], "")
        changes += request_changes
        events.append(event)
    if changes:
        roster_entries_set(context=context, changes=changes)
    audit_record_many(context, events)
    for request, days in approvals.items():
        _notify_decision(request, days, [])
    return locked
