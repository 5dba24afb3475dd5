"""Writing attendance: device punch imports, day-record upserts, HR corrections, roll calls (apel).

Every writer validates everything first and applies nothing when any row is bad; applying
happens in one transaction with audit events, then asks for a compliance re-check of the
touched (unit, day) pairs.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import islice

from django.db import transaction
from django.db.models import Count, Max, Min
from django.utils.translation import gettext as _

from agencies.audit import AuditContext, AuditRef, audit_record, audit_record_many, snapshot
from agencies.models import Agency, Employee, Unit
from agencies.placements import placements_during, placements_on
from attendance.models import (
    AttendanceRecord,
    AttendanceStatus,
    DevicePunch,
    DeviceUser,
    LeaveType,
    RollCall,
    RosterEntry,
)
from policies.compliance import compliance_recheck_later
from rosterhub import date_bounds
from rosterhub.date_bounds import parse_date
from rosterhub.uploads import RowError

from .bulkcopy import insert_rows
from .calendar import AgencyCalendar
from .derivation import Punches, derive_day, lateness, work_date_of
from .summaries import summaries_refresh_unit_days

RECORD_FIELDS = ("status", "late_tier", "early_tier", "leave_type", "check_in", "check_out", "source", "place", "note")
# Records an officer decided by hand are not overwritten by machine data.
HUMAN_SOURCES = (AttendanceRecord.Source.MANUAL, AttendanceRecord.Source.ROLL_CALL)
CHUNK = 5000
MAX_REPORTED_ERRORS = 500


class AttendanceError(Exception):
    pass


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


# -- reading rows -------------------------------------------------------------

_TIMESTAMP_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%Y/%m/%d %H:%M:%S")


def parse_timestamp(value, tz) -> datetime.datetime:
    """A device timestamp; naive values are local time in the agency's zone."""
    if isinstance(value, datetime.datetime):
        parsed = value
    else:
        text = str(value or "").strip()
        if not text:
            raise ValueError(_("Waktu kosong."))
        try:
            parsed = datetime.datetime.fromisoformat(text)
        except ValueError:
            for fmt in _TIMESTAMP_FORMATS:
                try:
                    parsed = datetime.datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
            else:
                raise ValueError(_("Waktu tidak dikenali: %(value)s (contoh: 2024-04-16 07:25:00).") % {"value": text}) from None
    date_bounds.within_window(parsed.date())  # year 0001 or 9999 would overflow when converted between zones
    return parsed.replace(tzinfo=tz) if parsed.tzinfo is None else parsed


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


def _parse_punch(row: dict, directory: EmployeeDirectory, tz, line: int, result: ImportResult):
    employee_id = punched_at = None
    try:
        employee_id = directory.resolve(row)
    except ValueError as exc:
        result.add_error(line, "nip", str(exc))
    try:
        punched_at = parse_timestamp(row.get("timestamp"), tz)
    except ValueError as exc:
        result.add_error(line, "timestamp", str(exc))
    if employee_id is None or punched_at is None:
        return None
    return employee_id, punched_at, str(row.get("device") or "").strip()[:60]


# -- device punches -------------------------------------------------------------

