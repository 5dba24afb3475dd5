"""Roster editor fixtures on top of the shared `world`: SE MenPANRB 1/2024 and the Idulfitri leave."""

import datetime

import pytest

from agencies.models import ADMINISTRATIVE_CATEGORIES, DIRECT_SERVICE_CATEGORIES
from attendance.models import RosterEntry, WfhRequest
from policies.models import Circular, Holiday, Rule
from tests import factories as f

APR15, APR16, APR17, APR18 = (datetime.date(2024, 4, d) for d in (15, 16, 17, 18))
WEEK_OF_APR15 = "2024-04-15"


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    """Import files land in a temporary MEDIA_ROOT, not in var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def se_1_2024(world):
    kemenpan = f.agency("kemenpanrb", "Kementerian PANRB", "KemenPANRB", seat=f.region("31", "DKI Jakarta", "province"),
                        kind="ministry")
    circular = Circular.objects.create(
        issuer=kemenpan, number="MenPANRB 1/2024", title="Penyesuaian sistem kerja ASN", signed_on=datetime.date(2024, 4, 5),
        status="published", scope_kind="national",
    )
    Rule.objects.create(circular=circular, start_date=APR16, end_date=APR17, categories=DIRECT_SERVICE_CATEGORIES,
                        wfh_cap_percent=0)
    Rule.objects.create(circular=circular, start_date=APR16, end_date=APR17, categories=ADMINISTRATIVE_CATEGORIES,
                        wfh_cap_percent=50)
    Holiday.objects.create(date=APR15, name="Cuti Bersama Idul Fitri", kind="collective_leave")
    return circular


def set_entries(employees, day, location="WFO", **kw):
    for e in employees:
        RosterEntry.objects.update_or_create(
            employee=e, date=day, defaults={"agency_id": e.agency_id, "unit_id": e.unit_id, "location": location, **kw}
        )


def approved_wfh(employee, day, user):
    request = WfhRequest.objects.create(
        agency=employee.agency, unit=employee.unit, employee=employee, reason="Mudik", address="Garut",
        status="approved", submitted_by=user,
    )
    set_entries([employee], day, "WFH", wfh_request=request)
    return request


def cell_ref(employee, day, version=0) -> str:
    return f"{employee.pk}:{day.isoformat()}:{version}"
