"""Shared personas: two agencies (Pemkot Bekasi and Pemkot Tangerang) and a user of each role.

`world` gives them as attributes; tests prove that Bekasi's people cannot reach Tangerang's.
"""

import os
import shutil
from types import SimpleNamespace

import pytest

from agencies.models import Role
from tests import factories as f

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API inside live_server tests


@pytest.fixture(autouse=True)
def _default_language():
    """Requests activate their language on the thread and Django never resets it: start
    every test in Bahasa Indonesia, whatever the previous test's last request chose."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def world(db):
    jabar = f.region("32", "Jawa Barat", "province")
    banten = f.region("36", "Banten", "province")
    bekasi_region = f.region("32.75", "Kota Bekasi", "city", parent=jabar)
    tangerang_region = f.region("36.71", "Kota Tangerang", "city", parent=banten)
    bekasi = f.agency("pemkot-bekasi", "Pemerintah Kota Bekasi", "Pemkot Bekasi", seat=bekasi_region)
    tangerang = f.agency("pemkot-tangerang", "Pemerintah Kota Tangerang", "Pemkot Tangerang", seat=tangerang_region)
    w = SimpleNamespace(jabar=jabar, banten=banten, bekasi=bekasi, tangerang=tangerang)
    w.bekasi_setda = f.unit(bekasi, "Sekretariat Daerah", "administration")
    w.bekasi_bagian_umum = f.unit(bekasi, "Bagian Umum", "", parent=w.bekasi_setda)
    w.bekasi_dinkes = f.unit(bekasi, "Dinas Kesehatan", "health")
    w.tangerang_setda = f.unit(tangerang, "Sekretariat Daerah", "administration")
    w.bekasi_staff = [f.employee(w.bekasi_setda) for _ in range(4)]
    w.bekasi_umum_staff = [f.employee(w.bekasi_bagian_umum) for _ in range(2)]
    w.bekasi_nurses = [f.employee(w.bekasi_dinkes) for _ in range(3)]
    w.tangerang_staff = [f.employee(w.tangerang_setda) for _ in range(3)]
    w.bekasi_hr = f.user("hr_bekasi", Role.HR_OFFICER, agency=bekasi)
    w.tangerang_hr = f.user("hr_tangerang", Role.HR_OFFICER, agency=tangerang)
    w.bekasi_head = f.user("kepala_setda_bekasi", Role.UNIT_HEAD, unit=w.bekasi_setda, employee=w.bekasi_staff[0])
    w.bekasi_setda.head = w.bekasi_staff[0]
    w.bekasi_setda.save()
    w.bekasi_inspector = f.user("inspektur_bekasi", Role.INSPECTOR, agency=bekasi)
    w.jabar_inspector = f.user("inspektur_jabar", Role.INSPECTOR, region=jabar)
    w.bekasi_employee = f.user("pegawai_bekasi", employee=w.bekasi_staff[1])
    w.tangerang_employee = f.user("pegawai_tangerang", employee=w.tangerang_staff[0])
    return w


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    """Real headless Debian Chromium driven by Playwright (no Playwright browser download)."""
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is not installed: apt-get install -y chromium (make test does this as root).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="id-ID", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def login(page, live_server):
    """Log a user in through the real login form."""

    def _login(username, password="sandi-uji-123"):
        page.goto(f"{live_server.url}/masuk/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    return _login
