"""The compliance rules on plain data, without a database (design.md §4)."""

import datetime

from policies.compliance import (
    CircularData,
    RuleData,
    ScopeData,
    Supersession,
    TypeFacts,
    UnitContext,
    UnitDayFacts,
    applicability,
    cap_check,
    cap_text,
    day_status,
    is_working_day,
    verdict,
    wfh_limit,
)

TUE, WED, THU = datetime.date(2024, 4, 16), datetime.date(2024, 4, 17), datetime.date(2024, 4, 18)
DIRECT = frozenset({"health", "security", "transport"})
ADMIN = frozenset({"administration", "leadership_support"})
COUNTED = frozenset({"PNS", "CPNS", "PPPK"})

BEKASI_SETDA = UnitContext(unit_id=1, agency_id=10, category="administration", agency_region_code="32.75", agency_kind="city")
BEKASI_DINKES = UnitContext(unit_id=2, agency_id=10, category="health", agency_region_code="32.75", agency_kind="city")
PONTIANAK_SETDA = UnitContext(unit_id=3, agency_id=20, category="administration", agency_region_code="61.71", agency_kind="city")
JAKSEL_SETDA = UnitContext(unit_id=4, agency_id=30, category="administration", agency_region_code="31.74", agency_kind="city")


def rule(id, circular_id, cap, categories=ADMIN, start=TUE, end=WED, **kw):
    return RuleData(id=id, circular_id=circular_id, start=start, end=end, categories=frozenset(categories),
                    employment_types=kw.pop("types", COUNTED), cap_percent=cap, **kw)


def circular(id, *rules, number=None, status="published", scope_kind="national", **kw):
    return CircularData(id=id, number=number or f"{id}/2024", status=status, scope_kind=scope_kind, rules=rules, **kw)


SE_1_2024 = circular(1, rule(11, 1, 0, DIRECT), rule(12, 1, 50, ADMIN), rule(13, 1, 0, DIRECT | ADMIN, THU, THU),
                     number="1/2024")


def facts(headcount, wfh, scheduled=None, type_="PNS", **kw):
    scheduled = headcount if scheduled is None else scheduled
    return UnitDayFacts(by_type={type_: TypeFacts(headcount=headcount, scheduled=scheduled, wfh=wfh, **kw)})


def kinds(findings):
    return [(f.kind, f.measured, f.limit) for f in findings]


def check(circulars, unit, day, f, working_day=True):
    return verdict(applicability(circulars, unit, day, working_day=working_day), f)


# -- caps and counting ----------------------------------------------------------------------------

def test_cap_zero_makes_any_wfh_a_finding_in_a_wfo_unit():
    assert kinds(check([SE_1_2024], BEKASI_DINKES, TUE, facts(10, 1))) == [("wfh_in_wfo_unit", 1, 0)]
    assert check([SE_1_2024], BEKASI_DINKES, TUE, facts(10, 0)) == []


def test_cap_100_allows_everyone_home():
    c = circular(5, rule(51, 5, 100))
    assert check([c], BEKASI_SETDA, TUE, facts(7, 7)) == []


def test_basis_zero_allows_no_wfh():
    assert wfh_limit(rule(1, 1, 50), facts(0, 0)) == (0, 0)
    assert kinds(check([SE_1_2024], BEKASI_SETDA, TUE, facts(0, 1))) == [("wfh_over_cap", 1, 0)]


def test_fifty_percent_of_seven_is_three():
    assert wfh_limit(rule(1, 1, 50), facts(7, 0)) == (3, 7)
    assert check([SE_1_2024], BEKASI_SETDA, TUE, facts(7, 3)) == []
    assert kinds(check([SE_1_2024], BEKASI_SETDA, TUE, facts(7, 4))) == [("wfh_over_cap", 4, 3)]


def test_exactly_half_is_allowed_and_one_more_is_not():
    assert check([SE_1_2024], BEKASI_SETDA, TUE, facts(10, 5)) == []
    assert kinds(check([SE_1_2024], BEKASI_SETDA, WED, facts(10, 6))) == [("wfh_over_cap", 6, 5)]


