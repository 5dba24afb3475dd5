"""Pemkot Jakarta Selatan, Tuesday 8 April 2025 (issue 15, "Done means"), in real Chromium on the
demo world: the inspector answers who came, who worked where (office, home, elsewhere), who was
late under the arrival window and which units broke their proportion, in at most three clicks
from login. Screenshots at 1366×768 and 390×844 land in $JAKSEL_SHOTS (default: pytest's tmp_path)."""

import datetime
import os
from pathlib import Path
from unittest import mock

import pytest
from playwright.sync_api import expect

from agencies.models import Agency, Unit
from demo import DEMO_PASSWORD, demo_world_build
from policies.compliance import compliance_check_units
from policies.models import Circular

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASE_DAY = datetime.date(2025, 4, 8)


@pytest.fixture
def jaksel(db):
    # The seeding's own re-checks run in the worker; here the check of Jaksel's FWA days runs once, directly.
    with mock.patch("policies.compliance.recheck._enqueue_pairs"), open(os.devnull, "w") as quiet:
        demo_world_build(stdout=quiet)
    agency = Agency.objects.get(code="pemkot-jaksel")
    compliance_check_units(agency_ids=[agency.pk], start=datetime.date(2025, 3, 24), end=CASE_DAY)
    compliance_check_units(agency_ids=[agency.pk], start=datetime.date(2026, 3, 16), end=datetime.date(2026, 3, 17))
    return agency


