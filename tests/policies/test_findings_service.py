import pytest

from agencies.audit import AuditContext
from agencies.models import AuditEvent
from attendance.roster.services import RosterChange, roster_entries_set
from policies.compliance import (
    PolicyError,
    compliance_check_units,
    finding_acknowledge,
    finding_add_note,
    finding_resolve,
)
from policies.models import Finding, FindingNote, PendingCheck
from tests.factories import ministry

from .conftest import APR16, APR17, make_circular, roster, se_1_2024_rules


def check(world):
    return compliance_check_units(agency_ids=[world.bekasi.pk], start=APR16, end=APR17)


def test_it_stores_one_finding_per_unit_day_and_kind_and_rechecking_adds_nothing(rostered, world, se_1_2024):
    roster(world.bekasi_nurses, APR16, "WFH")
    roster(world.bekasi_nurses, APR17, "WFH")
    first = check(world)
    second = check(world)
    assert first.created == 2 and second.created == 0 and second.unchanged == 2
    assert Finding.objects.filter(unit=world.bekasi_dinkes, kind="wfh_in_wfo_unit").count() == 2
    f = Finding.objects.get(unit=world.bekasi_dinkes, date=APR16, kind="wfh_in_wfo_unit")
    assert (f.measured, f.limit, f.basis_count, f.rule.wfh_cap_percent) == (3, 0, 3, 0)
    assert list(f.circulars.all()) == [se_1_2024]


def test_a_reviewed_finding_keeps_its_status_and_notes_while_the_verdict_is_unchanged(rostered, world, se_1_2024):
    roster(world.bekasi_nurses, APR16, "WFH")
    check(world)
    f = Finding.objects.get(unit=world.bekasi_dinkes, date=APR16)
    finding_acknowledge(context=AuditContext(world.bekasi_inspector), finding=f, note="Sudah ditegur")
    check(world)
    f.refresh_from_db()
    assert f.status == "acknowledged" and f.reviewed_by == world.bekasi_inspector
    assert FindingNote.objects.get(finding=f).text == "Sudah ditegur"


def test_a_new_circular_with_the_same_verdict_updates_the_finding_and_keeps_its_review(rostered, world, se_1_2024):
    roster(world.bekasi_nurses, APR16, "WFH")
    check(world)
    f = Finding.objects.get(unit=world.bekasi_dinkes, date=APR16)
    finding_acknowledge(context=AuditContext(world.bekasi_inspector), finding=f)
    laxer = make_circular(ministry(), "9/2024",
                          rules=[{**r, "wfh_cap_percent": r["wfh_cap_percent"] + 25} for r in se_1_2024_rules()])
    result = check(world)
    f.refresh_from_db()
    assert set(f.circulars.all()) == {se_1_2024, laxer} and f.rule.circular == se_1_2024
    assert (result.created, result.changed, result.unchanged, f.status) == (0, 0, 1, "acknowledged")
    assert not AuditEvent.objects.filter(action="finding.reopen").exists()


def test_a_finding_stored_without_a_digest_is_rewritten_once_with_it(rostered, world, se_1_2024):
    roster(world.bekasi_nurses, APR16, "WFH")
    check(world)
    digest = Finding.objects.get(unit=world.bekasi_dinkes, date=APR16).digest
    Finding.objects.update(digest=None, basis_count=99)  # as an older version of the check left it
    result = check(world)
    f = Finding.objects.get(unit=world.bekasi_dinkes, date=APR16)
    assert (f.digest, f.basis_count, result.unchanged, result.created) == (digest, 3, 1, 0)


def test_a_changed_verdict_reopens_the_finding(rostered, world, se_1_2024):
    roster(world.bekasi_nurses, APR16, "WFH")
    check(world)
    f = Finding.objects.get(unit=world.bekasi_dinkes, date=APR16)
    finding_resolve(context=AuditContext(world.bekasi_inspector), finding=f)
    roster(world.bekasi_nurses[:1], APR16, "WFO")
    result = check(world)
    f.refresh_from_db()
    assert result.changed == 1 and (f.status, f.measured) == ("open", 2)


def test_a_day_that_now_complies_closes_its_findings_automatically(rostered, world, se_1_2024):
    roster(world.bekasi_nurses, APR16, "WFH")
    check(world)
    roster(world.bekasi_nurses, APR16, "WFO")
    result = check(world)
    f = Finding.objects.get(unit=world.bekasi_dinkes, date=APR16)
    assert result.closed == 1 and f.status == "resolved" and f.closed_automatically
    assert AuditEvent.objects.filter(action="finding.close", object_id=str(f.pk)).exists()
    roster(world.bekasi_nurses, APR16, "WFH")
    check(world)
    f.refresh_from_db()
    assert f.status == "open" and not f.closed_automatically


def test_findings_list_every_circular_that_applied_and_name_the_strictest_rule(rostered, world, se_1_2024):
    kota = make_circular(world.bekasi, "800/01/2024", scope_kind="agencies",
                         rules=[{**r, "wfh_cap_percent": min(r["wfh_cap_percent"] + 25, 100)} for r in se_1_2024_rules()])
    kota.scope_agencies.add(world.bekasi)
    other = make_circular(ministry(), "9/2024", rules=se_1_2024_rules())
    roster(world.bekasi_staff, APR16, "WFH")
    check(world)
    finding = Finding.objects.get(unit=world.bekasi_setda, date=APR16, kind="wfh_over_cap")
    assert set(finding.circulars.all()) == {se_1_2024, kota, other}
    assert finding.rule.wfh_cap_percent == 50 and finding.limit == 2


def test_an_implementing_circular_takes_the_place_of_its_parent(rostered, world, se_1_2024):
    kota = make_circular(world.bekasi, "800/01/2024", scope_kind="agencies",
                         rules=[{**r, "wfh_cap_percent": 75} for r in se_1_2024_rules()[1:2]])
    kota.scope_agencies.add(world.bekasi)
    kota.based_on.add(se_1_2024)
    roster(world.bekasi_staff[:3], APR16, "WFH")
    roster(world.bekasi_staff[3:], APR16, "WFO")
    check(world)
    assert not Finding.objects.filter(unit=world.bekasi_setda, date=APR16).exists()


def test_a_roster_edit_rechecks_its_unit_and_day_on_commit(rostered, world, se_1_2024, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        roster_entries_set(
            context=AuditContext(world.bekasi_hr),
            changes=[RosterChange(employee_id=e.pk, date=APR16, location="WFH") for e in world.bekasi_nurses],
        )
    f = Finding.objects.get(unit=world.bekasi_dinkes, date=APR16)
    assert f.kind == "wfh_in_wfo_unit" and f.measured == 3
    assert not PendingCheck.objects.exists()


def test_notes_must_not_be_empty_and_resolved_findings_cannot_be_acknowledged(rostered, world, se_1_2024):
    roster(world.bekasi_nurses, APR16, "WFH")
    check(world)
    f = Finding.objects.get(unit=world.bekasi_dinkes, date=APR16)
    with pytest.raises(PolicyError):
        finding_add_note(context=AuditContext(world.bekasi_inspector), finding=f, text="  ")
    finding_resolve(context=AuditContext(world.bekasi_inspector), finding=f, note="Ditindaklanjuti")
    with pytest.raises(PolicyError):
        finding_acknowledge(context=AuditContext(world.bekasi_inspector), finding=f)
    assert AuditEvent.objects.filter(action="finding.resolve", object_id=str(f.pk)).count() == 1
