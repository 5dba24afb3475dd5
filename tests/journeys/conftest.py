"""The demo world (seed_demo) with its compliance checked, built once for the journeys, served by
the live server. The journeys only read it through the browser, except the circular they publish."""

import datetime
import io

import pytest
from django.core.management import call_command

DEMO_DAYS = [(datetime.date(2023, 8, 28), datetime.date(2023, 9, 7)), (datetime.date(2024, 4, 16), datetime.date(2024, 4, 18))]
VIEWPORTS = {"laptop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def demo_live(django_db_setup, django_db_blocker):
    """Committed (not in a test transaction) so the server's thread reads it, and flushed once the module
    is done. Its own server: pytest-django's live_server would flush the world after every test."""
    from pytest_django.live_server_helper import LiveServer

    from demo import demo_world_build
    from policies.compliance import compliance_check_units

    with django_db_blocker.unblock():
        demo_world_build(stdout=io.StringIO())
        for start, end in DEMO_DAYS:
            compliance_check_units(start=start, end=end)
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", "--noinput", verbosity=0)


@pytest.fixture(params=list(VIEWPORTS))
def viewport_page(request, browser):
    context = browser.new_context(locale="en-US", viewport=VIEWPORTS[request.param])  # an English-configured PC
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.viewport_name = request.param
    yield page
    context.close()


class Journey:
    """Drives the page and counts what the user does: clicks, fields filled, dialogs answered."""

    def __init__(self, page, base_url):
        self.page, self.base_url, self.clicks, self.fills, self.dialogs = page, base_url, 0, 0, 0
        page.on("dialog", self._answer)

    def _answer(self, dialog):
        self.dialogs += 1
        dialog.accept()

    @property
    def actions(self) -> int:
        return self.clicks + self.fills + self.dialogs

    def open(self, path):
        self.page.goto(self.base_url + path)

    def click(self, selector, *, navigates=True):
        self.clicks += 1
        if navigates:
            with self.page.expect_navigation():
                self.page.locator(selector).first.click()
        else:
            self.page.locator(selector).first.click()

    def fill(self, selector, value):
        self.fills += 1
        self.page.fill(selector, value)

    def login(self, username, password):
        self.open("/masuk/")
        self.fill("input[name=username]", username)
        self.fill("input[name=password]", password)
        self.click("button[type=submit]")

    def horizontal_scroll(self) -> int:
        return self.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
