"""Importing device punches (rows of nip or device_user_id, timestamp, device)."""

import datetime
from collections.abc import Callable, Iterable
from itertools import islice

from django.db import transaction
from django.utils.translation import gettext as _

from agencies.audit import AuditContext, audit_record
from agencies.models import Agency, Employee
from attendance.models import DevicePunch
from rosterhub.date_bounds import parse_timestamp

from .bulkcopy import insert_rows
from .derivation import work_date_of
from .records import CHUNK
from .rederive import attendance_days_derive
from .rows import EmployeeDirectory, ImportResult


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


def _active_employee_days(agency: Agency, days: set[datetime.date]) -> set[tuple[int, datetime.date]]:
    staff = Employee.objects.filter(agency=agency, active_from__lte=max(days)).values_list("id", "active_from", "active_until")
    return {
        (pk, day) for pk, start, until in staff for day in days if start <= day and (until is None or day <= until)
    }
