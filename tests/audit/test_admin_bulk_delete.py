import pytest

from agencies.models import AuditEvent, Employee
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_deleting_selected_employees_in_the_admin_is_audited(world, client, django_user_model):
    admin = django_user_model.objects.create_superuser("akar", "akar@example.go.id", "sandi-uji-123")
    client.force_login(admin)
    doomed = [f.employee(world.bekasi_setda, name=f"Pegawai Pindah {i}") for i in range(2)]
    response = client.post("/admin/agencies/employee/", {
        "action": "delete_selected", "_selected_action": [e.pk for e in doomed], "post": "yes",
    })
    assert response.status_code == 302
    assert not Employee.objects.filter(pk__in=[e.pk for e in doomed]).exists()
    events = AuditEvent.objects.filter(action="employee.delete", interface="admin")
    assert {e.object_id for e in events} == {str(e.pk) for e in doomed}
    assert {e.before["name"] for e in events} == {"Pegawai Pindah 0", "Pegawai Pindah 1"}
    assert all(e.actor == admin and e.agency == world.bekasi for e in events)


def test_editing_a_roster_entry_or_finding_in_the_admin_is_audited(world, client, django_user_model):
    import datetime

    from attendance.models import RosterEntry

    admin = django_user_model.objects.create_superuser("akar2", "akar2@example.go.id", "sandi-uji-123")
    client.force_login(admin)
    e = world.bekasi_staff[2]
    entry = RosterEntry.objects.create(agency=world.bekasi, unit=e.unit, employee=e, date=datetime.date(2024, 4, 16), location="WFO")
    response = client.post(f"/admin/attendance/rosterentry/{entry.pk}/change/", {
        "agency": world.bekasi.pk, "unit": e.unit.pk, "employee": e.pk, "date": "2024-04-16", "location": "WFH",
        "leave_type": "", "wfh_address": "", "wfh_region": "", "wfh_request": "", "version": 2, "updated_by": "",
    })
    assert response.status_code == 302, response.context["adminform"].errors if response.context else response
    event = AuditEvent.objects.get(action="rosterentry.admin_change")
    assert (event.before["location"], event.after["location"], event.interface, event.actor) == ("WFO", "WFH", "admin", admin)
    client.post("/admin/attendance/rosterentry/", {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"})
    assert AuditEvent.objects.filter(action="rosterentry.admin_delete", object_id=str(entry.pk)).exists()
