"""The unit head's and the employee's days in real Chromium against the demo world (issue 11), each
journey counting the user's actions (click, typing into a field, key press, submit).

- Unit head (plt_kabag_umum_bekasi): with 18 rostered WFH in Bagian Umum on 17 April 2024 (cap 20
  under SE 1/2024) and 3 requests pending, decides from the queue in one click per request: the first
  two fit (19, 20), the third is refused with figures that add up and the circular named, then
  rejected from its row with a reason (three actions).
- Employee (pegawai_bekasi): requests WFH over Friday 19 to Monday 22 April 2024 in at most five
  actions (the weekend is skipped and named), then opens "Jadwal saya" and "Kehadiran saya".

Run: DJANGO_SETTINGS_MODULE=rosterhub.settings_test .venv/bin/python -m pytest tests/wfh/test_journeys.py
Screenshots at 1366x768 and 390x844 go to $JOURNEY_SHOTS (default /work/helpers/shots/h11b, if writable).
"""

import datetime
import io
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from agencies.models import Unit, User
from attendance.models import RosterEntry, WfhRequest, WfhRequestStatus, WorkLocation
from attendance.roster.services import RosterChange, roster_entries_set
from demo import demo_world_build
from demo.organisation import DEMO_PASSWORD
from policies.compliance import compliance_day_statuses

from .conftest import as_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DAY = datetime.date(2024, 4, 17)
SHOTS = Path(os.environ.get("JOURNEY_SHOTS", "/work/helpers/shots/h11b"))
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}


@pytest.fixture
def demo_server(live_server):
    """The demo world, committed (the server thread must see it on PostgreSQL too), flushed after the test."""
    demo_world_build(stdout=io.StringIO())
    return live_server


