"""HR's writes of day records: whole-record upserts (files and the API), corrections, roll calls (apel).

Every writer validates everything first and applies nothing when any row is bad; the records
themselves are written by records.records_put."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from agencies.audit import AuditContext, audit_record, snapshot
from agencies.models import Agency, Employee, Unit
from agencies.placements import placements_during
from attendance.models import AttendanceRecord, AttendanceStatus, LeaveType, RollCall
from rosterhub.date_bounds import parse_date, parse_timestamp

from .calendar import AgencyCalendar
from .derivation import OFFICE_STATUSES, PLACE_OF_STATUS, lateness
from .records import AttendanceError, records_put
from .rows import EmployeeDirectory, ImportResult, status_of, validate_status


def attendance_records_upsert(
    *, context: AuditContext, agency: Agency, rows: Iterable[dict], source: str = AttendanceRecord.Source.MANUAL,
    first_line: int = 2,
) -> ImportResult:
    """Create or replace whole day records (rows of nip, date, status, leave_type, check_in,
    check_out, note). Late/early tiers are derived from the times when given."""
    rows = list(rows)
    directory = EmployeeDirectory(agency)
    tz = agency.tzinfo
    result, parsed = ImportResult(total_rows=len(rows)), []
    for line, row in enumerate(rows, start=first_line):
        item = {}
        for name, parse in (
            ("nip", directory.resolve), ("date", lambda r: parse_date(r.get("date"))),
            ("status", status_of),
            ("check_in", lambda r: parse_timestamp(r["check_in"], tz) if r.get("check_in") else None),
            ("check_out", lambda r: parse_timestamp(r["check_out"], tz) if r.get("check_out") else None),
        ):
            try:
                item[name] = parse(row)
            except (ValueError, KeyError) as exc:
                result.add_error(line, name, str(exc))
        for name in ("check_in", "check_out"):
            moment = item.get(name)
            if moment and item.get("date") and moment.astimezone(tz).date() != item["date"]:
                result.add_error(line, name, _("Jam harus pada tanggal catatan (%(date)s).") % {"date": item["date"].isoformat()})
                item.pop(name)
        if len(item) == 5:
            item["note"] = str(row.get("note") or "")[:255]
            parsed.append(item)
    if not result.ok:
        return result
    with transaction.atomic():
        calendar = AgencyCalendar.load(agency, min(p["date"] for p in parsed), max(p["date"] for p in parsed)) if parsed else None
        items = []
        for item in parsed:
            status, leave_type = item["status"]
            late = early = 0
            if status in OFFICE_STATUSES and (item["check_in"] or item["check_out"]):
                hours = calendar.hours_on(item["date"], directory.unit_of[item["nip"]])
                late, early = lateness(item["check_in"], item["check_out"], item["date"], hours, tz)
                # the times decide between H, TL and PSW
                status = AttendanceStatus.LATE if late else AttendanceStatus.EARLY_LEAVE if early else AttendanceStatus.PRESENT
            items.append((item["nip"], directory.unit_of[item["nip"]], item["date"], {
                "status": status, "leave_type": leave_type, "check_in": item["check_in"], "check_out": item["check_out"],
                "late_tier": late, "early_tier": early, "source": source, "note": item["note"], "place": PLACE_OF_STATUS.get(status, ""),
            }))
        result.applied_rows = len(parsed)
        result.records_written = records_put(context, agency.pk, items, action="attendance.upsert")
    return result


@transaction.atomic
def attendance_record_correct(
    *, context: AuditContext, status: str, reason: str, record: AttendanceRecord | None = None,
    employee: Employee | None = None, date: datetime.date | None = None, leave_type: str = "",
    check_in: datetime.datetime | None = None, check_out: datetime.datetime | None = None,
    expected_version: int | None = None,
) -> AttendanceRecord:
    """HR's manual entry or correction of one day, always with a reason (kept as the note)."""
    reason = (reason or "").strip()
    if not reason:
        raise AttendanceError(_("Alasan koreksi wajib diisi."))
    try:
        validate_status(status, leave_type)
    except ValueError as exc:
        raise AttendanceError(str(exc)) from None
    if check_in and check_out and check_out < check_in:
        raise AttendanceError(_("Jam pulang tidak boleh sebelum jam masuk."))
    if record is not None:
        employee_id, unit_id, agency_id, day = record.employee_id, record.unit_id, record.agency_id, record.date
    elif employee is not None and date is not None:
        employee_id, unit_id, agency_id, day = employee.pk, employee.unit_id, employee.agency_id, date
    else:
        raise AttendanceError(_("Sebutkan catatan, atau pegawai dan tanggalnya."))
    values = {
        "status": status, "leave_type": leave_type, "check_in": check_in, "check_out": check_out,
        "late_tier": 0, "early_tier": 0, "source": AttendanceRecord.Source.MANUAL, "note": reason[:255],
        "place": PLACE_OF_STATUS.get(status, ""),
    }
    versions = None if expected_version is None else {(employee_id, day): expected_version}
    records_put(context, agency_id, [(employee_id, unit_id, day, values)], action="attendance.correct",
                 expected_versions=versions)
    return AttendanceRecord.objects.get(employee_id=employee_id, date=day)


