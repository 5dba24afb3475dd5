"""Per unit and day counts of attendance records (AttendanceDaySummary) for the dashboard.

Attendance services refresh the (unit, day) pairs they change inside their transaction.
Records inserted in bulk by other code (demo and scale seeders, database loads) are
noticed by the dashboard through AttendanceSummaryMark: when an agency has records newer
than its mark, the days those records cover are rebuilt before reading. Records deleted
or updated outside the services need `manage.py attendance_summaries --rebuild`.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Max, Min, OuterRef, Q, Subquery

from agencies.models import Agency
from attendance.models import AttendanceDaySummary, AttendanceRecord, AttendanceSummaryMark

# summary column -> status code
COLUMNS = {"h": "H", "tl": "TL", "psw": "PSW", "wfh": "WFH", "s": "S", "i": "I", "c": "C", "dl": "DL", "tb": "TB", "tk": "TK"}
STATUS_OF = COLUMNS
# Parts of a status counted besides it: WFH present at another location (a WFA day), part of "wfh".
PARTS = {"wfa": Q(status="WFH", place="elsewhere")}
STORED = [*COLUMNS, *PARTS]


def _aggregate(records) -> list[AttendanceDaySummary]:
    counts = {column: Count("id", filter=Q(status=status)) for column, status in COLUMNS.items()}
    counts |= {column: Count("id", filter=part) for column, part in PARTS.items()}
    return [
        AttendanceDaySummary(**row)
        for row in records.values("agency_id", "unit_id", "date").annotate(**counts).order_by()
    ]


def _store(rows: list[AttendanceDaySummary]) -> None:
    # An upsert, so a dashboard rebuilding and an import refreshing the same day never collide.
    AttendanceDaySummary.objects.bulk_create(
        rows, batch_size=5000, update_conflicts=True, unique_fields=["unit", "date"], update_fields=STORED,
    )


def summaries_refresh_unit_days(pairs: Iterable[tuple[int, datetime.date]]) -> None:
    """Recount the given (unit id, day) pairs; call inside the writing transaction."""
    pairs = set(pairs)
    if not pairs:
        return
    units, days = {u for u, _d in pairs}, {d for _u, d in pairs}
    rows = _aggregate(AttendanceRecord.objects.filter(unit_id__in=units, date__in=days))
    kept = {(r.unit_id, r.date) for r in rows}
    gone = [pk for pk, unit_id, day in AttendanceDaySummary.objects.filter(unit_id__in=units, date__in=days)
            .values_list("pk", "unit_id", "date") if (unit_id, day) not in kept]
    AttendanceDaySummary.objects.filter(pk__in=gone).delete()
    _store(rows)


def summaries_rebuild(*, agency_id: int, start: datetime.date | None = None, end: datetime.date | None = None) -> int:
    """Recount one agency (optionally a date range) with one GROUP BY; returns rows written.

    Holds the agency's mark row locked, so concurrent rebuilds of one agency run one by one."""
    with transaction.atomic():
        AttendanceSummaryMark.objects.bulk_create([AttendanceSummaryMark(agency_id=agency_id)], ignore_conflicts=True)
        mark = AttendanceSummaryMark.objects.select_for_update().get(agency_id=agency_id)
        records = AttendanceRecord.objects.filter(agency_id=agency_id)
        old = AttendanceDaySummary.objects.filter(agency_id=agency_id)
        if start and end:
            records, old = records.filter(date__range=(start, end)), old.filter(date__range=(start, end))
        top = records.aggregate(top=Max("id"))["top"] or 0
        old.delete()
        rows = _aggregate(records)
        _store(rows)
        if top > mark.last_record_id:
            mark.last_record_id = top
            mark.save(update_fields=["last_record_id"])
    return len(rows)


def summaries_ensure_fresh(agency_ids: Iterable[int]) -> list[int]:
    """Rebuild the days of agencies that have records newer than their mark (two queries
    when nothing is stale). Returns the agencies rebuilt."""
    agency_ids = list(agency_ids)
    newest = AttendanceRecord.objects.filter(agency_id=OuterRef("pk")).order_by("-id").values("id")[:1]
    marks = dict(AttendanceSummaryMark.objects.filter(agency_id__in=agency_ids).values_list("agency_id", "last_record_id"))
    stale = [
        agency_id
        for agency_id, top in Agency.objects.filter(pk__in=agency_ids).annotate(top=Subquery(newest)).values_list("pk", "top")
        if top is not None and top > marks.get(agency_id, 0)
    ]
    for agency_id in stale:
        with transaction.atomic():
            AttendanceSummaryMark.objects.bulk_create([AttendanceSummaryMark(agency_id=agency_id)], ignore_conflicts=True)
            mark = AttendanceSummaryMark.objects.select_for_update().get(agency_id=agency_id).last_record_id
            span = AttendanceRecord.objects.filter(agency_id=agency_id, id__gt=mark).aggregate(first=Min("date"), last=Max("date"))
            if span["first"] is not None:  # another request may have rebuilt it while we waited
                summaries_rebuild(agency_id=agency_id, start=span["first"], end=span["last"])
    return stale
