"""Who reaches the employee screens: HR officers of the agency; anyone else is refused."""

import pytest
from django.urls import reverse

from agencies.models import Employee

LIST = reverse("employees:list")


@pytest.mark.parametrize("url", [LIST, reverse("employees:create"), reverse("employees:import")])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/masuk/" in response["Location"]


@pytest.mark.parametrize("persona", ["bekasi_head", "bekasi_inspector", "jabar_inspector", "bekasi_employee"])
def test_it_refuses_every_role_but_hr(client, world, persona):
    client.force_login(getattr(world, persona))
    employee = world.bekasi_staff[2]
    for url in (LIST, reverse("employees:create"), reverse("employees:edit", args=[employee.pk]),
                reverse("employees:end", args=[employee.pk]), reverse("employees:import")):
        assert client.get(url).status_code == 403, (persona, url)
    response = client.post(reverse("employees:end", args=[employee.pk]), {"last_day": "2024-04-30"})
    assert response.status_code == 403
    employee.refresh_from_db()
    assert employee.active_until is None


def test_bekasi_hr_does_not_see_tangerang_employees(client, world):
    client.force_login(world.bekasi_hr)
    response = client.get(LIST)
    names = {e.name for e in response.context["page"]}
    assert names == {e.name for e in world.bekasi_staff + world.bekasi_umum_staff + world.bekasi_nurses}
    assert not names & {e.name for e in world.tangerang_staff}
    response = client.get(LIST, {"q": world.tangerang_staff[0].nip})
    assert response.context["page"].paginator.count == 0


def test_bekasi_hr_cannot_filter_by_a_tangerang_unit(client, world):
    client.force_login(world.bekasi_hr)
    response = client.get(LIST, {"unit": world.tangerang_setda.pk})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert world.tangerang_setda.name not in {label for _v, label in response.context["form"].fields["unit"].choices}


def test_bekasi_hr_cannot_open_edit_or_end_a_tangerang_employee(client, world):
    client.force_login(world.bekasi_hr)
    other = world.tangerang_staff[0]
    assert client.get(reverse("employees:edit", args=[other.pk])).status_code == 404
    response = client.post(reverse("employees:edit", args=[other.pk]), {"name": "Diubah"})
    assert response.status_code == 404
    response = client.post(reverse("employees:end", args=[other.pk]), {"last_day": "2024-04-30"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.name != "Diubah" and other.active_until is None


def test_bekasi_hr_cannot_move_an_employee_into_a_tangerang_unit(client, world, new_pns):
    client.force_login(world.bekasi_hr)
    employee = world.bekasi_staff[2]
    data = {**new_pns, "name": employee.name, "nip": employee.nip, "unit": world.tangerang_setda.pk}
    response = client.post(reverse("employees:edit", args=[employee.pk]), data)
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    employee.refresh_from_db()
    assert employee.unit == world.bekasi_setda
    assert not Employee.objects.filter(agency=world.tangerang, name=employee.name).exists()
