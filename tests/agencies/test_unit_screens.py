"""HR officers keep their agency's units current (Unit kerja screen and API), scoped and audited."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from agencies.models import AuditEvent, Unit


@pytest.fixture
def hr_client(client, world):
    client.force_login(world.bekasi_hr)
    return client


def api_as(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_the_list_shows_the_agencys_unit_tree_only(hr_client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = hr_client.get(reverse("units:list"))
    assert response.status_code == 200
    names = [u.name for u in response.context["page"]]
    assert names[:2] == ["Sekretariat Daerah", "Bagian Umum"] and "Dinas Kesehatan" in names
    assert world.tangerang_setda not in list(response.context["page"])


def test_hr_creates_a_sub_unit_with_an_acting_head_and_it_is_audited(hr_client, world):
    acting = world.bekasi_staff[2]
    response = hr_client.post(reverse("units:create"), {
        "agency": world.bekasi.pk, "name": "Subbagian Protokol", "code": "PROT", "parent": world.bekasi_setda.pk,
        "service_category": "", "acting_head": acting.nip, "acting_head_from": "2024-04-01", "acting_head_until": "2024-06-30",
    })
    assert response.status_code == 302, response.context["form"].errors
    unit = Unit.objects.get(name="Subbagian Protokol")
    assert (unit.parent, unit.effective_category, unit.acting_head) == (world.bekasi_setda, "administration", acting)
    assert unit.acting_on(datetime.date(2024, 5, 2)) and not unit.acting_on(datetime.date(2024, 7, 1))
    event = AuditEvent.objects.get(action="unit.create")
    assert (event.actor, event.agency_id, event.unit_id, event.after["acting_head"]) == (
        world.bekasi_hr, world.bekasi.pk, unit.pk, acting.pk)


def test_hr_renames_and_recategorises_a_unit(hr_client, world):
    unit = world.bekasi_bagian_umum
    form = hr_client.get(reverse("units:edit", args=[unit.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(name="Bagian Umum dan Protokol", service_category="leadership_support",
                head=world.bekasi_umum_staff[0].nip, head_since="2023-01-02")
    response = hr_client.post(reverse("units:edit", args=[unit.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    unit.refresh_from_db()
    assert (unit.name, unit.effective_category, unit.head) == ("Bagian Umum dan Protokol", "leadership_support", world.bekasi_umum_staff[0])
    event = AuditEvent.objects.get(action="unit.change")
    assert (event.before["name"], event.after["name"], event.after["head_since"]) == ("Bagian Umum", "Bagian Umum dan Protokol", "2023-01-02")


def test_a_unit_cannot_hang_under_itself_nor_take_another_agencys_head(hr_client, world):
    setda = world.bekasi_setda
    form = hr_client.get(reverse("units:edit", args=[setda.pk])).context["form"]
    assert world.bekasi_bagian_umum not in form.fields["parent"].queryset  # its own subtree is not offered
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(parent=world.bekasi_bagian_umum.pk, head=world.tangerang_staff[0].nip)
    response = hr_client.post(reverse("units:edit", args=[setda.pk]), data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"parent"}
    assert not AuditEvent.objects.filter(action="unit.change").exists()


def test_acting_dates_in_the_wrong_order_are_refused_on_the_field(hr_client, world):
    response = hr_client.post(reverse("units:create"), {
        "agency": world.bekasi.pk, "name": "UPT Baru", "service_category": "public_service",
        "acting_head": world.bekasi_staff[1].nip, "acting_head_from": "2024-06-30", "acting_head_until": "2024-04-01",
    })
    assert response.status_code == 200 and "acting_head_until" in response.context["form"].errors
    assert not Unit.objects.filter(name="UPT Baru").exists()


def test_hr_of_tangerang_cannot_create_or_edit_bekasis_units(client, world):
    client.force_login(world.tangerang_hr)
    assert client.get(reverse("units:edit", args=[world.bekasi_setda.pk])).status_code == 404
    assert client.post(reverse("units:edit", args=[world.bekasi_setda.pk]), {"name": "Diretas"}).status_code == 404
    response = client.post(reverse("units:create"), {"agency": world.bekasi.pk, "name": "Unit Titipan", "service_category": "health"})
    assert response.status_code == 200 and "agency" in response.context["form"].errors
    api = api_as(world.tangerang_hr)
    assert api.patch(f"/api/v1/units/{world.bekasi_setda.pk}/", {"name": "Diretas"}, format="json").status_code == 404
    created = api.post("/api/v1/units/", {"agency": world.bekasi.pk, "name": "Unit Titipan", "service_category": "health"}, format="json")
    assert created.status_code == 403
    assert api.post("/api/v1/units/", {"name": "UPT Tangerang", "parent": world.bekasi_setda.pk}, format="json").status_code == 400
    assert Unit.objects.get(pk=world.bekasi_setda.pk).name == "Sekretariat Daerah"
    assert not Unit.objects.filter(name__in=["Unit Titipan", "UPT Tangerang"]).exists()
    assert not AuditEvent.objects.filter(object_type="agencies.unit").exists()


def test_other_roles_cannot_reach_the_unit_screens(client, world):
    for user in (world.bekasi_head, world.bekasi_inspector, world.bekasi_employee):
        client.force_login(user)
        assert client.get(reverse("units:list")).status_code == 403
        assert client.post(reverse("units:create"), {"agency": world.bekasi.pk, "name": "X"}).status_code == 403


def test_the_api_creates_and_changes_units_through_the_same_service(world):
    api = api_as(world.bekasi_hr)
    created = api.post("/api/v1/units/", {"name": "UPT Puskesmas Bantargebang", "parent": world.bekasi_dinkes.pk,
                                          "code": "PKM-BTG"}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["agency"], body["effective_category"]) == (world.bekasi.pk, "health")
    changed = api.patch(f"/api/v1/units/{body['id']}/", {"acting_head": world.bekasi_nurses[0].pk,
                                                        "acting_head_from": "2024-04-01"}, format="json")
    assert changed.status_code == 200 and changed.json()["acting_head"] == world.bekasi_nurses[0].pk
    assert list(AuditEvent.objects.filter(object_type="agencies.unit").values_list("action", "interface")) == [
        ("unit.change", "api"), ("unit.create", "api"),
    ]
    unknown = api.patch(f"/api/v1/units/{body['id']}/", {"nama": "x"}, format="json")
    assert unknown.status_code == 400 and "nama" in unknown.json()["errors"]
    huge = api.patch(f"/api/v1/units/{body['id']}/", {"head": 2**70}, format="json")
    assert huge.status_code == 400