# -- roll call (apel) -----------------------------------------------------------

S = AttendanceStatus
ROLL_CALL_STATUSES = (S.PRESENT, S.SICK, S.PERMISSION, S.LEAVE, S.FIELD_DUTY, S.STUDY, S.ABSENT)


@transaction.atomic
def roll_call_record(
    *, context: AuditContext, agency: Agency, date: datetime.date, title: str, unit: Unit | None = None,
    reported_present: int, reported_absent_total: int, reported_sick: int = 0, reported_permission: int = 0,
    reported_leave: int = 0, reported_without_notice: int = 0, marks: dict[int, str] | None = None,
    leave_types: dict[int, str] | None = None,
) -> RollCall:
    """Store a unit's (or the whole agency's) apel tally and, when given, each employee's mark.

    The tally is kept as reported, even when it does not add up: the dashboard flags it.
    Marks become day records (source: roll call) for employees of the unit's subtree.
    """
    if unit is not None and unit.agency_id != agency.pk:
        raise AttendanceError(_("Unit bukan bagian dari instansi ini."))
    counts = (reported_present, reported_absent_total, reported_sick, reported_permission, reported_leave, reported_without_notice)
    if any(c is None or c < 0 for c in counts):
        raise AttendanceError(_("Jumlah tidak boleh negatif."))
    roll_call = RollCall.objects.create(
        agency=agency, unit=unit, date=date, title=title, reported_present=reported_present,
        reported_absent_total=reported_absent_total, reported_sick=reported_sick, reported_permission=reported_permission,
        reported_leave=reported_leave, reported_without_notice=reported_without_notice,
        entered_by=context.actor if getattr(context.actor, "is_authenticated", False) else None,
    )
    audit_record(
        context, action="roll_call.record", obj=roll_call, before=None,
        after=snapshot(roll_call, ("date", "title", "reported_present", "reported_absent_total", "reported_sick",
                                   "reported_permission", "reported_leave", "reported_without_notice")),
        summary=title,
    )
    if marks:
        _roll_call_marks(context, agency, unit, date, marks, leave_types or {})
    return roll_call


def _roll_call_marks(context, agency, unit, day, marks, leave_types) -> None:
    # Who belonged to the unit on that day (a roll call of a past day keeps the staff of then).
    staff = placements_during(day, day).filter(agency=agency, employee_id__in=marks.keys())
    if unit is not None:
        staff = staff.filter(unit__path__startswith=unit.path)
    unit_of = dict(staff.values_list("employee_id", "unit_id"))
    outside = set(marks) - unit_of.keys()
    if outside:
        raise AttendanceError(_("Pegawai di luar unit apel: %(ids)s") % {"ids": ", ".join(map(str, sorted(outside)))})
    items = []
    for employee_id, status in marks.items():
        if status not in ROLL_CALL_STATUSES:
            raise AttendanceError(_("Status apel tidak dikenal: %(s)s") % {"s": status})
        leave_type = (leave_types.get(employee_id) or LeaveType.CT) if status == AttendanceStatus.LEAVE else ""
        items.append((employee_id, unit_of[employee_id], day, {
            "status": status, "leave_type": leave_type, "source": AttendanceRecord.Source.ROLL_CALL,
            "place": PLACE_OF_STATUS.get(status, ""), "late_tier": 0, "early_tier": 0, "check_in": None, "check_out": None,
        }))
    records_put(context, agency.pk, items, action="attendance.roll_call")
