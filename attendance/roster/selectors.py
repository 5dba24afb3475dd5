"""Reads for the roster editor: the grid of a unit's employees × days, cell and unit history.

The grid costs a fixed number of queries whatever the number of employees or days:
the employees, their entries, and the per-day compliance statuses (helper selector of
`policies`, which decides caps with the pure compliance functions).
"""

import datetime
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from agencies.models import AuditEvent, Employee, Unit
from agencies.placements import placed_on, unit_staff
from attendance.models import LeaveType, RosterEntry, WorkLocation, holds_approved_request
from policies.compliance import cap_text, days_between, is_working_day

ROSTER_OBJECT_TYPE = "attendance.rosterentry"

# Short text of each location: readable without colour (design: "colour and a letter").
LOCATION_SHORT = {
    WorkLocation.WFO: "WFO",
    WorkLocation.WFH: "WFH",
    WorkLocation.WFA: "WFA",
    WorkLocation.OTHER_OFFICE: "KL",
    WorkLocation.DL: "DL",
    WorkLocation.LEAVE: "C",
    WorkLocation.SICK: "S",
    WorkLocation.OFF: "L",
}


class CellEntry(NamedTuple):
    """What a grid cell needs of a roster entry (plain tuples: a month of a big unit is 9,300 of them)."""

    location: str
    leave_type: str
    wfh_request_id: int | None
    version: int

    @property
    def approved_wfh(self) -> bool:
        """An approved WFH or WFA request wrote this cell (the write service protects it)."""
        return holds_approved_request(self.location, self.wfh_request_id)

    @property
    def short(self) -> str:
        if self.location == WorkLocation.LEAVE and self.leave_type:
            return self.leave_type
        return LOCATION_SHORT[self.location]

    @property
    def label(self) -> str:
        text = str(WorkLocation(self.location).label)
        if self.leave_type:
            text = f"{text}: {LeaveType(self.leave_type).label}"
        if self.approved_wfh:
            approved = _("pengajuan WFA disetujui") if self.location == WorkLocation.WFA else _("pengajuan WFH disetujui")
            text = f"{text} ({approved})"
        return text


@dataclass(frozen=True)
class GridCell:
    employee_id: int
    date: datetime.date
    entry: CellEntry | None
    active: bool
    working_day: bool


@dataclass(frozen=True)
class GridDay:
    date: datetime.date
    working_day: bool
    holiday_name: str
    status: object | None  # policies DayStatus

    @property
    def weekend(self) -> bool:
        return not self.working_day and not self.holiday_name

    @property
    def key(self) -> str:
        return self.date.strftime("%Y%m%d")

    @property
    def binding(self):
        """(binding rule, its circular) or (None, None) when no circular binds the day."""
        applied = getattr(self.status, "applicability", None)
        if applied is None or applied.binding is None:
            return None, None
        return applied.binding, applied.binding_circular

    @property
    def wfo_only(self) -> bool:
        return bool(self.status is not None and self.status.wfo_only)

    @property
    def over_cap(self) -> bool:
        return bool(self.status is not None and self.status.over_cap)

    @property
    def wfh(self) -> int:
        """WFH as the binding rule counts it; with no rule, everyone rostered WFH."""
        if self.status is None:
            return 0
        if self.binding[0] is None:
            return sum(t.wfh for t in self.status.facts.by_type.values())
        return self.status.wfh

    @property
    def cap_label(self) -> str:
        """The day's count against the binding cap, e.g. "WFH 28 dari maks. 30"; "" when nothing binds."""
        rule, _circular = self.binding
        if rule is None:
            return _("WFH %(wfh)s") % {"wfh": self.wfh} if self.working_day and self.status is not None else ""
        if self.wfo_only:
            if self.wfh:
                return _("Wajib WFO 100%%, %(wfh)s WFH") % {"wfh": self.wfh}
            return _("Wajib WFO 100%")
        if self.status.proportion_not_set:  # a named state, not a made-up number
            return _("%(counted)s %(wfh)s · proporsi belum ditetapkan") % {"counted": self._counted, "wfh": self.wfh}
        if rule.counts_wfa:
            return _("WFH+WFA %(wfh)s dari maks. %(limit)s") % {"wfh": self.wfh, "limit": self.status.limit}
        return _("WFH %(wfh)s dari maks. %(limit)s") % {"wfh": self.wfh, "limit": self.status.limit}

    @property
    def _counted(self) -> str:
        rule, _circular = self.binding
        return "WFH+WFA" if rule is not None and rule.counts_wfa else "WFH"

    @property
    def cap_source(self) -> str:
        """Where the cap comes from, e.g. "SE MenPANRB 1/2024 · 50%"."""
        rule, circular = self.binding
        if rule is None:
            return _("tanpa surat edaran") if self.working_day and self.status is not None else ""
        if rule.delegated:
            return _("SE %(number)s · ditetapkan pimpinan instansi") % {"number": circular.number}
        return _("SE %(number)s · %(cap)s%%") % {"number": circular.number, "cap": rule.cap_percent}

    @property
    def circular_lines(self) -> list[str]:
        """Every circular that applies this day, saying which binds and which an implementing one replaced."""
        applied = getattr(self.status, "applicability", None)
        if applied is None or not applied.applied:
            return []
        standing = {circular.id: rule for circular, rule in applied.standing}
        lines = []
        for circular in applied.applied:
            rule = standing.get(circular.id)
            if rule is None:
                lines.append(_("SE %(number)s: digantikan surat edaran pelaksananya") % {"number": circular.number})
            elif rule.delegated or rule.counts_wfa:  # "proporsi ditetapkan pimpinan instansi", "maks. 50% WFH+WFA"
                text = cap_text(rule.cap_percent, counts_wfa=rule.counts_wfa)
                binds = str(_("mengikat")) if rule is applied.binding else ""
                lines.append(", ".join(filter(None, (f"SE {circular.number}: {text}", binds))))
            elif rule is applied.binding:
                lines.append(_("SE %(number)s: maks %(cap)s%% WFH, mengikat") % {"number": circular.number, "cap": rule.cap_percent})
            else:
                lines.append(_("SE %(number)s: maks %(cap)s%% WFH") % {"number": circular.number, "cap": rule.cap_percent})
        return lines