def test_a_scheduled_basis_counts_only_staff_rostered_to_work():
    c = circular(6, rule(61, 6, 50, basis="scheduled"))
    assert wfh_limit(c.rules[0], facts(10, 0, scheduled=6)) == (3, 6)
    assert kinds(check([c], BEKASI_SETDA, TUE, facts(10, 4, scheduled=6))) == [("wfh_over_cap", 4, 3)]


def test_non_asn_staff_are_not_counted():
    f = UnitDayFacts(by_type={"PNS": TypeFacts(headcount=4, wfh=2), "NON_ASN": TypeFacts(headcount=6, wfh=6)})
    assert check([SE_1_2024], BEKASI_SETDA, TUE, f) == []
    assert kinds(check([SE_1_2024], BEKASI_DINKES, TUE, f)) == [("wfh_in_wfo_unit", 2, 0)]


def test_a_rule_may_count_non_asn_staff_too():
    c = circular(7, rule(71, 7, 50, types=frozenset({"PNS", "NON_ASN"})))
    f = UnitDayFacts(by_type={"PNS": TypeFacts(headcount=4, wfh=2), "NON_ASN": TypeFacts(headcount=6, wfh=6)})
    assert kinds(check([c], BEKASI_SETDA, TUE, f)) == [("wfh_over_cap", 8, 5)]


def test_sub_units_are_judged_by_their_inherited_category():
    # The selector passes the effective (inherited) category: a Bagian Umum under the Setda is administrative.
    bagian_umum = UnitContext(unit_id=9, agency_id=10, category="administration", agency_region_code="32.75", agency_kind="city")
    puskesmas = UnitContext(unit_id=8, agency_id=10, category="health", agency_region_code="32.75", agency_kind="city")
    assert check([SE_1_2024], bagian_umum, TUE, facts(4, 2)) == []
    assert kinds(check([SE_1_2024], puskesmas, TUE, facts(4, 1))) == [("wfh_in_wfo_unit", 1, 0)]


def test_staff_who_join_or_leave_mid_period_change_the_basis_day_by_day():
    # Headcount is of staff active on the day: 6 on Tuesday, 8 on Wednesday after two joined.
    assert kinds(check([SE_1_2024], BEKASI_SETDA, TUE, facts(6, 4))) == [("wfh_over_cap", 4, 3)]
    assert check([SE_1_2024], BEKASI_SETDA, WED, facts(8, 4)) == []


# -- days -----------------------------------------------------------------------------------------

def test_a_holiday_inside_a_rules_range_is_not_checked():
    assert check([SE_1_2024], BEKASI_DINKES, TUE, facts(5, 5), working_day=False) == []
    assert not is_working_day(datetime.date(2024, 4, 15), "12345", {datetime.date(2024, 4, 15)})
    assert not is_working_day(datetime.date(2024, 4, 20), "12345", set())  # Saturday
    assert is_working_day(datetime.date(2024, 4, 20), "123456", set())


def test_a_rule_that_binds_every_day_applies_on_holidays():
    c = circular(8, rule(81, 8, 0, DIRECT, binds_every_day=True))
    assert kinds(check([c], BEKASI_DINKES, TUE, facts(5, 1), working_day=False)) == [("wfh_in_wfo_unit", 1, 0)]


def test_from_the_eighteenth_everyone_works_at_the_office():
    assert kinds(check([SE_1_2024], BEKASI_SETDA, THU, facts(10, 1))) == [("wfh_in_wfo_unit", 1, 0)]


def test_outside_every_rule_nothing_applies():
    assert not applicability([SE_1_2024], BEKASI_SETDA, datetime.date(2024, 5, 2), working_day=True).applies


# -- which circulars apply ------------------------------------------------------------------------

def test_scope_national_regions_and_agencies():
    dki = circular(17, rule(171, 17, 50), scope_kind="regions", scope_region_codes=("31",))
    listed = circular(18, rule(181, 18, 50), scope_kind="agencies", scope_agency_ids=frozenset({20}))
    assert applicability([dki], JAKSEL_SETDA, TUE, working_day=True).applies
    assert not applicability([dki], BEKASI_SETDA, TUE, working_day=True).applies
    assert applicability([listed], PONTIANAK_SETDA, TUE, working_day=True).applies
    assert not applicability([listed], BEKASI_SETDA, TUE, working_day=True).applies
    assert applicability([SE_1_2024], PONTIANAK_SETDA, TUE, working_day=True).applies