def punches_import(
    *, context: AuditContext, agency: Agency, rows: Iterable[dict], batch=None, first_line: int = 2,
    progress: Callable[[int], None] | None = None, complete_days: bool = True, dry_run: bool = False,
) -> ImportResult:
    """Import device punches (rows of nip or device_user_id, timestamp, device).

    Rows are read once, in chunks, inside one transaction; every row is checked, and if
    any is bad the transaction is rolled back, so nothing is applied and every error is
    reported with its line. `dry_run` only checks. With `complete_days`, every active
    employee of the agency gets a derived record for each day the file covers (no punch
    on a working day is TK).
    """
    tz = agency.tzinfo
    directory = EmployeeDirectory(agency)
    result = ImportResult()
    parsed = _parsed_punches(rows, directory, tz, first_line, result)
    if dry_run:
        for _row in parsed:
            pass
        return result
    with transaction.atomic():
        pairs, done = set(), 0
        while chunk := list(islice(parsed, CHUNK)):
            if not result.ok:
                continue  # keep reading to report every bad row; nothing more is written
            punches = [
                {"agency_id": agency.pk, "employee_id": emp, "punched_at": at, "local_date": work_date_of(at, tz),
                 "device": device, "batch_id": batch.pk if batch else None}
                for emp, at, device in chunk
            ]
            insert_rows(DevicePunch, punches, ignore_conflicts=True)
            pairs.update((p["employee_id"], p["local_date"]) for p in punches)
            done += len(chunk)
            if progress:
                progress(done)
        if not result.ok:
            transaction.set_rollback(True)
            return result
        result.applied_rows = done
        days = {day for _emp, day in pairs}
        if complete_days and days:
            pairs |= _active_employee_days(agency, days)
        result.records_written = attendance_days_derive(context=context, agency=agency, pairs=pairs, unit_of=directory.unit_of)
        audit_record(
            context, action="attendance.punches_import", obj=batch or agency, before=None,
            after={"rows": done, "records": result.records_written}, agency_id=agency.pk,
            summary=_("Impor %(n)d data mesin presensi") % {"n": done},
        )
    return result


def _parsed_punches(rows, directory, tz, first_line, result):
    """Good rows as (employee id, punched at, device); bad rows only add errors to `result`."""
    for line, row in enumerate(rows, start=first_line):
        result.total_rows += 1
        parsed = _parse_punch(row, directory, tz, line, result)
        if parsed is not None:
            yield parsed


def _active_employee_days(agency: Agency, days: set[datetime.date]) -> set[tuple[int, datetime.date]]:
    staff = Employee.objects.filter(agency=agency, active_from__lte=max(days)).values_list("id", "active_from", "active_until")
    return {
        (pk, day) for pk, start, until in staff for day in days if start <= day and (until is None or day <= until)
    }


@transaction.atomic
def attendance_days_derive(
    *, context: AuditContext, agency: Agency, pairs: Iterable[tuple[int, datetime.date]], unit_of: dict | None = None,
    recheck_into: set | None = None,
) -> int:
    """Recompute the day records of (employee id, day) pairs from roster, leave and punches.

    Call after punches or roster entries change. Records HR set by hand or by roll call
    are kept. Returns how many records were created or changed. With `recheck_into` the
    (unit, day) pairs to re-check are added to that set instead of recorded here (a roster
    write records its own and these at once)."""
    pairs = sorted(set(pairs))
    if not pairs:
        return 0
    days = [d for _e, d in pairs]
    calendar = AgencyCalendar.load(agency, min(days), max(days))
    if unit_of is None:
        unit_of = dict(Employee.objects.filter(pk__in={e for e, _d in pairs}).values_list("id", "unit_id"))
    written = 0
    for start in range(0, len(pairs), CHUNK):
        written += _derive_chunk(context, agency, calendar, pairs[start : start + CHUNK], unit_of, set(), recheck_into)
    return written


def attendance_records_refresh(
    *, context: AuditContext, pairs: Iterable[tuple[int, datetime.date]], recheck_into: set | None = None
) -> int:
    """Re-derive the existing machine-made records of (employee id, day) pairs, e.g. after
    their roster changed to leave or WFH. Future days without records stay empty."""
    pairs = set(pairs)
    if not pairs:
        return 0
    stale = (
        AttendanceRecord.objects.filter(employee_id__in={e for e, _d in pairs}, date__in={d for _e, d in pairs})
        .exclude(source__in=HUMAN_SOURCES)
        .values_list("agency_id", "employee_id", "date")
    )
    by_agency: dict[int, set] = defaultdict(set)
    for agency_id, employee_id, day in stale:
        if (employee_id, day) in pairs:
            by_agency[agency_id].add((employee_id, day))
    agencies = Agency.objects.select_related("seat_region").in_bulk(list(by_agency))
    return sum(
        attendance_days_derive(context=context, agency=agencies[agency_id], pairs=agency_pairs, recheck_into=recheck_into)
        for agency_id, agency_pairs in by_agency.items()
    )


