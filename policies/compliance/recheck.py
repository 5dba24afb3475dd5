"""The hook every writer calls after changing what a compliance verdict depends on."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

DEBOUNCE_SECONDS = 5


def compliance_recheck_later(pairs: Iterable[tuple[int, datetime.date]]) -> None:
    """Re-check each (unit id, day) once the current transaction commits.

    Debounced: each pair becomes one PendingCheck row (a burst of edits updates the same
    row) and the task runs a few seconds later, checking whatever is still pending."""
    pairs = sorted(set(pairs))
    if pairs:
        transaction.on_commit(lambda: _enqueue(pairs))


def _enqueue(pairs: list[tuple[int, datetime.date]]) -> None:
    from policies.models import PendingCheck
    from policies.tasks import compliance_recheck_unit_days

    now = timezone.now()
    PendingCheck.objects.bulk_create(
        [PendingCheck(unit_id=unit_id, date=day, requested_at=now) for unit_id, day in pairs],
        update_conflicts=True, unique_fields=["unit", "date"], update_fields=["requested_at"],
    )
    compliance_recheck_unit_days.apply_async(
        args=[[[unit_id, day.isoformat()] for unit_id, day in pairs]], countdown=DEBOUNCE_SECONDS
    )
