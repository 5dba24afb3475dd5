"""Django admin for superusers: changing an employee there is audited like any other change."""

from agencies.models import AuditEvent, Employee
from tests import factories as f


def test_editing_an_employee_in_the_admin_writes_an_audit_event(world, client):
    root = f.user("root")
    root.is_superuser = root.is_staff = True
    root.save()
    client.force_login(root)
    employee = world.bekasi_staff[3]
    url = f"/admin/agencies/employee/{employee.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "agency": employee.agency_id, "unit": employee.unit_id, "nip": employee.nip, "nik": "",
        "name": "Rina Wulandari", "employment_type": "PNS", "position": "Analis Kebijakan",
        "domicile_region": "", "domicile_address": "", "email": "", "active_from": "2020-01-01", "active_until": "",
        "user": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="employee.change", object_id=str(employee.pk))
    assert (event.actor, event.interface, event.agency_id) == (root, "admin", world.bekasi.pk)
    assert event.before["name"] != "Rina Wulandari" and event.after["name"] == "Rina Wulandari"
    assert Employee.objects.get(pk=employee.pk).name == "Rina Wulandari"


def test_the_admin_is_for_superusers_only(world, client):
    client.force_login(world.bekasi_hr)
    assert client.get("/admin/agencies/employee/").status_code == 302
