"""Small factories for tests: valid identifiers, regions, agencies, units, employees, users with roles."""

import datetime
import itertools

from agencies.models import Agency, Employee, EmploymentType, Region, Role, RoleAssignment, Unit, User
from agencies.validators import build_nik, build_nip

_serial = itertools.count(1)


def region(code="32.75", name="Kota Bekasi", level="city", timezone="Asia/Jakarta", parent=None) -> Region:
    obj, _ = Region.objects.get_or_create(code=code, defaults={"name": name, "level": level, "timezone": timezone, "parent": parent})
    return obj


def agency(code="pemkot-bekasi", name="Pemerintah Kota Bekasi", short_name="Pemkot Bekasi", seat=None, kind="city", **kw) -> Agency:
    seat = seat or region()
    obj, _ = Agency.objects.get_or_create(
        code=code, defaults={"name": name, "short_name": short_name, "kind": kind, "seat_region": seat, **kw}
    )
    return obj


def ministry() -> Agency:
    """KemenPANRB: the issuer whose circulars bind every agency (a city's bind only itself)."""
    return agency("kemenpanrb", "Kementerian PANRB", "KemenPANRB", seat=region("31", "DKI Jakarta", "province"), kind="ministry")


def unit(agency_obj, name="Sekretariat Daerah", category="administration", parent=None) -> Unit:
    return Unit.objects.create(agency=agency_obj, name=name, service_category=category, parent=parent)


def employee(unit_obj, name=None, employment_type=EmploymentType.PNS, active_from=datetime.date(2020, 1, 1), **kw) -> Employee:
    n = next(_serial)
    ident = {}
    if employment_type == EmploymentType.NON_ASN:
        ident["nik"] = build_nik("32.75.01", datetime.date(1990, 1, 1), "L", n)
    else:
        ident["nip"] = build_nip(
            datetime.date(1985, 1 + n % 12, 1 + n % 28), datetime.date(2010, 3, 1), "L" if n % 2 else "P", n % 999 + 1,
            pppk=employment_type == EmploymentType.PPPK,
        )
    return Employee.objects.create(
        agency=unit_obj.agency, unit=unit_obj, name=name or f"Pegawai {n}", employment_type=employment_type,
        active_from=active_from, **ident, **kw,
    )


def user(username, role=None, *, agency=None, unit=None, region=None, employee=None, **role_kw) -> User:
    obj = User.objects.create_user(username=username, password="sandi-uji-123", first_name=username.title())
    if role:
        RoleAssignment.objects.create(user=obj, role=role, agency=agency, unit=unit, region=region, **role_kw)
    if employee is not None:
        employee.user = obj
        employee.save(update_fields=["user"])
    return obj


__all__ = ["Role", "agency", "employee", "region", "unit", "user"]


def summaries_recount():
    """Records created straight through the ORM, as tests do, bypass the writes that keep the dashboard's
    summaries: recount them as `manage.py attendance_summaries` does."""
    from attendance.presence.summaries import summaries_rebuild

    for agency_id in Agency.objects.values_list("pk", flat=True):
        summaries_rebuild(agency_id=agency_id)
