"""Deciding from the queue row (one click to approve, a reason to reject), what the decision tells
people, and a queue that reads only the days it shows."""

import datetime
import time

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from agencies.models import Notification
from attendance.models import RosterEntry, WfhRequestStatus, WorkLocation
from attendance.wfh.services import wfh_request_decide, wfh_request_submit
from rosterhub.date_bounds import date_runs

from .conftest import TUESDAY, as_user

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def submit(world, employee, dates=(TUESDAY,)):
    return wfh_request_submit(
        context=as_user(world.bekasi_hr), employee=employee, dates=list(dates), reason="Renovasi rumah",
        address="Jl. Kenanga 2",
    )


def test_one_click_approves_from_the_row_and_the_queue_answers_in_place(client, world, se_1_2024):
    requests = [submit(world, e) for e in world.bekasi_staff[1:4]]  # Setda: cap 2 of 4
    client.force_login(world.bekasi_head)
    response = client.post(reverse("wfh:decide_row", args=[requests[0].pk]), {"action": "approve"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<form id="queue"')  # the fragment, not the page
    requests[0].refresh_from_db()
    assert requests[0].status == WfhRequestStatus.APPROVED
    assert RosterEntry.objects.get(employee=world.bekasi_staff[1], date=TUESDAY).location == WorkLocation.WFH
    assert 'data-testid="row-outcome">Disetujui: 16 April 2024.' in html  # the row shows its outcome
    assert f'name="decided" value="{requests[0].pk}"' in html
    # The other rows' badges moved with it: 1 rostered, 2 waiting, and each still fits.
    assert html.count("1 WFH + 2 menunggu / maks. 2 · SE 1/2024") == 2

    client.post(reverse("wfh:decide_row", args=[requests[1].pk]), {"action": "approve", "decided": [requests[0].pk]}, **HTMX)
    response = client.post(
        reverse("wfh:decide_row", args=[requests[2].pk]), {"action": "approve", "decided": [requests[0].pk, requests[1].pk]},
        **HTMX,
    )
    html = response.content.decode()
    assert "sudah 2 orang; menyetujui 1 lagi menjadi 3, melebihi batas 2 (50% dari 4 pegawai menurut SE 1/2024)" in html
    assert 'data-fits="false"' in html and html.count('name="decided"') == 2
    requests[2].refresh_from_db()
    assert requests[2].status == WfhRequestStatus.PENDING


def test_reject_from_the_row_needs_the_reason_typed_there(client, world, se_1_2024):
    request = submit(world, world.bekasi_staff[1])
    client.force_login(world.bekasi_head)
    url = reverse("wfh:decide_row", args=[request.pk])
    html = client.post(url, {"action": "reject"}, **HTMX).content.decode()
    assert "Tuliskan alasan penolakan." in html
    client.post(url, {"action": "reject", f"note_{request.pk}": "Ada apel pagi"}, **HTMX)
    request.refresh_from_db()
    assert (request.status, request.decision_note) == (WfhRequestStatus.REJECTED, "Ada apel pagi")


def test_without_htmx_the_row_decision_returns_to_the_queue_with_a_message(client, world, se_1_2024):
    request = submit(world, world.bekasi_staff[1])
    client.force_login(world.bekasi_head)
    response = client.post(reverse("wfh:decide_row", args=[request.pk]), {"action": "approve"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("wfh:queue")
    assert "Disetujui: 16 April 2024." in response.content.decode()


def test_a_head_cannot_decide_another_units_request_from_the_row(client, world, se_1_2024):
    tangerang = wfh_request_submit(
        context=as_user(world.tangerang_hr), employee=world.tangerang_staff[1], dates=[TUESDAY], reason="x", address="y",
    )
    client.force_login(world.bekasi_head)
    assert client.post(reverse("wfh:decide_row", args=[tangerang.pk]), {"action": "approve"}, **HTMX).status_code == 404
    client.force_login(world.bekasi_employee)
    assert client.post(reverse("wfh:decide_row", args=[tangerang.pk]), {"action": "approve"}).status_code == 403


@override_settings(SITE_URL="https://rosterhub.bekasikota.go.id")
def test_a_rejection_tells_the_reason_the_days_and_an_absolute_link(world, se_1_2024, django_capture_on_commit_callbacks):
    world.bekasi_employee.email = "pegawai@bekasikota.go.id"
    world.bekasi_employee.save()
    request = submit(world, world.bekasi_staff[1])
    with django_capture_on_commit_callbacks(execute=True):
        wfh_request_decide(context=as_user(world.bekasi_head), request=request, approve_dates=[], note="Ada apel pagi")
    note = Notification.objects.get(user=world.bekasi_employee)
    assert note.message == f"Pengajuan WFH {world.bekasi_staff[1].name} ditolak untuk 16 April 2024. Alasan: Ada apel pagi"
    (sent,) = [m for m in mail.outbox if m.to == ["pegawai@bekasikota.go.id"]]
    assert "Alasan: Ada apel pagi" in sent.body
    assert f"https://rosterhub.bekasikota.go.id/wfh/{request.pk}/" in sent.body


def test_each_user_is_told_in_their_own_language(world, se_1_2024, django_capture_on_commit_callbacks):
    world.bekasi_employee.preferred_language = "en"
    world.bekasi_employee.save()
    request = submit(world, world.bekasi_staff[1])
    wfh_request_decide(context=as_user(world.bekasi_head), request=request, approve_dates=[], note="Apel")
    english = Notification.objects.get(user=world.bekasi_employee).message
    indonesian = Notification.objects.get(user=world.bekasi_hr).message
    assert "rejected" in english and "Reason: Apel" in english
    assert "ditolak" in indonesian


def test_the_timeline_reads_in_words_not_codes(client, world, se_1_2024):
    request = submit(world, world.bekasi_staff[1])
    wfh_request_decide(context=as_user(world.bekasi_head), request=request, approve_dates=[], note="Apel")
    client.force_login(world.bekasi_employee)
    html = client.get(reverse("wfh:detail", args=[request.pk])).content.decode()
    assert "wfh.submit" not in html and "wfh.decide" not in html
    assert "Ditolak: 16 April 2024 — Apel" in html


def test_pending_days_are_read_as_runs_never_as_the_whole_span():
    d = datetime.date
    assert date_runs([d(2024, 4, 17), d(2025, 1, 6), d(2024, 4, 16), d(2024, 4, 22)]) == [
        (d(2024, 4, 16), d(2024, 4, 22)), (d(2025, 1, 6), d(2025, 1, 6)),
    ]
    assert date_runs([d(2024, 4, 16), d(9999, 12, 31)]) == [(d(2024, 4, 16), d(2024, 4, 16))]  # outside the window


def test_a_far_off_pending_day_does_not_stall_the_queue(client, world, se_1_2024):
    from attendance.models import WfhRequest, WfhRequestDay

    submit(world, world.bekasi_staff[1])
    far = WfhRequest.objects.create(  # as the unbounded page form once let in
        agency=world.bekasi, unit=world.bekasi_setda, employee=world.bekasi_staff[2], reason="x", address="y",
        submitted_by=world.bekasi_hr,
    )
    WfhRequestDay.objects.create(request=far, date=datetime.date(9999, 12, 30))
    client.force_login(world.bekasi_head)
    started = time.monotonic()
    response = client.get(reverse("wfh:queue"))
    assert response.status_code == 200
    assert time.monotonic() - started < 5  # was ~120 s: every day from 2024 to 9999
    assert len(response.context["rows"]) == 2


def test_the_forms_check_shows_the_cap_and_names_skipped_days(client, world, se_1_2024):
    client.force_login(world.bekasi_employee)
    html = client.post(reverse("wfh:check"), {
        "employee": world.bekasi_staff[1].pk, "date_from": "2024-04-16", "date_to": "2024-04-21",
    }).content.decode()
    assert html.count("0 WFH / maks. 2 · SE 1/2024") == 2  # Tuesday and Wednesday, under SE 1/2024
    assert html.count('data-level="skip"') == 2 and "Bukan hari kerja — dilewati, tidak diajukan" in html


def test_the_api_names_the_skipped_days(world, se_1_2024):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=world.bekasi_employee).key}")
    response = client.post("/api/v1/wfh-requests/", {
        "employee": world.bekasi_staff[1].pk, "dates": ["2024-04-19", "2024-04-20", "2024-04-22"], "reason": "x",
        "address": "Jl. Melati 1",
    }, format="json")
    assert response.status_code == 201, response.json()
    assert [d["date"] for d in response.json()["days"]] == ["2024-04-19", "2024-04-22"]
    assert response.json()["skipped"] == [{"date": "2024-04-20", "reason": "Bukan hari kerja"}]
