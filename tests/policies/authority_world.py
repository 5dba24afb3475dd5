"""Issuers of every kind beside the shared `world`: KemenPANRB (ministry), Pemprov Kalbar with Kota
Pontianak seated in its province, and a policy administrator for each and for Pemkot Tangerang."""

import datetime
from types import SimpleNamespace

from agencies.models import Role
from tests import factories as f

from .conftest import APR16, make_circular, roster, se_1_2024_rules


def build(world) -> SimpleNamespace:
    dki = f.region("31", "DKI Jakarta", "province")
    kalbar_region = f.region("61", "Kalimantan Barat", "province")
    pontianak_region = f.region("61.71", "Kota Pontianak", "city", parent=kalbar_region)
    w = SimpleNamespace(world=world)
    w.kemenpan = f.agency("kemenpan-rb", "Kementerian PANRB", "Kemenpan RB", seat=dki, kind="ministry")
    w.kalbar = f.agency("pemprov-kalbar", "Pemerintah Provinsi Kalimantan Barat", "Pemprov Kalbar", seat=kalbar_region,
                        kind="province")
    w.pontianak = f.agency("pemkot-pontianak", "Pemerintah Kota Pontianak", "Pemkot Pontianak", seat=pontianak_region)
    w.pontianak_setda = f.unit(w.pontianak, "Sekretariat Daerah", "administration")
    w.pontianak_staff = [f.employee(w.pontianak_setda) for _ in range(4)]
    w.se_1_2024 = make_circular(w.kemenpan, "1/2024", rules=se_1_2024_rules())
    w.kemenpan_admin = f.user("admin_kebijakan", Role.POLICY_ADMIN, agency=w.kemenpan)
    w.kalbar_admin = f.user("admin_kalbar", Role.POLICY_ADMIN, agency=w.kalbar)
    w.tangerang_admin = f.user("admin_tangerang", Role.POLICY_ADMIN, agency=world.tangerang)
    # Bekasi's Setda: 6 of its 10 counted staff at home on 16 April, over SE 1/2024's 50% (limit 5).
    setda = world.bekasi_staff + [f.employee(world.bekasi_setda) for _ in range(6)]
    roster(setda[:6], APR16, "WFH")
    roster(setda[6:], APR16, "WFO")
    return w


def circular_post(issuer, number, *, scope_kind="agencies", scope_agencies=(), scope_regions=(), supersedes=(),
                  amends=(), based_on=(), cap=50) -> dict:
    """The circular form as a browser posts it: one rule for administration on 16-17 April 2024."""
    return {
        "number": number, "title": f"SE {number}", "issuer": issuer.pk, "signed_on": "2024-04-13",
        "scope_kind": scope_kind, "scope_agencies": [a.pk for a in scope_agencies], "scope_regions": list(scope_regions),
        "supersedes": [c.pk for c in supersedes], "amends": [c.pk for c in amends], "based_on": [c.pk for c in based_on],
        "rules-TOTAL_FORMS": "1", "rules-INITIAL_FORMS": "0", "rules-MIN_NUM_FORMS": "1", "rules-MAX_NUM_FORMS": "1000",
        "rules-0-start_date": "2024-04-16", "rules-0-end_date": "2024-04-17", "rules-0-categories": ["administration"],
        "rules-0-employment_types": ["PNS", "CPNS", "PPPK"], "rules-0-wfh_cap_percent": str(cap),
        "rules-0-basis": "headcount",
        "obligations-TOTAL_FORMS": "0", "obligations-INITIAL_FORMS": "0", "obligations-MIN_NUM_FORMS": "0",
        "obligations-MAX_NUM_FORMS": "1000",
    }


SIGNED = datetime.date(2024, 4, 13)
