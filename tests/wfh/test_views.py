"""WFH pages: who sees what, the form's at-once checks, the queue with its counts, decisions."""

import pytest
from django.urls import reverse

from attendance.models import RosterEntry, WfhRequest, WfhRequestStatus
from attendance.wfh.services import wfh_request_submit

from .conftest import TUESDAY, WEDNESDAY, as_user

pytestmark = pytest.mark.django_db


def submit(world, employee, dates=(TUESDAY,)):
    return wfh_request_submit(
        context=as_user(world.bekasi_hr), employee=employee, dates=list(dates), reason="Renovasi rumah",
        address="Jl. Kenanga 2",
    )


def test_pages_need_login(client, world):
    for name in ("wfh:mine", "wfh:new", "wfh:queue"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith("/masuk/")


def test_employee_sees_own_requests_but_not_a_colleagues(client, world, se_1_2024):
    own = submit(world, world.bekasi_staff[1])
    other = submit(world, world.bekasi_staff[2])
    client.force_login(world.bekasi_employee)
    page = client.get(reverse("wfh:mine")).content.decode()
    assert world.bekasi_staff[1].name in page
    assert world.bekasi_staff[2].name not in page
    assert client.get(reverse("wfh:detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("wfh:detail", args=[other.pk])).status_code == 404


def test_tangerang_hr_cannot_see_bekasi_requests(client, world, se_1_2024):
    request = submit(world, world.bekasi_staff[1])
    client.force_login(world.tangerang_hr)
    assert client.get(reverse("wfh:detail", args=[request.pk])).status_code == 404
    assert world.bekasi_staff[1].name not in client.get(reverse("wfh:mine")).content.decode()


def test_queue_is_for_heads_only(client, world):
    client.force_login(world.bekasi_employee)
    assert client.get(reverse("wfh:queue")).status_code == 403
    client.force_login(world.bekasi_hr)
    assert client.get(reverse("wfh:queue")).status_code == 403


def test_employee_submits_through_the_form(client, world, se_1_2024):
    client.force_login(world.bekasi_employee)
    response = client.post(reverse("wfh:new"), {
        "employee": world.bekasi_staff[1].pk, "date_from": "2024-04-16", "date_to": "2024-04-17",
        "reason": "Anak sakit", "address": "Jl. Mawar 3",
    })
    request = WfhRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("wfh:detail", args=[request.pk])
    assert request.employee == world.bekasi_staff[1] and request.submitted_by == world.bekasi_employee
    assert [d.date for d in request.days.all()] == [TUESDAY, WEDNESDAY]


def test_the_wfh_address_region_is_kept_for_the_domicile_check(client, world, se_1_2024):
    from tests import factories as f

    jakarta_selatan = f.region("31.74", "Kota Jakarta Selatan", "city", parent=f.region("31", "DKI Jakarta", "province"))
    client.force_login(world.bekasi_employee)
    client.post(reverse("wfh:new"), {
        "employee": world.bekasi_staff[1].pk, "date_from": "2024-04-16", "reason": "Menjaga orang tua",
        "address": "Jl. Kemang Raya 5", "address_region": jakarta_selatan.code,
    })
    assert WfhRequest.objects.get().address_region == jakarta_selatan


def test_range_over_a_weekend_leaves_the_weekend_out(client, world, se_1_2024):
    client.force_login(world.bekasi_employee)
    client.post(reverse("wfh:new"), {
        "employee": world.bekasi_staff[1].pk, "date_from": "2024-04-19", "date_to": "2024-04-22",
        "reason": "Anak sakit", "address": "Jl. Mawar 3",
    })
    assert [d.date.isoformat() for d in WfhRequest.objects.get().days.all()] == ["2024-04-19", "2024-04-22"]


def test_employee_cannot_submit_for_a_colleague_through_the_form(client, world, se_1_2024):
    client.force_login(world.bekasi_employee)
    response = client.post(reverse("wfh:new"), {
        "employee": world.bekasi_staff[2].pk, "date_from": "2024-04-16", "reason": "x", "address": "y",
    })
    assert response.status_code == 200
    assert "employee" in response.context["form"].errors
    assert not WfhRequest.objects.exists()


def test_form_reports_a_day_already_requested(client, world, se_1_2024):
    submit(world, world.bekasi_staff[1])
    client.force_login(world.bekasi_employee)
    response = client.post(reverse("wfh:new"), {
        "employee": world.bekasi_staff[1].pk, "date_from": "2024-04-16", "reason": "x", "address": "y",
    })
    assert "Sudah diajukan" in str(response.context["form"].errors["date_from"])
    assert WfhRequest.objects.count() == 1


def test_hr_submits_on_behalf_of_an_employee_of_the_agency(client, world, se_1_2024):
    client.force_login(world.bekasi_hr)
    client.post(reverse("wfh:new"), {
        "employee": world.bekasi_nurses[1].pk, "date_from": "2024-04-18", "reason": "Dinas", "address": "Jl. A",
    })
    assert WfhRequest.objects.get().employee == world.bekasi_nurses[1]
    response = client.post(reverse("wfh:new"), {
        "employee": world.tangerang_staff[1].pk, "date_from": "2024-04-18", "reason": "x", "address": "y",
    })
    assert "employee" in response.context["form"].errors


def test_form_warns_at_once_about_holidays_requested_days_and_wfo_100(client, world, se_1_2024):
    from policies.models import Holiday

    Holiday.objects.create(date=TUESDAY.replace(day=15), name="Cuti Bersama Idulfitri", kind="collective_leave")
    submit(world, world.bekasi_nurses[1], dates=(WEDNESDAY,))
    client.force_login(world.bekasi_hr)
    response = client.post(
        reverse("wfh:check"),
        {"employee": world.bekasi_nurses[1].pk, "date_from": "2024-04-15", "date_to": "2024-04-17"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "<html" not in html  # the partial only
    assert "Hari libur: Cuti Bersama Idulfitri" in html
    assert "Unit wajib WFO 100% menurut SE 1/2024" in html
    assert "Sudah diajukan" in html


def test_queue_shows_pending_beside_the_cap_without_counting_them(client, world, se_1_2024, django_assert_max_num_queries):
    for employee in world.bekasi_staff[1:4]:
        submit(world, employee)
    client.force_login(world.bekasi_head)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("wfh:queue"))
    html = response.content.decode()
    # Setda: 4 staff, 50% -> 2; three pending requests for Tuesday, none rostered WFH yet: each one
    # alone fits (green), not all three do (amber).
    assert html.count("0 WFH + 3 menunggu / maks. 2 · SE 1/2024") == 3
    assert html.count('data-fits="true"') == 3 and "text-bg-warning" in html
    assert [row["request"].employee for row in response.context["rows"]] == world.bekasi_staff[1:4]


def test_queue_query_count_does_not_grow_with_requests(client, world, se_1_2024, django_assert_num_queries):
    from tests import factories as f

    submit(world, world.bekasi_staff[1])
    client.force_login(world.bekasi_head)
    client.get(reverse("wfh:queue"))  # warm the session and scope
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("wfh:queue"))
    for _ in range(5):
        submit(world, f.employee(world.bekasi_bagian_umum), dates=(TUESDAY, WEDNESDAY))
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("wfh:queue"))
    assert len(response.context["rows"]) == 6


def test_queue_filters_by_unit_for_htmx(client, world, se_1_2024):
    submit(world, world.bekasi_staff[1])
    submit(world, world.bekasi_umum_staff[0])
    client.force_login(world.bekasi_head)
    response = client.get(reverse("wfh:queue"), {"unit": world.bekasi_bagian_umum.pk}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert world.bekasi_umum_staff[0].name in html and world.bekasi_staff[1].name not in html


def test_head_decides_some_days_through_the_page(client, world, se_1_2024):
    request = submit(world, world.bekasi_staff[1], dates=(TUESDAY, WEDNESDAY))
    client.force_login(world.bekasi_head)
    assert "Setujui tanggal terpilih" in client.get(reverse("wfh:detail", args=[request.pk])).content.decode()
    response = client.post(reverse("wfh:decide", args=[request.pk]), {
        "action": "approve", "approve": ["2024-04-17"], "note": "Selasa ada apel",
    })
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == WfhRequestStatus.PARTIAL
    assert list(RosterEntry.objects.values_list("date", "location")) == [(WEDNESDAY, "WFH")]
    timeline = client.get(reverse("wfh:detail", args=[request.pk])).content.decode()
    assert "Selasa ada apel" in timeline and "Diputuskan" in timeline


def test_refusal_past_the_cap_is_shown_with_the_circular(client, world, se_1_2024):
    requests = [submit(world, e) for e in world.bekasi_staff[1:4]]
    client.force_login(world.bekasi_head)
    for request in requests[:2]:
        client.post(reverse("wfh:decide", args=[request.pk]), {"action": "approve", "approve": ["2024-04-16"]})
    response = client.post(reverse("wfh:decide", args=[requests[2].pk]), {"action": "approve", "approve": ["2024-04-16"]},
                           follow=True)
    assert "melebihi batas 2" in response.content.decode() and "SE 1/2024" in response.content.decode()
    assert not RosterEntry.objects.filter(employee=world.bekasi_staff[3]).exists()


def test_head_cannot_decide_a_unit_outside_their_own(client, world, se_1_2024):
    request = submit(world, world.bekasi_nurses[1], dates=(TUESDAY.replace(day=18),))
    client.force_login(world.bekasi_head)
    detail = client.get(reverse("wfh:detail", args=[request.pk]))
    assert detail.status_code == 404
    response = client.post(reverse("wfh:decide", args=[request.pk]), {"action": "approve", "approve": ["2024-04-18"]})
    assert response.status_code == 404
    response = client.post(reverse("wfh:bulk_approve"), {"requests": [request.pk]})
    request.refresh_from_db()
    assert request.status == WfhRequestStatus.PENDING


def test_bulk_approve_through_the_queue(client, world, se_1_2024):
    first, second = submit(world, world.bekasi_staff[1]), submit(world, world.bekasi_umum_staff[0])
    client.force_login(world.bekasi_head)
    client.post(reverse("wfh:bulk_approve"), {"requests": [first.pk, second.pk]})
    assert set(WfhRequest.objects.values_list("status", flat=True)) == {WfhRequestStatus.APPROVED}


def test_employee_cancels_from_the_detail_page(client, world, se_1_2024):
    request = submit(world, world.bekasi_staff[1])
    client.force_login(world.bekasi_employee)
    client.post(reverse("wfh:cancel", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == WfhRequestStatus.CANCELLED
    assert "Dibatalkan" in client.get(reverse("wfh:detail", args=[request.pk])).content.decode()


def test_pages_speak_english_when_chosen(client, world, se_1_2024):
    client.force_login(world.bekasi_employee)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("wfh:mine")).content.decode()
    assert "WFH requests" in html and "Request WFH" in html