def _derive_chunk(context, agency, calendar, chunk, unit_of, touched, recheck_into=None) -> int:
    employee_ids = {e for e, _d in chunk}
    days = {d for _e, d in chunk}
    punch_rows = (
        DevicePunch.objects.filter(employee_id__in=employee_ids, local_date__in=days)
        .values("employee_id", "local_date")
        .annotate(first=Min("punched_at"), last=Max("punched_at"), n=Count("id"))
    )
    punches = {(r["employee_id"], r["local_date"]): Punches(r["first"], r["last"], r["n"]) for r in punch_rows}
    roster = {
        (e, d): (loc, leave)
        # a date range, not the list of days: with both as lists PostgreSQL misjudges the rows and scans the table
        for e, d, loc, leave in RosterEntry.objects.filter(
            employee_id__in=employee_ids, date__range=(min(days), max(days))
        ).values_list("employee_id", "date", "location", "leave_type")
        if d in days
    }
    placed = placements_on(employee_ids, days)  # a day's record belongs to the unit of that day
    items, no_punches, tz = [], Punches(None, None, 0), calendar.tz
    for key in chunk:
        employee_id, day = key
        location, leave_type = roster.get(key, (None, ""))
        result = derive_day(
            day=day, roster_location=location, leave_type=leave_type, punches=punches.get(key, no_punches),
            hours=calendar.hours_on(day, unit_of[employee_id]), tz=tz, working_day=calendar.is_working_day(day),
        )
        if result is None:
            continue
        source = AttendanceRecord.Source.DEVICE if key in punches else AttendanceRecord.Source.DERIVED
        unit_id = placed[key][0] if key in placed else unit_of[employee_id]
        items.append((employee_id, unit_id, day, {
            "status": result.status, "late_tier": result.late_tier, "early_tier": result.early_tier,
            "leave_type": result.leave_type, "check_in": result.check_in, "check_out": result.check_out,
            "source": source, "place": result.place,
        }))
    return _records_put(context, agency.pk, items, action="attendance.derive", keep_human=True, touched=touched,
                        recheck_into=recheck_into)


def _records_put(
    context, agency_id, items, *, action, keep_human=False, touched=None, expected_versions=None, recheck_into=None
) -> int:
    """Create or update day records in bulk: items are (employee id, unit id, day, field values).

    Unchanged records are left alone; with `keep_human`, so are records HR or a roll call set.
    New records are inserted as plain rows (COPY on PostgreSQL): imports create tens of thousands.
    """
    existing = {
        (r.employee_id, r.date): r
        for r in AttendanceRecord.objects.select_for_update().filter(
            employee_id__in={i[0] for i in items}, date__in={i[2] for i in items}
        )
    }
    user = context.actor if getattr(context.actor, "is_authenticated", False) else None
    now = datetime.datetime.now(tz=datetime.UTC)
    new_rows, to_update, events, counted = [], [], [], set()
    touched = set() if touched is None else touched
    for employee_id, unit_id, day, values in items:
        record = existing.get((employee_id, day))
        if expected_versions is not None and expected_versions.get((employee_id, day), 0) != (record.version if record else 0):
            raise AttendanceError(_("Catatan ini sudah diubah orang lain; muat ulang halaman."))
        if record is None:
            new_rows.append({**NEW_RECORD, "agency_id": agency_id, "unit_id": unit_id, "employee_id": employee_id, "date": day,
                             "updated_by_id": user.pk if user else None, "updated_at": now, **values})
        else:
            if keep_human and record.source in HUMAN_SOURCES:
                continue
            if record.unit_id == unit_id and all(getattr(record, k) == v for k, v in values.items()):
                continue
            before = snapshot(record, RECORD_FIELDS)
            counted.add((record.unit_id, day))  # the unit it is counted in now, if it moves
            for name, value in values.items():
                setattr(record, name, value)
            record.unit_id, record.version, record.updated_by, record.updated_at = unit_id, record.version + 1, user, now
            to_update.append(record)
            events.append({"action": action, "obj": record, "before": before, "after": snapshot(record, RECORD_FIELDS),
                           "summary": values.get("note", "")})
        touched.add((unit_id, day))
        counted.add((unit_id, day))
    insert_rows(AttendanceRecord, new_rows)
    AttendanceRecord.objects.bulk_update(
        to_update, [*RECORD_FIELDS, "unit", "version", "updated_by", "updated_at"], batch_size=CHUNK
    )
    if new_rows:
        ids = {
            (e, d): pk for e, d, pk in AttendanceRecord.objects.filter(
                employee_id__in={r["employee_id"] for r in new_rows}, date__in={r["date"] for r in new_rows}
            ).values_list("employee_id", "date", "id")
        }
        events += [
            {"action": action, "obj": AuditRef(AttendanceRecord._meta, ids[(r["employee_id"], r["date"])], r["agency_id"], r["unit_id"]),
             "before": None, "after": _json_safe({k: r[k] for k in RECORD_FIELDS}), "summary": r["note"]}
            for r in new_rows
        ]
    audit_record_many(context, events)
    summaries_refresh_unit_days(counted)
    if recheck_into is None:
        compliance_recheck_later(touched)
    else:
        recheck_into |= touched
    return len(new_rows) + len(to_update)