def test_a_region_code_prefix_is_not_containment():
    c = circular(19, rule(191, 19, 50), scope_kind="regions", scope_region_codes=("3",))
    assert not applicability([c], JAKSEL_SETDA, TUE, working_day=True).applies


def test_draft_revoked_and_superseded_circulars_do_not_apply():
    for c in (
        circular(2, rule(21, 2, 0), status="draft"),
        circular(3, rule(31, 3, 0), status="revoked"),
        circular(4, rule(41, 4, 0), superseded=(Supersession(5, "5/2024", ScopeData("national")),)),
    ):
        assert not applicability([c], BEKASI_SETDA, TUE, working_day=True).applies


def test_when_two_circulars_overlap_the_strictest_binds_and_both_are_listed():
    kalbar = circular(61, rule(611, 61, 50), scope_kind="regions", scope_region_codes=("61",), number="800/01/Prov/2024")
    strict = circular(62, rule(621, 62, 25), scope_kind="agencies", scope_agency_ids=frozenset({20}))
    a = applicability([SE_1_2024, kalbar, strict], PONTIANAK_SETDA, TUE, working_day=True)
    assert a.binding.id == 621 and a.binding_circular.id == 62
    assert [c.id for c in a.applied] == [1, 61, 62]


def test_the_kalbar_circular_and_se_1_2024_both_apply_in_kalbar():
    kalbar = circular(61, rule(611, 61, 50), scope_kind="regions", scope_region_codes=("61",),
                      parent_ids=frozenset({1}), number="800/01/Prov/2024")
    a = applicability([SE_1_2024, kalbar], PONTIANAK_SETDA, TUE, working_day=True)
    assert [c.number for c in a.applied] == ["1/2024", "800/01/Prov/2024"]
    assert a.binding_circular.number == "800/01/Prov/2024"


def test_a_child_circular_that_differs_from_its_parent_governs_where_it_covers():
    se_17 = circular(17, rule(171, 17, 50, start=datetime.date(2023, 8, 28), end=datetime.date(2023, 9, 7)),
                     scope_kind="regions", scope_region_codes=("31",))
    dki = circular(30, rule(301, 30, 75, start=datetime.date(2023, 9, 4), end=datetime.date(2023, 9, 7)),
                   scope_kind="regions", scope_region_codes=("31",), parent_ids=frozenset({17}))
    sep1, sep5 = datetime.date(2023, 9, 1), datetime.date(2023, 9, 5)
    assert applicability([se_17, dki], JAKSEL_SETDA, sep1, working_day=True).binding.id == 171
    on_5th = applicability([se_17, dki], JAKSEL_SETDA, sep5, working_day=True)
    assert on_5th.binding.id == 301 and [c.id for c in on_5th.applied] == [17, 30]
    assert check([se_17, dki], JAKSEL_SETDA, sep5, facts(4, 3)) == []
    assert kinds(check([se_17, dki], JAKSEL_SETDA, sep1, facts(4, 3))) == [("wfh_over_cap", 3, 2)]


def test_a_child_does_not_replace_its_parent_for_categories_it_does_not_cover():
    child = circular(40, rule(401, 40, 75), parent_ids=frozenset({1}))
    a = applicability([SE_1_2024, child], BEKASI_DINKES, TUE, working_day=True)
    assert a.binding.id == 11


def test_an_amending_circular_replaces_the_one_it_amends():
    se_2 = circular(2, rule(21, 2, 0))
    se_3 = circular(3, rule(31, 3, 100), parent_ids=frozenset({2}))
    assert applicability([se_2, se_3], BEKASI_SETDA, TUE, working_day=True).binding.id == 31


# -- domicile, missing roster, attendance ---------------------------------------------------------