@dataclass
class RosterGrid:
    unit: Unit
    start: datetime.date
    end: datetime.date
    days: list[GridDay]
    employees: list[Employee]
    entries: dict[tuple[int, str], CellEntry]  # keyed by (employee id, ISO date)

    @property
    def employee_count(self) -> int:
        return len(self.employees)


def cell_dom_id(employee_id: int, day: datetime.date) -> str:
    return f"c-{employee_id}-{day:%Y%m%d}"


def roster_employees(unit: Unit, start: datetime.date, end: datetime.date):
    """The staff placed in the unit at some point in the period (whatever their unit now), in
    grid order; `placed_on(employee, day)` says which of their cells belong to the unit."""
    return (
        unit_staff(unit.pk, start, end)
        .only("id", "name", "nip", "nik", "position", "employment_type", "active_from", "active_until", "unit_id")
        .order_by("name", "id")
    )


def roster_entries(employee_ids, start: datetime.date, end: datetime.date) -> dict[tuple[int, str], CellEntry]:
    """{(employee id, "YYYY-MM-DD"): CellEntry}. The date comes back as text: converting 9,300
    dates costs more than the rest of the query."""
    rows = (
        RosterEntry.objects.filter(employee_id__in=list(employee_ids), date__range=(start, end))
        .annotate(day=Cast("date", output_field=CharField()))
        .values_list("employee_id", "day", "location", "leave_type", "wfh_request_id", "version")
    )
    return {(e, d): CellEntry(loc, leave, request, version) for e, d, loc, leave, request, version in rows}


def roster_day_rules(unit: Unit, days) -> object | None:
    """The rules of the unit's days (policies.compliance.DayRules): an edit judges its days before and
    after the write with one load of them."""
    from policies.compliance import day_rules

    return day_rules([unit.pk], min(days), max(days)) if days else None


def roster_day_statuses(unit: Unit, days: list[datetime.date], rules=None) -> dict[datetime.date, object]:
    """Per-day compliance of the unit, decided by the policies selector (one rule, one place); `rules` from
    `roster_day_rules` for days that include these."""
    from policies.compliance import compliance_day_statuses

    if not days:
        return {}
    statuses = compliance_day_statuses([unit.pk], min(days), max(days), rules=rules)
    wanted = set(days)
    return {day: status for (unit_id, day), status in statuses.items() if unit_id == unit.pk and day in wanted}


def grid_days(unit: Unit, days: list[datetime.date], rules=None) -> list[GridDay]:
    statuses = roster_day_statuses(unit, days, rules)
    result = []
    for day in days:
        status = statuses.get(day)
        if status is not None:
            working, holiday = status.working_day, status.holiday_name or ""
        else:
            working, holiday = is_working_day(day, unit.agency.working_weekdays, ()), ""
        result.append(GridDay(date=day, working_day=working, holiday_name=holiday, status=status))
    return result


def roster_grid(unit: Unit, start: datetime.date, end: datetime.date) -> RosterGrid:
    """The whole editor grid in a fixed number of queries (pinned by a test)."""
    days = grid_days(unit, days_between(start, end))
    employees = list(roster_employees(unit, start, end))
    entries = roster_entries([e.pk for e in employees], start, end)
    return RosterGrid(unit=unit, start=start, end=end, days=days, employees=employees, entries=entries)


def roster_cells(unit: Unit, keys: list[tuple[int, datetime.date]], days: list[GridDay]) -> list[GridCell]:
    """Fresh cells for the given (employee id, day) pairs of the unit (after a save or refusal)."""
    if not keys:
        return []
    first, last = min(k[1] for k in keys), max(k[1] for k in keys)
    employees = {e.pk: e for e in roster_employees(unit, first, last).filter(pk__in={k[0] for k in keys})}
    entries = roster_entries(employees.keys(), first, last)
    working = {d.date: d.working_day for d in days}
    return [
        GridCell(
            employee_id=emp_id, date=day, entry=entries.get((emp_id, day.isoformat())),
            active=placed_on(employees[emp_id], day), working_day=working[day],
        )
        for emp_id, day in keys
        if emp_id in employees
    ]


def roster_history(unit: Unit, *, employee_id: int | None = None, day: datetime.date | None = None, limit: int = 200):
    """Audit events of the unit's roster, newest first; narrowed to one cell when given."""
    events = AuditEvent.objects.filter(object_type=ROSTER_OBJECT_TYPE, unit_id=unit.pk).select_related("actor")
    if employee_id is not None and day is not None:
        iso = day.isoformat()
        events = events.filter(
            Q(after__employee=employee_id, after__date=iso) | Q(before__employee=employee_id, before__date=iso)
        )
    return list(events[:limit])