NEW_RECORD = {"late_tier": 0, "early_tier": 0, "leave_type": "", "check_in": None, "check_out": None, "place": "", "note": "",
              "version": 1}


def _json_safe(values: dict) -> dict:
    """A new record's fields for its audit event: the check-in and check-out times as text."""
    return {**values, "check_in": _iso(values["check_in"]), "check_out": _iso(values["check_out"])}


def _iso(moment: datetime.datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


# -- day records ----------------------------------------------------------------

def _validate_status(status: str, leave_type: str) -> None:
    if status not in AttendanceStatus.values:
        raise ValueError(_("Status tidak dikenal: %(s)s (pilih %(all)s).") % {"s": status, "all": ", ".join(AttendanceStatus.values)})
    if status == AttendanceStatus.LEAVE and leave_type not in LeaveType.values:
        raise ValueError(_("Cuti memerlukan jenis cuti: %(all)s.") % {"all": ", ".join(LeaveType.values)})
    if leave_type and status != AttendanceStatus.LEAVE:
        raise ValueError(_("Jenis cuti hanya untuk status C."))


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
            ("status", lambda r: _status_of(r)),
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
            if status in ("H", "TL", "PSW") and (item["check_in"] or item["check_out"]):
                hours = calendar.hours_on(item["date"], directory.unit_of[item["nip"]])
                late, early = lateness(item["check_in"], item["check_out"], item["date"], hours, tz)
                status = "TL" if late else "PSW" if early else "H"  # the times decide between H, TL and PSW
            items.append((item["nip"], directory.unit_of[item["nip"]], item["date"], {
                "status": status, "leave_type": leave_type, "check_in": item["check_in"], "check_out": item["check_out"],
                "late_tier": late, "early_tier": early, "source": source, "note": item["note"], "place": _place_of(status),
            }))
        result.applied_rows = len(parsed)
        result.records_written = _records_put(context, agency.pk, items, action="attendance.upsert")
    return result


def _status_of(row: dict) -> tuple[str, str]:
    status = str(row.get("status") or "").strip().upper()
    leave_type = str(row.get("leave_type") or "").strip().upper()
    _validate_status(status, leave_type)
    return status, leave_type


def _place_of(status: str) -> str:
    return {"H": "office", "TL": "office", "PSW": "office", "WFH": "home", "DL": "elsewhere"}.get(status, "")


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
        _validate_status(status, leave_type)
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
        "place": _place_of(status),
    }
    versions = None if expected_version is None else {(employee_id, day): expected_version}
    _records_put(context, agency_id, [(employee_id, unit_id, day, values)], action="attendance.correct",
                 expected_versions=versions)
    return AttendanceRecord.objects.get(employee_id=employee_id, date=day)


# -- roll call (apel) -----------------------------------------------------------

ROLL_CALL_STATUSES = ("H", "S", "I", "C", "DL", "TB", "TK")


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
        leave_type = (leave_types.get(employee_id) or LeaveType.CT) if status == "C" else ""
        items.append((employee_id, unit_of[employee_id], day, {
            "status": status, "leave_type": leave_type, "source": AttendanceRecord.Source.ROLL_CALL,
            "place": _place_of(status), "late_tier": 0, "early_tier": 0, "check_in": None, "check_out": None,
        }))
    _records_put(context, agency.pk, items, action="attendance.roll_call")
