"""The editor in real headless Chromium: click, keyboard, ranges, the cap turning red and back,
undo, the concurrent-edit refusal and imports."""

import pytest
from playwright.sync_api import expect

from agencies.audit import AuditContext
from attendance.models import RosterEntry
from attendance.roster.services import RosterChange, roster_entries_set
from tests import factories as f

from .conftest import APR16, APR17

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def cell(page, employee, day):
    return page.locator(f"#c-{employee.pk}-{day:%Y%m%d}")


def status(page, day):
    return page.locator(f"#ds-{day:%Y%m%d}")


def location(employee, day):
    entry = RosterEntry.objects.filter(employee=employee, date=day).first()
    return entry.location if entry else ""


@pytest.fixture
def editor(world, se_1_2024, login, live_server, page):
    login("hr_bekasi")
    page.goto(f"{live_server.url}/jadwal/?unit={world.bekasi_setda.pk}&mulai=2024-04-15")
    expect(page.locator("#roster-grid")).to_be_visible()
    return page


def test_set_a_cell_by_click_and_toolbar(editor, world):
    employee = world.bekasi_staff[0]
    cell(editor, employee, APR16).click()
    editor.get_by_role("button", name="WFH H").click()
    expect(cell(editor, employee, APR16)).to_have_text("WFH")
    expect(status(editor, APR16)).to_contain_text("WFH 1 dari maks. 2")
    assert location(employee, APR16) == "WFH"


def test_set_cells_by_keyboard_keeping_focus(editor, world):
    employee = world.bekasi_staff[0]
    cell(editor, employee, APR16).click()
    editor.keyboard.press("h")
    expect(cell(editor, employee, APR16)).to_have_text("WFH")
    editor.keyboard.press("ArrowRight")
    editor.keyboard.press("o")
    expect(cell(editor, employee, APR17)).to_have_text("WFO")
    expect(cell(editor, employee, APR17)).to_be_focused()
    editor.keyboard.press("ArrowLeft")
    editor.keyboard.press("c")
    expect(cell(editor, employee, APR16)).to_have_text("C")
    expect(cell(editor, employee, APR16)).to_be_focused()
    assert (location(employee, APR16), location(employee, APR17)) == ("CUTI", "WFO")


def test_fill_a_range_and_see_the_day_turn_red_past_the_cap_and_back(editor, world):
    rows = sorted(world.bekasi_staff, key=lambda e: (e.name, e.pk))
    cell(editor, rows[0], APR16).click()
    cell(editor, rows[2], APR16).click(modifiers=["Shift"])
    editor.keyboard.press("h")
    for employee in rows[:3]:
        expect(cell(editor, employee, APR16)).to_have_text("WFH")
    expect(status(editor, APR16)).to_have_class("ds over")
    expect(status(editor, APR16)).to_contain_text("WFH 3 dari maks. 2")
    status(editor, APR16).focus()  # focusing (or hovering) the day lists the circulars and which binds
    expect(status(editor, APR16).locator(".ds-detail")).to_be_visible()
    expect(status(editor, APR16).locator(".ds-detail")).to_contain_text("SE MenPANRB 1/2024: maks 50% WFH, mengikat")
    cell(editor, rows[2], APR16).click()
    editor.keyboard.press("o")
    expect(status(editor, APR16)).to_have_class("ds")
    expect(status(editor, APR16)).to_contain_text("WFH 2 dari maks. 2")


def test_shift_arrows_extend_the_selection_and_a_pattern_fills_it(editor, world):
    rows = sorted(world.bekasi_staff, key=lambda e: (e.name, e.pk))
    cell(editor, rows[0], APR16).click()
    editor.keyboard.press("Shift+ArrowDown")
    editor.keyboard.press("Shift+ArrowRight")
    editor.get_by_role("button", name="Tim A/B bergantian").click()
    expect(cell(editor, rows[0], APR16)).to_have_text("WFO")
    expect(cell(editor, rows[0], APR17)).to_have_text("WFH")
    expect(cell(editor, rows[1], APR16)).to_have_text("WFH")
    expect(cell(editor, rows[1], APR17)).to_have_text("WFO")
    expect(cell(editor, rows[2], APR16)).to_have_text("")


