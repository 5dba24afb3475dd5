"""Patterns never create a breach: Team A/B fills within the binding limit (floor rule, odd headcounts,
approved WFH and other WFH already in the day), puts nobody at home on a WFO-100% day, and says what it did."""

import datetime

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from agencies.models import ADMINISTRATIVE_CATEGORIES, ASN_TYPES
from attendance.models import RosterEntry
from attendance.roster.patterns import ALL_WFO, TEAM_AB, pattern_fill, within_caps
from policies.compliance import CircularData, RuleData, TypeFacts, UnitContext, UnitDayFacts, day_status
from policies.models import Rule
from tests import factories as f

from .conftest import APR15, APR16, APR17, APR18, approved_wfh, cell_ref, set_entries

DAYS = (APR16, APR17)


# -- the pure fit, against the compliance package's own verdict ------------------------------------

def _status(cap_percent, day, people, state):
    """DayStatus of one unit-day from who is where (people: {id: type}, state: {id: location})."""
    rule = RuleData(1, 1, day, day, frozenset({"administration"}), frozenset(ASN_TYPES), cap_percent)
    circular = CircularData(1, "1/2024", "published", "national", (rule,))
    by_type = {}
    for pk, kind in people.items():
        h, s, w, *_rest = by_type.get(kind, TypeFacts())
        loc = state.get(pk, "")
        by_type[kind] = TypeFacts(h + 1, s + (loc in ("WFO", "WFH", "DL")), w + (loc == "WFH"))
    unit = UnitContext(1, 1, "administration", "32.75", "city")
    return day_status([circular], unit, day, working_day=True, holiday_name="", facts=UnitDayFacts(by_type))


people_and_state = st.integers(min_value=1, max_value=13).flatmap(lambda n: st.tuples(
    st.lists(st.sampled_from(["PNS", "PPPK", "NON_ASN"]), min_size=n, max_size=n),
    st.lists(st.lists(st.sampled_from(["", "WFO", "WFH", "CUTI"]), min_size=2, max_size=2), min_size=n, max_size=n),
    st.lists(st.booleans(), min_size=n, max_size=n),  # in the selection
    st.sampled_from([0, 25, 50, 75]),
))


@settings(max_examples=300, deadline=None)
@given(people_and_state)
def test_team_ab_never_adds_a_breach(data):
    kinds, states, selected, cap = data
    people = dict(enumerate(kinds))
    state = {(pk, day): states[pk][i] for pk in people for i, day in enumerate(DAYS)}
    cells = [(pk, day) for pk in people for day in DAYS if selected[pk]]
    wanted = pattern_fill(TEAM_AB, cells, row_order={pk: pk for pk in people}, working=dict.fromkeys(DAYS, True))
    statuses = {day: _status(cap, day, people, {pk: state[(pk, day)] for pk in people}) for day in DAYS}
    types = {(pk, day): kind for pk, kind in people.items() for day in DAYS}
    fitted = within_caps(wanted, statuses=statuses, current=state, employment_types=types, row_order=people)
    after = {**state, **{c: loc for c, (loc, _leave) in fitted.wanted.items()}}
    for day in DAYS:
        verdict = _status(cap, day, people, {pk: after[(pk, day)] for pk in people})
        untouched = {pk: state[(pk, day)] for pk in people if not selected[pk]}
        already = sum(loc == "WFH" and people[pk] in ASN_TYPES for pk, loc in untouched.items())
        if already <= verdict.limit:
            assert not verdict.over_cap, (day, verdict.wfh, verdict.limit)
        else:  # the cells outside the selection break the cap alone: the pattern adds no counted WFH
            assert verdict.wfh == already
        if cap == 0:
            assert not any(after[(pk, day)] == "WFH" for pk in people if selected[pk])


