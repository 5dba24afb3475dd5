"""One request through real headless Chromium: the employee submits, the head approves, the
roster grid shows the day as approved WFH."""

import re

import pytest
from playwright.sync_api import expect

from attendance.models import RosterEntry
from attendance.roster.selectors import cell_dom_id

from .conftest import TUESDAY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_employee_submits_head_approves_and_the_roster_shows_wfh(page, login, live_server, world, se_1_2024):
    employee = world.bekasi_staff[1]

    login("pegawai_bekasi")
    page.goto(f"{live_server.url}/wfh/baru/")
    page.fill("#id_date_from", "2024-04-16")
    page.locator("#id_date_from").dispatch_event("change")
    check = page.get_by_test_id("day-check")
    expect(check).to_contain_text("Dapat diajukan")  # the htmx check answered at once
    expect(check).to_contain_text("0 WFH / maks. 2 · SE 1/2024")
    page.fill("#id_reason", "Merawat orang tua yang sakit")
    page.fill("#id_address", "Jl. Melati 1, Bekasi")
    page.get_by_role("button", name="Kirim pengajuan").click()
    expect(page.get_by_test_id("status")).to_have_text("Menunggu")
    page.context.clear_cookies()  # signed out

    login("kepala_setda_bekasi")
    expect(page.get_by_test_id("unread-count")).to_have_text("1")
    page.goto(f"{live_server.url}/wfh/antrean/")
    row = page.get_by_test_id("queue-row")
    expect(row).to_contain_text(employee.name)
    expect(row).to_contain_text("0 WFH + 1 menunggu / maks. 2 · SE 1/2024")
    row.get_by_test_id("approve").click()  # one click, answered in the row
    expect(row.get_by_test_id("row-outcome")).to_contain_text("Disetujui: 16 April 2024.")
    expect(row.get_by_test_id("status")).to_have_text("Disetujui")

    page.goto(f"{live_server.url}/jadwal/?unit={world.bekasi_setda.pk}&mulai=2024-04-16")
    cell = page.locator(f"td#{cell_dom_id(employee.pk, TUESDAY)}")
    expect(cell).to_contain_text("WFH")
    expect(cell).to_have_class(re.compile(r"\blocked\b"))
    entry = RosterEntry.objects.get(employee=employee, date=TUESDAY)
    assert entry.location == "WFH" and entry.wfh_request is not None
