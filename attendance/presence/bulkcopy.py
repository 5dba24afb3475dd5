"""Fast inserts for large imports: PostgreSQL COPY, with bulk_create elsewhere.

Building tens of thousands of model instances costs more than the database work, so
large imports hand plain rows (dicts of column values) to `insert_rows`. How values are
written as CSV for COPY: see rosterhub.pgcopy.
"""

import operator

from django.db import IntegrityError, connection, models, transaction

from rosterhub.pgcopy import copy_rows, json_text


def _csv_rows(model: type[models.Model], columns: list[str], rows: list[dict]):
    fields = {f.attname: f for f in model._meta.concrete_fields}
    for c in columns:
        if fields[c].null and isinstance(fields[c], (models.CharField, models.TextField)):
            raise ValueError(f"{model.__name__}.{c}: in CSV a nullable text column cannot tell '' from NULL")
    json_columns = {c for c in columns if isinstance(fields[c], models.JSONField)}
    if json_columns:
        return ([json_text(row[c]) if c in json_columns else row[c] for c in columns] for row in rows)
    if len(columns) == 1:
        return ((row[columns[0]],) for row in rows)
    return map(operator.itemgetter(*columns), rows)


def insert_rows(model: type[models.Model], rows: list[dict], *, ignore_conflicts: bool = False) -> None:
    """Insert rows (column attnames -> values); duplicates are skipped with ignore_conflicts."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=2000, ignore_conflicts=ignore_conflicts)
        return
    columns = list(rows[0])
    table = model._meta.db_table
    quote = connection.ops.quote_name
    column_list = ", ".join(quote(c) for c in columns)
    not_null = [quote(f.attname) for f in model._meta.concrete_fields if not f.null and f.attname in columns]
    options = f"FORMAT csv, FORCE_NOT_NULL ({', '.join(not_null)})" if not_null else "FORMAT csv"
    copy = "COPY {} ({}) FROM STDIN WITH (" + options + ")"
    if ignore_conflicts:
        try:  # most files are new: COPY straight in, and only on a duplicate take the slower path
            with transaction.atomic():
                copy_rows(copy.format(table, column_list), _csv_rows(model, columns, rows))
            return
        except IntegrityError:
            pass
    with transaction.atomic(), connection.cursor() as cursor:
        if ignore_conflicts:
            # table and column names come from the model, never from input
            create = f"CREATE TEMP TABLE IF NOT EXISTS tmp_copy_{table} ON COMMIT DROP AS SELECT {column_list} FROM {table} WITH NO DATA"  # noqa: S608
            cursor.execute(create)
            cursor.execute(f"TRUNCATE tmp_copy_{table}")
            copy_rows(copy.format(f"tmp_copy_{table}", column_list), _csv_rows(model, columns, rows))
            cursor.execute(
                f"INSERT INTO {table} ({column_list}) SELECT {column_list} FROM tmp_copy_{table} ON CONFLICT DO NOTHING"  # noqa: S608
            )
        else:
            copy_rows(copy.format(table, column_list), _csv_rows(model, columns, rows))

