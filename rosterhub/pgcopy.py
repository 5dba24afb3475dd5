"""COPY ... FROM STDIN on PostgreSQL for bulk inserts (audit events, punch imports).

Rows become CSV a few hundred at a time while the connection sends them, so the server is
already inserting while Python formats the next rows. The csv module writes None as an
unquoted empty field, which COPY reads as NULL; name the NOT NULL columns in the statement's
FORCE_NOT_NULL so that there an empty field is "". str() of dates, datetimes, booleans and
numbers is valid PostgreSQL input; JSON values go through `json_text`.
"""

import csv
import io
import json
from collections.abc import Iterable
from itertools import islice

from django.db import connection

ROWS_PER_READ = 500


def json_text(value) -> str | None:
    """A JSON column's value for COPY (None stays NULL)."""
    return None if value is None else json.dumps(value, ensure_ascii=False)


class _CsvStream:
    """A file-like object for psycopg2's copy_expert that formats rows as they are read."""

    def __init__(self, rows: Iterable):
        self._rows = iter(rows)
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer)

    def read(self, size: int = -1) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerows(islice(self._rows, ROWS_PER_READ))
        return self._buffer.getvalue()

    readline = read


def copy_rows(sql: str, rows: Iterable) -> None:
    """Run a `COPY table (columns) FROM STDIN WITH (FORMAT csv ...)` statement with rows
    (sequences of values in column order) on the current connection."""
    with connection.cursor() as cursor, connection.wrap_database_errors:  # Django's IntegrityError etc.
        cursor.cursor.copy_expert(sql, _CsvStream(rows))  # psycopg2's own cursor
