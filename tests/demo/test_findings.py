"""The Done-means verdicts of issue 3 on the demo world (`manage.py seed_demo`)."""

import datetime

import pytest
from django.db import transaction

from agencies.models import Agency, Unit
from policies.compliance import compliance_check_units
from policies.models import Finding

D = datetime.date
APRIL = (D(2024, 4, 15), D(2024, 4, 18))
ASEAN = (D(2023, 8, 28), D(2023, 9, 7))


@pytest.fixture(scope="module")
def demo(demo, django_db_blocker):
    """The package's demo world, checked once for this module; the findings are rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        for start, end in (APRIL, ASEAN):
            compliance_check_units(start=start, end=end)
        yield demo
        transaction.set_rollback(True)


def unit(agency_code, name):
    return Unit.objects.get(agency__code=agency_code, name=name)


def findings(agency_code, day, **kw):
    return {
        (f.unit.name, f.kind): (f.measured, f.limit)
        for f in Finding.objects.filter(agency__code=agency_code, date=day, **kw).exclude(status="resolved")
        .select_related("unit")
    }


pytestmark = pytest.mark.django_db


def test_on_16_and_17_april_any_wfh_in_health_or_satpol_pp_is_a_finding(demo):
    assert findings("pemkot-bekasi", D(2024, 4, 16))[("Dinas Kesehatan", "wfh_in_wfo_unit")] == (3, 0)
    assert findings("pemprov-kalbar", D(2024, 4, 16))[("RSUD dr. Soedarso", "wfh_in_wfo_unit")] == (6, 0)
    satpol = [k for k in findings("pemkot-bekasi", D(2024, 4, 16)) if k[0] == "Satuan Polisi Pamong Praja"]
    assert ("Satuan Polisi Pamong Praja", "wfh_in_wfo_unit") not in satpol  # Satpol PP kept everyone at the office


def test_an_administrative_unit_at_exactly_half_is_not_a_finding_and_one_above_is(demo):
    apr16, apr17 = findings("pemkot-bekasi", D(2024, 4, 16)), findings("pemkot-bekasi", D(2024, 4, 17))
    assert ("Bagian Umum", "wfh_over_cap") not in apr16 and ("Bagian Umum", "wfh_over_cap") not in apr17
    bkpsdm = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
    assert (bkpsdm, "wfh_over_cap") not in apr17  # 35 of 70
    bappelitbangda = "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah"
    assert apr16[(bappelitbangda, "wfh_over_cap")] == (30, 25)
    assert ("Badan Perencanaan Pembangunan Daerah", "wfh_over_cap") not in findings("pemprov-kalbar", D(2024, 4, 16))


def test_on_18_april_any_wfh_is_a_finding(demo):
    apr18 = findings("pemkot-bekasi", D(2024, 4, 18))
    assert apr18[("Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah", "wfh_on_office_day")] == (2, 0)


def test_collective_leave_on_15_april_raises_nothing(demo):
    assert not Finding.objects.filter(date=D(2024, 4, 15)).exists()


def test_kalbar_findings_list_the_kalbar_circular_and_se_1_2024(demo):
    f = Finding.objects.get(unit=unit("pemprov-kalbar", "RSUD dr. Soedarso"), date=D(2024, 4, 16), kind="wfh_in_wfo_unit")
    numbers = {c.number for c in f.circulars.all()}
    assert len(numbers) == 2 and f.rule.circular.number in numbers
    assert f.rule.circular.issuer.code == "pemprov-kalbar"  # the implementing circular takes its parent's place


def test_se_17_2023_binds_agencies_seated_in_dki_jakarta_and_nobody_else(demo):
    during = Finding.objects.filter(date__range=ASEAN)
    seated = {a.code for a in Agency.objects.filter(seat_region__code__startswith="31")}
    assert during.exists()
    assert set(during.values_list("agency__code", flat=True)) <= seated
    assert not Finding.objects.filter(date__range=ASEAN, agency__code__in=["pemkot-bekasi", "pemprov-kalbar"]).exists()


def test_the_dki_implementing_rule_governs_4_to_7_september_and_se_17_before(demo):
    biro_umum = unit("pemprov-dki", "Biro Umum dan Administrasi Sekretariat Daerah")
    early = Finding.objects.filter(unit=biro_umum, date=D(2023, 8, 28), kind="wfh_over_cap").first()
    assert early is None or early.rule.wfh_cap_percent == 50
    late = Finding.objects.filter(unit=biro_umum, date=D(2023, 9, 5)).select_related("rule")
    assert all(f.rule.wfh_cap_percent == 75 for f in late)


def test_wfh_away_from_domicile_is_caught_during_the_asean_summit(demo):
    away = Finding.objects.get(
        unit=unit("pemprov-dki", "Biro Umum dan Administrasi Sekretariat Daerah"), date=D(2023, 9, 5),
        kind="wfh_away_from_domicile",
    )
    assert away.measured == 3 and len(away.details["employee_ids"]) == 3


def test_every_seeded_circular_lies_inside_its_issuers_authority(demo):
    """Kalbar's region 61 binds Pemkot Pontianak; Pemprov DKI's circular lists itself and Jakarta Selatan."""
    from policies.authority import saved_circular_authority_errors
    from policies.models import Circular

    assert {c.number: saved_circular_authority_errors(c) for c in Circular.objects.all()} == {
        c.number: {} for c in Circular.objects.all()
    }