def test_wfh_away_from_domicile_is_caught_when_the_rule_demands_domicile():
    asean = circular(17, rule(171, 17, 50, domicile_required=True), scope_kind="regions", scope_region_codes=("31",))
    f = facts(4, 2, away_from_domicile=(7,))
    assert kinds(check([asean], JAKSEL_SETDA, TUE, f)) == [("wfh_away_from_domicile", 1, 0)]
    assert check([SE_1_2024], BEKASI_SETDA, TUE, facts(4, 2, away_from_domicile=(7,))) == []


def test_missing_roster_and_attendance_mismatch_are_findings():
    f = facts(5, 0, missing_roster=2, absent_while_rostered=(3, 4))
    result = check([SE_1_2024], BEKASI_SETDA, TUE, f)
    assert kinds(result) == [("missing_roster", 2, 0), ("attendance_mismatch", 2, 0)]
    assert result[1].details == {"employee_ids": [3, 4]}


def test_the_day_status_label_reads_like_the_grid():
    unit_facts = facts(6, 3)
    status = day_status([SE_1_2024], BEKASI_SETDA, TUE, working_day=True, holiday_name="", facts=unit_facts)
    assert status.label() == "WFH 3 dari maks. 3 (SE 1/2024: maks. 50%)" and not status.over_cap
    wfo = day_status([SE_1_2024], BEKASI_DINKES, TUE, working_day=True, holiday_name="", facts=facts(6, 1))
    assert wfo.label() == "WFO 100% (SE 1/2024)" and wfo.over_cap and wfo.wfo_only
    none = day_status([SE_1_2024], BEKASI_DINKES, TUE, working_day=False, holiday_name="Cuti", facts=facts(6, 1))
    assert none.label() == "" and none.limit is None and none.findings == []


# -- the one cap comparison ---------------------------------------------------------------------

def test_cap_check_fits_exactly_at_the_floor_of_the_share_and_not_one_more():
    half = rule(1, 1, 50)
    counted = TypeFacts(headcount=63, scheduled=63, wfh=30)
    at_limit = cap_check(half, counted, adding=1)
    assert (at_limit.limit, at_limit.total, at_limit.fits, at_limit.room) == (31, 31, True, 1)
    over = cap_check(half, counted, adding=2)
    assert (over.fits, over.over_by) == (False, 1)


def test_cap_check_of_a_wfo_only_rule_refuses_any_wfh():
    wfo = rule(1, 1, 0, categories=DIRECT)
    assert cap_check(wfo, TypeFacts(headcount=10, wfh=0)).fits
    refused = cap_check(wfo, TypeFacts(headcount=10, wfh=0), adding=1)
    assert (refused.fits, refused.limit, refused.wfo_only, refused.room) == (False, 0, True, 0)


def test_cap_check_on_the_scheduled_basis_shares_staff_scheduled_to_work():
    scheduled = rule(1, 1, 50, basis="scheduled")
    check = cap_check(scheduled, TypeFacts(headcount=10, scheduled=6, wfh=3))
    assert (check.basis, check.limit, check.fits) == (6, 3, True)


def test_the_verdict_and_the_day_status_agree_with_cap_check():
    half = rule(1, 1, 50)
    circular = CircularData(1, "1/2024", "published", "national", (half,))
    for wfh in range(0, 6):
        facts = UnitDayFacts(by_type={"PNS": TypeFacts(headcount=5, scheduled=5, wfh=wfh)})
        status = day_status([circular], BEKASI_SETDA, TUE, working_day=True, holiday_name="", facts=facts)
        over = not cap_check(half, facts.total(COUNTED)).fits
        assert status.over_cap is over
        assert any(f.kind == "wfh_over_cap" for f in verdict(status.applicability, facts)) is over


def test_cap_text_words_a_zero_cap_as_wfo_only():
    assert cap_text(0) == "WFO 100%"
    assert cap_text(50) == "maks. 50% WFH"


# -- supersession within scope, duties that add up (issue 12) ------------------------------------

TANGERANG_SETDA = UnitContext(unit_id=5, agency_id=40, category="administration", agency_region_code="36.71", agency_kind="city")


