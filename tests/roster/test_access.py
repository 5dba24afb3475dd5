"""Who may read and who may change a unit's roster (design §1; issue 4 item 7)."""

import pytest
from django.urls import reverse

from attendance.models import RosterEntry
from tests import factories as f

from .conftest import APR16, WEEK_OF_APR15, cell_ref

pytestmark = pytest.mark.django_db


def grid_url(unit):
    return f"{reverse('roster:grid')}?unit={unit.pk}&mulai={WEEK_OF_APR15}"


def post_cell(client, unit, employee, code="WFH"):
    return client.post(reverse("roster:cells_set", args=[unit.pk]), {"cells": cell_ref(employee, APR16), "code": code})


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(grid_url(world.bekasi_setda))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_employee_without_a_roster_role_is_sent_to_their_own_roster_and_cannot_write(client, world):
    client.force_login(world.bekasi_employee)
    response = client.get(grid_url(world.bekasi_setda))
    assert response.status_code == 302 and response["Location"] == reverse("selfservice:roster")
    assert post_cell(client, world.bekasi_setda, world.bekasi_staff[1]).status_code == 403


def test_hr_officer_edits_own_agency_unit(client, world):
    client.force_login(world.bekasi_hr)
    response = client.get(grid_url(world.bekasi_setda))
    assert response.status_code == 200
    assert response.context["editable"] is True
    assert post_cell(client, world.bekasi_setda, world.bekasi_staff[1]).status_code == 200
    assert RosterEntry.objects.get(employee=world.bekasi_staff[1], date=APR16).location == "WFH"


def test_hr_officer_of_bekasi_cannot_reach_tangerang(client, world):
    client.force_login(world.bekasi_hr)
    assert client.get(grid_url(world.tangerang_setda)).status_code == 404
    assert post_cell(client, world.tangerang_setda, world.tangerang_staff[0]).status_code == 404
    assert client.get(reverse("roster:export", args=[world.tangerang_setda.pk, "csv"])).status_code == 404
    assert client.get(reverse("roster:history", args=[world.tangerang_setda.pk])).status_code == 404
    assert not RosterEntry.objects.filter(employee=world.tangerang_staff[0]).exists()


def test_hr_officer_cannot_write_another_units_staff_through_own_unit(client, world):
    client.force_login(world.bekasi_hr)
    response = post_cell(client, world.bekasi_setda, world.tangerang_staff[0])
    assert b"bukan milik pegawai unit ini" in response.content
    assert not RosterEntry.objects.filter(employee=world.tangerang_staff[0]).exists()


def test_unit_head_reads_subtree_but_cannot_edit(client, world):
    client.force_login(world.bekasi_head)
    response = client.get(grid_url(world.bekasi_bagian_umum))
    assert response.status_code == 200
    assert response.context["editable"] is False
    assert b'data-testid="read-only"' in response.content
    assert post_cell(client, world.bekasi_bagian_umum, world.bekasi_umum_staff[0]).status_code == 403
    assert client.get(grid_url(world.bekasi_dinkes)).status_code == 404  # outside the head's subtree
    assert client.get(reverse("roster:import", args=[world.bekasi_setda.pk])).status_code == 403


def test_unit_head_with_roster_right_edits(client, world):
    head = f.user("kepala_umum", f.Role.UNIT_HEAD, unit=world.bekasi_bagian_umum, can_edit_roster=True)
    client.force_login(head)
    assert post_cell(client, world.bekasi_bagian_umum, world.bekasi_umum_staff[0]).status_code == 200
    assert RosterEntry.objects.filter(employee=world.bekasi_umum_staff[0]).exists()
    assert post_cell(client, world.bekasi_setda, world.bekasi_staff[0]).status_code == 404


def test_inspector_reads_within_jurisdiction_only(client, world):
    client.force_login(world.jabar_inspector)
    response = client.get(grid_url(world.bekasi_dinkes))
    assert response.status_code == 200
    assert response.context["editable"] is False
    assert post_cell(client, world.bekasi_dinkes, world.bekasi_nurses[0]).status_code == 403
    assert client.get(reverse("roster:history", args=[world.bekasi_dinkes.pk])).status_code == 200
    assert client.get(reverse("roster:export", args=[world.bekasi_dinkes.pk, "csv"])).status_code == 200
    assert client.get(grid_url(world.tangerang_setda)).status_code == 404
    assert client.post(reverse("roster:undo", args=[world.bekasi_dinkes.pk])).status_code == 403


def test_unit_picker_lists_only_units_in_scope(client, world):
    client.force_login(world.bekasi_inspector)
    response = client.get(reverse("roster:grid"))
    choices = dict(response.context["form"].fields["unit"].choices)
    assert world.bekasi_setda.pk in choices
    assert world.tangerang_setda.pk not in choices
