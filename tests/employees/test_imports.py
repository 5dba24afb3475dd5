"""Employee import from CSV/XLSX: create or update by NIP/NIK, all or nothing, a reason per bad row."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.employees.imports import employee_import, employee_import_check
from agencies.models import AuditEvent, Employee
from policies.models import PendingCheck

from .conftest import VALID_NIK, VALID_NIP

HEADER = "nip,nik,nama,jenis,unit,jabatan,aktif_sejak,aktif_sampai\n"


def csv(*lines) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode()


def run(hr, content, *, apply=True, name="pegawai.csv"):
    context, scope = hr
    return employee_import(context=context, scope=scope, name=name, content=content, apply=apply)


def test_a_good_file_creates_and_updates(world, hr):
    known = world.bekasi_staff[2]
    check = run(hr, csv(
        f"{VALID_NIP},,Siti Rahmawati,PNS,Bagian Umum,Analis,02/01/2024,",
        f",{VALID_NIK},Budi Honorer,non-asn,Dinas Kesehatan,,2024-03-01,31-12-2024",
        f"{known.nip},,{known.name},PNS,Dinas Kesehatan,Perawat,2020-01-01,",
    ))
    assert check.ok and not check.errors
    siti = Employee.objects.get(nip=VALID_NIP)
    assert (siti.unit, siti.agency, siti.active_from) == (world.bekasi_bagian_umum, world.bekasi, datetime.date(2024, 1, 2))
    budi = Employee.objects.get(nik=VALID_NIK)
    assert budi.employment_type == "NON_ASN" and budi.active_until == datetime.date(2024, 12, 31)
    known.refresh_from_db()
    assert known.unit == world.bekasi_dinkes and known.position == "Perawat"
    actions = sorted(AuditEvent.objects.filter(interface="import").values_list("action", flat=True))
    assert actions == ["employee.change", "employee.create", "employee.create"]


def test_one_bad_row_changes_nothing_and_names_its_line(world, hr):
    known = world.bekasi_staff[2]
    check = run(hr, csv(
        f"{VALID_NIP},,Siti Rahmawati,PNS,Bagian Umum,Analis,2024-01-02,",
        f"{known.nip},,{known.name},PNS,Dinas Kesehatan,Perawat,2020-01-01,",
        f"19901332{VALID_NIP[8:-1]}9,,Salah Tanggal,PNS,Bagian Umum,,2024-01-02,",
        ",,Tanpa Identitas,PNS,Bagian Umum,,2024-01-02,",
        f",{VALID_NIK},Budi,NON_ASN,Bagian Umum,,kemarin,",
    ))
    assert [e.line for e in check.errors] == [4, 5, 6]
    assert "nip:" in check.errors[0].reason and "tanggal lahir" in check.errors[0].reason
    assert "aktif_sejak" in check.errors[2].reason
    assert not Employee.objects.filter(nip=VALID_NIP).exists()
    known.refresh_from_db()
    assert known.unit == world.bekasi_setda
    assert not AuditEvent.objects.exists()


def test_it_refuses_a_row_naming_a_tangerang_unit_or_nip(world, hr):
    other = world.tangerang_staff[0]
    check = run(hr, csv(
        f"{VALID_NIP},,Siti,PNS,Sekretariat Daerah Tangerang,,2024-01-02,",
        f"{other.nip},,{other.name},PNS,Bagian Umum,,2020-01-01,",
    ))
    assert [e.line for e in check.errors] == [2, 3]
    assert "instansi lain" in check.errors[1].reason
    other.refresh_from_db()
    assert other.unit == world.tangerang_setda


def test_a_unit_name_shared_by_two_agencies_resolves_to_ones_own(world, hr):
    # Both agencies have a "Sekretariat Daerah"; Bekasi's HR only ever sees Bekasi's.
    check = run(hr, csv(f"{VALID_NIP},,Siti,PNS,sekretariat daerah,,2024-01-02,"))
    assert check.ok
    assert Employee.objects.get(nip=VALID_NIP).unit == world.bekasi_setda


def test_it_refuses_duplicate_rows_and_missing_columns(world, hr):
    check = run(hr, csv(
        f"{VALID_NIP},,Siti,PNS,Bagian Umum,,2024-01-02,", f"{VALID_NIP},,Siti lagi,PNS,Bagian Umum,,2024-01-02,",
    ))
    assert [(e.line, "baris 2" in e.reason) for e in check.errors] == [(3, True)]
    check = run(hr, b"nip,nama\n123,Siti\n")
    assert check.errors[0].line == 1 and "nik" in check.errors[0].reason


def test_checking_only_changes_nothing(world, hr):
    check = run(hr, csv(f"{VALID_NIP},,Siti,PNS,Bagian Umum,,2024-01-02,"), apply=False)
    assert check.ok and not Employee.objects.filter(nip=VALID_NIP).exists()


def xlsx(*rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in [HEADER.strip().split(","), *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_text_identifiers_and_date_cells_are_read(world, hr):
    check = run(hr, xlsx([VALID_NIP, None, "Siti", "PNS", "Bagian Umum", "Analis", datetime.datetime(2024, 1, 2), None]),
                name="pegawai.xlsx")
    assert check.ok, check.errors
    assert Employee.objects.get(nip=VALID_NIP).active_from == datetime.date(2024, 1, 2)


def test_it_refuses_an_xlsx_nip_stored_as_a_number(world, hr):
    # 18 digits do not survive a spreadsheet number: the NIP read back would be another one.
    check = run(hr, xlsx([int(VALID_NIP), None, "Siti", "PNS", "Bagian Umum", "", "2024-01-02", None]), name="pegawai.xlsx")
    assert [e.line for e in check.errors] == [2] and "teks" in check.errors[0].reason
    assert not Employee.objects.filter(name="Siti").exists()


def test_the_check_reads_a_fixed_number_of_queries(world, hr, django_assert_max_num_queries):
    context, scope = hr
    lines = [f",{VALID_NIK[:-4]}{n:04d},Honorer {n},NON_ASN,Bagian Umum,,2024-01-02," for n in range(1, 200)]
    with django_assert_max_num_queries(2):
        check = employee_import_check(scope, "pegawai.csv", csv(*lines))
    assert check.ok and len(check.changes) == 199


def test_an_import_rechecks_the_touched_units_once(world, hr, monkeypatch, django_capture_on_commit_callbacks):
    from policies.tasks import compliance_recheck_unit_days

    calls = []
    monkeypatch.setattr(compliance_recheck_unit_days, "apply_async", lambda args, **kw: calls.append(args[0]))
    with django_capture_on_commit_callbacks(execute=True):
        run(hr, csv(
            f"{VALID_NIP},,Siti,PNS,Bagian Umum,,2024-01-02,",
            f"{world.bekasi_staff[2].nip},,X,PNS,Dinas Kesehatan,,2020-01-01,",
        ))
    units = {u for u, _d in PendingCheck.objects.values_list("unit_id", "date")}
    assert units == {world.bekasi_bagian_umum.pk, world.bekasi_setda.pk, world.bekasi_dinkes.pk}
    assert len(calls) == 1


@pytest.fixture
def hr_client(client, world):
    client.force_login(world.bekasi_hr)
    return client


def upload(content, name="pegawai.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_the_import_screen_reports_bad_rows(hr_client, world):
    response = hr_client.post(reverse("employees:import"), {
        "file": upload(csv(",,Tanpa Identitas,PNS,Bagian Umum,,2024-01-02,")), "terapkan": "1",
    })
    assert response.status_code == 200
    assert [e.line for e in response.context["check"].errors] == [2]
    assert 'data-testid="import-errors"' in response.content.decode()


def test_the_import_screen_applies_a_good_file(hr_client, world):
    response = hr_client.post(reverse("employees:import"), {
        "file": upload(csv(f"{VALID_NIP},,Siti,PNS,Bagian Umum,,2024-01-02,")), "terapkan": "1",
    })
    assert response.status_code == 302
    assert Employee.objects.filter(nip=VALID_NIP, agency=world.bekasi).exists()
