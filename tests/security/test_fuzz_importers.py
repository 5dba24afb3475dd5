"""No file produces a crash: Hypothesis feeds the roster and punch importers arbitrary CSV and XLSX.

Each importer must answer with per-row errors (or a clean result), never an exception.
"""

import datetime
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from agencies.audit import AuditContext
from attendance.models import DevicePunch, RosterEntry
from attendance.presence.imports import PunchFile
from attendance.presence.punches import punches_import
from attendance.roster.imports import roster_import_check

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

cells = st.one_of(
    st.none(), st.integers(min_value=-(2**40), max_value=2**40), st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=25),
    st.dates(min_value=datetime.date(1900, 1, 1)), st.datetimes(min_value=datetime.datetime(1900, 1, 1)),
    st.sampled_from(["WFO", "WFH", "CUTI", "CT", "2024-04-16", "16/04/2024", "2024-02-30", "2024-04-16 07:12:00",
                     "0001-01-01T00:00:00+14:00", "=cmd|' /C calc'!A0", "198503272010032027"]),
)
headers = st.lists(
    st.sampled_from(["nip", "tanggal", "kode", "jenis_cuti", "timestamp", "device", "device_user_id", "waktu", "", "NIP", "x"]),
    min_size=0, max_size=6,
)
tables = st.tuples(headers, st.lists(st.lists(cells, max_size=7), max_size=8))


def as_csv(header, body, delimiter) -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join("" if v is None else str(v) for v in row) for row in body]
    return "\n".join(lines).encode("utf-8")


def as_xlsx(header, body) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in body:
        sheet.append([v.replace(tzinfo=None) if isinstance(v, datetime.datetime) else v for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@FUZZ
@given(table=tables, kind=st.sampled_from(["csv,", "csv;", "xlsx"]))
def test_the_roster_importer_reports_rows_for_any_table(world, table, kind):
    header, body = table
    content = as_xlsx(header, body) if kind == "xlsx" else as_csv(header, body, kind[-1])
    check = roster_import_check(world.bekasi_setda, f"jadwal.{kind[:4].rstrip(',;')}", content)
    assert check.ok or check.errors or not check.changes
    assert all(e.line >= 1 and e.reason for e in check.errors)
    assert not RosterEntry.objects.exists()


@FUZZ
@given(content=st.binary(max_size=400), name=st.sampled_from(["jadwal.csv", "jadwal.xlsx", "jadwal.txt"]))
def test_the_roster_importer_survives_arbitrary_bytes(world, content, name):
    check = roster_import_check(world.bekasi_setda, name, content)
    assert not check.ok or check.changes


@FUZZ
@given(table=tables, kind=st.sampled_from(["csv", "xlsx"]))
def test_the_punch_importer_validates_any_file_without_crashing(world, tmp_path_factory, table, kind):
    header, body = table
    path = tmp_path_factory.mktemp("punch") / f"mesin.{kind}"
    path.write_bytes(as_xlsx(header, body) if kind == "xlsx" else as_csv(header, body, ","))
    rows = list(PunchFile(path))
    result = punches_import(
        context=AuditContext(actor=world.bekasi_hr), agency=world.bekasi, rows=rows, dry_run=True,
    )
    assert result.ok or all(e.line >= 2 and e.field for e in result.errors)
    assert not DevicePunch.objects.exists()
