"""Reading attendance rows from files and the API: the result with its row errors, the agency's
staff by NIP, NIK or device user, and a status with its leave type."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from agencies.models import Agency, Employee
from attendance.models import AttendanceStatus, DeviceUser, LeaveType
from rosterhub.uploads import RowError

MAX_REPORTED_ERRORS = 500


@dataclass
class ImportResult:
    total_rows: int = 0
    applied_rows: int = 0
    records_written: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, line: int, field_name: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(RowError(line, str(message), field_name))


class EmployeeDirectory:
    """NIP, NIK and device-user ids of one agency's staff, loaded with two queries."""

    def __init__(self, agency: Agency):
        self.by_identifier: dict[str, tuple[int, int]] = {}
        for nip, nik, pk, unit_id in Employee.objects.filter(agency=agency).values_list("nip", "nik", "id", "unit_id"):
            for ident in (nip, nik):
                if ident:
                    self.by_identifier[ident] = (pk, unit_id)
        self.unit_of = {pk: unit_id for pk, unit_id in self.by_identifier.values()}
        self.by_device: dict[tuple[str, str], int] = {
            (device, uid): emp
            for device, uid, emp in DeviceUser.objects.filter(agency=agency).values_list("device", "device_user_id", "employee_id")
        }

    def resolve(self, row: dict) -> int:
        ident = str(row.get("nip") or "").strip()
        if ident:
            if ident not in self.by_identifier:
                raise ValueError(_("NIP/NIK %(nip)s tidak terdaftar di instansi ini.") % {"nip": ident})
            return self.by_identifier[ident][0]
        uid = str(row.get("device_user_id") or "").strip()
        if not uid:
            raise ValueError(_("Isi NIP atau ID pengguna mesin."))
        device = str(row.get("device") or "").strip()
        employee_id = self.by_device.get((device, uid)) or self.by_device.get(("", uid))
        if employee_id is None or employee_id not in self.unit_of:
            raise ValueError(_("ID pengguna mesin %(uid)s belum dipetakan ke pegawai.") % {"uid": uid})
        return employee_id


def validate_status(status: str, leave_type: str) -> None:
    if status not in AttendanceStatus.values:
        raise ValueError(_("Status tidak dikenal: %(s)s (pilih %(all)s).") % {"s": status, "all": ", ".join(AttendanceStatus.values)})
    if status == AttendanceStatus.LEAVE and leave_type not in LeaveType.values:
        raise ValueError(_("Cuti memerlukan jenis cuti: %(all)s.") % {"all": ", ".join(LeaveType.values)})
    if leave_type and status != AttendanceStatus.LEAVE:
        raise ValueError(_("Jenis cuti hanya untuk status C."))


def status_of(row: dict) -> tuple[str, str]:
    status = str(row.get("status") or "").strip().upper()
    leave_type = str(row.get("leave_type") or "").strip().upper()
    validate_status(status, leave_type)
    return status, leave_type
