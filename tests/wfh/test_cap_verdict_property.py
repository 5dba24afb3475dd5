"""One cap verdict for every caller, over random counts, caps and bases (hypothesis).

For a unit with W staff rostered WFH, P requests pending and a binding cap, the employee's
request form, the head's queue badge, the approval, the worker's check (the verdict of
`policies.compliance` on the roster the approval would write) and the roster grid's day column agree: k more WFH
days fit exactly when W + k <= floor(cap% x basis / 100), whatever is still pending.
"""

import datetime
import re

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agencies.models import ADMINISTRATIVE_CATEGORIES
from attendance.models import WorkLocation
from attendance.roster.selectors import grid_days
from attendance.roster.services import RosterChange, roster_entries_set
from attendance.wfh.selectors import wfh_day_checks
from attendance.wfh.services import WfhRequestError, wfh_request_submit, wfh_requests_bulk_approve
from policies.compliance import compliance_day_statuses
from policies.models import Circular, FindingKind, Rule, RuleBasis
from tests import factories as f

from .conftest import as_user

pytestmark = pytest.mark.django_db
DAY = datetime.date(2024, 4, 23)  # a Tuesday no other rule of the test world covers


@st.composite
def unit_days(draw):
    pending = draw(st.integers(1, 4))
    wfo = draw(st.integers(pending, 8))  # the pending requesters are rostered WFO
    return {
        "wfh": draw(st.integers(0, 8)), "wfo": wfo, "off": draw(st.integers(0, 3)), "pending": pending,
        "approve": draw(st.integers(1, pending)), "cap": draw(st.sampled_from([0, 25, 30, 50, 75, 100])),
        "basis": draw(st.sampled_from([RuleBasis.HEADCOUNT, RuleBasis.SCHEDULED])),
    }


def expected_limit(case) -> int:
    """The oracle, written out from design §4: floor(cap% x basis / 100)."""
    basis = case["wfh"] + case["wfo"] + (case["off"] if case["basis"] == RuleBasis.HEADCOUNT else 0)
    return case["cap"] * basis // 100


def build(world, case):
    unit = f.unit(world.bekasi, "Subbagian Uji", "administration", parent=world.bekasi_setda)
    circular = Circular.objects.create(
        number="9/2024", title="Uji", issuer=world.bekasi, signed_on=DAY, status=Circular.Status.PUBLISHED,
    )
    Rule.objects.create(circular=circular, start_date=DAY, end_date=DAY, categories=ADMINISTRATIVE_CATEGORIES,
                        wfh_cap_percent=case["cap"], basis=case["basis"])
    plan = [WorkLocation.WFH] * case["wfh"] + [WorkLocation.WFO] * case["wfo"] + [WorkLocation.OFF] * case["off"]
    staff = [f.employee(unit) for _ in plan]
    roster_entries_set(context=as_user(world.bekasi_hr), changes=[
        RosterChange(employee_id=e.pk, date=DAY, location=where) for e, where in zip(staff, plan, strict=True)
    ])
    requesters = staff[case["wfh"]:case["wfh"] + case["pending"]]
    return unit, requesters


def queue_verdicts(client, world, unit) -> list[bool]:
    client.force_login(world.bekasi_head)
    html = client.get(reverse("wfh:queue"), {"unit": unit.pk}).content.decode()
    return [value == "true" for value in re.findall(r'data-fits="(true|false)"', html)]


def over_cap_after(world, unit, employees) -> bool:
    """The worker's verdict on the roster with these employees WFH (written as HR would), which the
    roster grid's day column must show too."""
    with transaction.atomic():
        roster_entries_set(context=as_user(world.bekasi_hr), changes=[
            RosterChange(employee_id=e.pk, date=DAY, location=WorkLocation.WFH) for e in employees
        ])
        status = compliance_day_statuses([unit.pk], DAY, DAY)[(unit.pk, DAY)]
        (grid_day,) = grid_days(unit, [DAY])
        transaction.set_rollback(True)
    kinds = {finding.kind for finding in status.findings}
    over = bool(kinds & {FindingKind.WFH_OVER_CAP, FindingKind.WFH_IN_WFO_UNIT})
    assert grid_day.over_cap == over
    return over


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=unit_days())
def test_form_queue_approval_and_check_give_one_verdict(client, world, case):
    with transaction.atomic():
        limit = expected_limit(case)
        unit, requesters = build(world, case)
        one_fits = case["wfh"] + 1 <= limit
        k_fit = case["wfh"] + case["approve"] <= limit

        (form,) = wfh_day_checks(requesters[0], [DAY])
        assert (form.level == "ok") == one_fits, (case, form.message)

        requests = [
            wfh_request_submit(context=as_user(world.bekasi_hr), employee=e, dates=[DAY], reason="Uji", address="Jl. Uji")
            for e in requesters
        ]
        assert queue_verdicts(client, world, unit) == [one_fits] * case["pending"], case

        chosen = requests[:case["approve"]]
        try:
            with transaction.atomic():
                wfh_requests_bulk_approve(context=as_user(world.bekasi_head), requests=chosen)
                approved = True
                transaction.set_rollback(True)
        except WfhRequestError as refusal:
            approved = False
            if case["cap"]:  # the refusal's figures add up
                assert f"sudah {case['wfh']} orang; menyetujui {case['approve']} lagi menjadi " \
                       f"{case['wfh'] + case['approve']}, melebihi batas {limit} " in str(refusal), str(refusal)
        assert approved == k_fit, case

        assert over_cap_after(world, unit, requesters[:case["approve"]]) == (not k_fit), case
        transaction.set_rollback(True)
