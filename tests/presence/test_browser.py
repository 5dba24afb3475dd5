"""In real headless Chromium: open the dashboard, change the period, drill down to a unit's day, download an export."""

import datetime

import pytest
from playwright.sync_api import expect

from attendance.models import AttendanceRecord
from tests import factories as f

TUESDAY = datetime.date(2024, 4, 16)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_inspector_changes_the_period_drills_down_and_downloads(world, page, login, live_server):
    for i, employee in enumerate(world.bekasi_nurses):
        AttendanceRecord.objects.create(agency=world.bekasi, unit=employee.unit, employee=employee, date=TUESDAY,
                                        status="TK" if i == 0 else "H", source="device")
    f.summaries_recount()
    login("inspektur_bekasi")
    page.goto(f"{live_server.url}/kehadiran/?start=2024-04-01&end=2024-04-07")
    assert page.locator('[data-figure="present"]').inner_text() == "0"

    page.fill("#id_start", "2024-04-16")
    page.fill("#id_end", "2024-04-16")
    page.click("#jurisdiction button[type=submit]")
    expect(page.locator('[data-figure="present"]')).to_have_text("2")
    assert page.locator('[data-figure="absent"]').inner_text() == "1"
    assert "start=2024-04-16" in page.url  # htmx pushed the period into the address
    assert page.locator('[data-testid="period"]').inner_text() == "16 April 2024"

    page.click('[data-testid="units-table"] a:has-text("Dinas Kesehatan")')
    page.wait_for_selector('[data-testid="unit-day"]')
    rows = page.locator('[data-testid="unit-day"] tbody tr')
    assert rows.count() == 3
    assert "TK" in page.locator('[data-testid="unit-day"]').inner_text()

    with page.expect_download() as download_info:
        page.click('[data-testid="unit-day-csv"]')
    download = download_info.value
    content = open(download.path(), encoding="utf-8-sig").read()
    assert download.suggested_filename.endswith(".csv")
    assert world.bekasi_nurses[0].name in content and "Tangerang" not in content