def test_a_city_superseding_a_national_circular_replaces_it_only_for_itself():
    by_tangerang = Supersession(90, "800/1/2024", ScopeData("agencies", agency_ids=frozenset({40})))
    national = circular(1, rule(12, 1, 50), number="1/2024", superseded=(by_tangerang,))
    assert not applicability([national], TANGERANG_SETDA, TUE, working_day=True).applies
    assert applicability([national], BEKASI_SETDA, TUE, working_day=True).binding.id == 12
    assert kinds(check([national], BEKASI_SETDA, TUE, facts(10, 6))) == [("wfh_over_cap", 6, 5)]


def test_a_regional_supersession_covers_the_agencies_seated_in_its_regions():
    by_kalbar = Supersession(61, "800/01/Prov/2024", ScopeData("regions", region_codes=("61",)))
    national = circular(1, rule(12, 1, 50), superseded=(by_kalbar,))
    assert not applicability([national], PONTIANAK_SETDA, TUE, working_day=True).applies
    assert applicability([national], JAKSEL_SETDA, TUE, working_day=True).applies


def test_a_domicile_demand_survives_a_stricter_cap_and_cites_its_own_circular():
    asean = circular(17, rule(171, 17, 50, domicile_required=True), scope_kind="regions", scope_region_codes=("31",))
    stricter = circular(18, rule(181, 18, 40))
    a = applicability([asean, stricter], JAKSEL_SETDA, TUE, working_day=True)
    assert a.binding.id == 181 and a.domicile_rule.id == 171
    found = verdict(a, facts(10, 4, away_from_domicile=(7,)))
    assert [(x.kind, x.measured, x.rule_id) for x in found] == [("wfh_away_from_domicile", 1, 171)]


def test_a_replaced_parent_no_longer_demands_domicile():
    asean = circular(17, rule(171, 17, 50, domicile_required=True))
    child = circular(18, rule(181, 18, 75), parent_ids=frozenset({17}))
    a = applicability([asean, child], JAKSEL_SETDA, TUE, working_day=True)
    assert a.domicile_rule is None and verdict(a, facts(10, 4, away_from_domicile=(7,))) == []


def test_under_a_domicile_demand_an_unknown_wfh_location_is_a_finding():
    asean = circular(17, rule(171, 17, 50, domicile_required=True))
    found = check([asean], JAKSEL_SETDA, TUE, facts(10, 2, wfh_location_unknown=(8, 9)))
    assert kinds(found) == [("wfh_location_unknown", 2, 0)] and found[0].details == {"employee_ids": [8, 9]}
    assert check([SE_1_2024], BEKASI_SETDA, TUE, facts(10, 2, wfh_location_unknown=(8, 9))) == []


def test_a_cap_zero_rule_for_every_category_reads_as_an_office_day():
    from agencies.models import ServiceCategory

    every = circular(1, rule(13, 1, 0, set(ServiceCategory.values), THU, THU), number="1/2024")
    status = day_status([every], BEKASI_SETDA, THU, working_day=True, holiday_name="", facts=facts(10, 1))
    assert kinds(status.findings) == [("wfh_on_office_day", 1, 0)]
    assert status.label() == "Hari wajib masuk kantor (SE 1/2024)"
    assert kinds(check([SE_1_2024], BEKASI_DINKES, TUE, facts(10, 1))) == [("wfh_in_wfo_unit", 1, 0)]


# -- flexible work since 2025 (docs/flexible-work.md) -----------------------------------------------

