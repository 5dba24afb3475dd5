"""Roster import and export: every bad row reported with its line, nothing applied on any error."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.models import AuditEvent
from attendance.models import ImportBatch, RosterEntry
from attendance.roster.imports import roster_import_check
from tests import factories as f

from .conftest import APR16, APR17, WEEK_OF_APR15, approved_wfh, set_entries

pytestmark = pytest.mark.django_db


def csv_file(lines, name="jadwal.csv"):
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode(), content_type="text/csv")


def upload(client, unit, file):
    return client.post(reverse("roster:import", args=[unit.pk]), {"file": file})


@pytest.fixture
def hr(client, world, se_1_2024):
    client.force_login(world.bekasi_hr)
    return client


def test_every_bad_row_is_listed_with_its_line_and_reason_and_nothing_changes(hr, world):
    a, b = world.bekasi_staff[:2]
    nurse, stranger = world.bekasi_nurses[0], world.tangerang_staff[0]
    approved_wfh(world.bekasi_staff[3], APR16, world.bekasi_hr)
    response = upload(hr, world.bekasi_setda, csv_file([
        "nip,tanggal,kode,jenis_cuti",
        f"{a.nip},2024-04-16,WFH,",          # 2 good
        "199001012020011999,2024-04-16,WFO,",  # 3 unknown NIP
        f"{nurse.nip},2024-04-16,WFO,",       # 4 other unit
        f"{stranger.nip},2024-04-16,WFO,",    # 5 other agency
        f"{b.nip},2024-13-40,WFO,",           # 6 bad date
        f"{b.nip},2024-04-16,KANTOR,",        # 7 bad code
        f"{a.nip},2024-04-16,WFO,",           # 8 duplicate of line 2
        f"{b.nip},2024-04-17,WFO,CT",         # 9 leave type on a non-leave code
        f"{world.bekasi_staff[3].nip},2024-04-16,WFO,",  # 10 approved WFH
    ]))
    errors = [(e.line, e.reason) for e in response.context["check"].errors]
    assert [line for line, _ in errors] == [3, 4, 5, 6, 7, 8, 9, 10]
    reasons = dict(errors)
    assert reasons[3].startswith("NIP tidak dikenal")
    assert reasons[4] == "Pegawai dari unit lain."
    assert reasons[5] == "Pegawai dari instansi lain."
    assert reasons[6].startswith("Tanggal tidak valid")
    assert reasons[7] == "Kode lokasi kerja tidak dikenal: KANTOR"
    assert "baris 2" in reasons[8]
    assert reasons[9].startswith("Jenis cuti hanya untuk lokasi CUTI")
    assert "sudah disetujui" in reasons[10]
    assert b'data-testid="import-errors"' in response.content
    assert b"Terapkan impor" not in response.content
    assert not RosterEntry.objects.filter(employee__in=[a, b]).exists()
    assert ImportBatch.objects.get().status == ImportBatch.Status.INVALID


def test_a_good_import_is_applied_in_one_go_and_audited_as_an_import(hr, world):
    a, b = world.bekasi_staff[:2]
    set_entries([b], APR17, "WFO")
    response = upload(hr, world.bekasi_setda, csv_file([
        "nip;tanggal;kode;jenis_cuti", f"{a.nip};16/04/2024;wfh;", f"{b.nip};2024-04-17;CUTI;CT",
    ]))
    assert b'data-testid="import-ready"' in response.content
    assert not RosterEntry.objects.filter(employee=a).exists()  # the preview applies nothing
    batch = ImportBatch.objects.get()
    response = hr.post(reverse("roster:import_apply", args=[world.bekasi_setda.pk, batch.pk]))
    assert response.status_code == 302
    assert RosterEntry.objects.get(employee=a, date=APR16).location == "WFH"
    assert RosterEntry.objects.get(employee=b, date=APR17).leave_type == "CT"
    events = AuditEvent.objects.filter(object_type="attendance.rosterentry")
    assert events.count() == 2 and set(events.values_list("interface", flat=True)) == {"import"}
    batch.refresh_from_db()
    assert (batch.status, batch.applied_rows) == (ImportBatch.Status.DONE, 2)
    # A batch is applied once.
    hr.post(reverse("roster:import_apply", args=[world.bekasi_setda.pk, batch.pk]))
    assert events.count() == 2


def test_an_import_that_turned_bad_before_applying_changes_nothing(hr, world):
    a = world.bekasi_staff[0]
    upload(hr, world.bekasi_setda, csv_file(["nip,tanggal,kode", f"{a.nip},2024-04-16,WFO"]))
    approved_wfh(a, APR16, world.bekasi_hr)
    batch = ImportBatch.objects.get()
    hr.post(reverse("roster:import_apply", args=[world.bekasi_setda.pk, batch.pk]))
    assert RosterEntry.objects.get(employee=a, date=APR16).location == "WFH"


def test_missing_columns_and_unreadable_files(world):
    unit = world.bekasi_setda
    assert roster_import_check(unit, "x.csv", b"nip,kode\n1,WFO\n").errors[0].reason == "Kolom wajib tidak ada: tanggal"
    assert roster_import_check(unit, "x.xlsx", b"not a workbook").errors[0].line == 1


def test_export_round_trips_through_the_import(hr, world):
    a, b = world.bekasi_staff[:2]
    set_entries([a], APR16, "WFH")
    set_entries([b], APR17, "CUTI", leave_type="CB")
    for fmt in ("csv", "xlsx"):
        response = hr.get(f"{reverse('roster:export', args=[world.bekasi_setda.pk, fmt])}?mulai={WEEK_OF_APR15}")
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        check = roster_import_check(world.bekasi_setda, f"jadwal.{fmt}", response.content)
        assert not check.errors
        assert sorted((c.employee_id, c.date, c.location, c.leave_type) for c in check.changes) == sorted([
            (a.pk, APR16, "WFH", ""), (b.pk, APR17, "CUTI", "CB"),
        ])


def test_export_does_not_let_a_name_become_a_formula(hr, world):
    world.bekasi_staff[0].name = "=HYPERLINK(\"http://x\")"
    world.bekasi_staff[0].save()
    set_entries([world.bekasi_staff[0]], APR16, "WFO")
    response = hr.get(f"{reverse('roster:export', args=[world.bekasi_setda.pk, 'csv'])}?mulai={WEEK_OF_APR15}")
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")


def test_xlsx_import_reports_bad_rows_too(world):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["nip", "nama", "tanggal", "kode"])
    sheet.append([world.bekasi_staff[0].nip, "A", "2024-04-16", "WFO"])
    sheet.append(["123", "B", "2024-04-16", "WFO"])
    buffer = io.BytesIO()
    book.save(buffer)
    check = roster_import_check(world.bekasi_setda, "jadwal.xlsx", buffer.getvalue())
    assert [(e.line, e.reason) for e in check.errors] == [(3, "NIP tidak dikenal: 123")]


def test_only_the_uploader_can_apply_a_batch(hr, world, client):
    upload(hr, world.bekasi_setda, csv_file(["nip,tanggal,kode", f"{world.bekasi_staff[0].nip},2024-04-16,WFO"]))
    batch = ImportBatch.objects.get()
    other = f.user("hr_bekasi_2", f.Role.HR_OFFICER, agency=world.bekasi)
    client.force_login(other)
    assert client.post(reverse("roster:import_apply", args=[world.bekasi_setda.pk, batch.pk])).status_code == 404
