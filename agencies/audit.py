"""Writing the audit trail. Services call these inside their transaction, so a change
and its audit event commit or roll back together."""

import datetime
import decimal
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, models
from django.utils import timezone

from rosterhub.pgcopy import copy_rows, json_text

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


class AuditRef:
    """Enough of a saved row for an audit event: its model, id, agency and unit (a plain
    class: imports make tens of thousands, and a frozen dataclass is slow to build)."""

    __slots__ = ("_meta", "pk", "agency_id", "unit_id")

    def __init__(self, meta, pk: int, agency_id: int | None = None, unit_id: int | None = None):
        self._meta, self.pk, self.agency_id, self.unit_id = meta, pk, agency_id, unit_id


def audit_record_many(context: AuditContext, events: Iterable[dict]) -> None:
    """Bulk form: each dict has action, obj, before, after and optionally agency_id, unit_id, summary.

    `obj` needs only `_meta`, `pk` and optionally `agency_id`/`unit_id`, so callers that
    inserted rows without model instances pass an `AuditRef`. On PostgreSQL, batches
    of COPY_THRESHOLD events or more are written with COPY (one statement, no model
    instances); the events are the same either way.
    """
    events = events if isinstance(events, list) else list(events)
    rows = (
        _event_fields(
            context, e["action"], e["obj"], e.get("before"), e.get("after"),
            e.get("agency_id"), e.get("unit_id"), e.get("summary", ""),
        )
        for e in events
    )
    if connection.vendor == "postgresql" and len(events) >= COPY_THRESHOLD:
        _copy_events(rows)
    else:
        AuditEvent.objects.bulk_create([AuditEvent(**row) for row in rows], batch_size=1000)


COPY_THRESHOLD = 500
_COPY_COLUMNS = ("at", "actor_id", "interface", "action", "object_type", "object_id", "agency_id", "unit_id", "summary",
                 "before", "after")
# None becomes NULL; the NOT NULL text columns read an empty field as "" (see rosterhub.pgcopy).
_COPY_SQL = (
    f"COPY {AuditEvent._meta.db_table} ({', '.join(_COPY_COLUMNS)}) FROM STDIN "
    "WITH (FORMAT csv, FORCE_NOT_NULL (interface, action, object_type, object_id, summary))"
)


def _copy_events(rows: Iterable[dict]) -> None:
    at = timezone.now()
    copy_rows(_COPY_SQL, (
        (
            at, row["actor"].pk if row["actor"] else None, row["interface"], row["action"], row["object_type"],
            row["object_id"], row["agency_id"], row["unit_id"], row["summary"], json_text(row["before"]),
            json_text(row["after"]),
        )
        for row in rows
    ))


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