def test_drag_selects_a_rectangle(editor, world):
    rows = sorted(world.bekasi_staff, key=lambda e: (e.name, e.pk))
    start, end = cell(editor, rows[0], APR16).bounding_box(), cell(editor, rows[1], APR17).bounding_box()
    editor.mouse.move(start["x"] + 5, start["y"] + 5)
    editor.mouse.down()
    editor.mouse.move(end["x"] + 5, end["y"] + 5, steps=5)
    editor.mouse.up()
    editor.get_by_role("button", name="DL D").click()
    for employee in rows[:2]:
        for day in (APR16, APR17):
            expect(cell(editor, employee, day)).to_have_text("DL")
    expect(cell(editor, rows[2], APR16)).to_have_text("")


def test_undo_the_last_change(editor, world):
    employee = world.bekasi_staff[1]
    cell(editor, employee, APR17).click()
    editor.keyboard.press("s")
    expect(cell(editor, employee, APR17)).to_have_text("S")
    editor.keyboard.press("Control+z")
    expect(cell(editor, employee, APR17)).to_have_text("")
    expect(editor.locator("#roster-messages")).to_contain_text("1 sel dikembalikan")
    assert location(employee, APR17) == ""
    editor.keyboard.press("r")  # the cell's history: set, then cleared by the undo
    history = editor.locator("dialog[open] [data-testid=history] tbody tr")
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text("SAKIT")


def test_a_failed_save_is_reported_not_silent(editor, world):
    employee = world.bekasi_staff[0]
    editor.route("**/sel/", lambda route: route.fulfill(status=500, body="boom"))
    cell(editor, employee, APR16).click()
    editor.keyboard.press("h")
    expect(editor.locator("#roster-messages .alert-danger")).to_contain_text("Perubahan tidak tersimpan")
    expect(cell(editor, employee, APR16)).to_have_text("")
    assert location(employee, APR16) == ""


def test_inspector_reads_but_typing_changes_nothing(world, se_1_2024, login, live_server, page):
    login("inspektur_jabar")
    page.goto(f"{live_server.url}/jadwal/?unit={world.bekasi_setda.pk}&mulai=2024-04-15")
    expect(page.get_by_test_id("read-only")).to_be_visible()
    expect(page.locator(".roster-toolbar")).to_have_count(0)
    cell(page, world.bekasi_staff[0], APR16).click()
    page.keyboard.press("h")
    page.wait_for_timeout(300)
    expect(cell(page, world.bekasi_staff[0], APR16)).to_have_text("")
    assert location(world.bekasi_staff[0], APR16) == ""


def test_second_officer_is_refused_and_sees_the_current_value(editor, world):
    employee = world.bekasi_staff[2]
    expect(cell(editor, employee, APR16)).to_have_attribute("data-v", "0")
    other = f.user("hr_bekasi_2", f.Role.HR_OFFICER, agency=world.bekasi)
    roster_entries_set(context=AuditContext(actor=other), changes=[
        RosterChange(employee_id=employee.pk, date=APR16, location="DL", expected_version=0)
    ])
    cell(editor, employee, APR16).click()
    editor.keyboard.press("o")
    expect(editor.locator("#roster-messages")).to_contain_text("Sel ini sudah diubah oleh Hr_Bekasi_2")
    expect(cell(editor, employee, APR16)).to_have_text("DL")
    assert location(employee, APR16) == "DL"


def test_an_import_with_a_bad_row_is_refused_and_a_good_one_applied(editor, world, live_server, tmp_path):
    a, b = world.bekasi_staff[:2]
    bad = tmp_path / "buruk.csv"
    bad.write_text(f"nip,tanggal,kode\n{a.nip},2024-04-16,WFH\n{b.nip},2024-04-16,KANTOR\n")
    good = tmp_path / "baik.csv"
    good.write_text(f"nip,tanggal,kode\n{a.nip},2024-04-16,WFH\n{b.nip},2024-04-17,DL\n")
    editor.get_by_role("link", name="Impor jadwal", exact=True).click()
    editor.set_input_files("input[type=file]", str(bad))
    editor.get_by_role("button", name="Periksa berkas").click()
    expect(editor.get_by_test_id("import-errors")).to_contain_text("Kode lokasi kerja tidak dikenal: KANTOR")
    expect(editor.get_by_test_id("import-errors")).to_contain_text("3")
    assert location(a, APR16) == ""
    editor.set_input_files("input[type=file]", str(good))
    editor.get_by_role("button", name="Periksa berkas").click()
    expect(editor.get_by_test_id("import-ready")).to_contain_text("2 baris siap diterapkan")
    editor.get_by_role("button", name="Terapkan impor").click()
    expect(editor.locator("main")).to_contain_text("Impor selesai: 2 sel diubah.")
    expect(cell(editor, a, APR16)).to_have_text("WFH")
    expect(cell(editor, b, APR17)).to_have_text("DL")


