"""Writing the audit trail. Services call these inside their transaction, so a change
and its audit event commit or roll back together."""

import datetime
import decimal
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models

from .models import AuditEvent


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict:
    """JSON-safe values of the named fields (foreign keys by id)."""
    return {name: _json_value(getattr(instance, _attname(instance, name))) for name in fields}


def _attname(instance, name):
    field = instance._meta.get_field(name)
    return field.attname


def _json_value(value):
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (list, dict, str, int, float, bool)) or value is None:
        return value
    return str(value)


@dataclass(frozen=True)
class AuditContext:
    """Who is acting and through which interface; passed down to services."""

    actor: object | None
    interface: str = AuditEvent.Interface.WEB


def audit_record(
    context: AuditContext, *, action: str, obj: models.Model, before: dict | None, after: dict | None,
    agency_id: int | None = None, unit_id: int | None = None, summary: str = "",
) -> AuditEvent:
    return AuditEvent.objects.create(**_event_fields(context, action, obj, before, after, agency_id, unit_id, summary))


def audit_record_many(context: AuditContext, events: Iterable[dict]) -> None:
    """Bulk form: each dict has action, obj, before, after and optionally agency_id, unit_id, summary."""
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                **_event_fields(
                    context, e["action"], e["obj"], e.get("before"), e.get("after"),
                    e.get("agency_id"), e.get("unit_id"), e.get("summary", ""),
                )
            )
            for e in events
        ],
        batch_size=1000,
    )


def _event_fields(context, action, obj, before, after, agency_id, unit_id, summary):
    actor = context.actor if getattr(context.actor, "is_authenticated", False) else None
    return {
        "actor": actor,
        "interface": context.interface,
        "action": action,
        "object_type": obj._meta.label_lower,
        "object_id": str(obj.pk),
        "agency_id": agency_id if agency_id is not None else getattr(obj, "agency_id", None),
        "unit_id": unit_id if unit_id is not None else getattr(obj, "unit_id", None),
        "summary": summary[:255],
        "before": before,
        "after": after,
    }
