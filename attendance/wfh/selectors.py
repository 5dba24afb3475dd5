"""Reads for WFH requests: routing, who sees what, the cap load of each day, the timeline."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agencies.models import AuditEvent, Employee, Role, RoleAssignment, Unit, User
from agencies.scoping import scope_for
from attendance.models import RosterEntry, WfhDayStatus, WfhRequest, WfhRequestDay, WfhRequestStatus, WorkLocation
from policies.compliance import CapCheck, DayStatus, compliance_day_statuses, published_circulars, unit_contexts
from rosterhub.date_bounds import date_runs

ACTIVE_DAY_STATUSES = [WfhDayStatus.PENDING, WfhDayStatus.APPROVED]


# -- routing -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Route:
    """Where a request goes: the unit whose head decides, and that head (None if only role holders)."""

    unit: Unit | None
    approver: Employee | None
    decider_user_ids: frozenset[int]


def _ancestors_nearest_first(unit: Unit) -> list[Unit]:
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    units = {u.pk: u for u in Unit.objects.filter(pk__in=ids).select_related("head", "acting_head")}
    return [units[pk] for pk in reversed(ids) if pk in units]


def wfh_route(employee: Employee) -> Route:
    """The head (or Plt.) of the employee's unit; when it has none, the parent unit's, walking up.

    Nobody decides their own request: a head asking for WFH goes to the unit above.
    Unit-head role holders of the routed unit are told too (an approve-only account may
    have no employee record of its own).
    """
    chain = _ancestors_nearest_first(employee.unit)
    holders = defaultdict(set)
    for unit_id, user_id in RoleAssignment.objects.filter(
        role=Role.UNIT_HEAD, unit_id__in=[u.pk for u in chain]
    ).values_list("unit_id", "user_id"):
        if user_id != employee.user_id:
            holders[unit_id].add(user_id)
    for unit in chain:
        head = unit.responsible_head
        if head is not None and head.pk == employee.pk:
            head = None
        if head is not None or holders[unit.pk]:
            user_ids = set(holders[unit.pk]) | ({head.user_id} if head is not None and head.user_id else set())
            return Route(unit=unit, approver=head, decider_user_ids=frozenset(user_ids))
    return Route(unit=None, approver=None, decider_user_ids=frozenset())


def hr_officer_users(agency_id: int) -> QuerySet[User]:
    return User.objects.filter(roles__role=Role.HR_OFFICER, roles__agency_id=agency_id, is_active=True).distinct()


# -- visibility ----------------------------------------------------------------------------------

def wfh_requests_visible(user) -> QuerySet[WfhRequest]:
    """Every request the user may read: their own, their agency's (HR, inspectors), their units' (heads)."""
    scope = scope_for(user)
    return WfhRequest.objects.visible_to(scope).select_related(
        "employee", "unit", "agency__seat_region", "submitted_by", "decided_by", "approver", "address_region"
    )


def wfh_requests_mine(user) -> QuerySet[WfhRequest]:
    """The "my requests" list: one's own, those one submitted, and for HR the whole agency's."""
    scope = scope_for(user)
    condition = Q(submitted_by=user)
    if scope.is_hr_officer and not scope.is_superuser:
        condition |= scope.hr_q()
    if scope.employee_id:
        condition |= Q(employee_id=scope.employee_id)
    return (
        wfh_requests_visible(user).filter(condition)
        .prefetch_related("days").order_by("-submitted_at", "-id")
    )


def wfh_submittable_employees(user) -> QuerySet[Employee]:
    """Whom the user may ask WFH for: themselves, and every employee of an agency where they are HR."""
    scope = scope_for(user)
    active = Employee.objects.filter(Q(active_until__isnull=True) | Q(active_until__gte=timezone.localdate()))
    if scope.is_superuser:
        return active.select_related("unit").order_by("name")
    condition = scope.hr_q()
    if scope.employee_id:
        condition |= Q(pk=scope.employee_id)
    return active.filter(condition).select_related("unit").order_by("name")


def wfh_queue(
    user, *, unit_id: int | None = None, search: str = "",
    date_from: datetime.date | None = None, date_to: datetime.date | None = None,
) -> QuerySet[WfhRequest]:
    """Pending requests the user may decide, oldest first; never the user's own."""
    scope = scope_for(user)
    qs = WfhRequest.objects.filter(scope.decidable_q(), status=WfhRequestStatus.PENDING)
    if scope.employee_id:
        qs = qs.exclude(employee_id=scope.employee_id)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if search:
        qs = qs.filter(Q(employee__name__icontains=search) | Q(employee__nip__startswith=search))
    days = WfhRequestDay.objects.filter(status=WfhDayStatus.PENDING)
    if date_from:
        days = days.filter(date__gte=date_from)
    if date_to:
        days = days.filter(date__lte=date_to)
    if date_from or date_to:
        qs = qs.filter(pk__in=days.values("request_id"))
    return (
        qs.select_related("employee", "unit", "agency__seat_region", "submitted_by")
        .prefetch_related(Prefetch("days", queryset=WfhRequestDay.objects.order_by("date")))
        .order_by("submitted_at", "id")
    )


