import datetime

import pytest

from agencies.audit import AuditContext
from agencies.scoping import scope_for
from agencies.validators import build_nik, build_nip

VALID_NIP = build_nip(datetime.date(1990, 5, 17), datetime.date(2015, 3, 1), "L", 7)
VALID_NIK = build_nik("32.75.01", datetime.date(1995, 8, 9), "P", 12)


@pytest.fixture
def hr(world):
    """Bekasi's HR officer as a service caller: (context, scope)."""
    return AuditContext(actor=world.bekasi_hr), scope_for(world.bekasi_hr)


@pytest.fixture
def new_pns(world):
    """Form data of a valid new PNS in Bekasi's secretariat."""
    return {
        "name": "Siti Rahmawati", "employment_type": "PNS", "nip": VALID_NIP, "nik": "", "unit": world.bekasi_setda.pk,
        "position": "Analis Kebijakan", "domicile_region": "", "domicile_address": "", "email": "",
        "active_from": "2024-01-02", "active_until": "",
    }
