"""Real headless Chromium: the pages work under the Content Security Policy (no inline script needed)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def csp_violations(page):
    seen = []
    page.on("console", lambda msg: seen.append(msg.text) if "Content Security Policy" in msg.text else None)
    return seen


def test_pages_raise_no_csp_violation_and_the_language_switch_works(world, login, page, live_server):
    violations = csp_violations(page)
    login("hr_bekasi")
    for path in ("/", "/jadwal/", "/kehadiran/", "/surat-edaran/", "/temuan/", "/akun/sandi/", "/notifikasi/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    assert violations == []
    page.goto(f"{live_server.url}/")
    page.click("[data-testid=user-menu]")  # signed in, the language is chosen in the user menu
    page.click("[data-testid=language-en]")
    page.wait_for_selector("button:has-text('Log out')", state="attached")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert violations == []


def test_the_audit_log_filters_with_htmx_under_csp(world, login, page, live_server):
    from agencies.audit import AuditContext, audit_record

    audit_record(AuditContext(actor=world.bekasi_hr), action="employee.update", obj=world.bekasi_staff[2],
                 before={"name": "A"}, after={"name": "B"}, summary="ganti nama pegawai")
    violations = csp_violations(page)
    login("inspektur_bekasi")
    page.goto(f"{live_server.url}/audit/")
    page.fill("input[name=actor]", "tidak-ada")
    page.click("button:has-text('Saring')")
    page.wait_for_selector("text=Tidak ada kejadian yang cocok.")
    assert "actor=tidak-ada" in page.url
    page.fill("input[name=actor]", "hr_bekasi")
    page.click("button:has-text('Saring')")
    page.wait_for_selector("text=ganti nama pegawai")
    assert violations == []


PAGES = {
    "inspektur_bekasi": ("/kehadiran/", "/temuan/", "/audit/", "/jadwal/", "/api/docs/", "/api/v1/employees/"),
    "kepala_setda_bekasi": ("/wfh/antrean/", "/kehadiran/", "/jadwal/"),
    "pegawai_bekasi": ("/wfh/", "/wfh/baru/", "/notifikasi/"),
}


@pytest.mark.parametrize("username", sorted(PAGES))
def test_each_roles_pages_raise_no_csp_violation(world, login, page, live_server, username):
    violations = csp_violations(page)
    login(username)
    blocked = {}
    for path in PAGES[username]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        if violations:
            blocked[path] = list(violations)
            violations.clear()
    assert blocked == {}
