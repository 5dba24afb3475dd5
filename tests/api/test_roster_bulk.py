import datetime

import pytest

from agencies.models import AuditEvent
from attendance.models import RosterEntry
from tests import factories as f

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 4, 16)
URL = "/api/v1/roster-entries/bulk/"


def test_it_writes_a_day_of_rosters_by_nip_and_audits_it_as_api(world, api, django_capture_on_commit_callbacks):
    rows = [{"nip": e.nip, "date": "2024-04-16", "location": "WFO"} for e in world.bekasi_staff]
    rows[0]["location"] = "WFH"
    rows[0]["wfh_address"] = "Jl. Melati 3, Bekasi"
    with django_capture_on_commit_callbacks():
        response = api(world.bekasi_hr).post(URL, {"rows": rows}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json() == {"written": 4, "cleared": 0}
    assert RosterEntry.objects.filter(date=DAY, location="WFH").get().employee == world.bekasi_staff[0]
    events = AuditEvent.objects.filter(action="roster.set")
    assert events.count() == 4
    assert set(events.values_list("interface", flat=True)) == {"api"}
    assert set(events.values_list("actor", flat=True)) == {world.bekasi_hr.pk}


def test_one_bad_row_writes_nothing_and_names_each_bad_row(world, api):
    rows = [
        {"employee": world.bekasi_staff[0].pk, "date": "2024-04-16", "location": "WFO"},
        {"employee": world.bekasi_staff[1].pk, "date": "2024-02-30", "location": "WFO"},
        {"employee": world.bekasi_staff[2].pk, "date": "2024-04-16", "location": "PANTAI"},
        {"date": "2024-04-16", "location": "WFO"},
    ]
    response = api(world.bekasi_hr).post(URL, {"rows": rows}, format="json")
    assert response.status_code == 400
    errors = {r["row"]: r["errors"] for r in response.json()["errors"]["rows"]}
    assert set(errors) == {2, 3, 4}
    assert errors[2]["date"][0]["code"] == "invalid"
    assert errors[3]["location"][0]["code"] == "invalid_choice"
    assert errors[4]["employee"][0]["code"] == "required"
    assert not RosterEntry.objects.exists()


def test_an_employee_of_another_agency_is_a_row_error_not_a_write(world, api):
    rows = [
        {"employee": world.bekasi_staff[0].pk, "date": "2024-04-16", "location": "WFO"},
        {"employee": world.tangerang_staff[0].pk, "date": "2024-04-16", "location": "WFH"},
    ]
    response = api(world.bekasi_hr).post(URL, {"rows": rows}, format="json")
    assert response.status_code == 400
    [error] = response.json()["errors"]["rows"]
    assert error["row"] == 2 and error["errors"]["employee"][0]["code"] == "not_found"
    assert not RosterEntry.objects.exists()


def test_a_reader_who_cannot_edit_the_roster_is_refused_per_row(world, api):
    rows = [{"employee": world.bekasi_staff[2].pk, "date": "2024-04-16", "location": "WFO"}]
    response = api(world.bekasi_inspector).post(URL, {"rows": rows}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["rows"][0]["errors"]["employee"][0]["code"] == "forbidden"


def test_the_same_employee_and_day_twice_is_a_duplicate_row(world, api):
    row = {"employee": world.bekasi_staff[0].pk, "date": "2024-04-16", "location": "WFO"}
    response = api(world.bekasi_hr).post(URL, {"rows": [row, row]}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["rows"][0] == {"row": 2, "errors": {"date": [{"message": response.json()["errors"]["rows"][0]["errors"]["date"][0]["message"], "code": "duplicate"}]}}


def test_a_stale_version_is_a_409_conflict(world, api):
    client = api(world.bekasi_hr)
    row = {"employee": world.bekasi_staff[0].pk, "date": "2024-04-16", "location": "WFO", "expected_version": 0}
    assert client.post(URL, {"rows": [row]}, format="json").status_code == 200
    response = client.post(URL, {"rows": [{**row, "location": "WFH"}]}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "version_conflict"
    assert response.json()["row"] == 1
    assert RosterEntry.objects.get().location == "WFO"


def test_an_empty_location_clears_the_cell(world, api):
    client = api(world.bekasi_hr)
    row = {"employee": world.bekasi_staff[0].pk, "date": "2024-04-16", "location": "WFO"}
    client.post(URL, {"rows": [row]}, format="json")
    response = client.post(URL, {"rows": [{**row, "location": ""}]}, format="json")
    assert response.json() == {"written": 0, "cleared": 1}
    assert not RosterEntry.objects.exists()


def test_a_body_without_rows_is_a_400(world, api):
    for body in ({}, {"rows": []}, {"rows": "x"}, ["a"]):
        response = api(world.bekasi_hr).post(URL, body, format="json")
        assert response.status_code == 400, body
        assert response.json()["errors"]["rows"][0]["code"] == "required"


def test_thousands_of_rows_go_in_one_call_with_a_bounded_number_of_queries(world, api, django_assert_max_num_queries):
    staff = [f.employee(world.bekasi_setda) for _ in range(100)]
    rows = [
        {"employee": e.pk, "date": (DAY + datetime.timedelta(days=d)).isoformat(), "location": "WFO" if d % 2 else "WFH"}
        for e in staff for d in range(20)
    ]
    client = api(world.bekasi_hr)
    # Batched inserts: SQLite caps parameters per statement, so ~80 rows per INSERT; never a query per row.
    with django_assert_max_num_queries(80):
        response = client.post(URL, {"rows": rows}, format="json")
    assert response.status_code == 200
    assert RosterEntry.objects.count() == 2000
    assert AuditEvent.objects.filter(interface="api").count() == 2000


def test_a_leave_type_outside_leave_is_a_row_error(world, api):
    rows = [
        {"employee": world.bekasi_staff[0].pk, "date": "2024-04-16", "location": "CUTI", "leave_type": "CT"},
        {"employee": world.bekasi_staff[1].pk, "date": "2024-04-16", "location": "WFO", "leave_type": "CT"},
        {"employee": world.bekasi_staff[2].pk, "date": "2024-04-16", "location": "CUTI", "leave_type": "XX"},
    ]
    response = api(world.bekasi_hr).post(URL, {"rows": rows}, format="json")
    assert response.status_code == 400
    errors = {r["row"]: r["errors"] for r in response.json()["errors"]["rows"]}
    assert errors[2]["leave_type"][0]["code"] == "invalid"
    assert errors[3]["leave_type"][0]["code"] == "invalid_choice"
    assert 1 not in errors
