import pytest

from policies.compliance import compliance_check_units
from policies.models import Finding
from tests import factories as f

from .conftest import APR16, APR17, make_circular, roster, se_1_2024_rules

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_inspector_acknowledges_a_finding_with_a_note_in_place(world, login, live_server):
    make_circular(f.ministry(), "1/2024", rules=se_1_2024_rules())
    for day in (APR16, APR17):
        roster(world.bekasi_staff + world.bekasi_umum_staff + world.bekasi_nurses, day, "WFO")
    roster(world.bekasi_nurses, APR16, "WFH")
    compliance_check_units(agency_ids=[world.bekasi.pk], start=APR16, end=APR17)
    finding = Finding.objects.get()
    page = login("inspektur_bekasi")
    page.goto(f"{live_server.url}/temuan/?date_from=2024-04-16&date_to=2024-04-17")
    row = page.locator(f"#finding-{finding.pk}")
    assert "Dinas Kesehatan" in row.inner_text() and "3 / 0" in row.inner_text()
    page.evaluate("window.notReloaded = true")
    row.locator("textarea").fill("Kepala dinas sudah ditegur")
    row.get_by_role("button", name="Akui").click()
    page.locator(f"#finding-{finding.pk} [data-testid=finding-status]", has_text="Diakui").wait_for()
    assert "Kepala dinas sudah ditegur" in page.locator(f"#finding-{finding.pk}").inner_text()
    assert page.evaluate("window.notReloaded") is True  # swapped by htmx, not a full page load
    finding.refresh_from_db()
    assert finding.status == "acknowledged"
