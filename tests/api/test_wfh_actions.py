import datetime

import pytest

from agencies.models import AuditEvent
from attendance.models import RosterEntry, WfhRequest
from tests import factories as f
from tests.wfh.conftest import se_1_2024  # noqa: F401  (SE MenPANRB 1/2024: admin ≤50% WFH, direct services WFO 100%)

pytestmark = pytest.mark.django_db

TUESDAY = datetime.date(2024, 4, 16)


def submit(api, user, employee, dates=("2024-04-16",)):
    return api(user).post("/api/v1/wfh-requests/", {
        "employee": employee.pk, "dates": list(dates), "reason": "Anak sakit", "address": "Jl. Kenanga 5, Bekasi",
    }, format="json")


def test_an_employee_submits_and_the_head_approves_through_the_api(world, api, se_1_2024):  # noqa: F811
    response = submit(api, world.bekasi_employee, world.bekasi_staff[1])
    assert response.status_code == 201, response.json()
    request_id = response.json()["id"]
    assert response.json()["status"] == "pending"
    response = api(world.bekasi_head).post(f"/api/v1/wfh-requests/{request_id}/approve/", {}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "approved"
    assert RosterEntry.objects.get(employee=world.bekasi_staff[1], date=TUESDAY).location == "WFH"
    assert AuditEvent.objects.filter(object_type="attendance.wfhrequest", interface="api").count() >= 2


def test_a_head_of_another_agency_gets_404(world, api, se_1_2024):  # noqa: F811
    request_id = submit(api, world.bekasi_employee, world.bekasi_staff[1]).json()["id"]
    tangerang_head = f.user("kepala_tangerang", f.Role.UNIT_HEAD, unit=world.tangerang_setda)
    response = api(tangerang_head).post(f"/api/v1/wfh-requests/{request_id}/approve/", {}, format="json")
    assert response.status_code == 404
    assert WfhRequest.objects.get(pk=request_id).status == "pending"


def test_the_employee_cannot_approve_their_own_request(world, api, se_1_2024):  # noqa: F811
    request_id = submit(api, world.bekasi_employee, world.bekasi_staff[1]).json()["id"]
    response = api(world.bekasi_employee).post(f"/api/v1/wfh-requests/{request_id}/approve/", {}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_approval_past_the_cap_is_a_409_with_the_reason(world, api, se_1_2024):  # noqa: F811
    for employee in world.bekasi_staff[2:4]:
        RosterEntry.objects.create(agency=world.bekasi, unit=world.bekasi_setda, employee=employee, date=TUESDAY, location="WFH")
    request_id = submit(api, world.bekasi_employee, world.bekasi_staff[1]).json()["id"]
    response = api(world.bekasi_head).post(f"/api/v1/wfh-requests/{request_id}/approve/", {}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "refused"
    assert "1/2024" in response.json()["detail"]


def test_a_rejection_needs_a_note(world, api, se_1_2024):  # noqa: F811
    request_id = submit(api, world.bekasi_employee, world.bekasi_staff[1]).json()["id"]
    response = api(world.bekasi_head).post(f"/api/v1/wfh-requests/{request_id}/reject/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["note"][0]["code"] == "required"
    response = api(world.bekasi_head).post(f"/api/v1/wfh-requests/{request_id}/reject/", {"note": "Rapat pimpinan"}, format="json")
    assert response.json()["status"] == "rejected"


def test_submitting_for_an_employee_of_another_agency_is_refused(world, api, se_1_2024):  # noqa: F811
    response = submit(api, world.bekasi_hr, world.tangerang_staff[0])
    assert response.status_code == 400
    assert response.json()["errors"]["employee"][0]["code"] == "not_found"
    assert not WfhRequest.objects.exists()
