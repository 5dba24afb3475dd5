"""Celery tasks: thin wrappers that parse ids and dates and call a service.

Every task acks late, retries with backoff on database errors and has hard time
limits; a task that dies mid-check leaves whole chunks stored or untouched (one
transaction per chunk) and its re-run converges on the same findings.
"""

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone

from .compliance import coming_days, findings
from .compliance.recheck import compliance_range_later, enqueue_range_chunks
from .models import PendingCheck, PendingRangeCheck

log = logging.getLogger(__name__)

# Every task's hard time limit; the broker's visibility timeout (settings) is sized above it, so Redis never
# redelivers a task that is still running and redelivers a crashed one soon after this.
HARD_LIMIT, SOFT_LIMIT = settings.CELERY_TASK_TIME_LIMIT, settings.CELERY_TASK_SOFT_TIME_LIMIT
PENDING_GRACE = datetime.timedelta(minutes=2)  # an on-change row older than this lost its task
# A range chunk may still be running until the hard limit: re-send it only after that.
RANGE_GRACE = datetime.timedelta(seconds=HARD_LIMIT + 60)
SWEEP_MAX_PAIRS = 10_000
TASK_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 6,
}


def _date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


@shared_task(name="policies.compliance_check_units", time_limit=HARD_LIMIT, soft_time_limit=SOFT_LIMIT, **TASK_OPTIONS)
def compliance_check_units(unit_ids: list[int], start: str, end: str) -> dict:
    result = findings.compliance_check_units(unit_ids=unit_ids, start=_date(start), end=_date(end))
    return {"units": result.units, "created": result.created, "changed": result.changed, "closed": result.closed}


@shared_task(name="policies.compliance_check_chunk", time_limit=HARD_LIMIT, soft_time_limit=SOFT_LIMIT, **TASK_OPTIONS)
def compliance_check_chunk(pending_id: int) -> int:
    """Check one PendingRangeCheck chunk and delete it in the same transaction; 0 when another run did it."""
    with transaction.atomic():
        chunk = PendingRangeCheck.objects.filter(pk=pending_id)
        if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
            chunk = chunk.select_for_update(skip_locked=True)  # a duplicate delivery leaves it to the first
        chunk = chunk.first()
        if chunk is None:
            return 0
        findings.compliance_check_units(unit_ids=chunk.unit_ids, start=chunk.start, end=chunk.end)
        PendingRangeCheck.objects.filter(pk=pending_id).delete()
    return len(chunk.unit_ids)


@shared_task(name="policies.compliance_check_range", time_limit=HARD_LIMIT, soft_time_limit=SOFT_LIMIT, **TASK_OPTIONS)
def compliance_check_range(start: str, end: str, agency_ids: list[int] | None = None) -> int:
    """Record one chunk of units per PendingRangeCheck row and enqueue them; returns the number of chunks."""
    with transaction.atomic():
        return compliance_range_later(_date(start), _date(end), agency_ids=agency_ids)


@shared_task(name="policies.compliance_nightly", time_limit=HARD_LIMIT, soft_time_limit=SOFT_LIMIT, **TASK_OPTIONS)
def compliance_nightly() -> int:
    """Today and the coming week, so HR sees problems before the day; also covers any
    on-change check the embedded (at-most-once) broker lost in a crash."""
    today = timezone.localdate()
    days = coming_days(today)
    return compliance_check_range(days[0].isoformat(), days[-1].isoformat())


@shared_task(name="policies.compliance_recheck_unit_days", time_limit=HARD_LIMIT, soft_time_limit=SOFT_LIMIT,
             **TASK_OPTIONS)
def compliance_recheck_unit_days(pairs: list[list]) -> int:
    """Debounced on-change check: claims the pending (unit, day) rows and checks them once.

    A burst of edits leaves one PendingCheck row per unit and day and enqueues a task per
    edit; the first task to run claims the rows, the others find nothing left to do.
    Returns the number of (unit, day) pairs checked."""
    wanted = {(int(u), _date(d)) for u, d in pairs}
    return _check_pending(wanted)


@shared_task(name="policies.compliance_pending_sweep", time_limit=HARD_LIMIT, soft_time_limit=SOFT_LIMIT, **TASK_OPTIONS)
def compliance_pending_sweep() -> int:
    """Repairs every kind of lost check: on-change (unit, day) rows are checked here; range chunks
    (publication, revocation, nightly) are re-sent to the workers. Returns the pairs plus chunks handled."""
    now = timezone.now()
    stale = PendingCheck.objects.filter(requested_at__lt=now - PENDING_GRACE).order_by("requested_at")
    checked = _check_pending(set(stale.values_list("unit_id", "date")[:SWEEP_MAX_PAIRS]))
    with transaction.atomic():
        lost = list(PendingRangeCheck.objects.filter(requested_at__lt=now - RANGE_GRACE).values_list("pk", flat=True))
        PendingRangeCheck.objects.filter(pk__in=lost).update(requested_at=now)  # re-sent once per grace period
        transaction.on_commit(lambda: enqueue_range_chunks(lost), robust=True)
    if lost:
        log.warning("Re-sent %s range check chunk(s) whose task was lost.", len(lost))
    return checked + len(lost)


def _check_pending(wanted: set[tuple[int, datetime.date]]) -> int:
    if not wanted:
        return 0
    claimed_at = timezone.now()
    with transaction.atomic():
        pending = PendingCheck.objects.filter(unit_id__in={u for u, _ in wanted}, date__in={d for _, d in wanted})
        if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
            pending = pending.select_for_update(skip_locked=True)
        claimed = [(p.pk, p.unit_id, p.date) for p in pending if (p.unit_id, p.date) in wanted]
        by_day: dict[datetime.date, list[int]] = {}
        for _pk, unit_id, day in claimed:
            by_day.setdefault(day, []).append(unit_id)
        for day, unit_ids in sorted(by_day.items()):
            findings.compliance_check_units(unit_ids=unit_ids, start=day, end=day)
        # Rows touched again after the claim stay for their own task.
        PendingCheck.objects.filter(pk__in=[pk for pk, _u, _d in claimed], requested_at__lte=claimed_at).delete()
    return len(claimed)
