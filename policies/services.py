"""Writes for circulars: save a draft, publish, revoke. Every write is atomic and audited;
each publication or revocation re-checks the dates it can move."""

import datetime

from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.audit import AuditContext, audit_record, snapshot

from .compliance import PolicyError
from .models import Circular, CircularStatus, Rule

__all__ = ["PolicyError", "circular_publish", "circular_range", "circular_revoke", "circular_save"]

STANDING_HORIZON_DAYS = 7  # as far ahead as the nightly check looks

CIRCULAR_AUDIT_FIELDS = ("number", "title", "status", "scope_kind", "signed_on", "published_at", "revoked_at")


def circular_range(circular: Circular) -> tuple[datetime.date, datetime.date] | None:
    """The span of dates a change to this circular can affect: its rules and those of the
    circulars it supersedes, is based on or amends (their verdicts move with it)."""
    related = Q(circular=circular) | Q(circular__in=circular.supersedes.all()) | Q(circular__in=circular.based_on.all())
    related |= Q(circular__in=circular.amends.all())
    rules = Rule.objects.filter(related)
    span = rules.aggregate(start=Min("start_date"), end=Max("end_date"))
    if not span["start"]:
        return None
    if rules.filter(end_date__isnull=True).exists():
        # A standing arrangement has no end: its verdicts move up to the nightly check's horizon.
        horizon = max(span["start"], timezone.localdate()) + datetime.timedelta(days=STANDING_HORIZON_DAYS)
        return span["start"], max(span["end"] or horizon, horizon)
    return span["start"], span["end"]


def _recheck_circular_range(circular: Circular) -> None:
    span = circular_range(circular)
    if span is None:
        return
    from .tasks import compliance_check_range

    transaction.on_commit(lambda: compliance_check_range.delay(span[0].isoformat(), span[1].isoformat()))


@transaction.atomic
def circular_publish(*, context: AuditContext, circular: Circular) -> Circular:
    circular = Circular.objects.select_for_update().get(pk=circular.pk)
    if circular.status != CircularStatus.DRAFT:
        raise PolicyError(_("Hanya surat edaran berstatus draf yang dapat diterbitkan."))
    if not circular.rules.exists():
        raise PolicyError(_("Surat edaran belum punya ketentuan."))
    before = snapshot(circular, CIRCULAR_AUDIT_FIELDS)
    circular.status = CircularStatus.PUBLISHED
    circular.published_at = timezone.now()
    circular.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(context, action="circular.publish", obj=circular, before=before,
                 after=snapshot(circular, CIRCULAR_AUDIT_FIELDS), agency_id=circular.issuer_id, summary=str(circular))
    _recheck_circular_range(circular)
    return circular


@transaction.atomic
def circular_revoke(*, context: AuditContext, circular: Circular) -> Circular:
    circular = Circular.objects.select_for_update().get(pk=circular.pk)
    if circular.status != CircularStatus.PUBLISHED:
        raise PolicyError(_("Hanya surat edaran yang sudah terbit yang dapat dicabut."))
    before = snapshot(circular, CIRCULAR_AUDIT_FIELDS)
    circular.status = CircularStatus.REVOKED
    circular.revoked_at = timezone.now()
    circular.save(update_fields=["status", "revoked_at", "updated_at"])
    audit_record(context, action="circular.revoke", obj=circular, before=before,
                 after=snapshot(circular, CIRCULAR_AUDIT_FIELDS), agency_id=circular.issuer_id, summary=str(circular))
    _recheck_circular_range(circular)
    return circular


@transaction.atomic
def circular_save(*, context: AuditContext, form, rules, obligations) -> Circular:
    """Create or edit a draft circular from its form and the rule and obligation formsets."""
    is_new = form.instance.pk is None
    if not is_new and form.instance.status != CircularStatus.DRAFT:
        raise PolicyError(_("Surat edaran yang sudah terbit atau dicabut tidak dapat diubah."))
    before = None if is_new else snapshot(Circular.objects.get(pk=form.instance.pk), CIRCULAR_AUDIT_FIELDS)
    circular = form.save()
    rules.instance = circular
    rules.save()
    obligations.instance = circular
    obligations.save()
    audit_record(
        context, action="circular.create" if is_new else "circular.update", obj=circular, before=before,
        after={**snapshot(circular, CIRCULAR_AUDIT_FIELDS), "rules": circular.rules.count()},
        agency_id=circular.issuer_id, summary=str(circular),
    )
    return circular
