"""Bekasi's 16 April 2024 (design §2): 1,629 counted ASN; 1,581 present (incl. WFH),
17 sick, 9 permission, 3 leave, 19 without notice; the roll call reported 40 absent."""

import datetime

import pytest

from agencies.models import Employee
from agencies.validators import build_nip
from attendance.models import AttendanceRecord, RollCall
from tests import factories as f

BEKASI_DAY = datetime.date(2024, 4, 16)
BEKASI_COUNTS = {"H": 1500, "TL": 40, "WFH": 41, "S": 17, "I": 9, "C": 3, "TK": 19}  # 1,581 present


@pytest.fixture
def bekasi_day(world):
    units = [world.bekasi_setda, world.bekasi_bagian_umum, world.bekasi_dinkes]
    existing = list(Employee.objects.filter(agency=world.bekasi))
    extra = []
    for n in range(sum(BEKASI_COUNTS.values()) - len(existing)):
        nip = build_nip(datetime.date(1980 + n % 20, 1 + n % 12, 1 + n % 28), datetime.date(2005, 1 + n % 12, 1),
                        "L" if n % 2 else "P", 100 + n % 899)
        extra.append(Employee(agency=world.bekasi, unit=units[n % 3], nip=nip, name=f"ASN Bekasi {n}",
                              employment_type="PNS", active_from=datetime.date(2015, 1, 1)))
    Employee.objects.bulk_create(extra, batch_size=500)
    staff = list(Employee.objects.filter(agency=world.bekasi).order_by("id"))
    records, i = [], 0
    for status, count in BEKASI_COUNTS.items():
        for employee in staff[i : i + count]:
            records.append(AttendanceRecord(
                agency=world.bekasi, unit_id=employee.unit_id, employee=employee, date=BEKASI_DAY, status=status,
                late_tier=1 if status == "TL" else 0, leave_type="CT" if status == "C" else "", source="device",
                place="home" if status == "WFH" else "office",
            ))
        i += count
    AttendanceRecord.objects.bulk_create(records, batch_size=500)
    RollCall.objects.create(
        agency=world.bekasi, date=BEKASI_DAY, title="Apel perdana dan halal bihalal", reported_present=1581,
        reported_absent_total=40, reported_sick=17, reported_permission=9, reported_leave=3, reported_without_notice=19,
    )
    for employee in world.tangerang_staff:
        AttendanceRecord.objects.create(agency=world.tangerang, unit=employee.unit, employee=employee, date=BEKASI_DAY,
                                        status="TK", source="device")
    f.summaries_recount()
    return staff


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded punch files go to a throwaway folder, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
