"""The dashboard reads at a glance (issue 14): it opens on a day with data, offers presets, says a
wrong period in place, counts everyone somewhere, names each unit's findings, and its unit day agrees."""

import datetime

import pytest
from django.urls import reverse

from agencies.models import Employee
from attendance.models import AttendanceRecord, RosterEntry
from attendance.presence.periods import opening_day, presets
from policies.compliance import compliance_check_units
from tests import factories as f
from tests.policies.conftest import make_circular, se_1_2024_rules
from tests.presence.conftest import BEKASI_DAY

from .test_dashboard import DAY, figure, get

COUNTED = ("present", "sick", "permission", "leave", "field_duty", "study", "absent", "no_record")


@pytest.fixture
def se_1_2024(world):
    return make_circular(f.ministry(), "1/2024", rules=se_1_2024_rules())


def number(html, key):
    return int(figure(html, key).replace(".", ""))


def test_it_opens_on_the_latest_day_with_records_not_a_week_of_zeros(client, world, bekasi_day):
    html = get(client, world.bekasi_inspector, "presence:dashboard").content.decode()
    assert 'data-testid="period">16 April 2024<' in html and figure(html, "present") == "1.581"


def test_it_opens_on_today_when_today_has_records():
    today = datetime.date(2024, 4, 17)
    assert opening_day(today, today) == today and opening_day(today, datetime.date(2024, 4, 16)) == datetime.date(2024, 4, 16)
    assert opening_day(today, None) == today


def test_presets_cover_today_yesterday_week_month_and_each_circulars_days(client, world, bekasi_day, se_1_2024):
    html = get(client, world.bekasi_inspector, "presence:dashboard", DAY).content.decode()
    for key in ("today", "yesterday", "week", "month"):
        assert f'data-preset="{key}"' in html
    assert "Hari berlaku SE 1/2024" in html
    assert f'data-preset="circular-{se_1_2024.pk}-2024-04-16"' in html and "start=2024-04-16&amp;end=2024-04-16" in html
    items = presets(datetime.date(2024, 4, 17), datetime.date(2024, 4, 10), [])
    assert [(p.key, p.start.isoformat(), p.end.isoformat()) for p in items] == [
        ("today", "2024-04-17", "2024-04-17"), ("yesterday", "2024-04-16", "2024-04-16"),
        ("week", "2024-04-15", "2024-04-17"), ("month", "2024-04-01", "2024-04-17"), ("latest", "2024-04-10", "2024-04-10")]


def test_a_wrong_period_is_said_in_place_not_as_a_second_page(client, world):
    client.force_login(world.bekasi_inspector)
    response = client.get(reverse("presence:dashboard"), {"start": "2024-01-01", "end": "2024-06-30"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Periode paling panjang 93 hari." in html and 'data-testid="period-error"' in html
    assert "<nav" not in html and "<html" not in html and html.count('id="jurisdiction"') == 1


def test_everyone_is_counted_somewhere_so_the_tiles_add_up(client, world, bekasi_day):
    for _n in range(5):  # non-ASN staff without a presence machine: no record at all
        f.employee(world.bekasi_setda, employment_type="NON_ASN")
    html = get(client, world.bekasi_inspector, "presence:dashboard", DAY).content.decode()
    assert figure(html, "no_record") == "5"
    assert sum(number(html, k) for k in COUNTED) == number(html, "headcount")


def test_each_units_status_names_its_findings(client, world, bekasi_day, se_1_2024):
    nurse = world.bekasi_nurses[0]
    RosterEntry.objects.create(agency=world.bekasi, unit=nurse.unit, employee=nurse, date=BEKASI_DAY, location="WFH")
    compliance_check_units(start=BEKASI_DAY, end=BEKASI_DAY)
    html = get(client, world.bekasi_inspector, "presence:dashboard", DAY).content.decode()
    assert "1 WFH di unit WFO 100%" in html and "0 hari melebihi batas" not in html
    assert 'data-testid="breach-unit">Dinas Kesehatan<' in html


def test_every_unit_is_charted_with_words_whole_and_exact_values(client, world, bekasi_day):
    for n in range(20):
        f.unit(world.bekasi, f"Unit Pelaksana Teknis Daerah Pengelolaan Nomor {n}", "health")
    html = get(client, world.bekasi_inspector, "presence:dashboard", DAY).content.decode()
    chart = html[html.index('data-testid="unit-chart"'):]
    chart = chart[: chart.index("</svg>")]
    assert chart.count('class="chart-bar" tabindex="0"') == 23  # every unit of the page, not 15
    assert "Unit Pelaksana Teknis Daerah" in chart and "Pengelolaan Nomor 19" in chart  # wrapped between words
    assert "Dinas Kesehatan — Hadir" in chart  # exact counts in the bar's title


def test_the_unit_day_lists_the_same_staff_as_the_table_and_marks_the_people_behind_a_finding(
        client, world, bekasi_day, se_1_2024):
    nurse = world.bekasi_nurses[0]
    RosterEntry.objects.create(agency=world.bekasi, unit=nurse.unit, employee=nurse, date=BEKASI_DAY, location="WFH")
    compliance_check_units(start=BEKASI_DAY, end=BEKASI_DAY)
    client.force_login(world.bekasi_inspector)
    dashboard = client.get(reverse("presence:dashboard"), DAY)
    setda = next(r for r in dashboard.context["units"] if r.unit_id == world.bekasi_setda.pk)
    url = reverse("presence:unit_day", args=[world.bekasi_setda.pk, "2024-04-16"])
    own = client.get(url)
    assert len(own.context["people"]) == setda.headcount  # own staff, as the table counts
    with_subunits = client.get(url, {"subunit": "1"})
    assert len(with_subunits.context["people"]) == setda.headcount + Employee.objects.filter(unit=world.bekasi_bagian_umum).count()
    tallies = {t.code: t.count for t in own.context["status_tallies"]}
    assert sum(tallies.values()) == setda.headcount
    absent = AttendanceRecord.objects.filter(unit=world.bekasi_setda, date=BEKASI_DAY, status="TK").count()
    filtered = client.get(url, {"status": "TK"})
    assert len(filtered.context["people"]) == absent == tallies.get("TK", 0)
    dinkes = client.get(reverse("presence:unit_day", args=[world.bekasi_dinkes.pk, "2024-04-16"])).content.decode()
    row = dinkes[dinkes.index(nurse.name) - 400: dinkes.index(nurse.name)]
    assert 'class="table-danger"' in row and "WFH di unit WFO 100%" in dinkes


@pytest.mark.parametrize("url_name", ["presence:dashboard"])
def test_the_dashboard_has_no_bare_empty_choice(client, world, url_name):
    html = get(client, world.bekasi_inspector, url_name, DAY).content.decode()
    assert "---------" not in html and "Semua instansi" in html