def wfh_queue_units(user) -> QuerySet[Unit]:
    """The units whose requests the user decides (for the queue's filter)."""
    scope = scope_for(user)
    units = Unit.objects.filter(scope.decidable_q("path"))
    return units.order_by("agency_id", "path")


# -- the cap -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DayLoad:
    """One unit on one day as a decider sees it: the compliance verdict, and the pending days beside it.

    Pending days are shown ("18 WFH + 3 menunggu / maks. 20") but never counted against the cap:
    only the days being approved are, through `cap_check(adding=n)`, the one comparison of
    `policies.compliance` that the form, the queue, the approval and the worker's check share.
    """

    unit_id: int
    date: datetime.date
    status: DayStatus | None
    pending: int = 0  # days of pending requests (counted types, not yet rostered WFH)

    @property
    def wfh(self) -> int:
        return self.status.wfh if self.status else 0

    @property
    def limit(self) -> int | None:
        return self.status.limit if self.status else None

    @property
    def wfo_only(self) -> bool:
        return bool(self.status and self.status.wfo_only)

    @property
    def working_day(self) -> bool:
        return self.status.working_day if self.status else True

    @property
    def holiday_name(self) -> str:
        return self.status.holiday_name if self.status else ""

    @property
    def rule(self):
        return self.status.applicability.binding if self.status else None

    @property
    def circular_number(self) -> str:
        circular = self.status.applicability.binding_circular if self.status else None
        return circular.number if circular else ""

    @property
    def cap_percent(self) -> int | None:
        return self.rule.cap_percent if self.rule else None

    @property
    def proportion_set(self) -> bool:
        """False when the binding rule leaves the share to the agency head and no arrangement set it yet."""
        return not (self.status and self.status.proportion_not_set)

    @property
    def counted_types(self) -> frozenset[str]:
        return self.rule.employment_types if self.rule else frozenset()

    def cap_check(self, *, adding: int) -> CapCheck | None:
        """Would `adding` more WFH days fit? None when no circular binds the day."""
        return self.status.cap_check(adding=adding) if self.status else None

    def fits(self, *, adding: int) -> bool:
        cap = self.cap_check(adding=adding)
        return cap is None or cap.fits

    @property
    def all_pending_fit(self) -> bool:
        """Could every pending day be approved? (the queue's amber badge when not)"""
        return self.fits(adding=self.pending)

    def adding_for(self, employee_type: str, already_wfh: bool, location: str = WorkLocation.WFH) -> int:
        """How many days approving one employee's day adds to the counted WFH: 0 when the employee is
        not of a counted type, is already rostered WFH that day, or asks for a location the binding rule
        does not cap (WFA under a WFH-only rule)."""
        rule = self.rule
        counted = rule is None or rule.counts_location(location)
        return int(counted and employee_type in self.counted_types and not already_wfh)


def day_statuses(unit_ids: list[int], dates: Iterable[datetime.date]) -> dict[tuple[int, datetime.date], DayStatus]:
    """`compliance_day_statuses` for the given days only: circulars and units read once, then
    each run of nearby days (a far-off day, e.g. 31 December 9999, costs one day, not 8,000 years)."""
    runs = date_runs(dates)
    if not unit_ids or not runs:
        return {}
    contexts = unit_contexts(unit_ids)
    circulars = published_circulars(runs[0][0], runs[-1][1])  # a handful of rows, whatever the span
    statuses = {}
    for first, last in runs:
        statuses.update(compliance_day_statuses(unit_ids, first, last, circulars=circulars, contexts=contexts))
    return statuses


