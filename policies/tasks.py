"""Celery tasks: thin wrappers that parse ids and dates and call a service.

Every task acks late, retries with backoff on database errors and runs under the
time limits of the settings (CELERY_TASK_TIME_LIMIT, CELERY_TASK_SOFT_TIME_LIMIT); a task that dies mid-check leaves whole chunks stored or untouched (one
transaction per chunk) and its re-run converges on the same findings.
"""

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone

from agencies.models import Unit

from . import services
from .models import PendingCheck

log = logging.getLogger(__name__)

NIGHTLY_DAYS_AHEAD = 7
PENDING_GRACE = datetime.timedelta(minutes=2)  # a pending row older than this lost its task
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


@shared_task(name="policies.compliance_check_units", **TASK_OPTIONS)
def compliance_check_units(unit_ids: list[int], start: str, end: str) -> dict:
    result = services.compliance_check_units(unit_ids=unit_ids, start=_date(start), end=_date(end))
    return {"units": result.units, "created": result.created, "changed": result.changed, "closed": result.closed}


@shared_task(name="policies.compliance_check_range", **TASK_OPTIONS)
def compliance_check_range(start: str, end: str, agency_ids: list[int] | None = None) -> int:
    """Fan out one task per chunk of units; returns the number of chunks enqueued."""
    units = Unit.objects.order_by("pk")
    if agency_ids is not None:
        units = units.filter(agency_id__in=agency_ids)
    ids = list(units.values_list("pk", flat=True))
    chunks = services.unit_chunks(ids, (_date(end) - _date(start)).days + 1)
    for chunk in chunks:
        compliance_check_units.delay(chunk, _date(start).isoformat(), _date(end).isoformat())
    return len(chunks)


@shared_task(name="policies.compliance_nightly", **TASK_OPTIONS)
def compliance_nightly() -> int:
    """Today and the coming week, so HR sees problems before the day; also covers any
    on-change check the embedded (at-most-once) broker lost in a crash."""
    today = timezone.localdate()
    return compliance_check_range(today.isoformat(), (today + datetime.timedelta(days=NIGHTLY_DAYS_AHEAD)).isoformat())


@shared_task(name="policies.compliance_recheck_unit_days", **TASK_OPTIONS)
def compliance_recheck_unit_days(pairs: list[list]) -> int:
    """Debounced on-change check: claims the pending (unit, day) rows and checks them once.

    A burst of edits leaves one PendingCheck row per unit and day and enqueues a task per
    edit; the first task to run claims the rows, the others find nothing left to do.
    Returns the number of (unit, day) pairs checked."""
    wanted = {(int(u), _date(d)) for u, d in pairs}
    return _check_pending(wanted)


@shared_task(name="policies.compliance_pending_sweep", **TASK_OPTIONS)
def compliance_pending_sweep() -> int:
    """Checks pending rows whose task was lost (e.g. a worker crash on the file-system broker)."""
    stale = PendingCheck.objects.filter(requested_at__lt=timezone.now() - PENDING_GRACE)
    return _check_pending(set(stale.values_list("unit_id", "date")))


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
            services.compliance_check_units(unit_ids=unit_ids, start=day, end=day)
        # Rows touched again after the claim stay for their own task.
        PendingCheck.objects.filter(pk__in=[pk for pk, _u, _d in claimed], requested_at__lte=claimed_at).delete()
    return len(claimed)
