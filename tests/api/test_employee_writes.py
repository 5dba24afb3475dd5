"""A personnel system keeps RosterHub's employees current through the API, as HR officers do on the screen."""

import datetime

import pytest

from agencies.models import AuditEvent, Employee
from agencies.validators import build_nip

pytestmark = pytest.mark.django_db

URL = "/api/v1/employees/"
NEW_NIP = build_nip(datetime.date(1991, 7, 12), datetime.date(2019, 3, 1), "P", 7)


def new_employee(world, **overrides):
    return {
        "name": "Rina Wulandari", "employment_type": "PNS", "nip": NEW_NIP, "unit": world.bekasi_setda.pk,
        "position": "Analis Kebijakan", "active_from": "2024-05-02", **overrides,
    }


def test_hr_creates_an_employee_of_their_agency_and_it_is_audited(world, api):
    response = api(world.bekasi_hr).post(URL, new_employee(world), format="json")
    assert response.status_code == 201, response.json()
    created = Employee.objects.get(nip=NEW_NIP)
    assert (created.agency, created.unit, response.json()["id"]) == (world.bekasi, world.bekasi_setda, created.pk)
    event = AuditEvent.objects.get(action="employee.create", object_id=str(created.pk))
    assert (event.interface, event.actor, event.after["name"]) == ("api", world.bekasi_hr, "Rina Wulandari")


@pytest.mark.parametrize("overrides, field", [
    ({"nip": "199113312019032007"}, "nip"),  # 31 March 1991 is fine, the 13th month is not
    ({"employment_type": "NON_ASN", "nik": ""}, "nik"),
    ({"active_until": "2024-05-01"}, "active_until"),  # before active_from
    ({"active_from": "2204-05-02"}, "active_from"),  # a typo for 2024
    ({"agency": 5}, "agency"),  # the agency follows the unit and cannot be set
])
def test_bad_input_gets_a_per_field_reason_and_saves_nothing(world, api, overrides, field):
    response = api(world.bekasi_hr).post(URL, new_employee(world, **overrides), format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert not Employee.objects.filter(name="Rina Wulandari").exists()


def test_hr_cannot_place_an_employee_in_another_agencys_unit(world, api):
    response = api(world.bekasi_hr).post(URL, new_employee(world, unit=world.tangerang_setda.pk), format="json")
    assert response.status_code == 400 and "unit" in response.json()["errors"]
    assert not Employee.objects.filter(nip=NEW_NIP).exists()


def test_roles_other_than_hr_cannot_create_employees(world, api):
    for user in (world.bekasi_inspector, world.bekasi_head, world.bekasi_employee):
        assert api(user).post(URL, new_employee(world), format="json").status_code == 403
    assert api().post(URL, new_employee(world), format="json").status_code == 401
    assert not Employee.objects.filter(nip=NEW_NIP).exists()


def test_hr_moves_an_employee_to_another_unit_with_a_patch(world, api):
    moved = world.bekasi_staff[2]
    response = api(world.bekasi_hr).patch(f"{URL}{moved.pk}/", {"unit": world.bekasi_dinkes.pk}, format="json")
    assert response.status_code == 200, response.json()
    moved.refresh_from_db()
    assert (moved.unit, moved.name) == (world.bekasi_dinkes, world.bekasi_staff[2].name)
    event = AuditEvent.objects.get(action="employee.change", object_id=str(moved.pk))
    assert (event.before["unit"], event.after["unit"]) == (world.bekasi_setda.pk, world.bekasi_dinkes.pk)


def test_another_agencys_employee_is_not_found_and_an_inspector_may_read_but_not_change(world, api):
    tangerang = world.tangerang_staff[0]
    assert api(world.bekasi_hr).patch(f"{URL}{tangerang.pk}/", {"name": "X"}, format="json").status_code == 404
    assert api(world.bekasi_hr).post(f"{URL}{tangerang.pk}/end/", {"last_day": "2024-06-30"}, format="json").status_code == 404
    bekasi = world.bekasi_staff[3]
    assert api(world.bekasi_inspector).get(f"{URL}{bekasi.pk}/").status_code == 200
    assert api(world.bekasi_inspector).patch(f"{URL}{bekasi.pk}/", {"name": "X"}, format="json").status_code == 403
    tangerang.refresh_from_db()
    bekasi.refresh_from_db()
    assert "X" not in (tangerang.name, bekasi.name)


def test_hr_ends_employment_and_the_record_stays(world, api):
    leaver = world.bekasi_staff[3]
    response = api(world.bekasi_hr).post(f"{URL}{leaver.pk}/end/", {"last_day": "2024-06-30"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["active_until"] == "2024-06-30"
    assert Employee.objects.get(pk=leaver.pk).active_until == datetime.date(2024, 6, 30)
    too_early = api(world.bekasi_hr).post(f"{URL}{leaver.pk}/end/", {"last_day": "2019-12-31"}, format="json")
    assert too_early.status_code == 400 and "active_until" in too_early.json()["errors"]


def test_a_put_or_delete_is_not_offered(world, api):
    target = f"{URL}{world.bekasi_staff[0].pk}/"
    assert api(world.bekasi_hr).put(target, new_employee(world), format="json").status_code == 405
    assert api(world.bekasi_hr).delete(target).status_code == 405
    assert Employee.objects.filter(pk=world.bekasi_staff[0].pk).exists()
