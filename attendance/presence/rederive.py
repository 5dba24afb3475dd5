"""Re-deriving day records from roster, leave and punches (after punches or roster entries change)."""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Max, Min

from agencies.audit import AuditContext
from agencies.models import Agency, Employee
from agencies.placements import placements_on
from attendance.models import AttendanceRecord, DevicePunch, RosterEntry

from .calendar import AgencyCalendar
from .derivation import Punches, derive_day
from .records import CHUNK, HUMAN_SOURCES, records_put


@transaction.atomic
def attendance_days_derive(
    *, context: AuditContext, agency: Agency, pairs: Iterable[tuple[int, datetime.date]], unit_of: dict | None = None,
    recheck_into: set | None = None,
) -> int:
    """Recompute the day records of (employee id, day) pairs from roster, leave and punches.

    Call after punches or roster entries change. Records HR set by hand or by roll call
    are kept. Returns how many records were created or changed. With `recheck_into` the
    (unit, day) pairs to re-check are added to that set instead of recorded here (a roster
    write records its own and these at once)."""
    pairs = sorted(set(pairs))
    if not pairs:
        return 0
    days = [d for _e, d in pairs]
    calendar = AgencyCalendar.load(agency, min(days), max(days))
    if unit_of is None:
        unit_of = dict(Employee.objects.filter(pk__in={e for e, _d in pairs}).values_list("id", "unit_id"))
    written = 0
    for start in range(0, len(pairs), CHUNK):
        written += _derive_chunk(context, agency, calendar, pairs[start : start + CHUNK], unit_of, set(), recheck_into)
    return written


def attendance_records_refresh(
    *, context: AuditContext, pairs: Iterable[tuple[int, datetime.date]], recheck_into: set | None = None
) -> int:
    """Re-derive the existing machine-made records of (employee id, day) pairs, e.g. after
    their roster changed to leave or WFH. Future days without records stay empty."""
    pairs = set(pairs)
    if not pairs:
        return 0
    stale = (
        AttendanceRecord.objects.filter(employee_id__in={e for e, _d in pairs}, date__in={d for _e, d in pairs})
        .exclude(source__in=HUMAN_SOURCES)
        .values_list("agency_id", "employee_id", "date")
    )
    by_agency: dict[int, set] = defaultdict(set)
    for agency_id, employee_id, day in stale:
        if (employee_id, day) in pairs:
            by_agency[agency_id].add((employee_id, day))
    agencies = Agency.objects.select_related("seat_region").in_bulk(list(by_agency))
    return sum(
        attendance_days_derive(context=context, agency=agencies[agency_id], pairs=agency_pairs, recheck_into=recheck_into)
        for agency_id, agency_pairs in by_agency.items()
    )


def _derive_chunk(context, agency, calendar, chunk, unit_of, touched, recheck_into=None) -> int:
    employee_ids = {e for e, _d in chunk}
    days = {d for _e, d in chunk}
    punch_rows = (
        DevicePunch.objects.filter(employee_id__in=employee_ids, local_date__in=days)
        .values("employee_id", "local_date")
        .annotate(first=Min("punched_at"), last=Max("punched_at"), n=Count("id"))
    )
    punches = {(r["employee_id"], r["local_date"]): Punches(r["first"], r["last"], r["n"]) for r in punch_rows}
    roster = {
        (e, d): (loc, leave)
        # a date range, not the list of days: with both as lists PostgreSQL misjudges the rows and scans the table
        for e, d, loc, leave in RosterEntry.objects.filter(
            employee_id__in=employee_ids, date__range=(min(days), max(days))
        ).values_list("employee_id", "date", "location", "leave_type")
        if d in days
    }
    placed = placements_on(employee_ids, days)  # a day's record belongs to the unit of that day
    items, no_punches, tz = [], Punches(None, None, 0), calendar.tz
    for key in chunk:
        employee_id, day = key
        location, leave_type = roster.get(key, (None, ""))
        result = derive_day(
            day=day, roster_location=location, leave_type=leave_type, punches=punches.get(key, no_punches),
            hours=calendar.hours_on(day, unit_of[employee_id]), tz=tz, working_day=calendar.is_working_day(day),
        )
        if result is None:
            continue
        source = AttendanceRecord.Source.DEVICE if key in punches else AttendanceRecord.Source.DERIVED
        unit_id = placed[key][0] if key in placed else unit_of[employee_id]
        items.append((employee_id, unit_id, day, {
            "status": result.status, "late_tier": result.late_tier, "early_tier": result.early_tier,
            "leave_type": result.leave_type, "check_in": result.check_in, "check_out": result.check_out,
            "source": source, "place": result.place,
        }))
    return records_put(context, agency.pk, items, action="attendance.derive", keep_human=True, touched=touched,
                        recheck_into=recheck_into)