def test_a_whole_day_is_selected_from_its_header_and_shift_extends_to_a_range_of_days(editor, world):
    from tests import factories as f

    newcomer = f.employee(world.bekasi_setda, active_from=APR17)  # not yet active on the 16th: left alone
    editor.reload()
    editor.locator("#roster-grid thead .day-select[data-day='20240416']").click()
    editor.locator("#roster-grid thead .day-select[data-day='20240417']").click(modifiers=["Shift"])
    editor.keyboard.press("d")
    for employee in world.bekasi_staff:
        for day in (APR16, APR17):
            expect(cell(editor, employee, day)).to_have_text("DL")
    expect(cell(editor, newcomer, APR17)).to_have_text("DL")
    assert location(newcomer, APR16) == ""
    assert RosterEntry.objects.filter(unit=world.bekasi_setda, location="DL").count() == 2 * len(world.bekasi_staff) + 1
    editor.locator("#roster-grid thead .day-select[data-day='20240416']").click()
    editor.get_by_role("button", name="WFO O").click()  # a toolbar code on the day alone
    expect(cell(editor, world.bekasi_staff[0], APR16)).to_have_text("WFO")
    expect(cell(editor, world.bekasi_staff[0], APR17)).to_have_text("DL")


def test_undo_and_redo_from_the_keyboard(editor, world):
    employee = world.bekasi_staff[0]
    cell(editor, employee, APR16).click()
    editor.keyboard.press("h")
    expect(cell(editor, employee, APR16)).to_have_text("WFH")
    editor.keyboard.press("ArrowRight")
    editor.keyboard.press("s")
    expect(cell(editor, employee, APR17)).to_have_text("S")
    editor.keyboard.press("Control+z")
    expect(cell(editor, employee, APR17)).to_have_text("")
    editor.keyboard.press("Control+z")
    expect(cell(editor, employee, APR16)).to_have_text("")
    expect(editor.locator("#roster-undo")).to_be_disabled()
    editor.keyboard.press("Control+y")
    expect(cell(editor, employee, APR16)).to_have_text("WFH")
    editor.keyboard.press("Control+Shift+z")
    expect(cell(editor, employee, APR17)).to_have_text("S")
    expect(editor.locator("#roster-redo")).to_be_disabled()
    assert (location(employee, APR16), location(employee, APR17)) == ("WFH", "SAKIT")


def test_a_wfa_day_is_given_its_place_and_region_from_the_toolbar(editor, world):
    """PermenPANRB 4/2025's WFA names where it is worked: the officer types the place, picks the region
    (the agency's province is offered) and presses A; a day at the office keeps no place."""
    first, second = world.bekasi_staff[:2]
    editor.get_by_label("Tempat kerja untuk WFH, WFA atau kantor lain").fill("Kantor Kecamatan Bekasi Timur")
    editor.get_by_label("Kode wilayah Kemendagri tempat kerja").fill("32.75")
    assert editor.locator("#roster-regions option[value='32.75']").count() == 1
    cell(editor, first, APR16).click()
    editor.keyboard.press("a")
    expect(cell(editor, first, APR16)).to_have_text("WFA")
    cell(editor, second, APR16).click()
    editor.keyboard.press("o")
    expect(cell(editor, second, APR16)).to_have_text("WFO")
    entry = RosterEntry.objects.get(employee=first, date=APR16)
    assert (entry.location, entry.wfh_address, entry.wfh_region.code) == ("WFA", "Kantor Kecamatan Bekasi Timur", "32.75")
    cell(editor, first, APR16).click()
    editor.keyboard.press("r")  # the cell's history names the place
    expect(editor.locator("dialog[open] [data-testid=history] tbody tr").first).to_contain_text(
        "WFA · Kantor Kecamatan Bekasi Timur")
    editor.keyboard.press("Escape")
    office = RosterEntry.objects.get(employee=second, date=APR16)
    assert (office.wfh_address, office.wfh_region_id) == ("", None)
    editor.get_by_label("Kode wilayah Kemendagri tempat kerja").fill("99.99")
    cell(editor, first, APR17).click()
    editor.keyboard.press("a")
    expect(editor.locator("#roster-messages")).to_contain_text("Kode wilayah tidak dikenal; isi kode wilayah Kemendagri, mis. 32.75.")
    assert location(first, APR17) == ""
