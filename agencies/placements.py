"""An employee's placement history: which unit, agency and employment type held on which day.

Invariant (kept here, read everywhere): an employee's EmployeePlacement periods do not overlap,
follow each other without gaps and together cover exactly [active_from, active_until]; the last
one carries the Employee row's own unit, agency and employment type (the current placement,
denormalised so that lists and scoping stay simple). Moves go through `placement_move`, called
by the `employee_save` service; `placements_sync` (run by Employee.save) keeps the two ends
in line with the active period and treats any other edit of the current fields as a correction
of the current period.

Readers ask `placed_q` / `placements_during` for "who belonged to this unit on that day".
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import DateField, F, Max, Min, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Employee, EmployeePlacement

ONE_DAY = datetime.timedelta(days=1)


def placements_sync(employee: Employee) -> None:
    """Bring the history in line with the Employee row (one query when it already is)."""
    periods = list(EmployeePlacement.objects.filter(employee_id=employee.pk).order_by("valid_from"))
    if not periods:
        EmployeePlacement.first_of(employee).save()
        return
    start, end = employee.active_from, employee.active_until
    inside = [p for p in periods if (end is None or p.valid_from <= end) and (p.valid_until is None or p.valid_until >= start)]
    kept = inside or periods[-1:]
    gone = [p.pk for p in periods if p not in kept]
    if gone:
        EmployeePlacement.objects.filter(pk__in=gone).delete()
    first, last = kept[0], kept[-1]
    changed = {}
    if first.valid_from != start:
        first.valid_from = start
        changed[first.pk] = first
    wanted = (employee.unit_id, employee.agency_id, employee.employment_type, end)
    if (last.unit_id, last.agency_id, last.employment_type, last.valid_until) != wanted:
        last.unit_id, last.agency_id, last.employment_type, last.valid_until = wanted
        changed[last.pk] = last
    for period in changed.values():
        period.save()


def current_placement(employee: Employee) -> EmployeePlacement | None:
    return EmployeePlacement.objects.filter(employee_id=employee.pk).order_by("-valid_from").first()


def placement_move(employee: Employee, *, on: datetime.date, explicit: bool) -> None:
    """Record a move to the Employee row's (already set, not yet saved) unit, agency and type,
    effective `on`: the current period ends the day before and a new one starts. A move on or
    before the current period's first day corrects that period instead (nothing else changes);
    with `explicit` (the user named the date) a date before it is refused.

    Call inside the service's transaction with the employee row locked, then save the employee."""
    current = current_placement(employee)
    if current is None:
        return  # a new employee: Employee.save() writes the first period
    if employee.active_until is not None and on > employee.active_until:
        raise ValidationError({"moved_on": _("Tanggal mutasi sesudah akhir masa kerja pegawai.")})
    if explicit and on < current.valid_from:
        raise ValidationError({"moved_on": _(
            "Tanggal mutasi tidak boleh sebelum awal penempatan saat ini (%(date)s)."
        ) % {"date": date_format(current.valid_from, "j F Y")}})
    if on <= current.valid_from:
        return  # a correction of the current period: placements_sync rewrites it
    current.valid_until = on - ONE_DAY
    current.save(update_fields=["valid_until"])
    EmployeePlacement.objects.create(
        employee_id=employee.pk, agency_id=employee.agency_id, unit_id=employee.unit_id,
        employment_type=employee.employment_type, valid_from=on, valid_until=employee.active_until,
    )


def placement_end(employee: Employee, last_day: datetime.date) -> None:
    """Employment ends on `last_day`: later periods (moves not yet in force) go, and the Employee
    row takes the placement that now comes last. The caller saves the employee."""
    EmployeePlacement.objects.filter(employee_id=employee.pk, valid_from__gt=last_day).delete()
    last = current_placement(employee)
    if last is not None:
        employee.unit_id, employee.agency_id, employee.employment_type = last.unit_id, last.agency_id, last.employment_type


def history_of(employee: Employee) -> list[EmployeePlacement]:
    return list(EmployeePlacement.objects.filter(employee_id=employee.pk).select_related("unit").order_by("valid_from"))


# -- reading "who belonged where on that day" ------------------------------------------------

def placed_q(prefix: str = "employee__placements__", *, unit: str | None = "unit_id", date: str = "date") -> Q:
    """Rows whose employee was placed in the row's unit on the row's date (their placement then,
    not now). Use it in ONE .filter() call together with any other condition on the same
    placements, or Django joins the history twice."""
    condition = Q(**{f"{prefix}valid_from__lte": F(date)}) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": F(date)})
    )
    if unit:
        condition &= Q(**{f"{prefix}unit_id": F(unit)})
    return condition


def placements_during(start: datetime.date, end: datetime.date) -> QuerySet[EmployeePlacement]:
    """Placement periods overlapping [start, end] (they carry agency_id and unit_id, so the
    scope and jurisdiction filters apply to them as to any row)."""
    return EmployeePlacement.objects.filter(valid_from__lte=end).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start))


def placements_on(employee_ids, days) -> dict[tuple[int, datetime.date], tuple[int, int]]:
    """(employee id, day) -> (unit id, agency id) of the placement that held that day, in one
    query; pairs outside every period are absent."""
    days = set(days)
    if not days or not employee_ids:
        return {}
    rows = placements_during(min(days), max(days)).filter(employee_id__in=set(employee_ids)).values_list(
        "employee_id", "unit_id", "agency_id", "valid_from", "valid_until"
    )
    result = {}
    for employee_id, unit_id, agency_id, start, end in rows:
        for day in days:
            if start <= day and (end is None or day <= end):
                result[(employee_id, day)] = (unit_id, agency_id)
    return result


FAR_FUTURE = datetime.date(9999, 12, 31)


def unit_staff(unit_id: int, start: datetime.date, end: datetime.date) -> QuerySet[Employee]:
    """Employees placed in the unit at some time in [start, end], annotated with `unit_from` and
    `unit_until` (first and last day of those placements; FAR_FUTURE when open): the grid's rows,
    whoever they belong to now. One query; an employee who left and came back in the range
    shows as placed in between."""
    in_unit = Q(placements__unit_id=unit_id, placements__valid_from__lte=end) & (
        Q(placements__valid_until__isnull=True) | Q(placements__valid_until__gte=start)
    )
    return Employee.objects.filter(in_unit).annotate(
        unit_from=Min("placements__valid_from"),
        unit_until=Max(Coalesce("placements__valid_until", Value(FAR_FUTURE, output_field=DateField()))),
    )


def unit_period(unit_id: int) -> dict:
    """Annotations `unit_from` / `unit_until` for an Employee query: first and last day of their
    placements in the unit (None when never placed there)."""
    in_unit = Q(placements__unit_id=unit_id)
    return {
        "unit_from": Min("placements__valid_from", filter=in_unit),
        "unit_until": Max(Coalesce("placements__valid_until", Value(FAR_FUTURE, output_field=DateField())), filter=in_unit),
    }


def placed_on(employee: Employee, day: datetime.date) -> bool:
    """For rows of `unit_staff`: was the employee in that unit on `day`?"""
    return employee.unit_from <= day <= employee.unit_until
