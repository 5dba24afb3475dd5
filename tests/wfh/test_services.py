"""WFH request services: routing, the cap, partial and bulk decisions, cancel, scope."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from agencies.models import Notification, Role
from attendance.models import RosterEntry, WfhDayStatus, WfhRequestStatus, WorkLocation
from attendance.roster.services import RosterChange, roster_entries_set
from attendance.wfh.services import (
    WfhRequestError,
    wfh_request_cancel,
    wfh_request_decide,
    wfh_request_submit,
    wfh_requests_bulk_approve,
)
from tests import factories as f

from .conftest import TUESDAY, WEDNESDAY, as_user

pytestmark = pytest.mark.django_db


def submit(world, employee, dates=(TUESDAY,), actor=None):
    actor = actor or employee.user or world.bekasi_hr
    return wfh_request_submit(
        context=as_user(actor), employee=employee, dates=list(dates), reason="Anak sakit", address="Jl. Melati 1",
    )


def rostered_wfh(world, *employees, day=TUESDAY):
    roster_entries_set(
        context=as_user(world.bekasi_hr),
        changes=[RosterChange(employee_id=e.pk, date=day, location=WorkLocation.WFH) for e in employees],
    )


# -- routing -------------------------------------------------------------------------------------

def test_request_goes_to_the_head_of_the_unit_and_tells_them(world, se_1_2024, django_capture_on_commit_callbacks):
    world.bekasi_head.email = "kepala@bekasikota.go.id"
    world.bekasi_head.save()
    with django_capture_on_commit_callbacks(execute=True):
        request = submit(world, world.bekasi_staff[1])
    assert request.approver == world.bekasi_staff[0]
    assert request.status == WfhRequestStatus.PENDING
    assert [d.date for d in request.days.all()] == [TUESDAY]
    note = Notification.objects.get(user=world.bekasi_head)
    assert world.bekasi_staff[1].name in note.message
    assert note.url == f"/wfh/{request.pk}/"
    assert [m.to for m in mail.outbox] == [["kepala@bekasikota.go.id"]]


def test_request_goes_to_the_acting_head_plt(world, se_1_2024):
    plt = world.bekasi_staff[2]
    plt_user = f.user("plt_setda", Role.UNIT_HEAD, unit=world.bekasi_setda, employee=plt, acting=True)
    world.bekasi_setda.acting_head = plt
    world.bekasi_setda.save()
    request = submit(world, world.bekasi_staff[1])
    assert request.approver == plt
    assert Notification.objects.filter(user=plt_user).exists()


def test_request_of_a_unit_without_head_goes_to_the_parent_head(world, se_1_2024):
    request = submit(world, world.bekasi_umum_staff[0], actor=world.bekasi_hr)
    assert request.approver == world.bekasi_staff[0]
    assert request.unit == world.bekasi_bagian_umum
    assert Notification.objects.filter(user=world.bekasi_head).exists()


def test_a_heads_own_request_goes_to_the_unit_above(world, se_1_2024):
    sekda = f.unit(world.bekasi, "Pemerintah Kota (pimpinan)", "leadership_support")
    sekda_head = f.employee(sekda)
    sekda.head = sekda_head
    sekda.save()
    world.bekasi_setda.parent = sekda
    world.bekasi_setda.save()
    request = submit(world, world.bekasi_staff[0], actor=world.bekasi_hr)
    assert request.approver == sekda_head


# -- submitting ----------------------------------------------------------------------------------

def test_it_refuses_a_day_already_requested(world, se_1_2024):
    submit(world, world.bekasi_staff[1])
    with pytest.raises(WfhRequestError, match="Sudah diajukan"):
        submit(world, world.bekasi_staff[1], dates=(WEDNESDAY, TUESDAY))


def test_it_refuses_a_weekend_day(world, se_1_2024):
    import datetime

    with pytest.raises(WfhRequestError, match="Tidak ada hari kerja untuk diajukan: 20 April 2024 \\(Bukan hari kerja\\)"):
        submit(world, world.bekasi_staff[1], dates=(datetime.date(2024, 4, 20),))


def test_a_range_over_a_weekend_requests_the_working_days_and_names_the_skipped_ones(world, se_1_2024):
    import datetime

    friday, monday = datetime.date(2024, 4, 19), datetime.date(2024, 4, 22)
    request = submit(world, world.bekasi_staff[1], dates=[friday + datetime.timedelta(days=n) for n in range(4)])
    assert [d.date for d in request.days.all()] == [friday, monday]
    assert [(c.date, c.message) for c in request.skipped] == [
        (datetime.date(2024, 4, 20), "Bukan hari kerja"), (datetime.date(2024, 4, 21), "Bukan hari kerja"),
    ]


def test_an_employee_cannot_submit_for_a_colleague(world, se_1_2024):
    with pytest.raises(PermissionDenied):
        submit(world, world.bekasi_staff[2], actor=world.bekasi_employee)


def test_hr_of_another_agency_cannot_submit_for_bekasi(world, se_1_2024):
    with pytest.raises(PermissionDenied):
        submit(world, world.bekasi_staff[2], actor=world.tangerang_hr)


def test_submission_is_in_the_audit_trail(world, se_1_2024):
    from attendance.wfh.selectors import wfh_request_timeline

    request = submit(world, world.bekasi_staff[1])
    assert [(e.label, e.detail) for e in wfh_request_timeline(request)] == [("Diajukan", "16 April 2024")]


# -- the cap -------------------------------------------------------------------------------------

def test_it_refuses_approval_past_the_cap(world, se_1_2024):
    # Setda has 4 staff: 50% allows 2; two are already rostered WFH.
    rostered_wfh(world, world.bekasi_staff[2], world.bekasi_staff[3])
    request = submit(world, world.bekasi_staff[1])
    with pytest.raises(WfhRequestError, match=r"melebihi batas 2 .*SE 1/2024"):
        wfh_request_decide(context=as_user(world.bekasi_head), request=request, approve_dates=[TUESDAY])
    request.refresh_from_db()
    assert request.status == WfhRequestStatus.PENDING
    assert not RosterEntry.objects.filter(employee=world.bekasi_staff[1]).exists()


def test_pending_requests_do_not_count_against_the_cap_until_approved(world, se_1_2024):
    # Setda: 4 staff, 50% allows 2; three requests wait. The first two fit, the third does not.
    requests = [submit(world, e, actor=world.bekasi_hr) for e in world.bekasi_staff[1:4]]
    wfh_request_decide(context=as_user(world.bekasi_head), request=requests[0], approve_dates=[TUESDAY])
    wfh_request_decide(context=as_user(world.bekasi_head), request=requests[1], approve_dates=[TUESDAY])
    with pytest.raises(WfhRequestError, match=r"sudah 2 orang; menyetujui 1 lagi menjadi 3, melebihi batas 2 "):
        wfh_request_decide(context=as_user(world.bekasi_head), request=requests[2], approve_dates=[TUESDAY])
    assert RosterEntry.objects.filter(date=TUESDAY, location=WorkLocation.WFH).count() == 2


def test_odd_headcount_is_floored(world, se_1_2024):
    extra = [f.employee(world.bekasi_setda) for _ in range(3)]  # 7 staff: 50% of 7 allows 3
    rostered_wfh(world, world.bekasi_staff[2], world.bekasi_staff[3])
    third = submit(world, world.bekasi_staff[1])
    wfh_request_decide(context=as_user(world.bekasi_head), request=third, approve_dates=[TUESDAY])
    fourth = submit(world, extra[0], actor=world.bekasi_hr)
    with pytest.raises(WfhRequestError, match=r"menjadi 4, melebihi batas 3 \(50% dari 7 pegawai"):
        wfh_request_decide(context=as_user(world.bekasi_head), request=fourth, approve_dates=[TUESDAY])


def test_it_refuses_any_wfh_in_a_wfo_100_unit(world, se_1_2024):
    dinkes_head_user = f.user("kadinkes", Role.UNIT_HEAD, unit=world.bekasi_dinkes, employee=world.bekasi_nurses[0])
    request = submit(world, world.bekasi_nurses[1], actor=world.bekasi_hr)
    with pytest.raises(WfhRequestError, match=r"WFO 100% menurut SE 1/2024"):
        wfh_request_decide(context=as_user(dinkes_head_user), request=request, approve_dates=[TUESDAY])


def test_no_cap_applies_outside_the_circulars_days(world, se_1_2024):
    import datetime

    thursday = datetime.date(2024, 4, 18)
    rostered_wfh(world, world.bekasi_staff[2], world.bekasi_staff[3], day=thursday)
    request = submit(world, world.bekasi_staff[1], dates=(thursday,))
    decided = wfh_request_decide(context=as_user(world.bekasi_head), request=request, approve_dates=[thursday])
    assert decided.status == WfhRequestStatus.APPROVED


# -- deciding ------------------------------------------------------------------------------------

def test_partial_approval_writes_only_the_approved_days(world, se_1_2024, django_capture_on_commit_callbacks):
    employee = world.bekasi_staff[1]
    roster_entries_set(
        context=as_user(world.bekasi_hr),
        changes=[RosterChange(employee_id=employee.pk, date=WEDNESDAY, location=WorkLocation.WFO)],
    )
    request = submit(world, employee, dates=(TUESDAY, WEDNESDAY))
    with django_capture_on_commit_callbacks(execute=True):
        decided = wfh_request_decide(
            context=as_user(world.bekasi_head), request=request, approve_dates=[TUESDAY], reject_dates=[WEDNESDAY],
            note="Rabu ada rapat pimpinan",
        )
    assert decided.status == WfhRequestStatus.PARTIAL
    assert decided.decided_by == world.bekasi_head
    assert {d.date: d.status for d in decided.days.all()} == {
        TUESDAY: WfhDayStatus.APPROVED, WEDNESDAY: WfhDayStatus.REJECTED,
    }
    tuesday = RosterEntry.objects.get(employee=employee, date=TUESDAY)
    assert (tuesday.location, tuesday.wfh_request_id, tuesday.wfh_address) == ("WFH", request.pk, "Jl. Melati 1")
    wednesday = RosterEntry.objects.get(employee=employee, date=WEDNESDAY)
    assert (wednesday.location, wednesday.version) == ("WFO", 1)
    told = set(Notification.objects.filter(message__contains="disetujui untuk").values_list("user__username", flat=True))
    assert told == {"pegawai_bekasi", "hr_bekasi"}


def test_rejection_needs_a_reason_and_leaves_the_roster(world, se_1_2024):
    request = submit(world, world.bekasi_staff[1])
    with pytest.raises(WfhRequestError, match="alasan penolakan"):
        wfh_request_decide(context=as_user(world.bekasi_head), request=request, approve_dates=[])
    decided = wfh_request_decide(context=as_user(world.bekasi_head), request=request, approve_dates=[], note="Apel")
    assert decided.status == WfhRequestStatus.REJECTED
    assert not RosterEntry.objects.filter(employee=world.bekasi_staff[1]).exists()


def test_a_decided_request_cannot_be_decided_again(world, se_1_2024):
    request = submit(world, world.bekasi_staff[1])
    wfh_request_decide(context=as_user(world.bekasi_head), request=request, approve_dates=[TUESDAY])
    with pytest.raises(WfhRequestError, match="sudah diputuskan"):
        wfh_request_decide(context=as_user(world.bekasi_head), request=request, approve_dates=[], note="Batal")


def test_it_refuses_a_date_not_in_the_request(world, se_1_2024):
    request = submit(world, world.bekasi_staff[1])
    with pytest.raises(WfhRequestError, match="tidak ada dalam pengajuan"):
        wfh_request_decide(context=as_user(world.bekasi_head), request=request, approve_dates=[WEDNESDAY])


def test_bulk_approval_approves_every_day_of_each_request(world, se_1_2024):
    first = submit(world, world.bekasi_staff[1], dates=(TUESDAY, WEDNESDAY))
    second = submit(world, world.bekasi_umum_staff[0], actor=world.bekasi_hr)
    wfh_requests_bulk_approve(context=as_user(world.bekasi_head), requests=[first, second])
    for request in (first, second):
        request.refresh_from_db()
        assert request.status == WfhRequestStatus.APPROVED
    assert set(RosterEntry.objects.filter(location="WFH").values_list("employee_id", "date")) == {
        (world.bekasi_staff[1].pk, TUESDAY), (world.bekasi_staff[1].pk, WEDNESDAY),
        (world.bekasi_umum_staff[0].pk, TUESDAY),
    }


def test_bulk_approval_past_the_cap_changes_nothing(world, se_1_2024):
    requests = [submit(world, e, actor=world.bekasi_hr) for e in world.bekasi_staff[1:4]]  # 3 of 4, cap 2
    with pytest.raises(WfhRequestError, match="melebihi batas 2"):
        wfh_requests_bulk_approve(context=as_user(world.bekasi_head), requests=requests)
    assert not RosterEntry.objects.exists()
    assert {r.status for r in type(requests[0]).objects.all()} == {WfhRequestStatus.PENDING}


# -- cancel --------------------------------------------------------------------------------------

def test_employee_cancels_a_pending_request(world, se_1_2024):
    request = submit(world, world.bekasi_staff[1])
    cancelled = wfh_request_cancel(context=as_user(world.bekasi_employee), request=request)
    assert cancelled.status == WfhRequestStatus.CANCELLED
    assert set(cancelled.days.values_list("status", flat=True)) == {WfhDayStatus.CANCELLED}
    # The day is free again for a new request.
    submit(world, world.bekasi_staff[1])


def test_an_approved_request_cannot_be_cancelled(world, se_1_2024):
    request = submit(world, world.bekasi_staff[1])
    wfh_request_decide(context=as_user(world.bekasi_head), request=request, approve_dates=[TUESDAY])
    with pytest.raises(WfhRequestError, match="masih menunggu"):
        wfh_request_cancel(context=as_user(world.bekasi_employee), request=request)
    assert RosterEntry.objects.get(employee=world.bekasi_staff[1], date=TUESDAY).location == WorkLocation.WFH


def test_another_employee_cannot_cancel(world, se_1_2024):
    request = submit(world, world.bekasi_staff[2], actor=world.bekasi_hr)
    with pytest.raises(PermissionDenied):
        wfh_request_cancel(context=as_user(world.bekasi_employee), request=request)


# -- who decides ---------------------------------------------------------------------------------

def test_head_of_one_unit_cannot_decide_another_units_request(world, se_1_2024):
    nurse_request = submit(world, world.bekasi_nurses[1], actor=world.bekasi_hr)
    tangerang_request = submit(world, world.tangerang_staff[0])
    for request in (nurse_request, tangerang_request):
        with pytest.raises(PermissionDenied):
            wfh_request_decide(context=as_user(world.bekasi_head), request=request, approve_dates=[TUESDAY])
    with pytest.raises(PermissionDenied):
        wfh_requests_bulk_approve(context=as_user(world.bekasi_head), requests=[tangerang_request])


def test_hr_officer_cannot_decide(world, se_1_2024):
    request = submit(world, world.bekasi_staff[1])
    with pytest.raises(PermissionDenied):
        wfh_request_decide(context=as_user(world.bekasi_hr), request=request, approve_dates=[TUESDAY])


def test_timeline_records_decision_with_who_and_note(world, se_1_2024):
    from attendance.wfh.selectors import wfh_request_timeline

    request = submit(world, world.bekasi_staff[1], dates=(TUESDAY, WEDNESDAY))
    wfh_request_decide(
        context=as_user(world.bekasi_head), request=request, approve_dates=[WEDNESDAY], note="Selasa apel pagi",
    )
    events = list(wfh_request_timeline(request))
    assert [e.label for e in events] == ["Diajukan", "Disetujui sebagian"]
    assert events[1].actor == world.bekasi_head
    assert events[1].detail == "Disetujui: 17 April 2024; Ditolak: 16 April 2024 — Selasa apel pagi"


def test_an_approve_only_head_still_writes_the_roster_by_approving(world, se_1_2024):
    from agencies.scoping import scope_for

    assert not scope_for(world.bekasi_head).can_edit_roster(world.bekasi_setda)
    request = submit(world, world.bekasi_staff[1])
    wfh_request_decide(context=as_user(world.bekasi_head), request=request, approve_dates=[TUESDAY])
    entry = RosterEntry.objects.get(employee=world.bekasi_staff[1], date=TUESDAY)
    assert (entry.location, entry.updated_by) == (WorkLocation.WFH, world.bekasi_head)


def test_a_head_never_sees_or_decides_their_own_request(world, se_1_2024):
    from attendance.wfh.selectors import wfh_queue

    own = submit(world, world.bekasi_staff[0], actor=world.bekasi_hr)
    other = submit(world, world.bekasi_staff[1])
    assert list(wfh_queue(world.bekasi_head)) == [other]
    with pytest.raises(PermissionDenied):
        wfh_request_decide(context=as_user(world.bekasi_head), request=own, approve_dates=[TUESDAY])
