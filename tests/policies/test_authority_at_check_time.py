"""The check asks the issuer's authority too (policies.compliance.jurisdiction): a circular stored outside
it by any door (raw data, a legacy import, a fixture) binds no one beyond its issuer, and a link it
makes beyond it (amends, supersedes, based on) changes nothing. Every door refuses such circulars
(test_authority.py); these are stored straight through the ORM, past the doors."""

import pytest

from policies.compliance import compliance_check_units, compliance_day_statuses
from policies.models import Finding
from policies.selectors import circulars_covering

from . import authority_world
from .conftest import APR16, make_circular, se_1_2024_rules

pytestmark = pytest.mark.django_db
ADMIN_APR16 = [{"start_date": APR16, "end_date": APR16, "categories": ["administration"], "wfh_cap_percent": 100}]


@pytest.fixture
def aw(world):
    return authority_world.build(world)


def binding_of(unit, day=APR16):
    return compliance_day_statuses([unit.pk], day, day)[(unit.pk, day)].applicability


def test_a_citys_national_circular_binds_its_own_agency_only(aw, world):
    strict = [{"start_date": APR16, "end_date": APR16, "categories": ["administration"], "wfh_cap_percent": 10}]
    tangerang_se = make_circular(world.tangerang, "800/20/2024", scope_kind="national", rules=strict)
    assert binding_of(world.tangerang_setda).binding_circular.id == tangerang_se.pk
    assert tangerang_se.pk not in binding_of(world.bekasi_setda).circular_ids
    assert tangerang_se.pk not in binding_of(aw.pontianak_setda).circular_ids


def test_a_province_binds_the_cities_seated_in_it_and_no_others(aw, world):
    kalbar_se = make_circular(aw.kalbar, "800/21/Prov/2024", scope_kind="national", rules=ADMIN_APR16)
    assert kalbar_se.pk in binding_of(aw.pontianak_setda).circular_ids
    assert kalbar_se.pk not in binding_of(world.bekasi_setda).circular_ids
    # the dashboard offers the province's circular to Pontianak's inspector, not to Bekasi's
    assert kalbar_se.pk in {c.id for c in circulars_covering([aw.pontianak])}
    assert kalbar_se.pk not in {c.id for c in circulars_covering([world.bekasi])}


def test_a_city_amending_a_national_circular_does_not_replace_it(aw, world):
    """An implementing or amending circular takes its parent's place; a city's 'amendment' of the ministry's
    circular would let Bekasi loosen SE 1/2024 to 100%. Stored anyway, the parent keeps binding."""
    bekasi_se = make_circular(world.bekasi, "800/22/2024", scope_kind="agencies", rules=ADMIN_APR16)
    bekasi_se.scope_agencies.set([world.bekasi])
    bekasi_se.amends.set([aw.se_1_2024])
    applied = binding_of(world.bekasi_setda)
    assert applied.binding_circular.id == aw.se_1_2024.pk
    compliance_check_units(unit_ids=[world.bekasi_setda.pk], start=APR16, end=APR16)
    over = Finding.objects.get(unit=world.bekasi_setda, date=APR16, kind="wfh_over_cap")
    assert (over.measured, over.limit, over.rule.circular_id) == (6, 5, aw.se_1_2024.pk)


def test_a_lawful_implementing_circular_still_takes_its_parents_place(aw, world):
    """The guard is no blanket: Bekasi's circular *based on* the ministry's (its own duty to implement)
    replaces it for Bekasi, as design §4 says."""
    bekasi_se = make_circular(world.bekasi, "800/23/2024", scope_kind="agencies", rules=ADMIN_APR16)
    bekasi_se.scope_agencies.set([world.bekasi])
    bekasi_se.based_on.set([aw.se_1_2024])
    assert binding_of(world.bekasi_setda).binding_circular.id == bekasi_se.pk


def test_a_province_may_supersede_a_city_circular_inside_its_province(aw, world):
    pontianak_se = make_circular(aw.pontianak, "800/24/2024", scope_kind="agencies", rules=se_1_2024_rules())
    pontianak_se.scope_agencies.set([aw.pontianak])
    assert pontianak_se.pk in binding_of(aw.pontianak_setda).circular_ids
    kalbar_se = make_circular(aw.kalbar, "800/25/Prov/2024", scope_kind="regions", rules=ADMIN_APR16)
    kalbar_se.scope_regions.set([aw.pontianak.seat_region.parent])
    kalbar_se.supersedes.set([pontianak_se])
    assert pontianak_se.pk not in binding_of(aw.pontianak_setda).circular_ids
