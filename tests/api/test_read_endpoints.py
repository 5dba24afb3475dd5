import datetime

import pytest

from attendance.models import AttendanceRecord, RosterEntry
from tests import factories as f

pytestmark = pytest.mark.django_db


def ids(response):
    return {row["id"] for row in response.json()["results"]}


def test_anonymous_clients_are_refused_with_a_code(client):
    response = client.get("/api/v1/employees/")
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"


def test_bekasi_hr_lists_only_bekasi_employees(world, api):
    response = api(world.bekasi_hr).get("/api/v1/employees/")
    assert response.status_code == 200
    bekasi = {e.pk for e in world.bekasi_staff + world.bekasi_umum_staff + world.bekasi_nurses}
    assert ids(response) == bekasi


def test_bekasi_hr_gets_404_for_a_tangerang_employee(world, api):
    response = api(world.bekasi_hr).get(f"/api/v1/employees/{world.tangerang_staff[0].pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_unit_head_sees_only_the_unit_subtree(world, api):
    response = api(world.bekasi_head).get("/api/v1/units/")
    assert ids(response) == {world.bekasi_setda.pk, world.bekasi_bagian_umum.pk}


def test_employee_sees_only_themself(world, api):
    response = api(world.bekasi_employee).get("/api/v1/employees/")
    assert ids(response) == {world.bekasi_staff[1].pk}


def test_region_inspector_reads_every_agency_seated_in_the_province(world, api):
    response = api(world.jabar_inspector).get("/api/v1/agencies/")
    assert ids(response) == {world.bekasi.pk}


def test_a_malformed_filter_is_a_400_naming_the_parameter(world, api):
    response = api(world.bekasi_hr).get("/api/v1/roster-entries/?unit=abc&date_from=16-04-2024")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"unit", "date_from"}


def test_roster_entries_filter_by_unit_and_date_range(world, api):
    for day in (15, 16, 17):
        for e in world.bekasi_staff:
            RosterEntry.objects.create(agency=world.bekasi, unit=e.unit, employee=e, date=datetime.date(2024, 4, day), location="WFO")
    response = api(world.bekasi_hr).get(
        f"/api/v1/roster-entries/?unit={world.bekasi_setda.pk}&date_from=2024-04-16&date_to=2024-04-17&ordering=-date"
    )
    rows = response.json()["results"]
    assert len(rows) == 8
    assert rows[0]["date"] == "2024-04-17"


def test_employee_list_takes_the_same_number_of_queries_for_many_rows(world, api, django_assert_max_num_queries):
    client = api(world.bekasi_hr)
    client.get("/api/v1/employees/")  # warm the token lookup path
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/employees/?page_size=500")
    assert response.json()["count"] == 9


def test_dashboard_summary_counts_only_what_the_caller_may_read(world, api):
    day = datetime.date(2024, 4, 16)
    for e in world.bekasi_staff[:3]:
        AttendanceRecord.objects.create(agency=world.bekasi, unit=e.unit, employee=e, date=day, status="H", source="device")
    e = world.tangerang_staff[0]
    AttendanceRecord.objects.create(agency=world.tangerang, unit=e.unit, employee=e, date=day, status="TK", source="device")
    f.summaries_recount()
    response = api(world.bekasi_inspector).get("/api/v1/dashboard/summary/?date_from=2024-04-16&date_to=2024-04-16")
    assert response.status_code == 200
    assert response.json()["attendance"] == {"H": 3}


def test_dashboard_summary_refuses_a_reversed_period(world, api):
    response = api(world.bekasi_inspector).get("/api/v1/dashboard/summary/?date_from=2024-04-17&date_to=2024-04-16")
    assert response.status_code == 400
    assert response.json()["errors"]["date_to"][0]["code"] == "invalid"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_nothing_is_changed_or_deleted_through_the_generic_verbs(world, api, method):
    e = world.bekasi_staff[1]
    entry = RosterEntry.objects.create(agency=world.bekasi, unit=e.unit, employee=e, date=datetime.date(2024, 4, 16), location="WFO")
    client = api(world.bekasi_hr)
    urls = [f"/api/v1/roster-entries/{entry.pk}/"]
    if method != "patch":  # employees and units take a PATCH from HR (test_employee_writes.py, test_unit_writes)
        urls += [f"/api/v1/employees/{e.pk}/", f"/api/v1/units/{e.unit_id}/"]
    for url in urls:
        response = getattr(client, method)(url, {"name": "x", "location": "WFH"}, format="json")
        assert response.status_code == 405, (url, response.status_code)
        assert response.json()["code"] == "method_not_allowed"
    entry.refresh_from_db()
    e.refresh_from_db()
    assert entry.location == "WFO" and e.name != "x"
