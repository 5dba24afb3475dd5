"""Jadwal saya and Kehadiran saya: an employee's own roster (with the binding circular per day)
and attendance (codes, tiers, the year's TK against PP 94/2021), and nobody else's."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from attendance.models import AttendanceRecord, WorkLocation
from attendance.roster.services import RosterChange, roster_entries_set
from attendance.wfh.services import wfh_request_submit

from .conftest import TUESDAY, WEDNESDAY, as_user

pytestmark = pytest.mark.django_db


def record(employee, day, status, **fields):
    return AttendanceRecord.objects.create(
        agency=employee.agency, unit=employee.unit, employee=employee, date=day, status=status, source="manual", **fields
    )


def test_employee_sees_own_month_with_the_binding_circular(client, world, se_1_2024, django_assert_max_num_queries):
    me, colleague = world.bekasi_staff[1], world.bekasi_staff[2]
    roster_entries_set(context=as_user(world.bekasi_hr), changes=[
        RosterChange(employee_id=me.pk, date=TUESDAY, location=WorkLocation.WFO),
        RosterChange(employee_id=colleague.pk, date=TUESDAY, location=WorkLocation.WFH, wfh_address="Rumah rekan"),
    ])
    wfh_request_submit(context=as_user(world.bekasi_employee), employee=me, dates=[WEDNESDAY], reason="x", address="Jl. Saya")
    client.force_login(world.bekasi_employee)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("selfservice:roster"), {"bulan": "2024-04"})
    html = response.content.decode()
    days = {d.date: d for d in response.context["days"]}
    assert len(days) == 30
    assert days[TUESDAY].entry.location == "WFO" and days[TUESDAY].binding == "SE 1/2024: maks. 50% WFH"
    assert days[WEDNESDAY].request_status == "pending"
    assert days[datetime.date(2024, 4, 18)].binding == ""  # the circular's days are over
    assert not days[datetime.date(2024, 4, 20)].working_day
    assert "Sel, 16 April 2024" in html and "menunggu keputusan" in html
    assert "Rumah rekan" not in html and colleague.name not in html


def test_the_default_month_is_the_latest_with_a_roster(client, world, se_1_2024):
    roster_entries_set(context=as_user(world.bekasi_hr), changes=[
        RosterChange(employee_id=world.bekasi_staff[1].pk, date=TUESDAY, location=WorkLocation.WFH),
    ])
    client.force_login(world.bekasi_employee)
    response = client.get(reverse("selfservice:roster"))
    assert response.context["month"].key == "2024-04"


def test_an_employee_sees_where_a_wfa_or_other_office_day_is_worked(client, world, se_1_2024):
    me = world.bekasi_staff[1]
    roster_entries_set(context=as_user(world.bekasi_hr), changes=[
        RosterChange(employee_id=me.pk, date=TUESDAY, location=WorkLocation.WFA, wfh_address="Perpustakaan Daerah"),
        RosterChange(employee_id=me.pk, date=WEDNESDAY, location=WorkLocation.OTHER_OFFICE, wfh_address="Kantor BKD"),
    ])
    client.force_login(world.bekasi_employee)
    html = client.get(reverse("selfservice:roster"), {"bulan": "2024-04"}).content.decode()
    assert "Perpustakaan Daerah" in html and "Kantor BKD" in html


@pytest.mark.parametrize("value", ["9999-12", "0001-01", "2024-13", "²⁰²⁴-04", "x"])
def test_a_bad_month_is_told_not_a_500(client, world, value):
    client.force_login(world.bekasi_employee)
    for name in ("selfservice:roster", "selfservice:attendance"):
        response = client.get(reverse(name), {"bulan": value})
        assert response.status_code == 200
        assert "Bulan tidak dikenali" in response.content.decode()


def test_attendance_shows_codes_tiers_local_times_and_the_years_tk_against_pp_94(client, world, django_assert_max_num_queries):
    me = world.bekasi_staff[1]
    arrived = timezone.make_aware(datetime.datetime(2024, 4, 16, 8, 12), timezone=me.agency.tzinfo)
    record(me, TUESDAY, "TL", late_tier=2, check_in=arrived)
    for day in (2, 3, 4):
        record(me, datetime.date(2024, 4, day), "TK")
    record(me, datetime.date(2023, 12, 1), "TK")  # another year: not counted
    record(world.bekasi_staff[2], TUESDAY, "TK")  # a colleague: not shown
    client.force_login(world.bekasi_employee)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("selfservice:attendance"), {"bulan": "2024-04"})
    html = response.content.decode()
    assert "TL 2 (31–60 menit)" in html and "08.12 WIB" in html
    standing = response.context["discipline"].standing
    assert (standing.days, standing.longest_run, str(standing.step)) == (3, 3, "Teguran lisan")
    assert standing.days_to_next == 1 and str(standing.next_step) == "Teguran tertulis"
    assert 'data-testid="tk-count">3<' in html
    assert len(response.context["days"]) == 4


def test_employees_opening_unit_pages_land_on_their_own(client, world):
    client.force_login(world.bekasi_employee)
    assert client.get("/jadwal/")["Location"] == reverse("selfservice:roster")
    assert client.get("/kehadiran/")["Location"] == reverse("selfservice:attendance")


def test_the_menu_links_them_for_employees_only(client, world):
    client.force_login(world.bekasi_employee)
    html = client.get("/").content.decode()
    assert reverse("selfservice:roster") in html and reverse("selfservice:attendance") in html
    client.force_login(world.bekasi_inspector)
    html = client.get("/").content.decode()
    assert reverse("selfservice:roster") not in html


def test_a_login_without_an_employee_record_gets_a_friendly_page(client, world):
    client.force_login(world.bekasi_inspector)
    response = client.get(reverse("selfservice:roster"))
    assert response.status_code == 403
    assert "belum terhubung ke data pegawai" in response.content.decode()
    assert client.get("/jadwal/").status_code == 200  # inspectors keep the unit roster


def test_pages_need_login(client, world):
    for name in ("selfservice:roster", "selfservice:attendance"):
        assert client.get(reverse(name))["Location"].startswith("/masuk/")
