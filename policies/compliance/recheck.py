"""The hooks every writer calls after changing what a compliance verdict depends on.

The work a commit owes is written inside the writer's transaction, never in an on-commit hook: a
`PendingCheck` row per (unit, day) and a `PendingRangeCheck` row per chunk of a range (publication,
revocation, the nightly check). The commit therefore always leaves its re-check behind, even when the
connection dies right after it or the broker is down. After the commit a task is enqueued (robustly: a
broker error is logged, not answered as a 500); a task that is lost anyway is found by the sweep
(`policies.compliance_pending_sweep`, every five minutes), whatever kind of check it was.
"""

import datetime
import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

log = logging.getLogger(__name__)
DEBOUNCE_SECONDS = 5
COMING_DAYS = 7  # the nightly check and a moved employee's re-check cover today and this many days ahead


def coming_days(today: datetime.date) -> list[datetime.date]:
    """Today and the coming week."""
    return [today + datetime.timedelta(days=n) for n in range(COMING_DAYS + 1)]


def compliance_recheck_later(pairs: Iterable[tuple[int, datetime.date]]) -> None:
    """Re-check each (unit id, day) after the current transaction commits.

    Debounced: each pair is one PendingCheck row (a burst of edits updates the same row), written now in
    the caller's transaction; the task runs a few seconds after the commit, checking whatever is still pending."""
    from policies.models import PendingCheck

    pairs = sorted(set(pairs))
    if not pairs:
        return
    now = timezone.now()
    PendingCheck.objects.bulk_create(
        [PendingCheck(unit_id=unit_id, date=day, requested_at=now) for unit_id, day in pairs],
        update_conflicts=True, unique_fields=["unit", "date"], update_fields=["requested_at"],
    )
    transaction.on_commit(lambda: _enqueue_pairs(pairs), robust=True)


def compliance_range_later(start: datetime.date, end: datetime.date, *, agency_ids: Iterable[int] | None = None) -> int:
    """Check every unit (of `agency_ids`, or all) from `start` to `end` after the current transaction commits:
    one PendingRangeCheck row per chunk of units, written now; returns the number of chunks."""
    from agencies.models import Unit
    from policies.models import PendingRangeCheck

    from .findings import unit_chunks

    units = Unit.objects.order_by("pk")
    if agency_ids is not None:
        units = units.filter(agency_id__in=list(agency_ids))
    chunks = unit_chunks(list(units.values_list("pk", flat=True)), (end - start).days + 1)
    now = timezone.now()
    rows = PendingRangeCheck.objects.bulk_create(
        [PendingRangeCheck(unit_ids=chunk, start=start, end=end, requested_at=now) for chunk in chunks]
    )
    if rows and rows[0].pk is None:  # backends that return no ids from bulk_create
        rows = list(PendingRangeCheck.objects.filter(requested_at=now, start=start, end=end))
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: enqueue_range_chunks(ids), robust=True)
    return len(chunks)


def _enqueue_pairs(pairs: list[tuple[int, datetime.date]]) -> None:
    from policies.tasks import compliance_recheck_unit_days

    compliance_recheck_unit_days.apply_async(
        args=[[[unit_id, day.isoformat()] for unit_id, day in pairs]], countdown=DEBOUNCE_SECONDS
    )


def enqueue_range_chunks(ids: list[int]) -> None:
    from policies.tasks import compliance_check_chunk

    for pk in ids:
        compliance_check_chunk.delay(pk)
