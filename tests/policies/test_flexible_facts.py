"""Flexible work read from the database: WFA counted by rules that say so, delegated proportions,
standing weekday arrangements (the pure shapes are in test_compliance_pure.py)."""

import datetime

from agencies.models import ADMINISTRATIVE_CATEGORIES, DIRECT_SERVICE_CATEGORIES
from policies.compliance import compliance_check_units, compliance_day_statuses
from policies.models import Finding
from policies.services import circular_range
from tests import factories as f

from .conftest import make_circular, roster

TUE_8_APR_2025 = datetime.date(2025, 4, 8)
FRI_11_APR_2025, THU_10_APR_2025 = datetime.date(2025, 4, 11), datetime.date(2025, 4, 10)
EVERY = ADMINISTRATIVE_CATEGORIES + DIRECT_SERVICE_CATEGORIES


def status_of(unit, day):
    return compliance_day_statuses([unit.pk], day, day)[(unit.pk, day)]


def test_a_wfh_and_wfa_rule_counts_both_locations_from_the_roster(world):
    make_circular(f.ministry(), "9/2025", rules=[{
        "start_date": TUE_8_APR_2025, "end_date": TUE_8_APR_2025, "categories": EVERY, "wfh_cap_percent": 50,
        "counted_locations": "WFH_WFA",
    }])
    roster(world.bekasi_staff[:1], TUE_8_APR_2025, "WFH")
    roster(world.bekasi_staff[1:3], TUE_8_APR_2025, "WFA", wfh_address="Kantor Kecamatan")
    roster(world.bekasi_staff[3:], TUE_8_APR_2025, "WFO")
    status = status_of(world.bekasi_setda, TUE_8_APR_2025)
    assert (status.wfh, status.limit, status.basis) == (3, 2, 4)
    assert [x.kind for x in status.findings] == ["wfh_over_cap"]
    assert status.label() == "WFH+WFA 3 dari maks. 2 (SE 9/2025: maks. 50%)"


def test_a_wfh_only_rule_ignores_wfa_days(world):
    make_circular(f.ministry(), "10/2025", rules=[{
        "start_date": TUE_8_APR_2025, "end_date": TUE_8_APR_2025, "categories": EVERY, "wfh_cap_percent": 50,
    }])
    roster(world.bekasi_staff[:3], TUE_8_APR_2025, "WFA")
    roster(world.bekasi_staff[3:], TUE_8_APR_2025, "WFO")
    status = status_of(world.bekasi_setda, TUE_8_APR_2025)
    assert (status.wfh, status.findings) == (0, [])


def test_a_delegated_rule_records_proportion_not_set_until_an_arrangement_based_on_it_is_published(world, client):
    national = make_circular(f.ministry(), "3/2025", rules=[{
        "start_date": TUE_8_APR_2025, "end_date": TUE_8_APR_2025, "categories": EVERY, "wfh_cap_percent": None,
        "counted_locations": "WFH_WFA",
    }])
    roster(world.bekasi_staff[:3], TUE_8_APR_2025, "WFA")
    roster(world.bekasi_staff[3:], TUE_8_APR_2025, "WFO")
    status = status_of(world.bekasi_setda, TUE_8_APR_2025)
    assert status.proportion_not_set and status.limit is None
    compliance_check_units(unit_ids=[world.bekasi_setda.pk], start=TUE_8_APR_2025, end=TUE_8_APR_2025)
    finding = Finding.objects.get(unit=world.bekasi_setda, date=TUE_8_APR_2025)
    assert (finding.kind, finding.measured, finding.get_kind_display()) == (
        "proportion_not_set", 3, "Proporsi belum ditetapkan"
    )
    own = make_circular(world.bekasi, "800/2025", scope_kind="agencies", rules=[{
        "start_date": TUE_8_APR_2025, "end_date": TUE_8_APR_2025, "categories": ADMINISTRATIVE_CATEGORIES,
        "wfh_cap_percent": 50, "counted_locations": "WFH_WFA",
    }])
    own.scope_agencies.add(world.bekasi)
    own.based_on.add(national)
    status = status_of(world.bekasi_setda, TUE_8_APR_2025)
    assert not status.proportion_not_set and (status.wfh, status.limit) == (3, 2)
    compliance_check_units(unit_ids=[world.bekasi_setda.pk], start=TUE_8_APR_2025, end=TUE_8_APR_2025)
    kinds = dict(Finding.objects.filter(unit=world.bekasi_setda, date=TUE_8_APR_2025).values_list("kind", "status"))
    assert kinds == {"proportion_not_set": "resolved", "wfh_over_cap": "open"}
    over = Finding.objects.get(unit=world.bekasi_setda, date=TUE_8_APR_2025, kind="wfh_over_cap")
    assert over.kind_text == "WFH+WFA melebihi batas"  # the cap counts both; the finding says so
    from django.urls import reverse

    client.force_login(world.bekasi_inspector)
    page = client.get(reverse("policies:findings")).content.decode()
    assert "WFH+WFA melebihi batas" in page


