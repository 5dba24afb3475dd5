"""Every Django-admin write to regions, agencies, units, users, role assignments and holidays is
audited (who, when, before, after), and role grants appear in the inspectors' audit log."""

import pytest
from django.utils import timezone

from agencies.models import AuditEvent, Role, RoleAssignment
from policies.models import Holiday
from tests import factories as f


@pytest.fixture
def root(world, client):
    user = f.user("root")
    user.is_superuser = user.is_staff = True
    user.save()
    client.force_login(user)
    return user


def user_change_data(user, **extra) -> dict:
    joined = timezone.localtime(user.date_joined)
    return {
        "username": user.username, "first_name": user.first_name, "last_name": user.last_name, "email": user.email,
        "is_active": "on", "date_joined_0": joined.strftime("%Y-%m-%d"), "date_joined_1": joined.strftime("%H:%M:%S"),
        "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0", "roles-MIN_NUM_FORMS": "0", "roles-MAX_NUM_FORMS": "1000",
        **extra,
    }


def test_a_role_granted_in_the_admin_appears_in_the_audit_log(world, client, root):
    target = f.user("calon_hr")
    response = client.post(f"/admin/agencies/user/{target.pk}/change/", user_change_data(target, **{
        "roles-TOTAL_FORMS": "1", "roles-0-role": Role.HR_OFFICER, "roles-0-agency": world.bekasi.pk,
        "roles-0-unit": "", "roles-0-region": "",
    }))
    assert response.status_code == 302, response.content.decode()[:3000]
    grant = RoleAssignment.objects.get(user=target)
    event = AuditEvent.objects.get(action="roleassignment.admin_create")
    assert (event.actor, event.interface, event.object_id, event.agency_id) == (root, "admin", str(grant.pk), world.bekasi.pk)
    assert event.before is None and event.after["role"] == "hr_officer" and event.after["user"] == target.pk

    client.force_login(world.bekasi_inspector)
    log = client.get("/audit/", {"object_type": "agencies.roleassignment"})
    assert [e.pk for e in log.context["page"]] == [event.pk]
    assert "Peran pengguna" in log.content.decode()


def test_revoking_a_role_in_the_admin_is_audited_with_what_it_was(world, client, root):
    grant = RoleAssignment.objects.get(user=world.bekasi_hr)
    response = client.post(f"/admin/agencies/user/{world.bekasi_hr.pk}/change/", user_change_data(world.bekasi_hr, **{
        "roles-TOTAL_FORMS": "1", "roles-INITIAL_FORMS": "1", "roles-0-id": grant.pk, "roles-0-user": world.bekasi_hr.pk,
        "roles-0-role": grant.role, "roles-0-agency": grant.agency_id, "roles-0-DELETE": "on",
    }))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not RoleAssignment.objects.filter(pk=grant.pk).exists()
    event = AuditEvent.objects.get(action="roleassignment.admin_delete")
    assert (event.object_id, event.agency_id, event.before["role"], event.after) == (str(grant.pk), world.bekasi.pk, "hr_officer", None)


def test_a_unit_head_grant_is_filed_under_the_units_agency(world, client, root):
    target = f.user("calon_kepala")
    response = client.post("/admin/agencies/roleassignment/add/", {
        "user": target.pk, "role": Role.UNIT_HEAD, "unit": world.bekasi_dinkes.pk, "agency": "", "region": "",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(action="roleassignment.admin_create")
    assert (event.agency_id, event.unit_id) == (world.bekasi.pk, world.bekasi_dinkes.pk)


def test_user_changes_are_audited_without_the_password_hash(world, client, root):
    target = world.bekasi_hr
    response = client.post(f"/admin/agencies/user/{target.pk}/change/", user_change_data(target, is_staff="on"))
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(action="user.admin_change")
    assert event.before["is_staff"] is False and event.after["is_staff"] is True
    assert "password" not in event.before and "password" not in event.after
    response = client.post(f"/admin/agencies/user/{target.pk}/password/", {
        "password1": "Sandi-Baru-2024!", "password2": "Sandi-Baru-2024!", "usable_password": "true",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    changed = AuditEvent.objects.get(action="user.admin_password_change")
    assert changed.after == {"password_changed": True} and changed.actor == root


@pytest.mark.parametrize("url, data, action", [
    ("/admin/policies/holiday/add/", {"date": "2024-04-19", "name": "Hari Jadi Kota", "kind": "national", "region": "", "agency": ""},
     "holiday.admin_create"),
    ("/admin/agencies/region/add/", {"code": "32.76", "name": "Kota Depok", "level": "city", "timezone": "Asia/Jakarta", "parent": ""},
     "region.admin_create"),
])
def test_holidays_and_regions_added_in_the_admin_are_audited(world, client, root, url, data, action):
    if "region" in url:
        data["parent"] = world.jabar.pk
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(action=action)
    assert event.before is None and event.after["name"] == data["name"] and event.actor == root


def test_renaming_a_unit_and_an_agency_in_the_admin_is_audited_under_the_agency(world, client, root):
    unit = world.bekasi_dinkes
    assert client.post(f"/admin/agencies/unit/{unit.pk}/change/", {
        "agency": unit.agency_id, "parent": "", "code": "", "name": "Dinas Kesehatan Kota", "service_category": "health",
        "head": "", "acting_head": "",
    }).status_code == 302
    event = AuditEvent.objects.get(action="unit.admin_change")
    assert (event.agency_id, event.unit_id, event.before["name"], event.after["name"]) == (
        world.bekasi.pk, unit.pk, "Dinas Kesehatan", "Dinas Kesehatan Kota")
    Holiday.objects.create(date="2024-04-10", name="Idulfitri", kind="national")
    deleted = Holiday.objects.get(name="Idulfitri")
    assert client.post(f"/admin/policies/holiday/{deleted.pk}/delete/", {"post": "yes"}).status_code == 302
    assert AuditEvent.objects.get(action="holiday.admin_delete").before["name"] == "Idulfitri"
