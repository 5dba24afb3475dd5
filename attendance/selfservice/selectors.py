"""Reads for one employee's own pages: the month's roster with the circular binding each day, and
the month's attendance with the year's TK count against the PP 94/2021 steps."""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Employee
from attendance.models import AttendanceRecord, AttendanceStatus, RosterEntry, WfhDayStatus, WfhRequestDay
from attendance.presence.derivation import TIER_LIMITS_MINUTES
from attendance.presence.discipline import STEPS, Standing, longest_run, standing
from policies.compliance import DayStatus, cap_text, compliance_day_statuses, holidays_by_agency, is_working_day
from rosterhub.date_bounds import in_window

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Month:
    first: datetime.date
    last: datetime.date

    @classmethod
    def of(cls, day: datetime.date) -> "Month":
        return cls(day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1]))

    @property
    def key(self) -> str:
        return self.first.strftime("%Y-%m")

    @property
    def previous(self) -> "Month | None":
        day = self.first - datetime.timedelta(days=1)
        return Month.of(day) if in_window(day) else None

    @property
    def next(self) -> "Month | None":
        day = self.last + datetime.timedelta(days=1)
        return Month.of(day) if in_window(day) else None

    def days(self) -> list[datetime.date]:
        return [self.first + datetime.timedelta(days=n) for n in range((self.last - self.first).days + 1)]


def parse_month(value: str | None) -> Month | None:
    """ "2024-04" -> April 2024; None for anything else, or a month outside the date window of every door."""
    match = MONTH_PATTERN.match(value or "")
    if not match or not 1 <= int(match[2]) <= 12:
        return None
    first = datetime.date(int(match[1]), int(match[2]), 1)
    return Month.of(first) if in_window(first) else None


def default_month(employee: Employee, model) -> Month:
    """This month, or when it holds nothing yet the latest month that does (up to today)."""
    today = timezone.localdate(timezone=employee.agency.tzinfo)
    this = Month.of(today)
    rows = model.objects.filter(employee=employee)
    if rows.filter(date__range=(this.first, this.last)).exists():
        return this
    latest = rows.filter(date__lte=today).aggregate(latest=Max("date"))["latest"]
    return Month.of(latest) if latest else this


# -- Jadwal saya ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class RosterDay:
    date: datetime.date
    working_day: bool
    holiday_name: str
    entry: RosterEntry | None
    request_status: str  # a WFH request's day status ("pending", "approved", ...) or ""
    binding: str  # "SE 1/2024: maks. 50% WFH", or "" when no circular binds the day
    applied: tuple[str, ...]  # every circular that applied, by number


def own_roster_month(employee: Employee, month: Month) -> list[RosterDay]:
    """Each day of the month: where the employee works, any WFH request, and the circular that binds
    their unit that day (design §4 precedence). A fixed number of queries."""
    entries = {e.date: e for e in RosterEntry.objects.filter(employee=employee, date__range=(month.first, month.last))
               .select_related("wfh_region")}
    requested = dict(
        WfhRequestDay.objects.filter(request__employee=employee, date__range=(month.first, month.last))
        .exclude(status=WfhDayStatus.CANCELLED).order_by("id").values_list("date", "status")
    )
    unit_ids = {employee.unit_id} | {e.unit_id for e in entries.values()}
    statuses = compliance_day_statuses(unit_ids, month.first, month.last)
    days = []
    for day in month.days():
        entry = entries.get(day)
        status: DayStatus | None = statuses.get((entry.unit_id if entry else employee.unit_id, day))
        days.append(RosterDay(
            date=day, working_day=status.working_day if status else is_working_day(day, employee.agency.working_weekdays, ()),
            holiday_name=status.holiday_name if status else "", entry=entry, request_status=requested.get(day, ""),
            binding=_binding_text(status), applied=tuple(c.number for c in status.applicability.applied) if status else (),
        ))
    return days


def _binding_text(status: DayStatus | None) -> str:
    if status is None or status.applicability.binding is None:
        return ""
    rule, circular = status.applicability.binding, status.applicability.binding_circular
    return _("SE %(number)s: %(cap)s") % {"number": circular.number, "cap": cap_text(rule.cap_percent)}


# -- Kehadiran saya -------------------------------------------------------------------------------

@dataclass(frozen=True)
class AttendanceDay:
    record: AttendanceRecord
    check_in: str  # "07.42 WIB", "" without a punch
    check_out: str
    late: str  # "TL 2 (31–60 menit)", "" when on time
    early: str


@dataclass(frozen=True)
class DisciplineStanding:
    year: int
    standing: Standing
    steps: tuple[tuple[int, str, bool], ...]  # (from days, step, reached)


def tier_text(code: str, tier: int) -> str:
    """ "TL 2 (31–60 menit)": the tier and the minutes it stands for (derivation.TIER_LIMITS_MINUTES)."""
    if not tier:
        return ""
    limits = (0, *TIER_LIMITS_MINUTES)
    if tier <= len(TIER_LIMITS_MINUTES):
        span = _("%(low)s–%(high)s menit") % {"low": limits[tier - 1] + 1, "high": limits[tier]}
    else:
        span = _("lebih dari %(n)s menit atau tanpa presensi") % {"n": TIER_LIMITS_MINUTES[-1]}
    return f"{code} {tier} ({span})"


def own_attendance_month(employee: Employee, month: Month) -> list[AttendanceDay]:
    tz = employee.agency.tzinfo
    label = employee.agency.seat_region.get_timezone_display()

    def at(moment):
        return f"{timezone.localtime(moment, tz):%H.%M} {label}" if moment else ""

    records = AttendanceRecord.objects.filter(employee=employee, date__range=(month.first, month.last)).order_by("date")
    return [
        AttendanceDay(r, at(r.check_in), at(r.check_out), tier_text("TL", r.late_tier), tier_text("PSW", r.early_tier))
        for r in records
    ]


def own_discipline(employee: Employee, year: int) -> DisciplineStanding:
    """The year's TK days and longest run against the PP 94/2021 steps."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    absent = list(AttendanceRecord.objects.filter(
        employee=employee, date__range=(first, last), status=AttendanceStatus.ABSENT,
    ).values_list("date", flat=True))
    run = 0
    if absent:
        agency = employee.agency
        off = holidays_by_agency({agency.pk: agency.seat_region.code}, first, last)[agency.pk]
        run = longest_run(absent, lambda d: is_working_day(d, agency.working_weekdays, off.keys()))
    now = standing(len(absent), run)
    steps = tuple((days, str(name), len(absent) >= days) for days, name in STEPS)
    return DisciplineStanding(year, now, steps)