def test_a_standing_friday_arrangement_without_end_binds_fridays_only(world):
    standing = make_circular(world.bekasi, "900/2025", scope_kind="agencies", rules=[{
        "start_date": datetime.date(2025, 4, 7), "end_date": None, "weekdays": "5",
        "categories": ADMINISTRATIVE_CATEGORIES, "wfh_cap_percent": 30,
    }])
    standing.scope_agencies.add(world.bekasi)
    for day in (THU_10_APR_2025, FRI_11_APR_2025):
        roster(world.bekasi_staff[:2], day, "WFH")
        roster(world.bekasi_staff[2:], day, "WFO")
    friday, thursday = status_of(world.bekasi_setda, FRI_11_APR_2025), status_of(world.bekasi_setda, THU_10_APR_2025)
    assert (friday.wfh, friday.limit, [x.kind for x in friday.findings]) == (2, 1, ["wfh_over_cap"])
    assert thursday.applicability.binding is None
    start, end = circular_range(standing)
    assert start == datetime.date(2025, 4, 7) and end >= datetime.date.today()


def test_a_policy_admin_enters_a_delegated_rule_and_a_standing_friday_rule(client, world):
    from django.urls import reverse

    from agencies.models import Role
    from policies.models import Circular
    from tests import factories as f

    client.force_login(f.user("admin_kebijakan", Role.POLICY_ADMIN, agency=world.bekasi))
    form = {
        "number": "900/2025", "title": "FWA", "issuer": world.bekasi.pk, "signed_on": "2025-04-16",
        "scope_kind": "agencies", "scope_agencies": [world.bekasi.pk],
        "rules-TOTAL_FORMS": "2", "rules-INITIAL_FORMS": "0", "rules-MIN_NUM_FORMS": "1", "rules-MAX_NUM_FORMS": "1000",
        "rules-0-start_date": "2025-04-08", "rules-0-end_date": "2025-04-08", "rules-0-categories": ["administration"],
        "rules-0-employment_types": ["PNS"], "rules-0-cap_delegated": "on", "rules-0-counted_locations": "WFH_WFA",
        "rules-0-basis": "headcount",
        "rules-1-start_date": "2025-04-21", "rules-1-standing": "on", "rules-1-weekdays": "5",
        "rules-1-categories": ["administration"], "rules-1-employment_types": ["PNS"], "rules-1-wfh_cap_percent": "30",
        "rules-1-basis": "headcount",
        "obligations-TOTAL_FORMS": "0", "obligations-INITIAL_FORMS": "0", "obligations-MIN_NUM_FORMS": "0",
        "obligations-MAX_NUM_FORMS": "1000",
    }
    response = client.post(reverse("policies:circular_create"), form)
    assert response.status_code == 302, response.context and response.context.get("error_summary")
    rules = list(Circular.objects.get(number="900/2025").rules.order_by("start_date"))
    assert [(r.wfh_cap_percent, r.counted_locations, r.end_date, r.weekdays) for r in rules] == [
        (None, "WFH_WFA", TUE_8_APR_2025, ""), (30, "WFH", None, "5"),
    ]
    assert [r.cap_text for r in rules] == ["proporsi ditetapkan pimpinan instansi", "maks. 30% WFH"]
    assert client.get(reverse("policies:circular_edit", args=[rules[0].circular_id])).status_code == 200
    del form["rules-0-cap_delegated"]
    form["number"] = "901/2025"
    response = client.post(reverse("policies:circular_create"), form)
    assert response.status_code == 200 and not Circular.objects.filter(number="901/2025").exists()