MON_24_MAR_2025, TUE_8_APR_2025 = datetime.date(2025, 3, 24), datetime.date(2025, 4, 8)
FRI_25_APR_2025, THU_24_APR_2025 = datetime.date(2025, 4, 25), datetime.date(2025, 4, 24)
FRI_27_MAR_2026 = datetime.date(2026, 3, 27)
JAKSEL_PUSKESMAS = UnitContext(unit_id=5, agency_id=30, category="health", agency_region_code="31.74", agency_kind="city")
EVERY = DIRECT | ADMIN
# SE 2/2025 (24–27 March 2025) leaves the split to each agency head; SE 3/2025 amends it and adds 8 April.
SE_2_2025 = circular(
    21, rule(211, 21, None, EVERY, MON_24_MAR_2025, datetime.date(2025, 3, 27), counted_locations="WFH_WFA"),
    number="2/2025",
)
SE_3_2025 = circular(
    22, rule(221, 22, None, EVERY, TUE_8_APR_2025, TUE_8_APR_2025, counted_locations="WFH_WFA"),
    number="3/2025", parent_ids=frozenset({21}),
)
# Pemkot Jaksel's implementing arrangement, based on SE 3/2025: administration at most 50% WFH+WFA, health WFO 100%.
JAKSEL_FWA = circular(
    23, rule(231, 23, 50, ADMIN, TUE_8_APR_2025, TUE_8_APR_2025, counted_locations="WFH_WFA"),
    rule(232, 23, 0, DIRECT, TUE_8_APR_2025, TUE_8_APR_2025, counted_locations="WFH_WFA"),
    number="800/2025-Jaksel", scope_kind="agencies", scope_agency_ids=frozenset({30}), parent_ids=frozenset({22, 21}),
)


def remote(headcount, wfh, wfa):
    return UnitDayFacts(by_type={"PNS": TypeFacts(headcount=headcount, scheduled=headcount, wfh=wfh, wfa=wfa)})


def test_a_rule_counting_wfh_and_wfa_together_adds_both_against_the_cap():
    both = circular(8, rule(81, 8, 50, counted_locations="WFH_WFA"))
    assert kinds(check([both], JAKSEL_SETDA, TUE, remote(10, 3, 3))) == [("wfh_over_cap", 6, 5)]
    assert check([both], JAKSEL_SETDA, TUE, remote(10, 3, 2)) == []
    assert cap_check(both.rules[0], remote(10, 3, 2).total(COUNTED)) == (5, 0, 5, 10, 50, True)


def test_a_wfh_only_rule_does_not_count_wfa_days():
    wfh_only = circular(9, rule(91, 9, 50))
    assert check([wfh_only], JAKSEL_SETDA, TUE, remote(10, 3, 7)) == []
    assert cap_check(wfh_only.rules[0], remote(10, 3, 7).total(COUNTED)).wfh == 3


def test_a_delegated_proportion_without_an_arrangement_is_a_named_state_and_a_finding():
    applied = applicability([SE_2_2025, SE_3_2025], JAKSEL_SETDA, TUE_8_APR_2025, working_day=True)
    assert applied.binding.id == 221  # SE 3/2025 amends SE 2/2025
    status = day_status([SE_2_2025, SE_3_2025], JAKSEL_SETDA, TUE_8_APR_2025, working_day=True, holiday_name="",
                        facts=remote(10, 4, 4))
    assert status.proportion_not_set and status.cap.limit is None and status.cap.fits and not status.over_cap
    assert status.limit is None and status.cap.room is None
    assert "Proporsi belum ditetapkan" in status.label() and "3/2025" in status.label()
    assert kinds(status.findings) == [("proportion_not_set", 8, 0)]


def test_the_agencys_arrangement_based_on_a_delegated_rule_gives_the_number():
    circulars = [SE_2_2025, SE_3_2025, JAKSEL_FWA]
    setda = day_status(circulars, JAKSEL_SETDA, TUE_8_APR_2025, working_day=True, holiday_name="", facts=remote(10, 4, 2))
    assert setda.applicability.binding.id == 231 and not setda.proportion_not_set
    assert kinds(setda.findings) == [("wfh_over_cap", 6, 5)]
    assert setda.label() == "WFH+WFA 6 dari maks. 5 (SE 800/2025-Jaksel: maks. 50%)"
    puskesmas = day_status(circulars, JAKSEL_PUSKESMAS, TUE_8_APR_2025, working_day=True, holiday_name="",
                           facts=remote(20, 0, 1))
    assert kinds(puskesmas.findings) == [("wfh_in_wfo_unit", 1, 0)]
    # Another agency under the same circulars still has no proportion.
    bekasi = check(circulars, BEKASI_SETDA, TUE_8_APR_2025, remote(10, 1, 0))
    assert kinds(bekasi) == [("proportion_not_set", 1, 0)]


