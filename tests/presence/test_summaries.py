"""The dashboard's per unit-day summaries follow the writes that change attendance, and reading never writes."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.audit import AuditContext
from attendance.models import AttendanceDaySummary, AttendanceRecord
from attendance.presence.services import attendance_records_upsert
from tests.presence.conftest import BEKASI_DAY

DAY = {"start": "2024-04-16", "end": "2024-04-16"}
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b|\bFOR UPDATE\b", re.IGNORECASE)


def figures(client) -> dict[str, str]:
    html = client.get(reverse("presence:dashboard"), DAY).content.decode()
    return dict(re.findall(r'data-figure="([a-z_]+)">([^<]*)<', html))


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("akar", "akar@example.go.id", "sandi-uji-123"))
    return client


def test_a_record_changed_and_records_deleted_in_the_admin_show_on_the_dashboard(client, admin_client, world, bekasi_day):
    from django.test import Client

    inspector = Client()
    inspector.force_login(world.bekasi_inspector)
    before = figures(inspector)
    assert (before["sick"], before["permission"], before["absent"]) == ("17", "9", "19")

    absent = AttendanceRecord.objects.filter(agency=world.bekasi, date=BEKASI_DAY, status="TK").first()
    url = f"/admin/attendance/attendancerecord/{absent.pk}/change/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {
        "agency": absent.agency_id, "unit": absent.unit_id, "employee": absent.employee_id, "date": "2024-04-16",
        "status": "S", "late_tier": 0, "early_tier": 0, "leave_type": "", "place": "", "source": "manual",
        "note": "Surat dokter", "version": absent.version,
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    assert AttendanceRecord.objects.get(pk=absent.pk).status == "S"
    assert (figures(inspector)["sick"], figures(inspector)["absent"]) == ("18", "18")

    permission = list(AttendanceRecord.objects.filter(agency=world.bekasi, date=BEKASI_DAY, status="I").order_by("pk"))
    assert admin_client.post(f"/admin/attendance/attendancerecord/{permission[0].pk}/delete/", {"post": "yes"}).status_code == 302
    assert figures(inspector)["permission"] == "8"
    response = admin_client.post("/admin/attendance/attendancerecord/", {
        "action": "delete_selected", "_selected_action": [r.pk for r in permission[1:]], "post": "yes",
    })
    assert response.status_code == 302
    after = figures(inspector)
    assert (after["permission"], after["sick"], after["present"]) == ("0", "18", "1.581")


def test_reading_the_dashboard_writes_nothing_even_after_records_arrive(client, world, bekasi_day):
    """New records through a write path (the bulk upsert behind the API and imports) are counted by that
    write; the dashboard's GET then only reads."""
    client.force_login(world.bekasi_inspector)
    client.get(reverse("presence:dashboard"), DAY)  # the first request of a session stores its time zone
    nurse = world.bekasi_nurses[0]
    AttendanceRecord.objects.filter(employee=nurse, date=BEKASI_DAY).delete()  # a day not yet recorded
    result = attendance_records_upsert(context=AuditContext(world.bekasi_hr), agency=world.bekasi, rows=[
        {"nip": nurse.nip, "date": "2024-04-16", "status": "DL", "note": "Tugas ke Puskesmas"},
    ])
    assert result.ok and result.records_written == 1
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("presence:dashboard"), DAY).content.decode()
        api = client.get("/api/v1/dashboard/summary/?date_from=2024-04-16&date_to=2024-04-16")
    assert api.status_code == 200 and api.json()["attendance"]["DL"] == 1
    assert 'data-figure="field_duty">1<' in html
    assert [q["sql"] for q in queries.captured_queries if WRITE.search(q["sql"])] == []


def test_the_summaries_match_a_full_recount_after_every_kind_of_write(world, bekasi_day):
    from attendance.presence.summaries import summaries_rebuild

    context = AuditContext(world.bekasi_hr)
    moved = bekasi_day[0]
    attendance_records_upsert(context=context, agency=world.bekasi, rows=[
        {"nip": moved.nip, "date": "2024-04-16", "status": "TK"},
        {"nip": bekasi_day[1].nip, "date": "2024-04-17", "status": "H"},
    ])
    kept = set(AttendanceDaySummary.objects.values_list("unit_id", "date", "h", "tk", "s", "i", "wfh"))
    for agency_id in {world.bekasi.pk, world.tangerang.pk}:
        summaries_rebuild(agency_id=agency_id)
    assert set(AttendanceDaySummary.objects.values_list("unit_id", "date", "h", "tk", "s", "i", "wfh")) == kept
    assert datetime.date(2024, 4, 17) in {day for _u, day, *_ in kept}
