"""SE MenPANRB No. 1/2024 for the WFH tests: on 16-17 April 2024 administrative units may
have at most 50% WFH; direct-service units (health, ...) are WFO 100%."""

import datetime

import pytest

from agencies.audit import AuditContext
from agencies.models import ADMINISTRATIVE_CATEGORIES, DIRECT_SERVICE_CATEGORIES
from policies.models import Circular, Rule
from tests import factories as f

TUESDAY = datetime.date(2024, 4, 16)
WEDNESDAY = datetime.date(2024, 4, 17)


@pytest.fixture
def se_1_2024(world):
    pusat = f.region("31", "DKI Jakarta", "province")
    kemenpan = f.agency("kemenpanrb", "Kementerian PANRB", "KemenPANRB", seat=pusat, kind="ministry")
    circular = Circular.objects.create(
        number="1/2024", title="Penyesuaian sistem kerja ASN setelah Idulfitri 1445 H", issuer=kemenpan,
        signed_on=datetime.date(2024, 4, 12), status=Circular.Status.PUBLISHED,
    )
    Rule.objects.create(
        circular=circular, start_date=TUESDAY, end_date=WEDNESDAY, categories=ADMINISTRATIVE_CATEGORIES,
        wfh_cap_percent=50,
    )
    Rule.objects.create(
        circular=circular, start_date=TUESDAY, end_date=WEDNESDAY, categories=DIRECT_SERVICE_CATEGORIES,
        wfh_cap_percent=0,
    )
    return circular


def as_user(user) -> AuditContext:
    return AuditContext(actor=user)
