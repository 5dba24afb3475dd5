import datetime

import pytest

from agencies.models import AuditEvent
from attendance.models import AttendanceRecord, DevicePunch

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 4, 16)


def test_a_day_of_punches_becomes_attendance_records(world, api):
    a, b = world.bekasi_staff[1], world.bekasi_staff[2]
    rows = [
        {"nip": a.nip, "timestamp": "2024-04-16 07:12:00", "device": "mesin-setda"},
        {"nip": a.nip, "timestamp": "2024-04-16 16:05:00", "device": "mesin-setda"},
        {"nip": b.nip, "timestamp": "2024-04-16T08:02:00+07:00", "device": "mesin-setda"},
    ]
    client = api(world.bekasi_hr)
    response = client.post("/api/v1/device-punches/bulk/", {"rows": rows}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["rows"] == 3
    assert DevicePunch.objects.count() == 3
    records = {r.employee_id: r for r in AttendanceRecord.objects.filter(date=DAY)}
    assert records[a.pk].status == "H"
    assert records[b.pk].status == "TL"
    assert AuditEvent.objects.filter(interface="api", action="attendance.punches_import").exists()
    listed = client.get(f"/api/v1/attendance-records/?date_from=2024-04-16&date_to=2024-04-16&employee={a.pk}").json()
    assert [r["status"] for r in listed["results"]] == ["H"]


def test_bad_punch_rows_write_nothing_and_are_named(world, api):
    rows = [
        {"nip": world.bekasi_staff[1].nip, "timestamp": "2024-04-16 07:12:00"},
        {"nip": world.tangerang_staff[0].nip, "timestamp": "2024-04-16 07:12:00"},
        {"nip": world.bekasi_staff[1].nip, "timestamp": "kemarin pagi"},
        {"timestamp": "2024-04-16 07:12:00"},
    ]
    response = api(world.bekasi_hr).post("/api/v1/device-punches/bulk/", {"rows": rows}, format="json")
    assert response.status_code == 400
    rows = {r["row"]: r["errors"] for r in response.json()["errors"]["rows"]}
    assert set(rows) == {3, 4}  # shape errors first; the foreign NIP is caught once shapes are right
    assert rows[3]["timestamp"][0]["code"] == "invalid"
    assert rows[4]["nip"][0]["code"] == "required"
    response = api(world.bekasi_hr).post("/api/v1/device-punches/bulk/", {"rows": [
        {"nip": world.tangerang_staff[0].nip, "timestamp": "2024-04-16 07:12:00"},
    ]}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["rows"][0]["errors"]["nip"][0]["code"] == "invalid"
    assert not DevicePunch.objects.exists() and not AttendanceRecord.objects.exists()


def test_only_hr_of_the_agency_may_push(world, api):
    body = {"agency": world.bekasi.pk, "rows": [{"nip": world.bekasi_staff[1].nip, "timestamp": "2024-04-16 07:12:00"}]}
    assert api(world.tangerang_hr).post("/api/v1/device-punches/bulk/", body, format="json").status_code == 403
    assert api(world.bekasi_inspector).post("/api/v1/device-punches/bulk/", body, format="json").status_code == 403
    assert api(world.bekasi_head).post("/api/v1/attendance-records/bulk/", body, format="json").status_code == 403
    assert not DevicePunch.objects.exists()


def test_attendance_rows_upsert_whole_days(world, api):
    e = world.bekasi_staff[3]
    client = api(world.bekasi_hr)
    rows = [{"nip": e.nip, "date": "16/04/2024", "status": "S", "note": "Surat dokter"}]
    assert client.post("/api/v1/attendance-records/bulk/", {"rows": rows}, format="json").status_code == 200
    rows = [{"nip": e.nip, "date": "2024-04-16", "status": "C", "leave_type": "CT"}]
    response = client.post("/api/v1/attendance-records/bulk/", {"rows": rows}, format="json")
    assert response.status_code == 200, response.json()
    record = AttendanceRecord.objects.get(employee=e, date=DAY)
    assert (record.status, record.leave_type, record.version) == ("C", "CT", 2)


def test_attendance_rows_with_reversed_times_or_duplicates_are_refused(world, api):
    e = world.bekasi_staff[3]
    rows = [
        {"nip": e.nip, "date": "2024-04-16", "status": "H", "check_in": "2024-04-16 16:00", "check_out": "2024-04-16 07:00"},
        {"nip": e.nip, "date": "2099-12-31", "status": "H"},
        {"nip": e.nip, "date": "2099-12-31", "status": "H"},
        {"nip": e.nip, "date": "1024-04-16", "status": "H"},
    ]
    response = api(world.bekasi_hr).post("/api/v1/attendance-records/bulk/", {"rows": rows}, format="json")
    assert response.status_code == 400
    by_row = {r["row"]: r["errors"] for r in response.json()["errors"]["rows"]}
    assert by_row[1]["check_out"][0]["code"] == "invalid"
    assert by_row[4]["date"][0]["code"] in ("invalid", "out_of_range")
    assert not AttendanceRecord.objects.exists()
