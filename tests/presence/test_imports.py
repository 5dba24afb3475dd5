"""Punch files: CSV and XLSX, preview with per-row errors, nothing applied on error, progress."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from attendance.models import AttendanceRecord, DevicePunch, ImportBatch
from attendance.presence.imports import PunchFile


def csv_upload(lines, name="mesin.csv"):
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode("utf-8"), content_type="text/csv")


def xlsx_upload(rows, name="mesin.xlsx"):
    import io

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def upload(client, user, file, django_capture_on_commit_callbacks):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("presence:imports"), {"file": file})
    assert response.status_code == 302
    return ImportBatch.objects.latest("created_at")


def test_a_csv_is_checked_then_applied(client, world, django_capture_on_commit_callbacks):
    nip = world.bekasi_staff[0].nip
    batch = upload(client, world.bekasi_hr, csv_upload(
        ["NIP;Waktu;Mesin", f"{nip};2024-04-16 07:05:00;FP-1", f"{nip};2024-04-16 16:02:00;FP-1"]),
        django_capture_on_commit_callbacks)
    batch.refresh_from_db()
    assert (batch.status, batch.total_rows) == ("ready", 2)
    assert not DevicePunch.objects.exists()
    page = client.get(reverse("presence:import_detail", kwargs={"pk": batch.pk})).content.decode()
    assert "Terapkan" in page and "FP-1" in page  # preview
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("presence:import_apply", kwargs={"pk": batch.pk}))
    batch.refresh_from_db()
    assert (batch.status, batch.applied_rows, batch.processed_rows) == ("done", 2, 2)
    assert AttendanceRecord.objects.get(employee=world.bekasi_staff[0], date=datetime.date(2024, 4, 16)).status == "H"


def test_an_xlsx_with_bad_rows_lists_them_and_applies_nothing(client, world, django_capture_on_commit_callbacks):
    rows = [("NIP", "Waktu", "Mesin"), (world.bekasi_staff[0].nip, datetime.datetime(2024, 4, 16, 7, 0), "FP-1"),
            ("123", datetime.datetime(2024, 4, 16, 7, 0), "FP-1"), (world.bekasi_staff[1].nip, "besok", "FP-1")]
    batch = upload(client, world.bekasi_hr, xlsx_upload(rows), django_capture_on_commit_callbacks)
    batch.refresh_from_db()
    assert batch.status == "invalid"
    assert [(e["line"], e["field"]) for e in batch.errors] == [(3, "nip"), (4, "timestamp")]
    page = client.get(reverse("presence:import_detail", kwargs={"pk": batch.pk})).content.decode()
    assert 'data-testid="import-errors"' in page and "Terapkan" not in page
    assert client.post(reverse("presence:import_apply", kwargs={"pk": batch.pk})).status_code == 302
    assert not DevicePunch.objects.exists() and not AttendanceRecord.objects.exists()


def test_the_progress_fragment_polls_while_running(client, world):
    batch = ImportBatch.objects.create(agency=world.bekasi, kind="punches", status="applying", total_rows=100,
                                       processed_rows=40, created_by=world.bekasi_hr, original_name="besar.csv")
    client.force_login(world.bekasi_hr)
    html = client.get(reverse("presence:import_detail", kwargs={"pk": batch.pk}), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in html and 'value="40"' in html and "<nav" not in html


def test_other_agencies_and_inspectors_cannot_reach_an_import(client, world):
    batch = ImportBatch.objects.create(agency=world.bekasi, kind="punches", created_by=world.bekasi_hr, original_name="a.csv")
    client.force_login(world.tangerang_hr)
    assert client.get(reverse("presence:import_detail", kwargs={"pk": batch.pk})).status_code == 404
    client.force_login(world.bekasi_inspector)
    assert client.get(reverse("presence:imports")).status_code == 403


def test_only_csv_or_xlsx_is_accepted(client, world):
    client.force_login(world.bekasi_hr)
    response = client.post(reverse("presence:imports"), {"file": SimpleUploadedFile("data.pdf", b"%PDF")})
    assert response.status_code == 200 and "Hanya berkas .csv atau .xlsx." in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("header", ["NIP,Waktu,Mesin", "nip,timestamp,device"])
def test_punch_files_are_read_with_common_headers(tmp_path, header):
    path = tmp_path / "p.csv"
    path.write_text(f"{header}\n199001012015011001,2024-04-16 07:00,FP\n", encoding="utf-8")
    assert list(PunchFile(path)) == [{"nip": "199001012015011001", "timestamp": "2024-04-16 07:00", "device": "FP"}]
    assert list(PunchFile(path)) == list(PunchFile(path))  # re-iterable: validate, then apply


def test_the_progress_moves_while_the_import_is_still_running(client, world, monkeypatch, django_capture_on_commit_callbacks):
    """The import runs in one transaction nobody else can see into (and on SQLite nobody else may
    write during it): the page reads the rows done from the shared cache, chunk by chunk."""
    from attendance.presence import imports, punches

    monkeypatch.setattr(punches, "CHUNK", 10)
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 10)
    staff = world.bekasi_staff + world.bekasi_nurses
    lines = ["NIP;Waktu;Mesin"] + [f"{staff[i % len(staff)].nip};2024-04-{10 + i // len(staff):02d} 07:{i % 60:02d}:00;FP-1"
                                  for i in range(35)]
    batch = upload(client, world.bekasi_hr, csv_upload(lines), django_capture_on_commit_callbacks)
    url = reverse("presence:import_detail", kwargs={"pk": batch.pk})
    seen = []
    original = imports.SideProgress.__call__

    def watch(self, done):
        original(self, done)
        html = client.get(url, HTTP_HX_REQUEST="true").content.decode()
        seen.append(int(html.split('value="')[1].split('"')[0]))

    monkeypatch.setattr(imports.SideProgress, "__call__", watch)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("presence:import_apply", kwargs={"pk": batch.pk}))
    assert seen[:3] == [10, 20, 30] and ImportBatch.objects.get(pk=batch.pk).status == "done"


def test_the_check_phase_notes_its_progress_too(world):
    from attendance.presence import imports

    batch = ImportBatch.objects.create(agency=world.bekasi, kind="punches", created_by=world.bekasi_hr, original_name="a.csv")
    rows = imports._counting(iter(range(imports.PROGRESS_EVERY * 2)), batch)
    for _ in range(imports.PROGRESS_EVERY):
        next(rows)
    assert imports.progress_of(batch) == imports.PROGRESS_EVERY


def test_the_preview_and_errors_name_columns_in_words(client, world, django_capture_on_commit_callbacks):
    batch = upload(client, world.bekasi_hr, csv_upload(["NIP;Waktu;Mesin", "123;2024-04-16 07:05:00;FP-1"]),
                   django_capture_on_commit_callbacks)
    html = client.get(reverse("presence:import_detail", kwargs={"pk": batch.pk})).content.decode()
    assert "<td>NIP/NIK</td>" in html and "<td>nip</td>" not in html
