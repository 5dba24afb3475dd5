"""Undo and redo over the whole session: the session's own later steps never block an earlier one,
another officer's edit since does, and says who."""

import pytest
from django.urls import reverse

from agencies.audit import AuditContext
from attendance.models import RosterEntry
from attendance.roster.patterns import TEAM_AB
from attendance.roster.services import RosterChange, roster_entries_set
from tests import factories as f

from .conftest import APR16, APR17, cell_ref, set_entries

pytestmark = pytest.mark.django_db


def post(client, unit, refs, **data):
    return client.post(reverse("roster:cells_set", args=[unit.pk]), {"cells": ",".join(refs), **data}).content.decode()


def undo(client, unit):
    return client.post(reverse("roster:undo", args=[unit.pk])).content.decode()


def redo(client, unit):
    return client.post(reverse("roster:redo", args=[unit.pk])).content.decode()


def roster(unit, days=(APR16, APR17)):
    return {
        (e.employee_id, e.date): (e.location, e.version)
        for e in RosterEntry.objects.filter(unit=unit, date__in=days)
    }


def locations(unit, days=(APR16, APR17)):
    return {k: loc for k, (loc, _v) in roster(unit, days).items()}


def version(employee, day):
    return RosterEntry.objects.get(employee=employee, date=day).version


@pytest.fixture
def hr(client, world, se_1_2024):
    client.force_login(world.bekasi_hr)
    set_entries(world.bekasi_staff, APR16, "WFO")
    set_entries(world.bekasi_staff, APR17, "WFO")
    return client


def test_pattern_then_two_fixes_then_three_undos_get_back_to_the_start(hr, world):
    unit, a = world.bekasi_setda, world.bekasi_staff[0]
    start = locations(unit)
    post(hr, unit, [cell_ref(e, d, 1) for e in world.bekasi_staff for d in (APR16, APR17)], pattern=TEAM_AB)
    post(hr, unit, [cell_ref(a, APR16, version(a, APR16))], code="DL")
    post(hr, unit, [cell_ref(a, APR17, version(a, APR17))], code="SAKIT")  # the same cell family the pattern wrote
    assert locations(unit) != start
    assert "1 sel dikembalikan" in undo(hr, unit)
    assert "1 sel dikembalikan" in undo(hr, unit)
    html = undo(hr, unit)
    assert "sudah diubah" not in html and "sel dikembalikan" in html
    assert locations(unit) == start
    assert "Tidak ada perubahan untuk dibatalkan" in undo(hr, unit)


def test_redo_walks_forward_again_and_a_new_edit_ends_it(hr, world):
    unit, a = world.bekasi_setda, world.bekasi_staff[0]
    post(hr, unit, [cell_ref(e, APR16, 1) for e in world.bekasi_staff], pattern=TEAM_AB)
    patterned = locations(unit)
    post(hr, unit, [cell_ref(a, APR16, version(a, APR16))], code="DL")
    undo(hr, unit)
    undo(hr, unit)
    assert "id=\"roster-redo\"" in (html := redo(hr, unit)) and "sel diubah lagi" in html
    assert locations(unit) == patterned
    redo(hr, unit)
    assert RosterEntry.objects.get(employee=a, date=APR16).location == "DL"
    undo(hr, unit)
    post(hr, unit, [cell_ref(a, APR17, version(a, APR17))], code="CUTI", leave_type="CT")
    assert "Tidak ada perubahan untuk diulang" in redo(hr, unit)


def test_another_officers_edit_since_refuses_the_undo_and_names_them(hr, world):
    unit, a = world.bekasi_setda, world.bekasi_staff[0]
    post(hr, unit, [cell_ref(a, APR16, 1)], code="WFH")
    post(hr, unit, [cell_ref(a, APR16, 2)], code="DL")
    undo(hr, unit)  # back to WFH: the session's own step
    other = f.user("hr_bekasi_2", f.Role.HR_OFFICER, agency=world.bekasi)
    other.first_name, other.last_name = "Rina", "Wulandari"
    other.save()
    roster_entries_set(context=AuditContext(actor=other), changes=[
        RosterChange(employee_id=a.pk, date=APR16, location="SAKIT", expected_version=version(a, APR16)),
    ])
    html = undo(hr, unit)
    assert "Sel ini sudah diubah oleh Rina Wulandari" in html
    assert RosterEntry.objects.get(employee=a, date=APR16).location == "SAKIT"  # nothing lost


def test_an_edit_in_between_by_someone_else_breaks_the_chain_and_is_told(hr, world):
    """The officer overwrote another's change; undoing further back would silently drop that change."""
    unit, a = world.bekasi_setda, world.bekasi_staff[0]
    post(hr, unit, [cell_ref(a, APR16, 1)], code="WFH")
    other = f.user("hr_bekasi_2", f.Role.HR_OFFICER, agency=world.bekasi)
    roster_entries_set(context=AuditContext(actor=other), changes=[
        RosterChange(employee_id=a.pk, date=APR16, location="DL", expected_version=2),
    ])
    post(hr, unit, [cell_ref(a, APR16, 3)], code="CUTI", leave_type="CT")
    undo(hr, unit)  # back to the other officer's DL
    html = undo(hr, unit)
    assert "diubah orang lain di antaranya" in html
    assert RosterEntry.objects.get(employee=a, date=APR16).location == "DL"


def test_a_save_that_pushes_a_day_over_the_cap_names_it_in_a_warning(hr, world):
    unit = world.bekasi_setda
    a, b, c = world.bekasi_staff[:3]
    html = post(hr, unit, [cell_ref(a, APR16, 1), cell_ref(b, APR16, 1)], code="WFH")
    assert 'data-level="success"' in html and "Melebihi batas" not in html  # 2 of 2: at the cap, not over
    html = post(hr, unit, [cell_ref(c, APR16, 1), cell_ref(c, APR17, 1)], code="WFH")
    assert 'data-level="warning"' in html
    assert "Melebihi batas surat edaran: 16 April 2024 (WFH 3 dari maks. 2, SE MenPANRB 1/2024 · 50%)." in html
    assert "17 April 2024" not in html.split("Melebihi batas")[1].split("</div>")[0]  # 1 of 2 on the 17th
    html = post(hr, unit, [cell_ref(c, APR17, 2)], code="DL")  # the 16th stays over, not made worse
    assert 'data-level="success"' in html and "Melebihi batas" not in html


def test_wfh_on_a_wfo_100_day_is_named(hr, world):
    nurse = world.bekasi_nurses[0]
    html = post(hr, world.bekasi_dinkes, [cell_ref(nurse, APR16)], code="WFH")
    assert 'data-level="warning"' in html and "16 April 2024 (Wajib WFO 100%, 1 WFH, SE MenPANRB 1/2024 · 0%)" in html


def test_an_undo_that_puts_a_day_back_over_the_cap_says_so(hr, world):
    unit = world.bekasi_setda
    set_entries(world.bekasi_staff[:3], APR16, "WFH")
    post(hr, unit, [cell_ref(world.bekasi_staff[0], APR16, 1)], code="WFO")
    html = undo(hr, unit)
    assert 'data-level="warning"' in html and "16 April 2024 (WFH 3 dari maks. 2" in html
