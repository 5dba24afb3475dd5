"""Reading attendance for the inspector dashboard: set-based aggregates over one jurisdiction.

Every function takes the user's Scope and a Jurisdiction (period + region/agency/unit +
service category) and only ever reads rows the scope allows. Aggregates are GROUP BY
queries; nothing loops over employees with a query each.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet, Sum

from agencies.models import Agency, Employee, EmployeePlacement, Unit, region_within_q
from agencies.placements import placements_during
from agencies.scoping import Scope
from attendance.models import AttendanceDaySummary, AttendanceRecord, RollCall, RosterEntry
from policies.models import CAP_FINDING_KINDS, Finding

from . import discipline
from .calendar import AgencyCalendar
from .derivation import OFFICE_STATUSES, PRESENT_STATUSES, Status
from .summaries import COLUMNS, PARTS

MAX_PERIOD_DAYS = 93


@dataclass(frozen=True)
class Jurisdiction:
    start: datetime.date
    end: datetime.date
    region_code: str = ""
    agency_id: int | None = None
    unit_id: int | None = None
    category: str = ""


# -- what is in view -------------------------------------------------------------

def jurisdiction_units(scope: Scope, j: Jurisdiction) -> QuerySet[Unit]:
    units = scope.units()
    if j.region_code:
        units = units.filter(region_within_q("agency__seat_region__code", [j.region_code]))
    if j.agency_id:
        units = units.filter(agency_id=j.agency_id)
    if j.unit_id:
        root = Unit.objects.filter(pk=j.unit_id).values_list("path", flat=True).first() or "/none/"
        units = units.filter(path__startswith=root)
    if j.category:
        units = units.filter(effective_category=j.category)
    return units


def in_view(queryset: QuerySet, scope: Scope, j: Jurisdiction) -> QuerySet:
    """Rows carrying agency_id and unit_id, limited to the scope and the jurisdiction.

    Whole agencies filter on agency_id alone (a semi-join on 1,500 units makes the planner
    loop per unit); only a unit or a service category needs the unit list."""
    queryset = queryset.filter(scope.q(agency="agency_id", unit_path="unit__path", employee=None))
    if j.unit_id or j.category:
        return queryset.filter(unit_id__in=jurisdiction_units(scope, j).values("id"))
    if j.region_code or j.agency_id:
        return queryset.filter(agency_id__in=jurisdiction_agency_ids(scope, j))
    return queryset


def records_in(scope: Scope, j: Jurisdiction) -> QuerySet[AttendanceRecord]:
    return in_view(AttendanceRecord.objects.filter(date__range=(j.start, j.end)), scope, j)


def staff_in(scope: Scope, j: Jurisdiction) -> QuerySet[EmployeePlacement]:
    """Placement periods overlapping the period in the jurisdiction's units: who belonged
    where *then* (count distinct `employee_id`; a move in the period shows in both units)."""
    return in_view(placements_during(j.start, j.end), scope, j)


def jurisdiction_agency_ids(scope: Scope, j: Jurisdiction) -> list[int]:
    agencies = scope.agencies()
    if j.region_code:
        agencies = agencies.filter(region_within_q("seat_region__code", [j.region_code]))
    if j.agency_id:
        agencies = agencies.filter(pk=j.agency_id)
    return list(agencies.values_list("pk", flat=True))


def summaries_in(scope: Scope, j: Jurisdiction) -> QuerySet[AttendanceDaySummary]:
    """Per unit-day counts in view (kept fresh by the writes: presence.summaries)."""
    return in_view(AttendanceDaySummary.objects.filter(date__range=(j.start, j.end)), scope, j)


SUMS = {column: Sum(column) for column in [*COLUMNS, *PARTS]}
WFA_PART = "WFH@elsewhere"  # the part of WFH present at another location (not a status of its own)


def _status_counts(row: dict) -> dict[str, int]:
    counts = {status: row[column] or 0 for column, status in COLUMNS.items()}
    counts[WFA_PART] = row.get("wfa") or 0
    return counts


# -- figures -----------------------------------------------------------------------


def figures_from_counts(counts: dict[str, int]) -> dict[str, int]:
    """Dashboard figures from person-day counts by status code (one place for what "present" means:
    H, TL, PSW at the office plus WFH present)."""
    return {
        "present": sum(counts.get(s, 0) for s in PRESENT_STATUSES),
        "wfo": sum(counts.get(s, 0) for s in OFFICE_STATUSES),
        "wfh": counts.get(Status.WFH, 0) - counts.get(WFA_PART, 0),  # at home
        "wfa": counts.get(WFA_PART, 0),  # at another location
        "sick": counts.get(Status.SICK, 0),
        "permission": counts.get(Status.PERMISSION, 0),
        "leave": counts.get(Status.LEAVE, 0),
        "field_duty": counts.get(Status.FIELD_DUTY, 0),
        "study": counts.get(Status.STUDY, 0),
        "late": counts.get(Status.LATE, 0),
        "early_leave": counts.get(Status.EARLY_LEAVE, 0),
        "absent": counts.get(Status.ABSENT, 0),
        "recorded": sum(n for status, n in counts.items() if status != WFA_PART),
    }


@dataclass(frozen=True)
class FigureTile:
    key: str
    label: str
    counted: bool  # part of the headcount's breakdown (the counted tiles add up to it)
    alarm: bool = False


def figure_tiles() -> list[FigureTile]:
    """The dashboard's tiles, in order. Counted tiles partition the headcount (person-days over a
    period); late and early leave are parts of "present". Add a location or status here."""
    from django.utils.translation import gettext as _

    return [
        FigureTile("present", _("Hadir"), True),
        FigureTile("wfo", _("WFO"), False),
        FigureTile("wfh", _("WFH"), False),
        FigureTile("wfa", _("WFA / lokasi lain"), False),
        FigureTile("sick", _("Sakit"), True),
        FigureTile("permission", _("Izin"), True),
        FigureTile("leave", _("Cuti"), True),
        FigureTile("field_duty", _("Dinas luar"), True),
        FigureTile("study", _("Tugas belajar"), True),
        FigureTile("absent", _("Tanpa keterangan"), True, alarm=True),
        FigureTile("no_record", _("Tanpa catatan"), True),
        FigureTile("late", _("Terlambat"), False),
        FigureTile("early_leave", _("Pulang sebelum waktunya"), False),
    ]


COUNTED_FIGURES = ("present", "sick", "permission", "leave", "field_duty", "study", "absent", "no_record")


@dataclass
class Summary:
    headcount: int
    figures: dict[str, int]
    trend: list[dict]  # one per day: date + figures
    expected: int = 0  # person-days of active staff on the days that have records

    @property
    def recorded_days(self) -> int:
        return sum(1 for day in self.trend if day["recorded"])


def dashboard_summary(scope: Scope, j: Jurisdiction, headcount: int | None = None) -> Summary:
    by_day: dict[datetime.date, dict[str, int]] = {}
    totals: dict[str, int] = defaultdict(int)
    for row in summaries_in(scope, j).values("date").annotate(**SUMS).order_by():
        by_day[row["date"]] = _status_counts(row)
        for status, n in by_day[row["date"]].items():
            totals[status] += n
    days = [j.start + datetime.timedelta(days=i) for i in range((j.end - j.start).days + 1)]
    trend = [{"date": day, **figures_from_counts(by_day.get(day, {}))} for day in days]
    if headcount is None:
        headcount = staff_in(scope, j).values("employee_id").distinct().count()
    figures = figures_from_counts(totals)
    recorded_days = [day["date"] for day in trend if day["recorded"]] or [j.end]
    expected = staff_days(scope, j, recorded_days)
    # staff with no record at all on those days (non-ASN without a presence machine, missing imports)
    figures["no_record"] = max(expected - figures["recorded"], 0)
    return Summary(headcount, figures, trend, expected)


def staff_days(scope: Scope, j: Jurisdiction, days: list[datetime.date]) -> int:
    """Person-days of staff placed in view on the given days: one GROUP BY over placement periods."""
    periods = staff_in(scope, j).values("valid_from", "valid_until").annotate(n=Count("id")).order_by()
    return sum(
        row["n"] for row in periods for day in days
        if row["valid_from"] <= day and (row["valid_until"] is None or row["valid_until"] >= day)
    )


def latest_recorded_day(scope: Scope, today: datetime.date) -> datetime.date | None:
    """The most recent day up to today with any attendance record the user may see."""
    records = AttendanceRecord.objects.filter(scope.q(agency="agency_id", unit_path="unit__path", employee=None), date__lte=today)
    return records.aggregate(day=Max("date"))["day"]


@dataclass
class UnitRow:
    unit_id: int
    name: str
    agency: str
    category: str
    headcount: int = 0
    figures: dict[str, int] = field(default_factory=dict)
    open_findings: int = 0
    days_over_cap: int = 0
    tallies: list = field(default_factory=list)  # policies.finding_labels.FindingTally, not yet resolved
    wfh_peak: int = 0
    wfh_limit: int | None = None
    counts_wfa: bool = False  # the binding cap counts WFA days together with WFH (PermenPANRB 4/2025)
    cap_label: str = ""
    scheme: str = ""  # the working-hour scheme on the period's last day ("" for the agency's fixed hours)

    @property
    def capped(self) -> int:
        """Person-days the binding cap counts: WFH, and WFA too where the cap counts both."""
        return self.figures.get("wfh", 0) + (self.figures.get("wfa", 0) if self.counts_wfa else 0)

    @property
    def capped_label(self) -> str:
        return "WFH+WFA" if self.counts_wfa else "WFH"

    @property
    def wfh_share(self) -> float:
        recorded = self.figures.get("recorded", 0)
        return self.capped / recorded if recorded else 0.0

    @property
    def present_share(self) -> float:
        recorded = self.figures.get("recorded", 0)
        return self.figures.get("present", 0) / recorded if recorded else 0.0

    @property
    def compliant(self) -> bool:
        return not self.tallies and self.open_findings == 0 and self.days_over_cap == 0

    @property
    def recorded(self) -> int:
        return self.figures.get("recorded", 0)


UNIT_SORTS = {
    "name": lambda r: r.name.lower(),
    "headcount": lambda r: r.headcount,
    "present": lambda r: r.figures.get("present", 0),
    "wfh": lambda r: r.figures.get("wfh", 0),
    "absent": lambda r: r.figures.get("absent", 0),
    "late": lambda r: r.figures.get("late", 0),
    "findings": lambda r: (r.open_findings, r.days_over_cap),
}


def unit_rows(scope: Scope, j: Jurisdiction, sort: str = "name", descending: bool = False) -> list[UnitRow]:
    units = {
        u["id"]: UnitRow(u["id"], u["name"], u["agency__short_name"], u["effective_category"])
        for u in jurisdiction_units(scope, j).values("id", "name", "agency__short_name", "effective_category")
    }
    counts = {row["unit_id"]: _status_counts(row) for row in summaries_in(scope, j).values("unit_id").annotate(**SUMS).order_by()}
    for row in staff_in(scope, j).values("unit_id").annotate(n=Count("employee_id", distinct=True)).order_by():
        if row["unit_id"] in units:
            units[row["unit_id"]].headcount = row["n"]
    over_cap = Q(kind__in=CAP_FINDING_KINDS)
    findings = (
        findings_in(scope, j).values("unit_id")
        .annotate(open=Count("id", filter=Q(status=Finding.Status.OPEN)), over=Count("date", filter=over_cap, distinct=True))
        .order_by()
    )
    for row in findings:
        if row["unit_id"] in units:
            units[row["unit_id"]].open_findings, units[row["unit_id"]].days_over_cap = row["open"], row["over"]
    for unit_id, tallies in finding_tallies(scope, j).items():
        if unit_id in units:
            units[unit_id].tallies = tallies
    for unit_id, row in units.items():
        row.figures = figures_from_counts(counts.get(unit_id, {}))
    key = UNIT_SORTS.get(sort, UNIT_SORTS["name"])
    return sorted(units.values(), key=key, reverse=descending)


def attach_caps(rows: list[UnitRow], day: datetime.date) -> None:
    """WFH against the binding circular's cap on `day`, for the rows on screen, from the
    compliance engine (policies): the one place that knows caps."""
    from policies.compliance import compliance_day_statuses

    by_id = {r.unit_id: r for r in rows}
    for (unit_id, _day), status in compliance_day_statuses(list(by_id), day, day).items():
        row = by_id.get(unit_id)
        # A delegated proportion not yet set has no limit but still a label ("Proporsi belum ditetapkan").
        if row is not None and status.cap is not None:
            row.wfh_peak, row.wfh_limit, row.cap_label = status.wfh, status.limit, status.label()
            row.counts_wfa = status.cap.counts_wfa


# -- a unit's day ----------------------------------------------------------------------

def unit_day(scope: Scope, unit: Unit, day: datetime.date, *, subunits: bool = False) -> list[dict]:
    """Who was where: each employee placed in the unit that day (own staff, as the dashboard counts
    them; with `subunits`, its whole subtree), with roster entry and record."""
    people = staff_placed_on(scope, unit, day, subunits=subunits)
    ids = [p["id"] for p in people]
    roster = dict(RosterEntry.objects.filter(employee_id__in=ids, date=day).values_list("employee_id", "location"))
    records = {
        r["employee_id"]: r
        for r in AttendanceRecord.objects.filter(employee_id__in=ids, date=day).values(
            "employee_id", "status", "late_tier", "early_tier", "leave_type", "check_in", "check_out", "source", "place", "note"
        )
    }
    for person in people:
        person["roster"] = roster.get(person["id"], "")
        person["record"] = records.get(person["id"])
    return people


def unit_day_findings(scope: Scope, unit: Unit, day: datetime.date, *, subunits: bool = False) -> list[Finding]:
    units = Q(unit__path__startswith=unit.path) if subunits else Q(unit_id=unit.pk)
    return list(Finding.objects.visible_to(scope).filter(units, date=day).select_related("rule__circular", "unit").order_by("kind"))


def staff_placed_on(scope: Scope, unit: Unit, day: datetime.date, *, subunits: bool = False) -> list[dict]:
    """The employees placed in the unit (with `subunits`, or its sub-units) on `day` (their placement
    that day, not now), as dicts: id, name, nip, nik, position, unit_id, unit__name (the unit of that day)."""
    units = Q(unit__path__startswith=unit.path) if subunits else Q(unit_id=unit.pk)
    placed = placements_during(day, day).filter(units).visible_to(scope).order_by("unit__path", "employee__name")
    keys = ("id", "name", "nip", "nik", "position", "unit_id", "unit__name")
    rows = placed.values_list(
        "employee_id", "employee__name", "employee__nip", "employee__nik", "employee__position", "unit_id", "unit__name"
    )
    return [dict(zip(keys, row, strict=True)) for row in rows]


# -- findings, watchlist, roll calls ----------------------------------------------------

def findings_in(scope: Scope, j: Jurisdiction) -> QuerySet[Finding]:
    return in_view(Finding.objects.filter(date__range=(j.start, j.end)), scope, j)


def finding_tallies(scope: Scope, j: Jurisdiction) -> dict:
    """Per unit, its findings not yet resolved by kind: days, people, the peak and its limit."""
    from policies.finding_labels import tallies_from_rows

    rows = (
        findings_in(scope, j).exclude(status=Finding.Status.RESOLVED).values("unit_id", "kind")
        .annotate(days=Count("date", distinct=True), total=Sum("measured"), peak=Max("measured"), peak_limit=Max("limit"),
                  wfa_days=Count("id", filter=Q(details__counts_wfa=True)))
        .values_list("unit_id", "kind", "days", "total", "peak", "peak_limit", "wfa_days").order_by()
    )
    return tallies_from_rows(rows)


def open_findings(scope: Scope, j: Jurisdiction) -> QuerySet[Finding]:
    return findings_in(scope, j).filter(status=Finding.Status.OPEN)


@dataclass
class WatchRow:
    employee_id: int
    name: str
    identifier: str
    unit: str
    agency_id: int
    standing: discipline.Standing


def watchlist(scope: Scope, j: Jurisdiction, limit: int | None = 100) -> list[WatchRow]:
    """Employees near or past a PP 94/2021 step: TK days this calendar year up to the period's end.

    Counts come from one GROUP BY; day-by-day runs are read only for the employees shown
    (the `limit` with most TK days) and for anyone with ten or more, who may have a run."""
    year_start = datetime.date(j.end.year, 1, 1)
    year = Jurisdiction(year_start, j.end, j.region_code, j.agency_id, j.unit_id, j.category)
    absent = records_in(scope, year).filter(status=Status.ABSENT)
    counts = dict(
        absent.values("employee_id").annotate(n=Count("id")).filter(n__gte=discipline.WATCH_FROM_DAYS)
        .values_list("employee_id", "n").order_by()
    )
    ranked = sorted(counts, key=lambda e: -counts[e])
    shown = set(ranked if limit is None else ranked[:limit])
    shown |= {e for e, n in counts.items() if n >= discipline.CONSECUTIVE_DISMISSAL_DAYS}
    if not shown:
        return []
    dates: dict[int, list[datetime.date]] = defaultdict(list)
    for employee_id, day in absent.filter(employee_id__in=shown).values_list("employee_id", "date"):
        dates[employee_id].append(day)
    people = Employee.objects.filter(pk__in=shown).values("id", "name", "nip", "nik", "unit__name", "agency_id")
    calendars = {a.pk: AgencyCalendar.load(a, year_start, j.end) for a in Agency.objects.filter(
        pk__in={p["agency_id"] for p in people}).select_related("seat_region")}
    rows = [
        WatchRow(
            p["id"], p["name"], p["nip"] or p["nik"] or "", p["unit__name"], p["agency_id"],
            discipline.standing(counts[p["id"]], discipline.longest_run(dates[p["id"]], calendars[p["agency_id"]].is_working_day)),
        )
        for p in people
    ]
    rows.sort(key=lambda r: (r.standing.step != discipline.DISMISSAL, -r.standing.days, -r.standing.longest_run, r.name))
    return rows if limit is None else rows[:limit]


@dataclass
class RollCallRecap:
    roll_call: RollCall
    records: dict[str, int]

    @property
    def adds_up(self) -> bool:
        return self.roll_call.adds_up

    @property
    def comparisons(self) -> list[tuple[str, int, int]]:
        """(what, reported, recorded) for the tally's lines."""
        rc, f = self.roll_call, self.records
        return [
            ("present", rc.reported_present, f["present"]),
            ("sick", rc.reported_sick, f["sick"]),
            ("permission", rc.reported_permission, f["permission"]),
            ("leave", rc.reported_leave, f["leave"]),
            ("absent", rc.reported_without_notice, f["absent"]),
        ]

    @property
    def matches_records(self) -> bool:
        return all(reported == recorded for _what, reported, recorded in self.comparisons)


def roll_call_recaps(scope: Scope, j: Jurisdiction) -> list[RollCallRecap]:
    """Each roll call in view with the records of its unit (subtree) or agency on its day."""
    units = jurisdiction_units(scope, j)
    roll_calls = list(
        RollCall.objects.visible_to(scope).filter(date__range=(j.start, j.end))
        .filter(Q(unit_id__in=units.values("id")) | Q(unit__isnull=True, agency_id__in=units.values("agency_id")))
        .select_related("agency", "unit")
        .order_by("-date", "agency__name")
    )
    if not roll_calls:
        return []
    counts: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = (
        AttendanceRecord.objects.filter(
            scope.q(agency="agency_id", unit_path="unit__path", employee=None),
            agency_id__in={rc.agency_id for rc in roll_calls}, date__in={rc.date for rc in roll_calls},
        )
        .values("agency_id", "unit__path", "date", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        for rc in roll_calls:
            if rc.agency_id == row["agency_id"] and rc.date == row["date"] and (
                rc.unit is None or row["unit__path"].startswith(rc.unit.path)
            ):
                counts[rc.pk][row["status"]] += row["n"]
    return [RollCallRecap(rc, figures_from_counts(counts.get(rc.pk, {}))) for rc in roll_calls]
