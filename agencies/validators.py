"""Structure checks for Indonesian identifiers: NIP, NIK and Kemendagri region codes.

NIP (Nomor Induk Pegawai, 18 digits) = birth date YYYYMMDD + appointment YYYYMM
+ gender digit (1 man, 2 woman) + 3-digit serial. PPPK numbers put "21" where
the appointment month would be (YYYY21). NIK (Nomor Induk Kependudukan, 16 digits)
= 6-digit region + birth date DDMMYY (day + 40 for women) + 4-digit serial.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

REGION_CODE_RE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
PPPK_MONTH_MARK = "21"


def _date_or_none(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def validate_nip(value: str, *, employment_type: str | None = None) -> None:
    if not re.fullmatch(r"\d{18}", value or ""):
        raise ValidationError(_("NIP harus 18 digit angka."), code="nip_format")
    birth = _date_or_none(int(value[0:4]), int(value[4:6]), int(value[6:8]))
    if birth is None:
        raise ValidationError(
            _("NIP: tanggal lahir %(part)s bukan tanggal yang valid.") % {"part": value[0:8]},
            code="nip_birth_date",
        )
    appointment_year, appointment_month = int(value[8:12]), value[12:14]
    is_pppk_number = appointment_month == PPPK_MONTH_MARK
    if employment_type == "PPPK" and not is_pppk_number:
        raise ValidationError(_("NIP PPPK harus memuat kode 21 pada posisi bulan pengangkatan."), code="nip_pppk")
    may_be_pppk = employment_type in (None, "PPPK")
    if not (is_pppk_number and may_be_pppk) and not 1 <= int(appointment_month) <= 12:
        raise ValidationError(
            _("NIP: bulan pengangkatan %(part)s tidak valid.") % {"part": value[8:14]}, code="nip_appointment"
        )
    # PPPK numbers carry no month, so only the year can be compared for them.
    appointed = (appointment_year, 12 if is_pppk_number else int(appointment_month))
    if appointed < (birth.year + 18, birth.month):
        raise ValidationError(_("NIP: pengangkatan sebelum usia 18 tahun tidak mungkin."), code="nip_age")
    if appointment_year > datetime.date.today().year + 1:
        raise ValidationError(_("NIP: tahun pengangkatan di masa depan."), code="nip_future")
    if value[14] not in "12":
        raise ValidationError(_("NIP: digit jenis kelamin harus 1 atau 2."), code="nip_gender")
    if value[15:18] == "000":
        raise ValidationError(_("NIP: nomor urut tidak boleh 000."), code="nip_serial")


def validate_nik(value: str) -> None:
    if not re.fullmatch(r"\d{16}", value or ""):
        raise ValidationError(_("NIK harus 16 digit angka."), code="nik_format")
    day, month, year2 = int(value[6:8]), int(value[8:10]), int(value[10:12])
    if day > 40:
        day -= 40
    if _date_or_none(2000 + year2, month, day) is None and _date_or_none(1900 + year2, month, day) is None:
        raise ValidationError(_("NIK: tanggal lahir %(part)s tidak valid.") % {"part": value[6:12]}, code="nik_birth_date")
    if not 11 <= int(value[0:2]) <= 94 or value[12:16] == "0000":
        raise ValidationError(_("NIK: kode wilayah atau nomor urut tidak valid."), code="nik_parts")


def validate_region_code(value: str) -> None:
    if not REGION_CODE_RE.fullmatch(value or ""):
        raise ValidationError(
            _("Kode wilayah Kemendagri tidak valid: %(value)s (contoh: 31, 31.74, 31.74.01).") % {"value": value},
            code="region_code",
        )


def nip_gender(value: str) -> str:
    return "L" if value[14] == "1" else "P"


def build_nip(birth: datetime.date, appointed: datetime.date, gender: str, serial: int, *, pppk: bool = False) -> str:
    """Compose a structurally valid NIP (gender "L" or "P")."""
    month = PPPK_MONTH_MARK if pppk else f"{appointed.month:02d}"
    return f"{birth:%Y%m%d}{appointed.year:04d}{month}{'1' if gender == 'L' else '2'}{serial:03d}"


def build_nik(region_code: str, birth: datetime.date, gender: str, serial: int) -> str:
    """Compose a structurally valid NIK from a 6-digit district code (e.g. 3275010)."""
    digits = region_code.replace(".", "")[:6].ljust(6, "1")
    day = birth.day + (40 if gender == "P" else 0)
    return f"{digits}{day:02d}{birth:%m%y}{serial:04d}"
