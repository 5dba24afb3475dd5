"""Writes for circulars: save a draft, publish, revoke. Every write is atomic and audited;
each publication or revocation re-checks the dates it can move."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.audit import AuditContext, audit_record, snapshot
from agencies.scoping import scope_for
from rosterhub import date_bounds

from .authority import AuthorityError, circular_authority_check
from .compliance import PolicyError
from .compliance.recheck import compliance_range_later
from .models import Circular, CircularStatus, Rule

__all__ = ["AuthorityError", "PolicyError", "circular_publish", "circular_range", "circular_revoke", "circular_save"]

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
    """Recorded in the publishing transaction (PendingRangeCheck rows), checked by the workers after it."""
    span = circular_range(circular)
    if span is not None:
        compliance_range_later(span[0], span[1])


def _check_acts_for_issuer(context: AuditContext, issuer_id: int) -> None:
    """Policy administrators act only for their own issuer (the worker and scripts have no actor)."""
    actor = context.actor
    if getattr(actor, "is_authenticated", False) and not scope_for(actor).can_issue_for(issuer_id):
        raise AuthorityError({"issuer": [_("Anda bukan administrator kebijakan penerbit ini.")]})


@transaction.atomic
def circular_publish(*, context: AuditContext, circular: Circular) -> Circular:
    circular = Circular.objects.select_for_update().get(pk=circular.pk)
    _check_acts_for_issuer(context, circular.issuer_id)
    if circular.status != CircularStatus.DRAFT:
        raise PolicyError(_("Hanya surat edaran berstatus draf yang dapat diterbitkan."))
    if not circular.rules.exists():
        raise PolicyError(_("Surat edaran belum punya ketentuan."))
    for rule in circular.rules.all():  # drafts saved before the bound, or written around the form
        try:
            date_bounds.validate_span(rule.start_date, rule.end_date)
        except ValidationError as exc:
            raise PolicyError(_("Ketentuan %(rule)s: %(error)s") % {"rule": rule, "error": exc.messages[0]}) from exc
    circular_authority_check(circular)  # scope and links inside the issuer's authority, whoever entered them
    return _status_set(context, circular, CircularStatus.PUBLISHED, stamp="published_at", action="circular.publish")


@transaction.atomic
def circular_revoke(*, context: AuditContext, circular: Circular) -> Circular:
    circular = Circular.objects.select_for_update().get(pk=circular.pk)
    _check_acts_for_issuer(context, circular.issuer_id)
    if circular.status != CircularStatus.PUBLISHED:
        raise PolicyError(_("Hanya surat edaran yang sudah terbit yang dapat dicabut."))
    return _status_set(context, circular, CircularStatus.REVOKED, stamp="revoked_at", action="circular.revoke")


def _status_set(context: AuditContext, circular: Circular, status: str, *, stamp: str, action: str) -> Circular:
    """Publish or revoke: the status and its time stamped, audited, and the circular's days re-checked."""
    before = snapshot(circular, CIRCULAR_AUDIT_FIELDS)
    circular.status = status
    setattr(circular, stamp, timezone.now())
    circular.save(update_fields=["status", stamp, "updated_at"])
    audit_record(context, action=action, obj=circular, before=before,
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
    _check_acts_for_issuer(context, form.instance.issuer_id)
    circular = form.save()
    circular_authority_check(circular)  # the form asks too; this guards every other caller (rolls back)
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
