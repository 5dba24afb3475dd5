"""The Pegawai screens of an HR officer: list with filters, create, edit, end."""

import datetime

import pytest
from django.urls import reverse

from agencies.models import AuditEvent, Employee
from tests import factories as f

from .conftest import VALID_NIP

LIST = reverse("employees:list")
MAX_LIST_QUERIES = 10  # session, user, scope (3), menu and notifications (2), units, count, page


@pytest.fixture
def hr_client(client, world):
    client.force_login(world.bekasi_hr)
    return client


def names(response):
    return {e.name for e in response.context["page"]}


def test_the_list_searches_by_name_nip_and_nik(hr_client, world):
    target = world.bekasi_staff[2]
    assert names(hr_client.get(LIST, {"q": target.name})) == {target.name}
    assert names(hr_client.get(LIST, {"q": target.nip})) == {target.name}
    non_asn = f.employee(world.bekasi_dinkes, name="Budi Honorer", employment_type="NON_ASN")
    assert names(hr_client.get(LIST, {"q": non_asn.nik})) == {"Budi Honorer"}


def test_the_list_filters_by_unit_type_and_status(hr_client, world):
    f.employee(world.bekasi_dinkes, name="Perawat PPPK", employment_type="PPPK")
    ended = world.bekasi_nurses[0]
    ended.active_until = datetime.date(2023, 12, 31)
    ended.save()
    assert names(hr_client.get(LIST, {"unit": world.bekasi_bagian_umum.pk})) == {e.name for e in world.bekasi_umum_staff}
    assert names(hr_client.get(LIST, {"jenis": "PPPK"})) == {"Perawat PPPK"}
    assert names(hr_client.get(LIST, {"status": "berakhir"})) == {ended.name}
    active = names(hr_client.get(LIST, {"unit": world.bekasi_dinkes.pk, "status": "aktif"}))
    assert active == {e.name for e in world.bekasi_nurses[1:]} | {"Perawat PPPK"}


def test_the_list_pages_keep_the_filters(hr_client, world):
    for n in range(55):
        f.employee(world.bekasi_dinkes, name=f"Perawat {n:02d}")
    response = hr_client.get(LIST, {"unit": world.bekasi_dinkes.pk})
    assert response.context["page"].paginator.num_pages == 2
    assert f'?unit={world.bekasi_dinkes.pk}&amp;page=2' in response.content.decode()


def test_the_list_answers_htmx_with_the_results_fragment(hr_client, world):
    response = hr_client.get(LIST, {"q": world.bekasi_staff[0].name}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results">') and "<html" not in body


def test_the_list_query_count_does_not_grow_with_rows(hr_client, world, django_assert_max_num_queries,
                                                      django_assert_num_queries):
    hr_client.get("/")  # the first request of a session stores its time zone
    with django_assert_max_num_queries(MAX_LIST_QUERIES) as few:
        hr_client.get(LIST)
    for n in range(45):
        f.employee(world.bekasi_bagian_umum if n % 2 else world.bekasi_dinkes, name=f"Pegawai Tambahan {n}")
    with django_assert_num_queries(len(few)):
        response = hr_client.get(LIST, {"status": "aktif"})
    assert len(response.context["page"]) == 50


def test_the_menu_offers_pegawai_to_hr_only(client, world):
    client.force_login(world.bekasi_hr)
    assert LIST in client.get("/").content.decode()
    client.force_login(world.bekasi_inspector)
    assert LIST not in client.get("/").content.decode()


def test_hr_creates_an_employee_through_the_form(hr_client, world, new_pns):
    response = hr_client.post(reverse("employees:create"), new_pns)
    assert response.status_code == 302
    employee = Employee.objects.get(nip=VALID_NIP)
    assert employee.agency == world.bekasi and employee.position == "Analis Kebijakan"
    assert AuditEvent.objects.filter(action="employee.create", object_id=str(employee.pk), interface="web").exists()


def test_the_form_offers_only_the_agencys_units(hr_client, world):
    response = hr_client.get(reverse("employees:create"))
    units = set(response.context["form"].fields["unit"].queryset)
    assert units == {world.bekasi_setda, world.bekasi_bagian_umum, world.bekasi_dinkes}


def test_an_invalid_nip_is_shown_on_its_field_and_the_input_is_kept(hr_client, world, new_pns):
    bad = {**new_pns, "nip": "19901332" + VALID_NIP[8:], "active_until": "2023-01-01"}
    response = hr_client.post(reverse("employees:create"), bad)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"nip", "active_until"}
    body = response.content.decode()
    assert 'value="Siti Rahmawati"' in body and f'value="{bad["nip"]}"' in body and "Analis Kebijakan" in body
    assert not Employee.objects.filter(name="Siti Rahmawati").exists()


def test_hr_edits_an_employee_and_the_change_is_audited(hr_client, world):
    employee = world.bekasi_staff[2]
    form = hr_client.get(reverse("employees:edit", args=[employee.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(name="Nama Baru", active_from="2020-01-01", unit=world.bekasi_bagian_umum.pk)
    response = hr_client.post(reverse("employees:edit", args=[employee.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    employee.refresh_from_db()
    assert employee.name == "Nama Baru" and employee.unit == world.bekasi_bagian_umum
    event = AuditEvent.objects.get(action="employee.change")
    assert event.before["unit"] == world.bekasi_setda.pk and event.after["unit"] == world.bekasi_bagian_umum.pk


def test_hr_ends_employment_with_a_date(hr_client, world):
    employee = world.bekasi_staff[3]
    assert hr_client.get(reverse("employees:end", args=[employee.pk])).status_code == 200
    response = hr_client.post(reverse("employees:end", args=[employee.pk]), {"last_day": "2024-04-30"})
    assert response.status_code == 302
    employee.refresh_from_db()
    assert employee.active_until == datetime.date(2024, 4, 30)
    assert AuditEvent.objects.filter(action="employee.end", object_id=str(employee.pk)).exists()


def test_ending_before_the_start_shows_the_error_on_the_date(hr_client, world):
    employee = world.bekasi_staff[3]
    response = hr_client.post(reverse("employees:end", args=[employee.pk]), {"last_day": "2019-12-31"})
    assert response.status_code == 200 and "last_day" in response.context["form"].errors
    employee.refresh_from_db()
    assert employee.active_until is None


def test_the_screens_speak_english_when_asked(hr_client, world):
    hr_client.post("/i18n/setlang/", {"language": "en", "next": LIST})
    body = hr_client.get(LIST).content.decode()
    assert "Add employee" in body and "End employment" in body and "Akhiri masa kerja" not in body
