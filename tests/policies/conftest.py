"""Circulars and rosters for compliance tests, built on the shared `world`."""

import datetime

import pytest

from agencies.models import ADMINISTRATIVE_CATEGORIES, DIRECT_SERVICE_CATEGORIES
from attendance.models import RosterEntry
from policies.models import Circular, Holiday, Rule
from tests import factories as f

APR16, APR17, APR18 = datetime.date(2024, 4, 16), datetime.date(2024, 4, 17), datetime.date(2024, 4, 18)


def make_circular(issuer, number, *, status="published", scope_kind="national", rules=(), **kw) -> Circular:
    circular = Circular.objects.create(
        issuer=issuer, number=number, title=f"SE {number}", signed_on=datetime.date(2024, 4, 5), status=status,
        scope_kind=scope_kind, **kw,
    )
    for rule in rules:
        Rule.objects.create(circular=circular, **rule)
    return circular


def se_1_2024_rules():
    return [
        {"start_date": APR16, "end_date": APR17, "categories": DIRECT_SERVICE_CATEGORIES, "wfh_cap_percent": 0},
        {"start_date": APR16, "end_date": APR17, "categories": ADMINISTRATIVE_CATEGORIES, "wfh_cap_percent": 50},
        {"start_date": APR18, "end_date": datetime.date(2024, 4, 30),
         "categories": DIRECT_SERVICE_CATEGORIES + ADMINISTRATIVE_CATEGORIES, "wfh_cap_percent": 0},
    ]


@pytest.fixture
def se_1_2024(world):
    return make_circular(f.ministry(), "1/2024", rules=se_1_2024_rules())


@pytest.fixture
def cuti_bersama(db):
    return Holiday.objects.create(date=datetime.date(2024, 4, 15), name="Cuti Bersama Hari Raya Idul Fitri", kind="collective_leave")


def roster(employees, day, location="WFO", **kw):
    for e in employees:
        RosterEntry.objects.update_or_create(
            employee=e, date=day, defaults={"agency_id": e.agency_id, "unit_id": e.unit_id, "location": location, **kw}
        )


@pytest.fixture
def rostered(world):
    """Every Bekasi employee rostered WFO on 16-17 April, so only what a test changes is a finding."""
    for day in (APR16, APR17):
        roster(world.bekasi_staff + world.bekasi_umum_staff + world.bekasi_nurses, day, "WFO")
    return world
