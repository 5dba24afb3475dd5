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