def wfh_day_loads(
    unit_ids: Iterable[int], dates: Iterable[datetime.date], *, exclude_request_ids: Iterable[int] = ()
) -> dict[tuple[int, datetime.date], DayLoad]:
    """The load of each (unit, day): the compliance verdict plus the pending days beside it.

    A pending day is shown when its employee is of a counted employment type and is not
    already rostered WFH that day. Requests in `exclude_request_ids` are left out (the ones
    being decided).
    """
    unit_ids, dates = sorted(set(unit_ids)), sorted(set(dates))
    if not unit_ids or not dates:
        return {}
    statuses = day_statuses(unit_ids, dates)
    rostered_wfh = RosterEntry.objects.filter(
        employee_id=OuterRef("request__employee_id"), date=OuterRef("date"), location=WorkLocation.WFH
    )
    pending = (
        WfhRequestDay.objects.filter(
            status=WfhDayStatus.PENDING, request__status=WfhRequestStatus.PENDING,
            request__unit_id__in=unit_ids, date__in=dates,
        )
        .exclude(request_id__in=list(exclude_request_ids))
        .exclude(Exists(rostered_wfh))
        .values("request__unit_id", "date", "request__employee__employment_type", "request__location")
        .annotate(n=Count("id"))
        .order_by()
    )
    pending_by_type = defaultdict(dict)
    for row in pending:
        key = (row["request__employee__employment_type"], row["request__location"])
        pending_by_type[(row["request__unit_id"], row["date"])][key] = row["n"]
    loads = {}
    for unit_id in unit_ids:
        for day in dates:
            status = statuses.get((unit_id, day))
            rule = status.applicability.binding if status else None
            by_type = pending_by_type.get((unit_id, day), {})
            counted = sum(
                n for (etype, location), n in by_type.items()
                if etype in rule.employment_types and rule.counts_location(location)
            ) if rule else sum(by_type.values())
            loads[(unit_id, day)] = DayLoad(unit_id=unit_id, date=day, status=status, pending=counted)
    return loads


def wfh_already_rostered(pairs: Iterable[tuple[int, datetime.date]]) -> set[tuple[int, datetime.date]]:
    """(employee id, day) pairs among `pairs` already rostered WFH: approving them adds nothing."""
    pairs = set(pairs)
    if not pairs:
        return set()
    found = RosterEntry.objects.filter(
        employee_id__in={e for e, _ in pairs}, date__in={d for _, d in pairs}, location=WorkLocation.WFH
    ).values_list("employee_id", "date")
    return {pair for pair in found if pair in pairs}


def wfh_days_already_requested(employee_id: int, dates: Iterable[datetime.date]) -> set[datetime.date]:
    """Days the employee already has pending or approved in another request."""
    return set(
        WfhRequestDay.objects.filter(
            request__employee_id=employee_id, date__in=list(dates), status__in=ACTIVE_DAY_STATUSES
        ).values_list("date", flat=True)
    )


# -- the timeline --------------------------------------------------------------------------------

@dataclass(frozen=True)
class TimelineEntry:
    """One step of a request's history, in words of the reader's language (not the audit code)."""

    at: datetime.datetime
    actor: User | None
    label: str  # "Diajukan", "Disetujui", "Ditolak", "Disetujui sebagian", "Dibatalkan"
    detail: str  # the days and the note, e.g. "17 April 2024 — Rapat pimpinan"


SUBMIT_ACTIONS = {"wfh.submit", "wfh_request.submit"}  # the demo world's seed wrote the second spelling


def _day_words(days: Iterable[str]) -> str:
    return ", ".join(date_format(datetime.date.fromisoformat(d), "DATE_FORMAT") for d in sorted(days))


