"""Fast inserts for large imports: PostgreSQL COPY, with bulk_create elsewhere.

Building tens of thousands of model instances costs more than the database work, so
large imports hand plain rows (dicts of column values) to `insert_rows`.
"""

import csv
import datetime
import io
import json
from dataclasses import dataclass

from django.db import IntegrityError, connection, models, transaction

from agencies.audit import AuditContext, _event_fields
from agencies.models import AuditEvent

NULL = r"\N"
_CONVERT = {  # by exact type: a dispatch table is several times faster than isinstance chains here
    type(None): lambda v: NULL,
    bool: lambda v: "t" if v else "f",
    dict: lambda v: json.dumps(v, ensure_ascii=False),
    list: lambda v: json.dumps(v, ensure_ascii=False),
    datetime.date: datetime.date.isoformat,
    datetime.datetime: datetime.datetime.isoformat,
}


def _csv_value(value):
    convert = _CONVERT.get(type(value))
    return value if convert is None else convert(value)


def insert_rows(model: type[models.Model], rows: list[dict], *, ignore_conflicts: bool = False) -> None:
    """Insert rows (column attnames -> values); duplicates are skipped with ignore_conflicts."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=2000, ignore_conflicts=ignore_conflicts)
        return
    columns = list(rows[0])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([_csv_value(row[c]) for c in columns] for row in rows)
    buffer.seek(0)
    table = model._meta.db_table
    column_list = ", ".join(connection.ops.quote_name(c) for c in columns)
    copy = "COPY {} ({}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
    if ignore_conflicts:
        try:  # most files are new: COPY straight in, and only on a duplicate take the slower path
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.cursor.copy_expert(copy.format(table, column_list), buffer)
            return
        except (IntegrityError, connection.Database.IntegrityError):  # the raw cursor raises psycopg2's own
            buffer.seek(0)
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg2's own cursor for copy_expert
        if ignore_conflicts:
            # table and column names come from the model, never from input
            create = f"CREATE TEMP TABLE IF NOT EXISTS tmp_copy_{table} ON COMMIT DROP AS SELECT {column_list} FROM {table} WITH NO DATA"  # noqa: S608
            cursor.execute(create)
            cursor.execute(f"TRUNCATE tmp_copy_{table}")
            raw.copy_expert(copy.format(f"tmp_copy_{table}", column_list), buffer)
            cursor.execute(
                f"INSERT INTO {table} ({column_list}) SELECT {column_list} FROM tmp_copy_{table} ON CONFLICT DO NOTHING"  # noqa: S608
            )
        else:
            raw.copy_expert(copy.format(table, column_list), buffer)


@dataclass(frozen=True)
class Ref:
    """Enough of a saved row for an audit event: its model, id, agency and unit."""

    _meta: object
    pk: int
    agency_id: int | None = None
    unit_id: int | None = None


def audit_rows(context: AuditContext, events: list[dict]) -> None:
    """audit_record_many for large imports: the same event fields, written with COPY."""
    now = datetime.datetime.now(tz=datetime.UTC)
    rows = []
    for e in events:
        fields = _event_fields(context, e["action"], e["obj"], e.get("before"), e.get("after"), e.get("agency_id"),
                               e.get("unit_id"), e.get("summary", ""))
        actor = fields.pop("actor")
        rows.append({"at": now, "actor_id": actor.pk if actor else None, **fields})
    insert_rows(AuditEvent, rows)
