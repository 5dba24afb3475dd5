"""Per unit and day counts of attendance records (AttendanceDaySummary) for the dashboard.

The summaries are kept by the writes: every code path that creates, changes or deletes attendance
records (the attendance services behind the screens, imports, the bulk API and derivation; the admin;
the demo seeder) recounts the (unit, day) pairs it touched inside its own transaction, so the
dashboard only reads. Rows changed behind the application's back (raw SQL, a database load) are
recounted by `manage.py attendance_summaries`.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Q

from agencies.models import Unit
from attendance.models import AttendanceDaySummary, AttendanceRecord, AttendanceStatus

# summary column -> status code
COLUMNS = {status.value.lower(): status.value for status in AttendanceStatus}
# Parts of a status counted besides it: WFH present at another location (a WFA day), part of "wfh".
PARTS = {"wfa": Q(status=AttendanceStatus.WFH, place=AttendanceRecord.Place.ELSEWHERE)}
STORED = [*COLUMNS, *PARTS]


def _aggregate(records) -> list[AttendanceDaySummary]:
    counts = {column: Count("id", filter=Q(status=status)) for column, status in COLUMNS.items()}
    counts |= {column: Count("id", filter=part) for column, part in PARTS.items()}
    return [
        AttendanceDaySummary(**row)
        for row in records.values("agency_id", "unit_id", "date").annotate(**counts).order_by()
    ]


def _store(rows: list[AttendanceDaySummary]) -> None:
    AttendanceDaySummary.objects.bulk_create(
        rows, batch_size=5000, update_conflicts=True, unique_fields=["unit", "date"], update_fields=STORED,
    )


def summaries_refresh_unit_days(pairs: Iterable[tuple[int, datetime.date]]) -> None:
    """Recount the given (unit id, day) pairs with one GROUP BY; call inside the writing transaction.

    The pairs' summary rows are claimed (inserted empty if missing) and locked before the records are
    counted, so two writers of one unit's day recount one after the other and the second one's count
    includes the first one's records."""
    pairs = set(pairs)
    if not pairs:
        return
    units, days = {u for u, _d in pairs}, {d for _u, d in pairs}
    agency_of = dict(Unit.objects.filter(pk__in=units).values_list("pk", "agency_id"))
    AttendanceDaySummary.objects.bulk_create(
        [AttendanceDaySummary(agency_id=agency_of[u], unit_id=u, date=d) for u, d in pairs if u in agency_of],
        batch_size=5000, ignore_conflicts=True,
    )
    existing = AttendanceDaySummary.objects.filter(unit_id__in=units, date__in=days)
    list(existing.select_for_update().values_list("pk"))
    rows = _aggregate(AttendanceRecord.objects.filter(unit_id__in=units, date__in=days))
    kept = {(r.unit_id, r.date) for r in rows}
    gone = [pk for pk, unit_id, day in existing.values_list("pk", "unit_id", "date") if (unit_id, day) not in kept]
    if gone:
        AttendanceDaySummary.objects.filter(pk__in=gone).delete()
    _store(rows)


def summaries_refresh_records(records: Iterable[AttendanceRecord]) -> None:
    """Recount the unit-days of these records (after a bulk insert, or before and after a change)."""
    summaries_refresh_unit_days({(r.unit_id, r.date) for r in records})


def summaries_rebuild(*, agency_id: int, start: datetime.date | None = None, end: datetime.date | None = None) -> int:
    """Recount one agency (optionally a date range) with one GROUP BY; returns rows written."""
    with transaction.atomic():
        records = AttendanceRecord.objects.filter(agency_id=agency_id)
        old = AttendanceDaySummary.objects.filter(agency_id=agency_id)
        if start and end:
            records, old = records.filter(date__range=(start, end)), old.filter(date__range=(start, end))
        old.delete()
        rows = _aggregate(records)
        _store(rows)
    return len(rows)
