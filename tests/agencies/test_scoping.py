"""The one door: what each role may see and change, proven with two agencies' people."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from agencies.models import Agency, Employee, Role
from agencies.scoping import EMPTY_SCOPE, scope_for
from attendance.models import RosterEntry
from tests import factories as f

DAY = datetime.date(2024, 4, 16)


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def staff_ids(*groups):
    return {e.pk for group in groups for e in group}


@pytest.fixture
def rosters(world):
    """One WFO cell for every employee of both agencies on 16 April 2024."""
    RosterEntry.objects.bulk_create(
        RosterEntry(agency_id=e.agency_id, unit_id=e.unit_id, employee=e, date=DAY, location="WFO")
        for e in Employee.objects.all()
    )


def test_hr_of_bekasi_reads_and_changes_bekasi_only(world, rosters):
    scope = scope_for(world.bekasi_hr)
    bekasi_people = staff_ids(world.bekasi_staff, world.bekasi_umum_staff, world.bekasi_nurses)
    assert ids(scope.employees()) == bekasi_people
    assert ids(scope.agencies()) == {world.bekasi.pk}
    assert set(RosterEntry.objects.visible_to(scope).values_list("employee_id", flat=True)) == bekasi_people
    assert scope.can_edit_roster(world.bekasi_dinkes)
    assert not scope.can_edit_roster(world.tangerang_setda)
    assert not scope.can_read_unit(world.tangerang_setda)
    assert not scope.can_review_findings(world.tangerang.pk)


def test_hr_of_tangerang_cannot_reach_bekasi(world, rosters):
    scope = scope_for(world.tangerang_hr)
    assert ids(scope.employees()) == staff_ids(world.tangerang_staff)
    assert not ids(scope.units()) & {world.bekasi_setda.pk, world.bekasi_dinkes.pk}
    assert not scope.can_edit_roster(world.bekasi_setda)


def test_unit_head_sees_the_subtree_and_nothing_beside_it(world, rosters):
    scope = scope_for(world.bekasi_head)
    subtree = staff_ids(world.bekasi_staff, world.bekasi_umum_staff)
    assert ids(scope.employees()) == subtree
    assert ids(scope.units()) == {world.bekasi_setda.pk, world.bekasi_bagian_umum.pk}
    assert set(RosterEntry.objects.visible_to(scope).values_list("employee_id", flat=True)) == subtree
    assert scope.can_decide_wfh(world.bekasi_bagian_umum)
    assert not scope.can_decide_wfh(world.bekasi_dinkes)
    assert not scope.can_read_unit(world.bekasi_dinkes)
    assert not scope.can_edit_roster(world.bekasi_setda)  # deciding is not editing, unless granted


def test_an_acting_head_granted_roster_editing_may_edit_the_subtree_only(world):
    plt = f.user("plt_kabag_umum", Role.UNIT_HEAD, unit=world.bekasi_bagian_umum, acting=True, can_edit_roster=True)
    scope = scope_for(plt)
    assert scope.can_edit_roster(world.bekasi_bagian_umum)
    assert not scope.can_edit_roster(world.bekasi_setda)
    assert ids(scope.employees()) == staff_ids(world.bekasi_umum_staff)


def test_inspector_of_bekasi_reads_bekasi_but_changes_nothing(world, rosters):
    scope = scope_for(world.bekasi_inspector)
    assert ids(scope.employees()) == staff_ids(world.bekasi_staff, world.bekasi_umum_staff, world.bekasi_nurses)
    assert scope.can_review_findings(world.bekasi.pk)
    assert not scope.can_review_findings(world.tangerang.pk)
    assert not scope.can_edit_roster(world.bekasi_setda)
    assert not scope.can_decide_wfh(world.bekasi_setda)


def test_region_inspector_sees_every_agency_seated_in_the_region(world):
    bogor_region = f.region("32.01", "Kabupaten Bogor", "regency", parent=world.jabar)
    bogor = f.agency("pemkab-bogor", "Pemerintah Kabupaten Bogor", "Pemkab Bogor", seat=bogor_region, kind="regency")
    bogor_staff = [f.employee(f.unit(bogor, "Sekretariat Daerah", "administration"))]
    scope = scope_for(world.jabar_inspector)
    assert ids(scope.agencies()) == {world.bekasi.pk, bogor.pk}
    assert staff_ids(bogor_staff) <= ids(scope.employees())
    assert not staff_ids(world.tangerang_staff) & ids(scope.employees())


def test_employee_sees_only_themselves(world, rosters):
    me = world.bekasi_staff[1]
    scope = scope_for(world.bekasi_employee)
    assert ids(scope.employees()) == {me.pk}
    assert ids(scope.units()) == set()
    assert ids(scope.agencies()) == {world.bekasi.pk}
    assert set(RosterEntry.objects.visible_to(scope).values_list("employee_id", flat=True)) == {me.pk}
    assert not scope.can_edit_roster(me.unit)
    assert not scope.can_decide_wfh(me.unit)


def test_policy_admin_manages_own_circulars_and_reads_no_people(world):
    admin = f.user("admin_kebijakan", Role.POLICY_ADMIN, agency=world.bekasi)
    scope = scope_for(admin)
    assert scope.can_issue_for(world.bekasi.pk)
    assert not scope.can_issue_for(world.tangerang.pk)
    assert ids(scope.employees()) == set()


def test_a_user_with_two_roles_gets_both_reaches(world):
    both = f.user("hr_dan_inspektur", Role.HR_OFFICER, agency=world.tangerang)
    both.roles.create(role=Role.INSPECTOR, agency=world.bekasi)
    scope = scope_for(both)
    assert scope.can_edit_roster(world.tangerang_setda)
    assert not scope.can_edit_roster(world.bekasi_setda)
    assert ids(scope.agencies()) == {world.bekasi.pk, world.tangerang.pk}


def test_superuser_sees_everything_and_nobody_else_is_anonymous(world):
    root = f.user("root")
    root.is_superuser = True
    root.save()
    assert ids(scope_for(root).agencies()) == set(Agency.objects.values_list("pk", flat=True))
    assert scope_for(AnonymousUser()) is EMPTY_SCOPE
    world.bekasi_hr.is_active = False
    assert scope_for(world.bekasi_hr) is EMPTY_SCOPE


def test_scope_is_built_with_few_queries_and_cached_per_user_object(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        scope = scope_for(world.jabar_inspector)
    with django_assert_max_num_queries(0):
        assert scope_for(world.jabar_inspector) is scope


def test_no_module_outside_the_scoping_door_reads_the_role_id_sets():
    """agencies/scoping.py is the one door: everyone else asks it a named question."""
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2]
    pattern = re.compile(r"\b(hr_agency_ids|head_unit_paths|policy_agency_ids|inspector_agency_ids|roster_editor_unit_paths|_paths_q)\b")
    offenders = []
    for path in root.glob("**/*"):
        if path.suffix not in (".py", ".html") or any(p in path.parts for p in (".venv", "tests", "migrations", "var")):
            continue
        if path.name == "scoping.py" and path.parent.name == "agencies":
            continue
        if pattern.search(path.read_text(encoding="utf-8", errors="ignore")):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []
