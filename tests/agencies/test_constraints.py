"""Invariants the database holds itself: a bad row is refused even when code skips validation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agencies.models import Employee, EmploymentType, Region, RoleAssignment, Unit
from attendance.models import AttendanceRecord, RosterEntry
from policies.models import Circular, Holiday, Rule
from tests import factories as f

DAY = datetime.date(2024, 4, 16)


def refused(make):
    """The database refuses the row (IntegrityError), inside its own savepoint."""
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


@pytest.fixture
def staff(world):
    return world.bekasi_staff[2]


def roster(employee, **kw):
    fields = dict(agency=employee.agency, unit=employee.unit, employee=employee, date=DAY, location="WFO")
    fields.update(kw)
    return RosterEntry.objects.create(**fields)


def attendance(employee, **kw):
    fields = dict(agency=employee.agency, unit=employee.unit, employee=employee, date=DAY, status="H", source="device")
    fields.update(kw)
    return AttendanceRecord.objects.create(**fields)


def test_one_roster_entry_per_employee_per_day(staff):
    roster(staff)
    refused(lambda: roster(staff, location="WFH"))
    roster(staff, date=DAY + datetime.timedelta(days=1))


def test_roster_location_and_leave_type_must_be_known_values(staff):
    refused(lambda: roster(staff, location="PESTA"))
    refused(lambda: roster(staff, location="WFO", leave_type="CT"))  # a leave type only on leave
    refused(lambda: roster(staff, location="CUTI", leave_type="XX"))
    roster(staff, location="CUTI", leave_type="CT")


def test_one_attendance_record_per_employee_per_day(staff):
    attendance(staff)
    refused(lambda: attendance(staff, status="TK"))


def test_attendance_status_tiers_and_times_are_checked(staff):
    refused(lambda: attendance(staff, status="ALFA"))
    refused(lambda: attendance(staff, status="TL", late_tier=5))
    check_in = datetime.datetime(2024, 4, 16, 7, 30, tzinfo=datetime.UTC)
    refused(lambda: attendance(staff, check_in=check_in, check_out=check_in - datetime.timedelta(hours=1)))


def test_attendance_tiers_and_leave_type_must_match_the_code(staff):
    refused(lambda: attendance(staff, status="H", late_tier=1))  # late means TL
    refused(lambda: attendance(staff, status="S", early_tier=2))  # left early means PSW (or TL)
    refused(lambda: attendance(staff, status="H", leave_type="CT"))  # a leave type only with C
    attendance(staff, status="TL", late_tier=2, early_tier=1)
    attendance(staff, date=DAY + datetime.timedelta(days=1), status="C", leave_type="CT")


def test_employee_active_period_cannot_end_before_it_starts(world):
    def make():
        f.employee(world.bekasi_setda, active_from=DAY, active_until=DAY - datetime.timedelta(days=1))

    refused(make)


def test_employee_type_and_identifier_are_enforced(world):
    unit = world.bekasi_setda
    base = dict(agency=unit.agency, unit=unit, name="Budi Santoso", active_from=DAY)
    refused(lambda: Employee.objects.create(**base, employment_type="HONORER", nik="3275011506850012"))
    refused(lambda: Employee.objects.create(**base, employment_type=EmploymentType.PNS, nik="3275011506850012"))
    refused(lambda: Employee.objects.create(**base, employment_type=EmploymentType.NON_ASN, nip="198506152010031007"))
    refused(lambda: Employee.objects.create(**base, employment_type=EmploymentType.PNS, nip="1985061520100310"))
    refused(lambda: Employee.objects.create(**base, employment_type=EmploymentType.NON_ASN, nik="32750115068500"))


def test_nip_and_nik_are_unique(world):
    taken = world.bekasi_staff[0].nip
    unit = world.tangerang_setda
    refused(lambda: Employee.objects.create(agency=unit.agency, unit=unit, name="Dewi Lestari",
                                            employment_type=EmploymentType.PNS, nip=taken, active_from=DAY))


def test_region_level_and_time_zone_must_be_known(db):
    refused(lambda: Region.objects.create(code="99", name="Antah", level="planet"))
    refused(lambda: Region.objects.create(code="99", name="Antah", level="province", timezone="Europe/Paris"))


def test_unit_category_must_be_known_and_codes_are_unique_in_an_agency(world):
    refused(lambda: Unit.objects.create(agency=world.bekasi, name="Dinas Pariwisata", service_category="tourism"))
    Unit.objects.create(agency=world.bekasi, code="dishub", name="Dinas Perhubungan", service_category="transport")
    refused(lambda: Unit.objects.create(agency=world.bekasi, code="dishub", name="Dishub", service_category="transport"))
    Unit.objects.create(agency=world.tangerang, code="dishub", name="Dinas Perhubungan", service_category="transport")


def test_a_role_needs_the_scope_of_its_kind(world):
    user = world.bekasi_employee
    refused(lambda: RoleAssignment.objects.create(user=user, role="hr_officer"))  # HR without an agency
    refused(lambda: RoleAssignment.objects.create(user=user, role="unit_head", agency=world.bekasi))  # head without unit
    refused(lambda: RoleAssignment.objects.create(user=user, role="inspector", agency=world.bekasi, region=world.jabar))
    refused(lambda: RoleAssignment.objects.create(user=user, role="superhero", agency=world.bekasi))


@pytest.fixture
def circular(world):
    return Circular.objects.create(number="1 Tahun 2024", title="Penyesuaian sistem kerja", issuer=world.bekasi,
                                   signed_on=datetime.date(2024, 4, 13))


def rule(circular, **kw):
    fields = dict(circular=circular, start_date=DAY, end_date=DAY, categories=["administration"], wfh_cap_percent=50)
    fields.update(kw)
    return Rule(**fields)


def test_rule_dates_run_forward_and_cap_is_a_percentage(circular):
    refused(lambda: rule(circular, end_date=DAY - datetime.timedelta(days=1)).save())
    refused(lambda: rule(circular, wfh_cap_percent=101).save())
    refused(lambda: rule(circular, basis="vibes").save())
    rule(circular, wfh_cap_percent=0).save()
    rule(circular, wfh_cap_percent=100).save()


def test_rule_validation_names_the_wrong_field(circular):
    with pytest.raises(ValidationError) as exc:
        rule(circular, end_date=DAY - datetime.timedelta(days=1), wfh_cap_percent=150, categories=["tourism"]).full_clean()
    errors = exc.value.message_dict
    assert errors["end_date"] == ["Tanggal selesai tidak boleh sebelum tanggal mulai."]
    assert "wfh_cap_percent" in errors
    assert errors["categories"] == ["Kategori tidak dikenal: tourism"]


def test_circular_number_is_unique_per_issuer_and_status_is_known(circular, world):
    refused(lambda: Circular.objects.create(number="1 Tahun 2024", title="Lagi", issuer=world.bekasi, signed_on=DAY))
    Circular.objects.create(number="1 Tahun 2024", title="Lain", issuer=world.tangerang, signed_on=DAY)
    refused(lambda: Circular.objects.create(number="2 Tahun 2024", title="X", issuer=world.bekasi, signed_on=DAY,
                                            status="secret"))


def test_holiday_kind_is_known_and_local_holidays_have_a_place(world):
    refused(lambda: Holiday.objects.create(date=DAY, name="Hari Jadi", kind="party"))
    refused(lambda: Holiday.objects.create(date=DAY, name="Hari Jadi Kota Bekasi", kind="local"))
    Holiday.objects.create(date=DAY, name="Hari Jadi Kota Bekasi", kind="local", agency=world.bekasi)
    Holiday.objects.create(date=DAY, name="Idulfitri", kind="national")
    refused(lambda: Holiday.objects.create(date=DAY, name="Idulfitri", kind="national"))


def test_finding_kind_and_status_are_known_and_one_per_unit_day_kind(world, circular):
    from policies.models import Finding

    stored_rule = rule(circular)
    stored_rule.save()
    base = dict(agency=world.bekasi, unit=world.bekasi_setda, date=DAY, rule=stored_rule, measured=3, limit=2)
    refused(lambda: Finding.objects.create(**base, kind="late_lunch"))
    refused(lambda: Finding.objects.create(**base, kind="wfh_over_cap", status="published"))
    Finding.objects.create(**base, kind="wfh_over_cap")
    refused(lambda: Finding.objects.create(**base, kind="wfh_over_cap"))