def timeline_words(action: str, after: dict | None) -> tuple[str, str]:
    """(label, detail) of one audit event of a request, worded now (so in the active language)."""
    after = after or {}
    days = after.get("days") or {}
    note = after.get("decision_note") or ""
    if action in SUBMIT_ACTIONS:
        return _("Diajukan"), _day_words(days)
    if action == "wfh.cancel":
        return _("Dibatalkan"), _day_words(days)
    if action == "wfh.decide":
        label = WfhRequestStatus(after["status"]).label if after.get("status") in WfhRequestStatus.values else _("Diputuskan")
        parts = []
        for status in (WfhDayStatus.APPROVED, WfhDayStatus.REJECTED):
            chosen = [d for d, s in days.items() if s == status]
            if chosen:
                parts.append(f"{WfhDayStatus(status).label}: {_day_words(chosen)}")
        detail = "; ".join(parts)
        return str(label), f"{detail} — {note}" if note else detail
    return _("Perubahan lain"), ""


def wfh_request_timeline(request: WfhRequest) -> list[TimelineEntry]:
    """Submitted, decided (by whom, with what note), cancelled: the request's audit events in order."""
    events = (
        AuditEvent.objects.filter(object_type=WfhRequest._meta.label_lower, object_id=str(request.pk))
        .select_related("actor")
        .order_by("at", "id")
    )
    return [TimelineEntry(e.at, e.actor, *timeline_words(e.action, e.after)) for e in events]


# -- what the submit form says at once ----------------------------------------------------------

@dataclass(frozen=True)
class DayCheck:
    date: datetime.date
    level: str  # "ok", "warning" (approving it now would break the cap), "skip" (not a working day) or "error"
    message: str
    load: DayLoad | None = None
    adding: int = 1  # WFH days approving this day would add (0: already rostered WFH, or not counted)

    @property
    def cap(self) -> CapCheck | None:
        return self.load.cap_check(adding=self.adding) if self.load else None


def wfh_day_checks(
    employee: Employee, dates: Iterable[datetime.date], location: str = WorkLocation.WFH
) -> list[DayCheck]:
    """For each day: not a working day (skipped), already requested, WFO 100% for the unit, or the cap.

    The cap verdict is the approval's: would this one day fit if the head approved it now,
    beside the WFH already rostered (other pending requests are shown, not counted)."""
    dates = sorted(set(dates))
    loads = wfh_day_loads([employee.unit_id], dates)
    taken = wfh_days_already_requested(employee.pk, dates)
    already = wfh_already_rostered((employee.pk, d) for d in dates)
    checks = []
    for day in dates:
        load = loads[(employee.unit_id, day)]
        adding = load.adding_for(employee.employment_type, (employee.pk, day) in already, location)
        if load.holiday_name:
            checks.append(DayCheck(day, "skip", _("Hari libur: %(name)s") % {"name": load.holiday_name}, load, adding))
        elif not load.working_day:
            checks.append(DayCheck(day, "skip", _("Bukan hari kerja"), load, adding))
        elif not employee.is_active_on(day):
            checks.append(DayCheck(day, "error", _("Pegawai tidak aktif pada tanggal ini"), load, adding))
        elif day in taken:
            checks.append(DayCheck(day, "error", _("Sudah diajukan"), load, adding))
        elif load.wfo_only:
            checks.append(DayCheck(
                day, "warning", _("Unit wajib WFO 100%% menurut SE %(number)s") % {"number": load.circular_number},
                load, adding,
            ))
        elif not load.fits(adding=adding):
            checks.append(DayCheck(
                day, "warning",
                _("Kuota WFH unit sudah penuh: WFH %(wfh)s dari maks. %(limit)s (SE %(number)s); "
                  "kepala unit tidak dapat menyetujuinya kecuali ada yang kembali WFO")
                % {"wfh": load.wfh, "limit": load.limit, "number": load.circular_number}, load, adding,
            ))
        else:
            checks.append(DayCheck(day, "ok", _("Dapat diajukan"), load, adding))
    return checks


def wfh_working_days(checks: Iterable[DayCheck]) -> tuple[list[datetime.date], list[DayCheck]]:
    """Split a range's checks into the days to request and the days skipped (weekends, holidays)."""
    checks = list(checks)
    return [c.date for c in checks if c.level != "skip"], [c for c in checks if c.level == "skip"]