def test_an_odd_headcount_is_held_to_the_floor():
    people = dict.fromkeys(range(5), "PNS")
    cells = [(pk, day) for pk in people for day in DAYS]
    wanted = pattern_fill(TEAM_AB, cells, row_order={pk: pk for pk in people}, working=dict.fromkeys(DAYS, True))
    statuses = {day: _status(50, day, people, {}) for day in DAYS}
    types = {(pk, day): "PNS" for pk in people for day in DAYS}
    fitted = within_caps(wanted, statuses=statuses, current={}, employment_types=types, row_order=people)
    home = {day: sorted(pk for (pk, d), (loc, _) in fitted.wanted.items() if d == day and loc == "WFH") for day in DAYS}
    assert home == {APR16: [1, 3], APR17: [0, 2]}  # floor(50% × 5) = 2; the last of team A stays in
    assert fitted.held_back == {APR17}


# -- through the editor ------------------------------------------------------------------------------


def post(client, unit, refs, **data):
    return client.post(reverse("roster:cells_set", args=[unit.pk]), {"cells": ",".join(refs), **data}).content.decode()


def wfh_on(unit, day):
    return RosterEntry.objects.filter(unit=unit, date=day, location="WFH").count()


@pytest.fixture
def hr(client, world, se_1_2024):
    Rule.objects.create(circular=se_1_2024, start_date=APR18, end_date=APR18, wfh_cap_percent=0,
                        categories=ADMINISTRATIVE_CATEGORIES, description="Mulai 18 April 2024 bekerja seperti biasa")
    client.force_login(world.bekasi_hr)
    return client


@pytest.fixture
def setda(world):
    """Sekretariat Daerah with 7 ASN (limit floor(50% × 7) = 3) and one non-ASN who does not count."""
    world.bekasi_staff += [f.employee(world.bekasi_setda) for _ in range(3)]
    world.setda_non_asn = f.employee(world.bekasi_setda, employment_type="NON_ASN")
    return world.bekasi_setda


def every_cell(unit, days):
    return [cell_ref(e, d, getattr(RosterEntry.objects.filter(employee=e, date=d).first(), "version", 0))
            for e in unit.employees.all() for d in days]


@pytest.mark.django_db
def test_team_ab_on_an_odd_headcount_stays_within_the_limit_and_says_what_it_did(hr, world, setda):
    html = post(hr, setda, every_cell(setda, (APR15, APR16, APR17, APR18)), pattern=TEAM_AB)
    asn = [e for e in setda.employees.all() if e.employment_type != "NON_ASN"]
    for day in DAYS:
        counted = RosterEntry.objects.filter(employee__in=asn, date=day, location="WFH").count()
        assert counted <= 3
    assert wfh_on(setda, APR18) == 0  # everyone back at the office
    assert "Tim A/B: 16 Apr" in html and "18 Apr wajib WFO" in html
    assert "Melebihi batas" not in html and 'data-level="success"' in html


@pytest.mark.django_db
def test_team_ab_counts_approved_wfh_and_wfh_outside_the_selection(hr, world, setda):
    approver = world.bekasi_hr
    first, second = sorted(setda.employees.all(), key=lambda e: (e.name, e.pk))[:2]
    approved_wfh(first, APR16, approver)  # an approved request already uses one of the 3
    set_entries([second], APR16, "WFH")  # and a WFH cell the officer did not select
    refs = [r for r in every_cell(setda, (APR16,)) if not r.startswith(f"{second.pk}:")]
    html = post(hr, setda, refs, pattern=TEAM_AB)
    asn = setda.employees.exclude(employment_type="NON_ASN")
    assert RosterEntry.objects.filter(employee__in=asn, date=APR16, location="WFH").count() == 3
    assert RosterEntry.objects.get(employee=first, date=APR16).wfh_request_id is not None
    assert "(dibatasi maks. 3)" in html


@pytest.mark.django_db
def test_team_ab_leaves_leave_and_sickness_alone(hr, world, setda):
    on_leave = world.bekasi_staff[0]
    set_entries([on_leave], APR16, "CUTI", leave_type="CT")
    html = post(hr, setda, every_cell(setda, (APR16,)), pattern=TEAM_AB)
    entry = RosterEntry.objects.get(employee=on_leave, date=APR16)
    assert (entry.location, entry.leave_type) == ("CUTI", "CT")
    assert "1 sel cuti, sakit, dinas luar, kantor lain atau libur dibiarkan" in html


