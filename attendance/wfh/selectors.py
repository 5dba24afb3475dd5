"""Reads for WFH requests: routing, who sees what, the cap load of each day, the timeline."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import AuditEvent, Employee, Role, RoleAssignment, Unit, User
from agencies.scoping import scope_for
from attendance.models import RosterEntry, WfhDayStatus, WfhRequest, WfhRequestDay, WfhRequestStatus, WorkLocation
from policies.compliance import compliance_day_statuses
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
    """One unit on one day as a decider sees it: WFH already rostered, other pending days, the cap."""

    unit_id: int
    date: datetime.date
    wfh: int  # rostered WFH counted by the binding rule
    pending: int  # days of other pending requests that would add to `wfh`
    limit: int | None  # None: no circular binds that day
    wfo_only: bool
    circular_number: str
    cap_percent: int | None
    counted_types: frozenset[str]
    working_day: bool = True
    holiday_name: str = ""

    @property
    def projected(self) -> int:
        return self.wfh + self.pending

    @property
    def over_cap(self) -> bool:
        return self.limit is not None and self.projected > self.limit


def wfh_day_loads(
    unit_ids: Iterable[int], dates: Iterable[datetime.date], *, exclude_request_ids: Iterable[int] = ()
) -> dict[tuple[int, datetime.date], DayLoad]:
    """The load of each (unit, day): the compliance selector's counts plus pending requests.

    A pending day counts when its employee is of a counted employment type and is not
    already rostered WFH that day. Requests in `exclude_request_ids` are left out (the
    ones being decided are added by the caller).
    """
    unit_ids, dates = sorted(set(unit_ids)), sorted(set(dates))
    if not unit_ids or not dates:
        return {}
    statuses = {}
    for first, last in date_runs(dates):  # the pending days only: a request for 2099 must not cost decades
        statuses.update(compliance_day_statuses(unit_ids, first, last))
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
        .values("request__unit_id", "date", "request__employee__employment_type")
        .annotate(n=Count("id"))
        .order_by()
    )
    pending_by_type = defaultdict(dict)
    for row in pending:
        pending_by_type[(row["request__unit_id"], row["date"])][row["request__employee__employment_type"]] = row["n"]
    loads = {}
    for unit_id in unit_ids:
        for day in dates:
            status = statuses.get((unit_id, day))
            rule = status.applicability.binding if status else None
            circular = status.applicability.binding_circular if rule else None
            types = rule.employment_types if rule else frozenset()
            by_type = pending_by_type.get((unit_id, day), {})
            loads[(unit_id, day)] = DayLoad(
                unit_id=unit_id, date=day, wfh=status.wfh if status else 0,
                pending=sum(n for t, n in by_type.items() if t in types) if rule else sum(by_type.values()),
                limit=status.limit if status else None, wfo_only=bool(status and status.wfo_only),
                circular_number=circular.number if circular else "", cap_percent=rule.cap_percent if rule else None,
                counted_types=types, working_day=status.working_day if status else True,
                holiday_name=status.holiday_name if status else "",
            )
    return loads


def wfh_days_already_requested(employee_id: int, dates: Iterable[datetime.date]) -> set[datetime.date]:
    """Days the employee already has pending or approved in another request."""
    return set(
        WfhRequestDay.objects.filter(
            request__employee_id=employee_id, date__in=list(dates), status__in=ACTIVE_DAY_STATUSES
        ).values_list("date", flat=True)
    )


# -- the timeline --------------------------------------------------------------------------------

def wfh_request_timeline(request: WfhRequest) -> QuerySet[AuditEvent]:
    """Submitted, decided (by whom, with what note), cancelled: the request's audit events in order."""
    return (
        AuditEvent.objects.filter(object_type=WfhRequest._meta.label_lower, object_id=str(request.pk))
        .select_related("actor")
        .order_by("at", "id")
    )


# -- what the submit form says at once ----------------------------------------------------------

@dataclass(frozen=True)
class DayCheck:
    date: datetime.date
    level: str  # "ok", "warning" (the head will likely refuse) or "error" (cannot be requested)
    message: str
    load: DayLoad | None = None


def wfh_day_checks(employee: Employee, dates: Iterable[datetime.date]) -> list[DayCheck]:
    """For each day: a holiday or weekend, already requested, WFO 100% for the unit, or the load."""
    dates = sorted(set(dates))
    loads = wfh_day_loads([employee.unit_id], dates)
    taken = wfh_days_already_requested(employee.pk, dates)
    checks = []
    for day in dates:
        load = loads[(employee.unit_id, day)]
        if load.holiday_name:
            checks.append(DayCheck(day, "error", _("Hari libur: %(name)s") % {"name": load.holiday_name}, load))
        elif not load.working_day:
            checks.append(DayCheck(day, "error", _("Bukan hari kerja"), load))
        elif not employee.is_active_on(day):
            checks.append(DayCheck(day, "error", _("Pegawai tidak aktif pada tanggal ini"), load))
        elif day in taken:
            checks.append(DayCheck(day, "error", _("Sudah diajukan"), load))
        elif load.wfo_only:
            checks.append(DayCheck(
                day, "warning", _("Unit wajib WFO 100%% menurut SE %(number)s") % {"number": load.circular_number}, load
            ))
        elif load.limit is not None and load.projected >= load.limit:
            checks.append(DayCheck(
                day, "warning",
                _("Kuota WFH unit sudah penuh: %(n)s / %(limit)s termasuk pengajuan yang menunggu (SE %(number)s)")
                % {"n": load.projected, "limit": load.limit, "number": load.circular_number}, load,
            ))
        else:
            checks.append(DayCheck(day, "ok", _("Dapat diajukan"), load))
    return checks