@pytest.fixture
def patient(page):
    # The demo world's pages do real work (a province's day); on a loaded 2-core runner 10 s is too short.
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(60_000)
    return page


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("JAKSEL_SHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Clicks:
    def __init__(self):
        self.count = 0

    def click(self, locator):
        self.count += 1
        locator.click()


def figure(page, key):
    return page.locator(f"[data-figure={key}]").inner_text()


def test_the_jaksel_inspector_reads_8_april_2025_in_three_clicks(jaksel, patient, login, live_server, page, shots):
    page.set_viewport_size({"width": 1366, "height": 768})
    login("inspektur_jaksel", DEMO_PASSWORD)
    clicks = Clicks()
    clicks.click(page.get_by_role("link", name="Kehadiran", exact=True))  # 1: the dashboard opens on the last recorded day
    expect(page.get_by_test_id("period")).to_have_text("8 April 2025")
    # Who came, and where: 180 of 193 present; 158 at the office, 14 at home, 8 at another location.
    assert [figure(page, k) for k in ("headcount", "present", "wfo", "wfh", "wfa")] == ["193", "180", "158", "14", "8"]
    # Who was late under FWA (TL measured from 08.30 under the window, from 07.30 at the health office).
    assert (figure(page, "late"), figure(page, "early_leave"), figure(page, "absent")) == ("5", "1", "2")
    # Which units broke their proportion: the Sekretariat Kota, 22 WFH+WFA of at most 20.
    units = page.get_by_test_id("units-table")
    setko = units.locator("tr", has_text="Sekretariat Kota")
    expect(setko.get_by_test_id("unit-status")).to_contain_text("WFH+WFA 22/20")  # the cap counts both, and says so
    expect(setko).to_contain_text("WFH+WFA 22 dari maks. 20 (SE e-0012/SE/2025: maks. 50%)")
    expect(setko.get_by_test_id("unit-scheme")).to_contain_text("FWA: datang 07.00–08.30")
    health = units.locator("tr", has_text="Suku Dinas Kesehatan")
    expect(health).to_contain_text("WFO 100% (SE e-0012/SE/2025)")
    expect(health.get_by_test_id("unit-scheme")).to_contain_text("Layanan kesehatan: masuk 07.30 (tetap)")
    expect(page.get_by_test_id("breach-summary")).to_contain_text("Sekretariat Kota (WFH+WFA 22/20)")
    expect(page.get_by_test_id("unit-chart")).to_contain_text("22 WFH+WFA/20")  # the bar counts what the cap counts
    page.screenshot(path=str(shots / "jaksel-dashboard-1366.png"), full_page=True)

    clicks.click(setko.get_by_test_id("unit-link"))  # 2: who was where in the Sekretariat Kota
    expect(page.get_by_test_id("unit-day-title")).to_contain_text("Sekretariat Kota")
    places = page.get_by_test_id("place-tallies")
    assert [places.locator(f"[data-place={p}]").inner_text() for p in ("office", "home", "elsewhere")] == ["17", "14", "8"]
    table = page.get_by_test_id("unit-day")
    expect(table.locator("tr", has_text="08.41")).to_contain_text("TL TL1")  # 11 minutes past the window
    expect(table.locator("tr", has_text="09.05")).to_contain_text("TL TL2")
    expect(table.locator("tr", has_text="08.30")).to_contain_text("H")  # inside the window: on time
    expect(table.locator("tr", has_text="08.30")).not_to_contain_text("TL")
    expect(table.locator("tr", has_text="13.50")).to_contain_text("PSW2")
    expect(page.get_by_test_id("unit-scheme")).to_contain_text("FWA: datang 07.00–08.30")
    expect(page.get_by_test_id("unit-day-findings")).to_contain_text("22 / 20")
    expect(page.get_by_test_id("unit-day-findings")).to_contain_text("22 pegawai di balik temuan")  # WFH and WFA
    assert table.locator("tr", has_text="Lokasi lain (WFA)").count() == 8
    assert clicks.count <= 3
    page.screenshot(path=str(shots / "jaksel-unit-day-1366.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(shots / "jaksel-unit-day-390.png"))
    assert Unit.objects.filter(agency=jaksel).count() == 4


def test_jaksels_policy_admin_issues_its_arrangement_for_se_2_2026_and_the_grid_gets_a_cap(
    jaksel, patient, login, live_server, page, shots
):
    setko = Unit.objects.get(agency=jaksel, code="setko")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.on("dialog", lambda dialog: dialog.accept())  # "Terbitkan SE …?"
    login("admin_kebijakan_jaksel", DEMO_PASSWORD)
    grid = f"{live_server.url}/jadwal/?unit={setko.pk}&mulai=2026-03-16"
    page.goto(grid)
    day = page.locator("#ds-20260316")
    expect(day).to_contain_text("WFH+WFA 14 · proporsi belum ditetapkan")  # SE 2/2026 leaves it to the agency head
    expect(day).to_contain_text("SE 2 Tahun 2026 · ditetapkan pimpinan instansi")
    page.screenshot(path=str(shots / "jaksel-grid-before-1366.png"))

    page.goto(f"{live_server.url}/surat-edaran/baru/")
    page.fill("#id_number", "e-0007/SE/2026")
    page.fill("#id_title", "Pelaksanaan Fleksibilitas Kerja pada Masa Libur Nyepi dan Idul Fitri 1447 H")
    page.fill("#id_start", "2026-03-16")
    page.fill("#id_end", "2026-03-17")
    page.select_option("#id_scope_kind", "agencies")
    page.locator("summary", has_text="Wilayah atau instansi cakupan").click()
    page.select_option("#id_scope_agencies", label="Pemkot Jakarta Selatan")
    page.select_option("#id_based_on", label="SE 2 Tahun 2026")
    admin, direct = page.locator("#rule-1"), page.locator("#rule-2")
    admin.get_by_label("Administrasi pemerintahan dan dukungan pimpinan").check()
    admin.locator("[name=rules-0-wfh_cap_percent]").fill("50")
    admin.locator("[name=rules-0-counted_locations]").select_option("WFH_WFA")
    direct.get_by_label("Layanan langsung kepada masyarakat").check()  # no cap: WFO 100%
    direct.locator("[name=rules-1-counted_locations]").select_option("WFH_WFA")
    page.get_by_test_id("save-preview").click()
    with page.expect_navigation():
        page.get_by_test_id("publish").click()
    arrangement = Circular.objects.get(number="e-0007/SE/2026")
    assert arrangement.status == "published" and list(arrangement.based_on.values_list("number", flat=True)) == [
        "2 Tahun 2026"
    ]
    assert sorted(arrangement.rules.values_list("wfh_cap_percent", "counted_locations")) == [(0, "WFH_WFA"), (50, "WFH_WFA")]

    page.goto(grid)
    expect(day).to_contain_text("WFH+WFA 14 dari maks. 20")  # floor(50% × 40): the arrangement's number binds
    expect(day).to_contain_text("SE e-0007/SE/2026 · 50%")
    expect(page.locator("#ds-20260317")).to_contain_text("WFH+WFA 14 dari maks. 20")
    page.screenshot(path=str(shots / "jaksel-grid-after-1366.png"))
