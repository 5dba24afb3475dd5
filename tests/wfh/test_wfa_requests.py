"""A request may ask for WFA (another location) instead of WFH; approval writes that location (issue 15)."""

import pytest

from attendance.models import RosterEntry, WorkLocation
from attendance.wfh.services import WfhRequestError, wfh_request_decide, wfh_request_submit

from .conftest import TUESDAY, as_user

pytestmark = pytest.mark.django_db


def test_an_approved_wfa_request_writes_wfa_with_its_place(world, se_1_2024):
    employee = world.bekasi_staff[1]
    request = wfh_request_submit(
        context=as_user(world.bekasi_hr), employee=employee, dates=[TUESDAY], reason="Rapat di kecamatan",
        address="Kantor Kecamatan Bekasi Timur", location=WorkLocation.WFA,
    )
    assert request.location == "WFA"
    wfh_request_decide(context=as_user(world.bekasi_head), request=request, approve_dates=[TUESDAY])
    entry = RosterEntry.objects.get(employee=employee, date=TUESDAY)
    assert (entry.location, entry.wfh_address, entry.wfh_request_id) == ("WFA", "Kantor Kecamatan Bekasi Timur", request.pk)


def test_a_request_for_another_location_code_is_refused(world, se_1_2024):
    with pytest.raises(WfhRequestError):
        wfh_request_submit(context=as_user(world.bekasi_hr), employee=world.bekasi_staff[1], dates=[TUESDAY],
                           reason="x", address="y", location="DL")


def _setda_full_of_wfh(world):
    """Sekretariat Daerah: 4 staff, SE 1/2024 allows 2 at home, and 2 already are."""
    from tests.policies.conftest import roster

    roster(world.bekasi_staff[2:], TUESDAY, "WFH")
    roster(world.bekasi_staff[:2], TUESDAY, "WFO")


def _wfa_request(world):
    return wfh_request_submit(
        context=as_user(world.bekasi_hr), employee=world.bekasi_staff[1], dates=[TUESDAY], reason="Rapat di kecamatan",
        address="Kantor Kecamatan Bekasi Timur", location=WorkLocation.WFA,
    )


def test_a_wfa_day_does_not_count_against_a_cap_on_wfh_alone(world, se_1_2024):
    _setda_full_of_wfh(world)
    request = _wfa_request(world)
    wfh_request_decide(context=as_user(world.bekasi_head), request=request, approve_dates=[TUESDAY])
    assert RosterEntry.objects.get(employee=world.bekasi_staff[1], date=TUESDAY).location == "WFA"


def test_a_wfa_day_counts_where_the_rule_caps_wfh_and_wfa_together(world, se_1_2024):
    from policies.models import Rule

    Rule.objects.filter(circular=se_1_2024, wfh_cap_percent=50).update(counted_locations="WFH_WFA")
    _setda_full_of_wfh(world)
    request = _wfa_request(world)
    with pytest.raises(WfhRequestError, match="melebihi batas 2"):
        wfh_request_decide(context=as_user(world.bekasi_head), request=request, approve_dates=[TUESDAY])
