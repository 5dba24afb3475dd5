"""A commit always leaves its re-check behind (issue 13 points 4 and 11): the PendingCheck rows are written in
the writer's own transaction, a broker failure after the commit is no 500, and the sweep repairs every kind of
lost check (on-change, publication, revocation, range)."""

import datetime

import pytest
from django.utils import timezone

from agencies.audit import AuditContext
from policies import tasks
from policies.models import Finding, PendingCheck, PendingRangeCheck
from tests import factories as f

from .conftest import APR16, make_circular, roster, se_1_2024_rules

pytestmark = pytest.mark.django_db


def test_a_grid_write_records_its_recheck_inside_its_own_transaction(client, world):
    client.force_login(world.bekasi_hr)
    nurse = world.bekasi_nurses[0]
    response = client.post(f"/jadwal/{world.bekasi_dinkes.pk}/sel/", {"cells": f"{nurse.pk}:{APR16}:0", "code": "WFH"})
    assert response.status_code == 200
    # No on-commit hook has run (the test transaction never commits), yet the re-check is recorded.
    assert set(PendingCheck.objects.values_list("unit_id", "date")) == {(world.bekasi_dinkes.pk, APR16)}


def test_a_broker_down_after_the_commit_is_no_500_and_the_sweep_repairs_the_check(
    client, world, monkeypatch, django_capture_on_commit_callbacks
):
    make_circular(f.ministry(), "1/2024", rules=se_1_2024_rules())
    roster(world.bekasi_nurses[1:], APR16, "WFO")

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.compliance_recheck_unit_days, "apply_async", broker_down)
    client.force_login(world.bekasi_hr)
    nurse = world.bekasi_nurses[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/jadwal/{world.bekasi_dinkes.pk}/sel/", {"cells": f"{nurse.pk}:{APR16}:0", "code": "WFH"})
    assert response.status_code == 200
    assert not Finding.objects.filter(unit=world.bekasi_dinkes, date=APR16).exists()
    PendingCheck.objects.update(requested_at=timezone.now() - tasks.PENDING_GRACE - datetime.timedelta(seconds=1))
    assert tasks.compliance_pending_sweep() == 1
    assert Finding.objects.get(unit=world.bekasi_dinkes, date=APR16).kind == "wfh_in_wfo_unit"
    assert not PendingCheck.objects.exists()


def own_circular(world, **kw):
    """Pemkot Bekasi's own circular (a city binds its own agency: policies.authority)."""
    circular = make_circular(world.bekasi, "1/2024", scope_kind="agencies", rules=se_1_2024_rules(), **kw)
    circular.scope_agencies.add(world.bekasi)
    return circular


def policy_admin(world):
    from agencies.models import Role
    from tests import factories as f

    return f.user("kebijakan_bekasi", Role.POLICY_ADMIN, agency=world.bekasi)


def test_a_publication_records_its_range_check_and_the_sweep_resends_a_lost_chunk(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    from policies.services import circular_publish

    roster(world.bekasi_nurses, APR16, "WFH")
    circular = own_circular(world, status="draft")
    lost = []
    monkeypatch.setattr(tasks.compliance_check_chunk, "delay", lambda pk: lost.append(pk))  # the task goes missing
    with django_capture_on_commit_callbacks(execute=True):
        circular_publish(context=AuditContext(policy_admin(world)), circular=circular)
    chunks = list(PendingRangeCheck.objects.all())
    assert chunks and lost == [c.pk for c in chunks]
    assert (chunks[0].start, chunks[0].end) == (APR16, datetime.date(2024, 4, 30))
    assert not Finding.objects.exists()
    monkeypatch.undo()  # the workers are back (tasks run eagerly in tests)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.compliance_pending_sweep() == 0  # too early: the chunk may still be running
    PendingRangeCheck.objects.update(requested_at=timezone.now() - tasks.RANGE_GRACE - datetime.timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.compliance_pending_sweep() == len(chunks)
    assert Finding.objects.filter(unit=world.bekasi_dinkes, date=APR16, kind="wfh_in_wfo_unit").exists()
    assert not PendingRangeCheck.objects.exists()


def test_a_revocation_records_its_range_check_too(world, django_capture_on_commit_callbacks):
    from policies.services import circular_revoke

    circular = own_circular(world)
    circular_revoke(context=AuditContext(policy_admin(world)), circular=circular)
    assert PendingRangeCheck.objects.filter(start=APR16, end=datetime.date(2024, 4, 30)).exists()
