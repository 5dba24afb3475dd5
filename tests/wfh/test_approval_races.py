"""An approval and a roster write of the same unit and day, at the same moment (issue 13, point 2).

The roster write locks its rows, then inserts a new one, whose foreign key takes KEY SHARE on the
unit row; the approval used to lock the unit row FOR UPDATE and then wait for the roster rows:
a deadlock, answered 500. The approval now takes FOR NO KEY UPDATE (which KEY SHARE does not
conflict with), and a deadlock or serialization failure is retried once, then a 409.
"""

import threading
import time
from unittest import mock

import pytest
from django.db import OperationalError, connection

from attendance.models import RosterEntry, WfhRequest, WorkLocation
from attendance.roster import services as roster_services
from attendance.roster.services import RosterChange, roster_entries_set
from attendance.wfh import services as wfh_services
from attendance.wfh.services import wfh_request_decide, wfh_request_submit

from .conftest import TUESDAY, as_user


def _wait_for_a_blocked_backend(timeout=10.0) -> None:
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    pytest.fail("the approval never waited for the roster write's row lock")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and deadlocks of PostgreSQL (.ci/run)")
@pytest.mark.django_db(transaction=True)
def test_an_approval_and_a_roster_write_of_the_same_day_both_succeed(world, se_1_2024):
    requester, colleague = world.bekasi_staff[1], world.bekasi_staff[3]
    roster_entries_set(context=as_user(world.bekasi_hr), changes=[
        RosterChange(employee_id=requester.pk, date=TUESDAY, location=WorkLocation.WFO),
    ])
    request = wfh_request_submit(
        context=as_user(world.bekasi_hr), employee=requester, dates=[TUESDAY], reason="Anak sakit", address="Jl. Melati 1",
    )
    rows_locked, approval_waiting = threading.Event(), threading.Event()
    errors: dict[str, BaseException] = {}
    real_check = roster_services.overwrites_approved_wfh

    def pause_after_locking(entry, change):
        # In the roster write only: its rows are locked; let the approval run into them before inserting.
        if threading.current_thread().name == "roster-write" and not rows_locked.is_set():
            rows_locked.set()
            approval_waiting.wait(10)
        return real_check(entry, change)

    def run(name, work):
        try:
            work()
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors[name] = exc
        finally:
            connection.close()

    def roster_write():  # the requester's day as it stands, and a colleague's new WFH cell (an INSERT)
        roster_entries_set(context=as_user(world.bekasi_hr), changes=[
            RosterChange(employee_id=requester.pk, date=TUESDAY, location=WorkLocation.WFO),
            RosterChange(employee_id=colleague.pk, date=TUESDAY, location=WorkLocation.WFH),
        ])

    def approval():
        wfh_request_decide(context=as_user(world.bekasi_head), request=WfhRequest.objects.get(pk=request.pk),
                           approve_dates=[TUESDAY])

    with mock.patch.object(roster_services, "overwrites_approved_wfh", pause_after_locking):
        writer = threading.Thread(target=run, args=("roster write", roster_write), name="roster-write")
        approver = threading.Thread(target=run, args=("approval", approval), name="approval")
        writer.start()
        assert rows_locked.wait(10)
        approver.start()
        _wait_for_a_blocked_backend()
        approval_waiting.set()
        writer.join(30)
        approver.join(30)
    assert errors == {}
    assert set(RosterEntry.objects.filter(date=TUESDAY, location=WorkLocation.WFH).values_list("employee_id", flat=True)) == {
        requester.pk, colleague.pk,
    }


def raise_(error):
    raise error


class Deadlock(Exception):
    pgcode = "40P01"


def deadlocked() -> OperationalError:
    error = OperationalError("deadlock detected")
    error.__cause__ = Deadlock()
    return error


@pytest.mark.django_db
def test_a_deadlocked_approval_is_tried_once_more(world, se_1_2024):
    request = wfh_request_submit(
        context=as_user(world.bekasi_hr), employee=world.bekasi_staff[1], dates=[TUESDAY], reason="x", address="y",
    )
    real = wfh_services._refuse_past_the_cap
    errors = iter([deadlocked()])

    def first_deadlocks(approvals):
        error = next(errors, None)
        if error:
            raise error
        return real(approvals)

    with mock.patch.object(wfh_services, "_refuse_past_the_cap", side_effect=first_deadlocks) as cap:
        decided = wfh_request_decide(context=as_user(world.bekasi_head), request=request, approve_dates=[TUESDAY])
    assert decided.status == "approved" and cap.call_count == 2
    assert RosterEntry.objects.get(employee=world.bekasi_staff[1], date=TUESDAY).location == WorkLocation.WFH


@pytest.mark.django_db
def test_an_approval_deadlocked_twice_is_a_409_and_writes_nothing(world, se_1_2024):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    request = wfh_request_submit(
        context=as_user(world.bekasi_hr), employee=world.bekasi_staff[1], dates=[TUESDAY], reason="x", address="y",
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world.bekasi_head).key}")
    with mock.patch.object(wfh_services, "_refuse_past_the_cap", side_effect=lambda approvals: raise_(deadlocked())):
        response = client.post(f"/api/v1/wfh-requests/{request.pk}/approve/", {}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "busy"
    request.refresh_from_db()
    assert request.status == "pending" and not RosterEntry.objects.filter(employee=world.bekasi_staff[1]).exists()


@pytest.mark.django_db
def test_other_database_errors_are_not_retried(world, se_1_2024):
    request = wfh_request_submit(
        context=as_user(world.bekasi_hr), employee=world.bekasi_staff[1], dates=[TUESDAY], reason="x", address="y",
    )
    with mock.patch.object(wfh_services, "_refuse_past_the_cap", side_effect=OperationalError("disk full")) as cap:
        with pytest.raises(OperationalError, match="disk full"):
            wfh_request_decide(context=as_user(world.bekasi_head), request=request, approve_dates=[TUESDAY])
    assert cap.call_count == 1
