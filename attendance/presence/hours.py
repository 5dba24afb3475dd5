"""Working hours as screens read them: which scheme a unit was on, and each employee's week
against the scheme's weekly hours (37.5 h; the pure arithmetic is derivation.week_hours)."""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from agencies.models import Agency, Unit
from attendance.models import AttendanceRecord, WorkingHourScheme

from .calendar import AgencyCalendar
from .derivation import FIXED_HOURS, WeekHours, week_hours


def week_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Monday to Sunday around `day`."""
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def week_hours_of(agency: Agency, employees: Iterable[tuple[int, int]], day: datetime.date) -> dict[int, WeekHours]:
    """employee id -> their week (Monday–Sunday around `day`) against the weekly hours, for
    (employee id, unit id) pairs of one agency: one query for the records, three for the calendar."""
    unit_of = dict(employees)
    if not unit_of:
        return {}
    start, end = week_of(day)
    calendar = AgencyCalendar.load(agency, start, end)
    days: dict[int, list] = defaultdict(list)
    rows = AttendanceRecord.objects.filter(employee_id__in=list(unit_of), date__range=(start, end)).values_list(
        "employee_id", "date", "status", "check_in", "check_out"
    )
    for employee_id, date, status, check_in, check_out in rows:
        days[employee_id].append((status, check_in, check_out, calendar.hours_on(date, unit_of[employee_id])))
    return {employee_id: week_hours(days[employee_id]) for employee_id in unit_of}


def scheme_names_on(units: Iterable[tuple[int, int]], day: datetime.date) -> dict[int, str]:
    """unit id -> the name of the working-hour scheme it was on that day ("" for the agency's fixed
    hours), for (unit id, agency id) pairs, in one query. A unit's own scheme takes its agency's place."""
    units = list(units)
    agency_ids = {a for _u, a in units}
    rows = WorkingHourScheme.objects.filter(agency_id__in=agency_ids, effective_from__lte=day).filter(
        Q(effective_until__isnull=True) | Q(effective_until__gte=day)
    ).order_by("-effective_from", "-id").values_list("agency_id", "unit_id", "name")
    by_unit, by_agency = {}, {}
    for agency_id, unit_id, name in rows:
        if unit_id is None:
            by_agency.setdefault(agency_id, name)
        else:
            by_unit.setdefault(unit_id, name)
    return {u: by_unit.get(u) or by_agency.get(a) or FIXED_HOURS.name for u, a in units}


def attach_schemes(rows, day: datetime.date) -> None:
    """Set `row.scheme` on the dashboard's unit rows on screen (two queries)."""
    agency_of = dict(Unit.objects.filter(pk__in=[r.unit_id for r in rows]).values_list("id", "agency_id"))
    names = scheme_names_on(agency_of.items(), day)
    for row in rows:
        row.scheme = names.get(row.unit_id, "")


def weeks_between(agency: Agency, employee_id: int, unit_id: int, first: datetime.date, last: datetime.date):
    """[(Monday, Sunday, WeekHours)] for each week touching [first, last], one employee: one query for
    the records and three for the calendar, whatever the number of weeks ("Kehadiran saya")."""
    start, end = week_of(first)[0], week_of(last)[1]
    calendar = AgencyCalendar.load(agency, start, end)
    by_week: dict[datetime.date, list] = defaultdict(list)
    rows = AttendanceRecord.objects.filter(employee_id=employee_id, date__range=(start, end)).values_list(
        "date", "status", "check_in", "check_out"
    )
    for date, status, check_in, check_out in rows:
        by_week[week_of(date)[0]].append((status, check_in, check_out, calendar.hours_on(date, unit_id)))
    weeks, monday = [], start
    while monday <= end:
        weeks.append((monday, monday + datetime.timedelta(days=6), week_hours(by_week[monday])))
        monday += datetime.timedelta(days=7)
    return weeks
