import datetime

from agencies.models import EmploymentType
from policies.compliance import compliance_day_statuses, holiday_names
from tests import factories as f

from .conftest import APR16, APR18, roster


def test_an_administrative_unit_at_exactly_half_wfh_is_within_the_cap(world, se_1_2024):
    roster(world.bekasi_staff[:2], APR16, "WFH")
    roster(world.bekasi_staff[2:], APR16, "WFO")
    status = compliance_day_statuses([world.bekasi_setda.pk], APR16, APR16)[(world.bekasi_setda.pk, APR16)]
    assert (status.wfh, status.limit, status.basis) == (2, 2, 4)
    assert not status.over_cap and status.findings == []
    assert status.label() == "WFH 2 dari maks. 2 (SE 1/2024: maks. 50%)"


def test_one_wfh_in_a_health_unit_is_a_finding(world, se_1_2024):
    roster(world.bekasi_nurses[:1], APR16, "WFH")
    roster(world.bekasi_nurses[1:], APR16, "WFO")
    status = compliance_day_statuses([world.bekasi_dinkes.pk], APR16, APR16)[(world.bekasi_dinkes.pk, APR16)]
    assert status.wfo_only and status.over_cap
    assert [x.kind for x in status.findings] == ["wfh_in_wfo_unit"]
    assert status.label() == "WFO 100% (SE 1/2024)"


def test_non_asn_staff_are_not_counted(world, se_1_2024):
    helper = f.employee(world.bekasi_setda, employment_type=EmploymentType.NON_ASN)
    roster(world.bekasi_staff, APR16, "WFO")
    roster([helper], APR16, "WFH")
    status = compliance_day_statuses([world.bekasi_setda.pk], APR16, APR16)[(world.bekasi_setda.pk, APR16)]
    assert (status.wfh, status.basis, status.findings) == (0, 4, [])


def test_collective_leave_is_not_a_working_day_and_raises_nothing(world, se_1_2024, cuti_bersama):
    roster(world.bekasi_nurses, cuti_bersama.date, "WFH")
    status = compliance_day_statuses([world.bekasi_dinkes.pk], cuti_bersama.date, cuti_bersama.date)[
        (world.bekasi_dinkes.pk, cuti_bersama.date)
    ]
    assert not status.working_day and status.holiday_name == "Cuti Bersama Hari Raya Idul Fitri"
    assert status.findings == [] and status.limit is None
    assert holiday_names(world.bekasi, APR16 - datetime.timedelta(days=3), APR16) == {
        cuti_bersama.date: "Cuti Bersama Hari Raya Idul Fitri"
    }


def test_missing_roster_is_counted_per_active_employee(world, se_1_2024):
    roster(world.bekasi_staff[:3], APR18, "WFO")
    status = compliance_day_statuses([world.bekasi_setda.pk], APR18, APR18)[(world.bekasi_setda.pk, APR18)]
    assert [(x.kind, x.measured) for x in status.findings] == [("missing_roster", 1)]


def test_the_query_count_does_not_grow_with_units_or_days(world, se_1_2024, django_assert_num_queries):
    small = [world.bekasi_setda.pk, world.bekasi_dinkes.pk, world.tangerang_setda.pk]
    with django_assert_num_queries(11):
        compliance_day_statuses(small, APR16, APR16)
    extra = [f.unit(world.bekasi, f"Puskesmas {n}", "health") for n in range(27)]
    for unit in extra:
        roster([f.employee(unit), f.employee(unit)], APR16, "WFH")
    many = small + [u.pk for u in extra]
    with django_assert_num_queries(11):
        statuses = compliance_day_statuses(many, APR16, APR18)
    assert len(statuses) == 30 * 3
    se_1_2024.rules.update(domicile_required=True)  # one more query: WFH addresses against domiciles
    with django_assert_num_queries(12):
        compliance_day_statuses(many, APR16, APR18)


def test_staff_joining_or_leaving_mid_period_count_only_on_their_active_days(world, se_1_2024):
    for _ in range(2):
        f.employee(world.bekasi_setda, active_from=APR16 + datetime.timedelta(days=1))
    f.employee(world.bekasi_setda, active_until=APR16)
    statuses = compliance_day_statuses([world.bekasi_setda.pk], APR16 - datetime.timedelta(days=1), APR18)
    headcounts = [statuses[(world.bekasi_setda.pk, APR16 + datetime.timedelta(days=n))].facts.total(["PNS"]).headcount
                  for n in (-1, 0, 1, 2)]
    assert headcounts == [5, 5, 6, 6]
    assert statuses[(world.bekasi_setda.pk, APR16)].basis == 5


def test_the_grid_label_has_an_english_translation(world, se_1_2024):
    from django.utils import translation

    roster(world.bekasi_staff, APR16, "WFH")
    status = compliance_day_statuses([world.bekasi_setda.pk], APR16, APR16)[(world.bekasi_setda.pk, APR16)]
    with translation.override("en"):
        assert status.label() == "WFH 4 of max. 2 (SE 1/2024: max. 50%)"
    assert status.label() == "WFH 4 dari maks. 2 (SE 1/2024: maks. 50%)"
