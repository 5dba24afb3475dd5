"""The HR officer's day in real Chromium against the demo world (issue 11, "Done means"):
Sekretariat Daerah of Pemkot Bekasi rostered compliantly for SE MenPANRB 1/2024 in at most five
actions from the roster page, a deliberate breach named where the officer is looking at 1366×768,
and three undos back to the start. Screenshots at 1366×768 and 390×844 land in
$ROSTER_SHOTS (default: pytest's tmp_path)."""

import os
import re
from pathlib import Path
from unittest import mock

import pytest
from playwright.sync_api import expect

from agencies.models import Unit
from attendance.models import RosterEntry
from attendance.roster.selectors import grid_days
from demo import DEMO_PASSWORD, demo_world_build
from policies.compliance import days_between
from policies.models import Circular

from .conftest import APR16, APR17, APR18

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Actions:
    """Every click, key press, choice and submit the officer makes, counted."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, locator, **kw):
        self.count += 1
        locator.click(**kw)

    def press(self, key):
        self.count += 1
        self.page.keyboard.press(key)

    def choose(self, locator, label):
        self.count += 1
        locator.select_option(label=label)


@pytest.fixture
def demo_world(db):
    # The seeding's own compliance re-checks are not what this journey is about: skip them (seconds).
    with mock.patch("policies.tasks.compliance_recheck_unit_days.apply_async"), open(os.devnull, "w") as quiet:
        demo_world_build(stdout=quiet)
    return Unit.objects.get(agency__code="pemkot-bekasi", name="Sekretariat Daerah")


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("ROSTER_SHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def roster_of(unit):
    rows = RosterEntry.objects.filter(unit=unit, date__range=(APR16, APR18)).values_list(
        "employee_id", "date", "location", "leave_type"
    )
    return {(e, d): (loc, leave) for e, d, loc, leave in rows}


def statuses(unit):
    return {d.date: d.status for d in grid_days(unit, days_between(APR16, APR18))}


def in_view(locator) -> bool:
    """Wholly inside the window and not covered (by the sticky toolbar, say): what the officer sees."""
    return locator.evaluate("""(el) => {
        const r = el.getBoundingClientRect();
        if (r.top < 0 || r.left < 0 || r.bottom > window.innerHeight || r.right > window.innerWidth) return false;
        const points = [[r.left + 2, r.top + 2], [r.right - 2, r.bottom - 2], [(r.left + r.right) / 2, (r.top + r.bottom) / 2]];
        return points.every(([x, y]) => { const hit = document.elementFromPoint(x, y); return hit && el.contains(hit); });
    }""")


def test_hr_officer_rosters_the_circulars_days_sees_a_breach_and_undoes_it(
    demo_world, login, live_server, page, shots
):
    setda = demo_world
    page.set_viewport_size({"width": 1366, "height": 768})
    start = roster_of(setda)
    circular = Circular.objects.get(number="1 Tahun 2024")
    login("hr_bekasi", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/jadwal/")  # the roster page, as the menu opens it

    act = Actions(page)
    act.choose(page.locator("#id_unit"), "Sekretariat Daerah (Pemkot Bekasi)")
    act.choose(page.locator("#id_se"), f"SE {circular.number}")
    act.click(page.get_by_role("button", name="Tampilkan"))
    expect(page.locator("#ds-20240418")).to_contain_text("Wajib WFO 100%")
    act.click(page.get_by_role("button", name="Tim A/B bergantian"))
    message = page.get_by_test_id("save-message")
    expect(message).to_contain_text("Tim A/B: 16 Apr")
    expect(message).to_contain_text("; 18 Apr wajib WFO.")
    assert act.count <= 5, act.count
    compliant_actions = act.count
    patterned = int(re.search(r"(\d+) sel disimpan", message.inner_text()).group(1))
    page.screenshot(path=str(shots / "journey-1366-pattern.png"))

    after = statuses(setda)
    for day in (APR16, APR17):
        assert after[day].cap.fits and after[day].wfh * 2 <= after[day].basis  # ≤ 50% WFH
        assert after[day].wfh >= after[day].limit - 3  # and the pattern used the room (those on leave stay)
        expect(page.locator(f"#ds-{day:%Y%m%d}")).to_contain_text(f"WFH {after[day].wfh} dari maks. 30")
        expect(message).to_contain_text(f"{day.day} Apr {after[day].wfh} WFH")
    assert RosterEntry.objects.filter(unit=setda, date=APR18, location="WFH").count() == 0
    assert after[APR17].wfh == 30

    # A deliberate breach, far down the grid: the message is still where the officer is looking.
    office = RosterEntry.objects.filter(unit=setda, date=APR17, location="WFO", employee__employment_type="PNS")
    target = sorted(office.select_related("employee"), key=lambda e: (e.employee.name, e.employee.pk))[-1].employee
    act.click(page.locator(f"#c-{target.pk}-20240417"))  # Playwright scrolls to the cell, as the officer would
    scrolled = page.evaluate("[window.scrollY, document.querySelector('.roster-wrap').scrollTop]")
    with page.expect_response(lambda r: "/sel/" in r.url):
        act.press("h")
    expect(message).to_have_attribute("data-level", "warning")
    expect(message).to_contain_text("Melebihi batas surat edaran: 17 April 2024 (WFH 31 dari maks. 30")
    # The officer did not scroll to read it (the toolbar growing by a line may nudge the page a pixel).
    now = page.evaluate("[window.scrollY, document.querySelector('.roster-wrap').scrollTop]")
    assert all(abs(a - b) <= 2 for a, b in zip(now, scrolled, strict=True)), (now, scrolled)
    assert in_view(message), message.bounding_box()
    assert in_view(page.locator("#ds-20240417 .ds-label"))  # the day's count, red, in view too
    expect(page.locator("#ds-20240417")).to_have_class("ds over")
    page.screenshot(path=str(shots / "journey-1366-breach.png"))

    with page.expect_response(lambda r: "/sel/" in r.url):
        act.press("o")  # the officer puts it right
    expect(message).to_have_attribute("data-level", "success")
    expect(page.locator("#ds-20240417")).to_contain_text("WFH 30 dari maks. 30")

    # Three undos: the fix, the breach, the pattern. Back to the seeded roster, nothing refused.
    for expected in ("1 sel dikembalikan", "1 sel dikembalikan", f"{patterned} sel dikembalikan"):
        with page.expect_response(lambda r: "/urungkan/" in r.url):
            act.press("Control+z")
        expect(message).to_contain_text(expected)
        expect(message).not_to_contain_text("sudah diubah")
    expect(page.locator("#ds-20240417")).to_contain_text("WFH 0 dari maks. 30")
    assert roster_of(setda) == start
    expect(page.locator("#roster-redo")).to_be_enabled()
    print(f"\nHR officer journey: compliant roster in {compliant_actions} actions; {act.count} actions in all")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.screenshot(path=str(shots / "journey-390.png"))
    act.click(page.get_by_role("button", name="Ulangi"))  # redo the pattern on a phone
    expect(message).to_contain_text("sel diubah lagi")
    assert in_view(message)
    page.screenshot(path=str(shots / "journey-390-redo.png"))