def test_an_arrangement_covering_only_administration_leaves_other_units_without_a_proportion():
    admin_only = circular(24, JAKSEL_FWA.rules[0], number="801/2025-Jaksel", scope_kind="agencies",
                          scope_agency_ids=frozenset({30}), parent_ids=frozenset({22, 21}))
    assert kinds(check([SE_3_2025, admin_only], JAKSEL_PUSKESMAS, TUE_8_APR_2025, remote(20, 0, 0))) == [
        ("proportion_not_set", 0, 0)
    ]


def test_a_numbered_rule_binds_before_a_delegated_one_standing_beside_it():
    national_fifty = circular(25, rule(251, 25, 50, EVERY, TUE_8_APR_2025, TUE_8_APR_2025), number="9/2025")
    applied = applicability([SE_3_2025, national_fifty], JAKSEL_SETDA, TUE_8_APR_2025, working_day=True)
    assert applied.binding.id == 251 and {c.id for c, _ in applied.standing} == {22, 25}


# A standing arrangement under PermenPANRB 4/2025: from 21 April 2025, no end, WFH on Fridays for
# administration, at most 30%.
JAKSEL_FRIDAYS = circular(
    26, rule(261, 26, 30, ADMIN, datetime.date(2025, 4, 21), None, weekdays="5"),
    number="900/2025-Jaksel", scope_kind="agencies", scope_agency_ids=frozenset({30}),
)


def test_a_standing_weekday_arrangement_covers_its_weekdays_from_its_start_without_end():
    assert kinds(check([JAKSEL_FRIDAYS], JAKSEL_SETDA, FRI_25_APR_2025, facts(10, 4))) == [("wfh_over_cap", 4, 3)]
    assert check([JAKSEL_FRIDAYS], JAKSEL_SETDA, THU_24_APR_2025, facts(10, 4)) == []  # not a Friday
    assert check([JAKSEL_FRIDAYS], JAKSEL_SETDA, datetime.date(2025, 4, 18), facts(10, 4)) == []  # before its start
    far_friday = datetime.date(2030, 1, 4)
    assert kinds(check([JAKSEL_FRIDAYS], JAKSEL_SETDA, far_friday, facts(10, 4))) == [("wfh_over_cap", 4, 3)]


def test_a_dated_circular_beside_a_standing_arrangement_binds_where_it_is_stricter():
    wfo_friday = circular(27, rule(271, 27, 0, EVERY, FRI_25_APR_2025, FRI_25_APR_2025), number="10/2025")
    looser_friday = circular(28, rule(281, 28, 50, EVERY, FRI_25_APR_2025, FRI_25_APR_2025), number="11/2025")
    on = lambda cs: applicability(cs, JAKSEL_SETDA, FRI_25_APR_2025, working_day=True).binding.id  # noqa: E731
    assert on([JAKSEL_FRIDAYS, wfo_friday]) == 271
    assert on([JAKSEL_FRIDAYS, looser_friday]) == 261
    # SE 2/2026 leaves the proportion to the agency: on Friday 27 March 2026 the standing 30% still gives the number.
    se_2_2026 = circular(29, rule(291, 29, None, EVERY, datetime.date(2026, 3, 25), FRI_27_MAR_2026,
                                  counted_locations="WFH_WFA"), number="2/2026")
    applied = applicability([JAKSEL_FRIDAYS, se_2_2026], JAKSEL_SETDA, FRI_27_MAR_2026, working_day=True)
    assert applied.binding.id == 261 and len(applied.standing) == 2


def test_cap_text_names_wfa_and_delegated_proportions():
    assert cap_text(50, counts_wfa=True) == "maks. 50% WFH+WFA"
    assert cap_text(None) == "proporsi ditetapkan pimpinan instansi"


def test_a_standing_rule_gives_spans_a_horizon_instead_of_no_end():
    from attendance.presence import periods

    today = datetime.date(2025, 5, 2)
    presets = periods.presets(today, None, [JAKSEL_FRIDAYS])
    circular = next(p for p in presets if p.key == f"circular-{JAKSEL_FRIDAYS.id}")
    assert circular.start == datetime.date(2025, 4, 21) and circular.end > circular.start
    assert JAKSEL_FRIDAYS.rules[0].last_day(today) == today and SE_1_2024.rules[0].last_day(today) == WED
