"""NIP, NIK and Kemendagri region codes: structure checks with clear messages."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from agencies.models import Employee, EmploymentType, Region
from agencies.validators import build_nik, build_nip, validate_nik, validate_nip, validate_region_code
from tests import factories as f

BIRTH = datetime.date(1985, 6, 15)
APPOINTED = datetime.date(2010, 3, 1)
GOOD_NIP = build_nip(BIRTH, APPOINTED, "L", 7)  # 198506152010031007
GOOD_NIK = build_nik("32.75.01", BIRTH, "P", 12)


def nip_error(value, **kw) -> ValidationError:
    with pytest.raises(ValidationError) as exc:
        validate_nip(value, **kw)
    return exc.value


def test_a_well_formed_nip_passes_and_has_its_parts_where_expected():
    assert GOOD_NIP == "198506152010031007"
    validate_nip(GOOD_NIP, employment_type="PNS")


@pytest.mark.parametrize(
    ("value", "code", "words"),
    [
        ("19850615201003100", "nip_format", "18 digit"),
        ("19850615201003100X", "nip_format", "18 digit"),
        ("198502302010031007", "nip_birth_date", "19850230"),  # 30 February
        ("198513012010031007", "nip_birth_date", "19851301"),  # month 13
        ("198506152010131007", "nip_appointment", "201013"),  # appointment month 13
        ("198506152010001007", "nip_appointment", "201000"),
        ("198506152010033007", "nip_gender", "jenis kelamin"),
        ("198506152010031000", "nip_serial", "000"),
        ("200006152017011007", "nip_age", "18 tahun"),  # appointed at 16
        ("200006152018031007", "nip_age", "18 tahun"),  # 17 years and 9 months
        ("198506159999031007", "nip_future", "masa depan"),
    ],
)
def test_it_rejects_a_broken_nip_with_a_clear_message(value, code, words):
    error = nip_error(value)
    assert error.code == code
    assert words in error.messages[0]


def test_an_appointment_in_the_month_of_the_18th_birthday_is_accepted():
    validate_nip("200006152018061007")


def test_pppk_numbers_carry_21_where_the_month_would_be():
    pppk = build_nip(BIRTH, datetime.date(2022, 1, 1), "P", 5, pppk=True)
    assert pppk[12:14] == "21"
    validate_nip(pppk, employment_type="PPPK")
    assert nip_error(GOOD_NIP, employment_type="PPPK").code == "nip_pppk"


def test_a_pns_number_cannot_use_the_pppk_mark():
    pppk = build_nip(BIRTH, datetime.date(2022, 1, 1), "P", 5, pppk=True)
    assert nip_error(pppk, employment_type="PNS").code == "nip_appointment"
    assert nip_error(pppk, employment_type="CPNS").code == "nip_appointment"


def test_a_well_formed_nik_passes_and_women_have_day_plus_40():
    assert GOOD_NIK[6:8] == "55"
    validate_nik(GOOD_NIK)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("327501150685001", "nik_format"),
        ("32750115068500AB", "nik_format"),
        ("3275013206850012", "nik_birth_date"),  # day 32
        ("3275017206850012", "nik_birth_date"),  # woman's day 72 = 32
        ("3275011513850012", "nik_birth_date"),  # month 13
        ("0075011506850012", "nik_parts"),  # no province 00
        ("9975011506850012", "nik_parts"),  # no province 99
        ("3275011506850000", "nik_parts"),  # serial 0000
    ],
)
def test_it_rejects_a_broken_nik(value, code):
    with pytest.raises(ValidationError) as exc:
        validate_nik(value)
    assert exc.value.code == code


@pytest.mark.parametrize("code", ["31", "31.74", "31.74.01", "31.74.01.1001"])
def test_kemendagri_codes_nest_by_two_digits(code):
    validate_region_code(code)


@pytest.mark.parametrize("code", ["3", "317", "31.7", "31-74", "31.74.1", "31.74.01.10", "", "Jakarta"])
def test_it_rejects_malformed_region_codes(code):
    with pytest.raises(ValidationError) as exc:
        validate_region_code(code)
    assert "Kode wilayah Kemendagri tidak valid" in exc.value.messages[0]


@pytest.mark.django_db
def test_region_full_clean_reports_a_bad_code_and_a_parent_that_does_not_contain_it():
    jabar = f.region("32", "Jawa Barat", "province")
    with pytest.raises(ValidationError) as exc:
        Region(code="3275", name="Kota Bekasi", level="city").full_clean()
    assert "code" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        Region(code="36.71", name="Kota Tangerang", level="city", parent=jabar).full_clean()
    assert exc.value.message_dict["parent"] == ["Kode wilayah harus diawali kode wilayah induknya."]


@pytest.mark.django_db
class TestEmployeeValidation:
    @pytest.fixture
    def unit(self):
        return f.unit(f.agency(), "Bagian Umum", "administration")

    def build(self, unit, **kw):
        fields = dict(agency=unit.agency, unit=unit, name="Siti Rahayu", employment_type=EmploymentType.PNS,
                      nip=GOOD_NIP, active_from=datetime.date(2010, 3, 1))
        fields.update(kw)
        return Employee(**fields)

    def errors(self, employee) -> dict:
        with pytest.raises(ValidationError) as exc:
            employee.full_clean()
        return exc.value.message_dict

    def test_a_valid_pns_passes(self, unit):
        self.build(unit).full_clean()

    def test_asn_need_a_nip(self, unit):
        assert self.errors(self.build(unit, nip=None)) == {"nip": ["Pegawai ASN wajib punya NIP."]}

    def test_a_bad_nip_is_reported_on_the_nip_field(self, unit):
        errors = self.errors(self.build(unit, nip="198502302010031007"))
        assert errors["nip"] == ["NIP: tanggal lahir 19850230 bukan tanggal yang valid."]

    def test_non_asn_are_keyed_by_nik_and_have_no_nip(self, unit):
        errors = self.errors(self.build(unit, employment_type=EmploymentType.NON_ASN, nip=GOOD_NIP, nik=None))
        assert set(errors) == {"nip", "nik"}
        self.build(unit, employment_type=EmploymentType.NON_ASN, nip=None, nik=GOOD_NIK).full_clean()

    def test_a_bad_nik_is_reported(self, unit):
        errors = self.errors(self.build(unit, employment_type=EmploymentType.NON_ASN, nip=None, nik="3275013206850012"))
        assert errors["nik"] == ["NIK: tanggal lahir 320685 tidak valid."]

    def test_active_period_cannot_end_before_it_starts(self, unit):
        errors = self.errors(self.build(unit, active_until=datetime.date(2009, 12, 31)))
        assert errors["active_until"] == ["Tanggal akhir aktif tidak boleh sebelum tanggal mulai."]

    def test_unit_must_belong_to_the_employees_agency(self, unit):
        other = f.agency("pemkot-tangerang", "Pemerintah Kota Tangerang", "Pemkot Tangerang",
                         seat=f.region("36.71", "Kota Tangerang"))
        errors = self.errors(self.build(unit, agency=other))
        assert errors["unit"] == ["Unit harus dari instansi pegawai."]

    def test_employment_type_must_be_known(self, unit):
        assert "employment_type" in self.errors(self.build(unit, employment_type="HONORER"))


def test_identifier_messages_have_an_english_translation():
    from django.utils import translation

    with translation.override("en"):
        assert nip_error("198502302010031007").messages == ["NIP: birth date 19850230 is not a valid date."]


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "level"), [("32", "city"), ("32.75", "province"), ("32.75.01", "city")])
def test_region_level_must_match_the_depth_of_its_code(code, level):
    with pytest.raises(ValidationError) as exc:
        Region(code=code, name="Bekasi", level=level).full_clean()
    assert exc.value.message_dict["level"] == [f"Tingkat wilayah tidak sesuai panjang kodenya ({code})."]
