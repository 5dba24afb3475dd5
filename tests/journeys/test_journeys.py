"""Done means (issue 14), in real Chromium at 1366x768 and 390x844, counting what the user does:
the inspector's answer for a day in three clicks from login, and a national circular with two rules
over two days entered, previewed and published in twelve actions."""

import re

import pytest
from playwright.sync_api import expect

from demo import DEMO_PASSWORD

from .conftest import Journey

# django_db (not transactional): the world is committed once by demo_live; what a journey writes through
# the shared in-memory SQLite connection rolls back with the test (on PostgreSQL, demo_live's flush removes it).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]
MEASURED = {}


def figure(page, key):
    return page.locator(f'[data-figure="{key}"]').inner_text()


def test_bekasi_inspector_answers_16_april_2024_in_three_clicks(demo_live, viewport_page):
    j = Journey(viewport_page, demo_live.url)
    j.login("inspektur_bekasi", DEMO_PASSWORD)
    assert "Selamat datang" in j.page.content(), j.page.inner_text("main")  # Indonesian, though the browser asks for English
    j.click('main [data-nav="presence:dashboard"]')
    j.click('[data-preset^="circular-"][data-preset$="-2024-04-16"]')
    page = j.page
    expect(page.get_by_test_id("period")).to_have_text("16 April 2024")
    assert j.clicks <= 3, j.clicks
    assert (figure(page, "present"), figure(page, "wfo"), figure(page, "wfh")) == ("1.581", "1.465", "116")
    assert [figure(page, k) for k in ("sick", "permission", "leave", "absent")] == ["17", "9", "3", "19"]
    assert page.get_by_test_id("tally-mismatch").inner_text() == "Dilaporkan 40 berhalangan, rinciannya berjumlah 48"
    breach = page.get_by_test_id("breach-summary").inner_text()
    assert "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah (WFH 30/25" in breach
    assert "Dinas Kesehatan (3 WFH di unit WFO 100%" in breach
    for unit in ("Dinas Pendidikan", "Dinas Perhubungan", "Satuan Polisi Pamong Praja", "Kelurahan Aren Jaya"):
        assert f"{unit} (1 tidak sesuai jadwal" in breach or f"{unit} (" in breach, unit
    tiles = {k: int(figure(page, k).replace(".", "")) for k in
             ("present", "sick", "permission", "leave", "field_duty", "study", "absent", "no_record")}
    assert sum(tiles.values()) == int(figure(page, "headcount").replace(".", ""))  # everyone counted somewhere
    assert j.horizontal_scroll() == 0
    MEASURED[f"bekasi-{viewport_page.viewport_name}"] = (j.clicks, j.fills)


def test_dki_inspector_answers_5_september_2023_where_pemprov_dkis_75_percent_binds(demo_live, viewport_page):
    j = Journey(viewport_page, demo_live.url)
    j.login("inspektur_dki", DEMO_PASSWORD)
    j.click('main [data-nav="presence:dashboard"]')
    j.click('[data-preset^="circular-"][data-preset$="-2023-09-05"]')
    page = j.page
    expect(page.get_by_test_id("period")).to_have_text("5 September 2023")
    assert j.clicks <= 3, j.clicks
    table = page.get_by_test_id("units-table").inner_text()
    assert re.search(r"Badan Perencanaan Pembangunan Daerah\s+Pemprov DKI Jakarta[^\n]*maks\.? 75%", table)
    assert re.search(r"Deputi Bidang Kelembagaan dan Tata Laksana\s+Kemenpan RB[^\n]*maks\.? 50%", table)  # SE 17/2023
    breach = page.get_by_test_id("breach-summary").inner_text()
    assert "Biro Umum dan Administrasi Sekretariat Daerah (3 WFH di luar domisili" in breach
    assert "Dinas Kesehatan (2 WFH di unit WFO 100%" in breach
    assert (figure(page, "present"), figure(page, "wfo"), figure(page, "wfh")) == ("796", "603", "193")
    assert j.horizontal_scroll() == 0
    MEASURED[f"dki-{viewport_page.viewport_name}"] = (j.clicks, j.fills)


def test_policy_admin_publishes_a_national_two_rule_circular_in_twelve_actions(demo_live, viewport_page):
    j = Journey(viewport_page, demo_live.url)
    j.login("admin_kebijakan", DEMO_PASSWORD)
    j.clicks = j.fills = 0  # count from the home page, signed in
    number = f"9/2026-{viewport_page.viewport_name}"
    j.click('main [data-nav="policies:circulars"]')
    j.click('[data-testid="new-circular"]')
    j.fill("#id_number", number)
    j.fill("#id_title", "Penyesuaian sistem kerja ASN")
    j.fill("#id_start", "2024-04-16")
    j.fill("#id_end", "2024-04-17")
    j.click("#id_rules-0-category_preset_0", navigates=False)  # direct services: WFO 100%
    j.click("#id_rules-1-category_preset_1", navigates=False)  # administration and leadership support
    j.fill("#id_rules-1-wfh_cap_percent", "50")
    j.click('[data-testid="save-preview"]')
    page = j.page
    expect(page.get_by_test_id("preview-units")).to_contain_text("Pemerintah Kota Bekasi · 17 unit")
    assert "Dinas Kesehatan" in page.get_by_test_id("preview-units").inner_text()
    assert "16 April 2024 – 17 April 2024" in page.get_by_test_id("preview-findings").inner_text()
    j.click('[data-testid="publish"]')
    expect(page.get_by_test_id("circular-status")).to_have_text("Terbit")
    assert j.dialogs == 1 and j.actions <= 12, (j.clicks, j.fills, j.dialogs)
    rules = page.get_by_test_id("rule-row")
    assert rules.count() == 2
    assert "Layanan langsung kepada masyarakat" in rules.nth(0).inner_text()
    assert "Administrasi pemerintahan dan dukungan pimpinan" in rules.nth(1).inner_text()
    MEASURED[f"circular-{viewport_page.viewport_name}"] = (j.clicks, j.fills, j.dialogs)


def test_zz_report_the_measured_actions(capsys):
    with capsys.disabled():
        print("\nmeasured (clicks, fills[, dialogs]):", MEASURED)
