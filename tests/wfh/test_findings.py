"""Decisions change the roster and, through the compliance re-check, the findings exactly."""

import pytest

from attendance.models import RosterEntry, WorkLocation
from attendance.roster.services import RosterChange, roster_entries_set
from attendance.wfh.services import wfh_request_decide, wfh_request_submit
from policies.models import Finding
from tests import factories as f

from .conftest import TUESDAY, WEDNESDAY, as_user

pytestmark = pytest.mark.django_db


def test_approved_day_away_from_domicile_becomes_a_finding_and_the_rejected_day_does_not(
    world, se_1_2024, django_capture_on_commit_callbacks,
):
    se_1_2024.rules.filter(wfh_cap_percent=50).update(domicile_required=True)  # as SE 17/2023 demands
    jakarta_selatan = f.region("31.74", "Kota Jakarta Selatan", "city", parent=f.region("31", "DKI Jakarta", "province"))
    employee = world.bekasi_staff[1]
    employee.domicile_region = world.bekasi.seat_region
    employee.save()
    everyone_wfo = [
        RosterChange(employee_id=e.pk, date=day, location=WorkLocation.WFO)
        for e in world.bekasi_staff for day in (TUESDAY, WEDNESDAY)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        roster_entries_set(context=as_user(world.bekasi_hr), changes=everyone_wfo)
    assert not Finding.objects.filter(unit=world.bekasi_setda).exists()

    request = wfh_request_submit(
        context=as_user(world.bekasi_employee), employee=employee, dates=[TUESDAY, WEDNESDAY],
        reason="Menjaga orang tua", address="Jl. Kemang Raya 5, Jakarta Selatan", address_region=jakarta_selatan,
    )
    with django_capture_on_commit_callbacks(execute=True):
        wfh_request_decide(
            context=as_user(world.bekasi_head), request=request, approve_dates=[TUESDAY], reject_dates=[WEDNESDAY],
            note="Rabu rapat evaluasi",
        )

    roster = dict(RosterEntry.objects.filter(employee=employee).values_list("date", "location"))
    assert roster == {TUESDAY: "WFH", WEDNESDAY: "WFO"}
    findings = list(Finding.objects.filter(unit=world.bekasi_setda).values_list("date", "kind", "measured", "details"))
    assert findings == [(TUESDAY, "wfh_away_from_domicile", 1, {"employee_ids": [employee.pk]})]


def test_approval_within_the_cap_leaves_no_over_cap_finding(world, se_1_2024, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        roster_entries_set(context=as_user(world.bekasi_hr), changes=[
            RosterChange(employee_id=e.pk, date=TUESDAY, location=WorkLocation.WFO) for e in world.bekasi_staff[:3]
        ])  # the fourth has no roster entry: the check runs and says so
    requests = [
        wfh_request_submit(context=as_user(world.bekasi_hr), employee=e, dates=[TUESDAY], reason="x", address="y")
        for e in world.bekasi_staff[1:3]
    ]
    for request in requests:
        with django_capture_on_commit_callbacks(execute=True):
            wfh_request_decide(context=as_user(world.bekasi_head), request=request, approve_dates=[TUESDAY])
    assert RosterEntry.objects.filter(unit=world.bekasi_setda, date=TUESDAY, location="WFH").count() == 2
    kinds = list(Finding.objects.filter(unit=world.bekasi_setda, date=TUESDAY).values_list("kind", "measured"))
    assert kinds == [("missing_roster", 1)]
