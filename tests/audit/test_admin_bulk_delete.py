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
