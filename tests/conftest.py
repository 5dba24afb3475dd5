"""Shared personas: two agencies (Pemkot Bekasi and Pemkot Tangerang) and a user of each role.

`world` gives them as attributes; tests prove that Bekasi's people cannot reach Tangerang's.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.world import world_build

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


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, django_db_keepdb):
    """`--reuse-db` on SQLite (`make test`): the test database lives in a file under var/, because an in-memory
    one cannot outlive the run; without the flag (CI) it stays in memory and is built afresh."""
    from django.conf import settings
    from django.db import connections

    db = connections["default"].settings_dict
    if django_db_keepdb and db["ENGINE"].endswith("sqlite3") and not db["TEST"].get("NAME"):
        worker = os.environ.get("PYTEST_XDIST_WORKER")
        Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
        db["TEST"]["NAME"] = str(Path(settings.VAR_DIR) / (f"test-{worker}.sqlite3" if worker else "test.sqlite3"))


@pytest.fixture
def world(db):
    return world_build()


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
