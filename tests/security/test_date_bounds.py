"""One date window for every door (issue 13 points 1, 5 and 7): the WFH page form, the queue's computation,
circular rules, roster writes and imports, punch and attendance rows all refuse a typo like 9999-12-31."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.audit import AuditContext
from attendance.models import AttendanceRecord, DevicePunch, RosterEntry, WfhRequest, WfhRequestDay
from attendance.presence.services import attendance_records_upsert
from policies.models import Circular, Rule
from rosterhub import date_bounds
from rosterhub.date_bounds import parse_date, parse_timestamp

pytestmark = pytest.mark.django_db
FAR = ["9999-12-31", "2204-04-16", "0001-01-01", "1999-12-31"]


def test_the_window_runs_from_2000_to_two_years_after_today():
    today = datetime.date.today()
    start, end = date_bounds.window()
    assert start == datetime.date(2000, 1, 1)
    assert end.year == today.year + 2
    for text in FAR:
        with pytest.raises(ValidationError):
            date_bounds.validate_date(datetime.date.fromisoformat(text))
    assert date_bounds.validate_date(datetime.date(2024, 4, 16)) == datetime.date(2024, 4, 16)


def test_the_wfh_page_form_refuses_year_9999(client, world):
    client.force_login(world.bekasi_employee)
    employee = world.bekasi_staff[1]
    employee.domicile_address = "Jl. Uji 1"
    employee.save()
    response = client.post("/wfh/baru/", {"employee": employee.pk, "date_from": "9999-12-31", "reason": "uji"})
    assert response.status_code == 200
    assert "date_from" in response.context["form"].errors
    assert not WfhRequest.objects.exists()


def test_the_queue_computes_only_the_pending_days_not_the_years_between(client, world, monkeypatch):
    from attendance.wfh import selectors

    computed = []
    real = selectors.compliance_day_statuses

    def counting(unit_ids, start, end, **kw):
        computed.append((end - start).days + 1)
        return real(unit_ids, start, end, **kw)

    monkeypatch.setattr(selectors, "compliance_day_statuses", counting)
    for day in (datetime.date(2024, 4, 16), datetime.date(2099, 12, 30), datetime.date(9999, 12, 31)):
        request = WfhRequest.objects.create(employee=world.bekasi_staff[2], unit=world.bekasi_setda, agency=world.bekasi,
                                            reason="lama", submitted_by=world.bekasi_employee)
        WfhRequestDay.objects.create(request=request, date=day)
    client.force_login(world.bekasi_head)
    assert client.get("/wfh/antrean/").status_code == 200
    assert sum(computed) <= 31, computed


@pytest.mark.parametrize("end", ["2204-05-31", "2025-06-30"])
def test_a_rule_longer_than_a_year_or_past_the_window_is_refused(world, end):
    circular = Circular.objects.create(number="9/2024", title="Salah ketik", issuer=world.bekasi,
                                       signed_on=datetime.date(2024, 4, 1))
    rule = Rule(circular=circular, start_date=datetime.date(2024, 5, 1), end_date=datetime.date.fromisoformat(end),
                categories=["administration"], wfh_cap_percent=50)
    with pytest.raises(ValidationError) as caught:
        rule.full_clean()
    assert "end_date" in caught.value.message_dict


def test_publishing_a_draft_whose_rule_runs_for_centuries_is_refused(world):
    from policies.services import PolicyError, circular_publish

    circular = Circular.objects.create(number="9/2024", title="Salah ketik", issuer=world.bekasi,
                                       signed_on=datetime.date(2024, 4, 1), scope_kind="agencies")
    circular.scope_agencies.set([world.bekasi])  # inside Bekasi's authority: only the dates are wrong
    Rule.objects.create(circular=circular, start_date=datetime.date(2024, 5, 1), end_date=datetime.date(2204, 5, 31),
                        categories=["administration"], wfh_cap_percent=50)
    with pytest.raises(PolicyError, match="Tanggal harus antara"):
        circular_publish(context=AuditContext(actor=None), circular=circular)
    circular.refresh_from_db()
    assert circular.status == "draft"


def test_file_and_api_dates_share_the_window(world):
    tz = world.bekasi.tzinfo
    for text in FAR:
        with pytest.raises(ValueError):
            parse_date(text)
        with pytest.raises(ValueError):
            parse_timestamp(f"{text} 07:30:00", tz)
    assert parse_date("16/04/2024") == datetime.date(2024, 4, 16)
    assert parse_date("1985-03-27", employment=True) == datetime.date(1985, 3, 27)


def test_the_roster_import_refuses_year_9999(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.bekasi_hr)
    nip = world.bekasi_staff[1].nip
    body = f"nip,tanggal,kode,jenis_cuti\n{nip},9999-12-31,WFO,\n{nip},2024-04-16,WFO,\n".encode()
    response = client.post(f"/jadwal/{world.bekasi_setda.pk}/impor/", {"file": SimpleUploadedFile("j.csv", body)})
    assert [e.line for e in response.context["check"].errors] == [2]


def test_attendance_rows_for_a_far_day_are_refused_and_give_no_records(world):
    nip = world.bekasi_staff[1].nip
    result = attendance_records_upsert(context=AuditContext(actor=world.bekasi_hr), agency=world.bekasi,
                                       rows=[{"nip": nip, "date": "2204-04-16", "status": "H"}])
    assert not result.ok
    assert not AttendanceRecord.objects.exists()


def test_attendance_rows_with_times_on_another_day_are_refused(world):
    nip = world.bekasi_staff[1].nip
    rows = [{"nip": nip, "date": "2024-04-16", "status": "H", "check_in": "2024-04-17 07:30", "check_out": "2024-04-17 16:00"}]
    result = attendance_records_upsert(context=AuditContext(actor=world.bekasi_hr), agency=world.bekasi, rows=rows)
    assert not result.ok
    assert not AttendanceRecord.objects.exists()


def test_the_api_refuses_a_date_past_the_window(world, client):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world.bekasi_hr).key}")
    nip = world.bekasi_staff[1].nip
    far = f"{datetime.date.today().year + 3}-01-05"
    response = api.post("/api/v1/roster-entries/bulk/", {"rows": [{"nip": nip, "date": far, "location": "WFO"}]}, format="json")
    assert response.status_code == 400
    response = api.post("/api/v1/device-punches/bulk/", {"rows": [{"nip": nip, "timestamp": "0001-01-01T00:00:00+14:00"}]},
                        format="json")
    assert response.status_code == 400
    assert not RosterEntry.objects.exists() and not DevicePunch.objects.exists()
