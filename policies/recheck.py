"""The hook every writer calls after changing what a compliance verdict depends on."""

import datetime
from collections.abc import Iterable

from django.db import transaction


def compliance_recheck_later(pairs: Iterable[tuple[int, datetime.date]]) -> None:
    """Re-check each (unit id, day) once the current transaction commits (debounced by the task)."""
    pairs = sorted(set(pairs))
    if pairs:
        transaction.on_commit(lambda: _enqueue(pairs))


def _enqueue(pairs: list[tuple[int, datetime.date]]) -> None:
    from .tasks import compliance_recheck_unit_days

    compliance_recheck_unit_days.delay([[unit_id, day.isoformat()] for unit_id, day in pairs])