class Actions:
    """Counts what the user does; navigation by the test (goto) is not counted."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, locator):
        self.count += 1
        locator.click()

    def type(self, locator, text):
        self.count += 1
        locator.fill(text)


def open_page(browser, size, server, username):
    width, height = SIZES[size]
    context = browser.new_context(locale="id-ID", viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{server.url}/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server.url}/")
    return context, page


def shoot(page, name):
    try:
        SHOTS.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def bagian_umum_at_18_of_20():
    """Bagian Umum on 17 April 2024: the 3 requesters WFO, 18 others WFH, the rest WFO."""
    unit = Unit.objects.get(agency__code="pemkot-bekasi", name="Bagian Umum")
    requests = list(WfhRequest.objects.filter(unit=unit, status=WfhRequestStatus.PENDING).order_by("submitted_at", "id"))
    requesters = {r.employee_id for r in requests}
    status = compliance_day_statuses([unit.pk], DAY, DAY)[(unit.pk, DAY)]
    limit = status.limit
    entries = RosterEntry.objects.filter(unit=unit, date=DAY).exclude(employee_id__in=requesters).order_by("employee_id")
    others = [e.employee_id for e in entries]
    changes = [RosterChange(employee_id=e, date=DAY, location=WorkLocation.WFO) for e in requesters]
    changes += [RosterChange(employee_id=e, date=DAY, location=WorkLocation.WFH if i < limit - 2 else WorkLocation.WFO)
                for i, e in enumerate(others)]
    roster_entries_set(context=as_user(User.objects.get(username="hr_bekasi")), changes=changes,
                       override_approved_wfh=True)
    assert compliance_day_statuses([unit.pk], DAY, DAY)[(unit.pk, DAY)].wfh == limit - 2
    return unit, requests, limit


def test_the_unit_head_and_the_employee_go_through_their_day(browser, demo_server):
    """One demo world for both journeys (building it costs most of the test's time)."""
    for size in SIZES:
        unit_head_journey(browser, demo_server, size)
    employee_journey(browser, demo_server)


def unit_head_journey(browser, demo_server, size):
    unit, requests, limit = bagian_umum_at_18_of_20()
    assert (len(requests), limit) == (3, 20)
    context, page = open_page(browser, size, demo_server, "plt_kabag_umum_bekasi")
    page.goto(f"{demo_server.url}/wfh/antrean/")
    rows = page.get_by_test_id("queue-row")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text(re.compile(r"18 WFH \+ 3 menunggu / maks\. 20 · SE 1"))
    shoot(page, f"queue-before-{size}")
    clicks = []
    for n, request in enumerate(requests):
        row = page.locator(f"#queue-row-{request.pk}")
        actions = Actions(page)
        actions.click(row.get_by_test_id("approve"))
        expect(page.locator(f"#queue-row-{request.pk} [data-testid=row-outcome]")).to_be_visible()
        clicks.append(actions.count)
        outcome = page.locator(f"#queue-row-{request.pk} [data-testid=row-outcome]")
        if n < 2:
            expect(outcome).to_contain_text("Disetujui: 17 April 2024.")
            expect(outcome).to_be_in_viewport()
        else:
            expect(outcome).to_contain_text(
                re.compile(r"sudah 20 orang; menyetujui 1 lagi menjadi 21, melebihi batas 20 \(50% dari 40 pegawai menurut SE 1")
            )
            expect(outcome).to_be_in_viewport()
            shoot(page, f"queue-refused-{size}")
    assert clicks == [1, 1, 1]
    if size == "desktop":  # the refused one is rejected from its row, with the reason typed there
        row = page.locator(f"#queue-row-{requests[2].pk}")
        actions = Actions(page)
        actions.click(row.get_by_test_id("reject-open"))
        actions.type(row.get_by_role("textbox"), "Kuota WFH unit sudah penuh pada hari itu")
        actions.click(row.get_by_test_id("reject"))
        expect(page.locator(f"#queue-row-{requests[2].pk} [data-testid=row-outcome]")).to_contain_text("Ditolak: 17 April 2024.")
        assert actions.count == 3
        assert WfhRequest.objects.get(pk=requests[2].pk).decision_note == "Kuota WFH unit sudah penuh pada hari itu"
    statuses = [WfhRequest.objects.get(pk=r.pk).status for r in requests]
    third = WfhRequestStatus.REJECTED if size == "desktop" else WfhRequestStatus.PENDING
    assert statuses == [WfhRequestStatus.APPROVED, WfhRequestStatus.APPROVED, third]
    assert compliance_day_statuses([unit.pk], DAY, DAY)[(unit.pk, DAY)].wfh == 20
    context.close()
    # again at the other size: the requests pending once more (the roster is set back by the setup)
    WfhRequest.objects.filter(pk__in=[r.pk for r in requests]).update(
        status=WfhRequestStatus.PENDING, decided_by=None, decided_at=None, decision_note="",
    )
    for r in requests:
        r.days.update(status="pending")


def employee_journey(browser, demo_server):
    for size in SIZES:
        context, page = open_page(browser, size, demo_server, "pegawai_bekasi")
        if size == "desktop":
            page.goto(f"{demo_server.url}/wfh/")
            actions = Actions(page)
            actions.click(page.get_by_role("link", name="Ajukan WFH"))
            actions.type(page.locator("#id_date_from"), "2024-04-19")
            actions.type(page.locator("#id_date_to"), "2024-04-22")
            actions.type(page.locator("#id_reason"), "Menemani orang tua kontrol ke rumah sakit")
            shoot(page, f"request-form-{size}")
            actions.click(page.get_by_role("button", name="Kirim pengajuan"))
            message = page.locator(".alert-success")
            expect(message).to_contain_text("2 hari kerja (19 April 2024, 22 April 2024)")
            expect(message).to_contain_text("Dilewati: 20 April 2024 (Bukan hari kerja), 21 April 2024 (Bukan hari kerja)")
            expect(message).to_be_in_viewport()
            assert actions.count <= 5, actions.count
            print(f"employee request over a weekend: {actions.count} actions")
            shoot(page, f"request-sent-{size}")
        else:
            page.goto(f"{demo_server.url}/")
        page.goto(f"{demo_server.url}/jadwal/")  # the unit roster sends an employee to their own
        expect(page).to_have_url(re.compile(r"/saya/jadwal/$"))
        expect(page.get_by_test_id("month")).to_have_text("April 2024")
        tuesday = page.locator("[data-testid=roster-day][data-date='2024-04-16']")
        expect(tuesday).to_contain_text(re.compile(r"SE 1.*2024: maks\. 50% WFH"))
        expect(page.locator("[data-testid=roster-day][data-date='2024-04-19']")).to_contain_text("menunggu keputusan")
        shoot(page, f"my-roster-{size}")
        actions = Actions(page)
        actions.click(page.get_by_role("link", name="Kehadiran saya").first)
        expect(page.get_by_test_id("discipline")).to_contain_text("Tanpa keterangan (TK) tahun 2024")
        expect(page.get_by_test_id("my-attendance")).to_be_visible()
        assert actions.count == 1
        shoot(page, f"my-attendance-{size}")
        context.close()
