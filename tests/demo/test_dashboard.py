"""Done means: Bekasi's 16 April 2024 from the demo data (seed_demo) shows on the dashboard exactly as the records say."""

import re

import pytest
from django.urls import reverse

from agencies.models import User
from attendance.models import AttendanceRecord

DAY = {"start": "2024-04-16", "end": "2024-04-16"}


@pytest.fixture
def bekasi_dashboard(demo, client, db):
    client.force_login(User.objects.get(username="inspektur_bekasi"))
    return client.get(reverse("presence:dashboard"), DAY).content.decode()


def figure(html, key):
    marker = f'data-figure="{key}">'
    start = html.index(marker) + len(marker)
    return html[start : html.index("<", start)]


def test_bekasi_16_april_from_the_demo_data_matches_the_records(bekasi_dashboard):
    records = AttendanceRecord.objects.filter(agency__code="pemkot-bekasi", date="2024-04-16")
    assert figure(bekasi_dashboard, "present") == "1.581"
    assert [figure(bekasi_dashboard, k) for k in ("sick", "permission", "leave", "absent")] == ["17", "9", "3", "19"]
    assert records.filter(status__in=["H", "TL", "PSW", "WFH"]).count() == 1581
    assert (figure(bekasi_dashboard, "wfo"), figure(bekasi_dashboard, "wfh")) == ("1.465", "116")


def test_the_charts_draw_with_decimal_points_in_bahasa_indonesia(bekasi_dashboard):
    """Indonesian number format writes 298,4; an SVG width like that draws nothing."""
    chart = bekasi_dashboard[bekasi_dashboard.index('data-testid="unit-chart"'):]
    chart = chart[: chart.index("</svg>")]
    widths = re.findall(r'<rect [^>]*width="([^"]+)"', chart)
    assert widths and all(float(w) >= 0 for w in widths)
    assert any(float(w) > 0 for w in widths)


def test_the_demo_roll_call_tally_is_flagged(bekasi_dashboard):
    assert "Dilaporkan 40 berhalangan, rinciannya berjumlah 48" in bekasi_dashboard