def test_an_approved_wfa_day_is_locked_in_the_grid_and_kept_by_everyone_wfo(hr, world, setda):
    employee = world.bekasi_staff[0]
    request = approved_wfh(employee, APR16, world.bekasi_hr)
    RosterEntry.objects.filter(employee=employee, date=APR16).update(location="WFA", wfh_address="Perpustakaan Daerah")
    grid = hr.get(reverse("roster:grid"), {"unit": setda.pk, "mulai": "2024-04-15"}).content.decode()
    assert f'id="c-{employee.pk}-20240416" class="rc loc-wfa locked"' in grid
    assert "WFA / lokasi lain (pengajuan WFA disetujui)" in grid
    html = post(hr, setda, every_cell(setda, (APR16,)), pattern=ALL_WFO)
    entry = RosterEntry.objects.get(employee=employee, date=APR16)
    assert (entry.location, entry.wfh_request_id) == ("WFA", request.pk)
    assert "1 sel berisi WFH/WFA yang sudah disetujui dan tidak diubah." in html


def test_everyone_wfo_keeps_a_day_at_another_office_and_brings_wfa_in(hr, world, setda):
    posted, away = world.bekasi_staff[:2]
    set_entries([posted], APR16, "KL", wfh_address="Kantor BKD Provinsi")
    set_entries([away], APR16, "WFA", wfh_address="Perpustakaan Daerah")
    html = post(hr, setda, every_cell(setda, (APR16,)), pattern=ALL_WFO)
    assert RosterEntry.objects.get(employee=posted, date=APR16).wfh_address == "Kantor BKD Provinsi"
    assert RosterEntry.objects.get(employee=posted, date=APR16).location == "KL"
    moved = RosterEntry.objects.get(employee=away, date=APR16)
    assert (moved.location, moved.wfh_address) == ("WFO", "")
    assert "1 sel cuti, sakit, dinas luar, kantor lain atau libur dibiarkan" in html


@pytest.mark.django_db
def test_copy_last_week_is_held_to_the_cap_too(hr, world, setda):
    staff = list(setda.employees.exclude(employment_type="NON_ASN"))
    set_entries(staff, APR16 - datetime.timedelta(days=7), "WFH")  # everyone at home a week earlier
    post(hr, setda, every_cell(setda, (APR16,)), pattern="copy_last_week")
    assert RosterEntry.objects.filter(employee__in=staff, date=APR16, location="WFH").count() == 3


@pytest.mark.django_db
def test_a_pattern_fill_costs_the_same_queries_for_8_or_40_staff(hr, world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def unit_of(n):
        unit = f.unit(world.bekasi, f"Bagian {n}", "administration", parent=world.bekasi_setda)
        staff = [f.employee(unit) for _ in range(n)]
        set_entries(staff, APR16, "WFO")
        return unit, [cell_ref(e, d, 1 if d == APR16 else 0) for e in staff for d in DAYS]

    (small, small_cells), (big, big_cells) = unit_of(8), unit_of(40)
    hr.get(reverse("roster:grid"))  # the session's first request stores its time zone
    with CaptureQueriesContext(connection) as queries:
        post(hr, small, small_cells, pattern=TEAM_AB)
    with django_assert_num_queries(len(queries)):
        post(hr, big, big_cells, pattern=TEAM_AB)
    assert RosterEntry.objects.filter(unit=big, date=APR17, location="WFH").count() == 20


def test_a_month_long_fill_counts_its_days_instead_of_listing_them():
    from attendance.roster.outcome import pattern_summary
    from attendance.roster.selectors import GridDay

    may = [datetime.date(2024, 5, d) for d in range(1, 11)]
    days = [GridDay(date=d, working_day=d.weekday() < 5, holiday_name="", status=None) for d in may]
    text = pattern_summary("Tim A/B", days, {may[1]})
    assert text == "Tim A/B: 8 hari kerja diisi dalam batas; dibatasi pada 2 Mei."
