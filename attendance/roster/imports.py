"""Roster import: a CSV or XLSX of (nip, tanggal, kode[, jenis_cuti][, wilayah_wfh][, tempat]) rows for one unit.

For a day away from one's own office (WFH, WFA, KL), `wilayah_wfh` is the Kemendagri code of the
place's region (e.g. 32.75), checked by the circulars that demand WFH at the domicile (an unknown code
is a bad row), and `tempat` the address or place worked at.

`roster_import_check` reads the file and reports every bad row with its line number and
reason; `roster_import_apply` applies a file with no bad row in one transaction through
the write service (so it is audited like any edit). A file with any bad row changes nothing.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.audit import AuditContext
from agencies.models import AuditEvent, Employee, Unit, region_ids_by_code
from agencies.placements import unit_period
from attendance.models import ImportBatch, RosterEntry
from rosterhub.date_bounds import parse_date
from rosterhub.uploads import ImportCheck, RowError, read_checked_rows

from .editing import roster_cells_set
from .services import RosterChange, RosterError, overwrites_approved_wfh, roster_change_validate

REQUIRED_COLUMNS = ("nip", "tanggal", "kode")
REGION_COLUMN = "wilayah_wfh"
PLACE_COLUMN = "tempat"
MAX_PLACE = 255
MAX_ROWS = 20_000


def _parse_date(value) -> datetime.date | None:
    try:
        return parse_date(value)
    except ValueError:
        return None


def roster_import_check(unit: Unit, name: str, content: bytes) -> ImportCheck:
    """Every bad row with its reason; the changes when there is none. A fixed number of queries."""
    check = ImportCheck()
    rows = read_checked_rows(check, name, content, required=REQUIRED_COLUMNS, max_rows=MAX_ROWS)
    if rows is None:
        return check
    identifiers = {str(r["nip"] or "").strip() for _, r in rows} - {""}
    employees = {}
    for e in Employee.objects.filter(Q(nip__in=identifiers) | Q(nik__in=identifiers)).values(
        "id", "nip", "nik", "unit_id", "agency_id", "active_from", "active_until"
    ).annotate(**unit_period(unit.pk)):
        employees[e["nip"] or e["nik"]] = e
        if e["nik"]:
            employees.setdefault(e["nik"], e)
    regions = region_ids_by_code(str(r.get(REGION_COLUMN) or "").strip() for _, r in rows)
    seen: dict[tuple[int, datetime.date], int] = {}
    pending: list[tuple[int, RosterChange]] = []
    for line, row in rows:
        reason, change = _check_row(unit, row, employees, regions)
        if reason is None:
            key = (change.employee_id, change.date)
            if key in seen:
                reason = _("Baris ganda: pegawai dan tanggal sama dengan baris %(line)s.") % {"line": seen[key]}
            else:
                seen[key] = line
        if reason:
            check.errors.append(RowError(line, reason))
        else:
            pending.append((line, change))
    check.errors.extend(_protected_rows(pending))
    check.errors.sort(key=lambda e: e.line)
    if not check.errors:
        check.changes = [c for _, c in pending]
    return check


def _check_row(unit: Unit, row: dict, employees: dict, regions: dict[str, int]) -> tuple[str | None, RosterChange | None]:
    identifier = str(row.get("nip") or "").strip()
    employee = employees.get(identifier)
    if not identifier or employee is None:
        return _("NIP tidak dikenal: %(nip)s") % {"nip": identifier or "-"}, None
    if employee["agency_id"] != unit.agency_id:
        return _("Pegawai dari instansi lain."), None
    if employee["unit_from"] is None:  # never placed in this unit
        return _("Pegawai dari unit lain."), None
    day = _parse_date(row.get("tanggal"))
    if day is None:
        return _("Tanggal tidak valid: %(value)s (gunakan YYYY-MM-DD)") % {"value": row.get("tanggal") or "-"}, None
    if day < employee["active_from"] or (employee["active_until"] and day > employee["active_until"]):
        return _("Pegawai tidak aktif pada tanggal ini."), None
    if not employee["unit_from"] <= day <= employee["unit_until"]:
        return _("Pada tanggal ini pegawai ditempatkan di unit lain."), None
    code = str(row.get("kode") or "").strip().upper()
    if not code:
        return _("Kode lokasi kosong."), None
    region_code = str(row.get(REGION_COLUMN) or "").strip()
    if region_code and region_code not in regions:
        return _("Kode wilayah WFH tidak dikenal: %(code)s") % {"code": region_code}, None
    place = str(row.get(PLACE_COLUMN) or "").strip()
    if len(place) > MAX_PLACE:
        return _("Tempat terlalu panjang (maks. %(n)d karakter).") % {"n": MAX_PLACE}, None
    change = RosterChange(
        employee_id=employee["id"], date=day, location=code, leave_type=str(row.get("jenis_cuti") or "").strip().upper(),
        wfh_region_id=regions.get(region_code), wfh_address=place,
    )
    try:
        roster_change_validate(change)
    except RosterError as exc:
        return str(exc), None
    return None, change


def _protected_rows(pending: list[tuple[int, RosterChange]]) -> list[RowError]:
    """Rows that would overwrite an approved WFH: refused here rather than silently applied."""
    if not pending:
        return []
    current = {
        (e.employee_id, e.date): e
        for e in RosterEntry.objects.filter(
            employee_id__in={c.employee_id for _, c in pending}, date__in={c.date for _, c in pending},
            wfh_request__isnull=False,
        ).only("employee_id", "date", "location", "wfh_request_id")
    }
    return [
        RowError(line, _("Tanggal ini berisi WFH yang sudah disetujui; ubah lewat pengajuan WFH."))
        for line, c in pending
        if overwrites_approved_wfh(current.get((c.employee_id, c.date)), c)
    ]


def roster_import_preview(*, user, unit: Unit, upload) -> tuple[ImportBatch, ImportCheck]:
    """Store the file as a batch and check it; nothing is applied yet."""
    content = upload.read()
    check = roster_import_check(unit, upload.name, content)
    upload.seek(0)
    batch = ImportBatch.objects.create(
        agency_id=unit.agency_id, unit=unit, kind=ImportBatch.Kind.ROSTER, file=upload, original_name=upload.name,
        status=ImportBatch.Status.READY if check.ok else ImportBatch.Status.INVALID, total_rows=check.total_rows,
        errors=[{"line": e.line, "reason": e.reason} for e in check.errors], created_by=user,
    )
    return batch, check


@transaction.atomic
def roster_import_apply(*, context: AuditContext, unit: Unit, batch: ImportBatch) -> tuple[int, datetime.date]:
    """Apply a checked batch in one transaction; re-checks the file first (data may have moved).
    Returns the number of cells changed and the first day of the file."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.Status.READY:
        raise RosterError(_("Impor ini tidak siap diterapkan."))
    with batch.file.open("rb") as handle:
        check = roster_import_check(unit, batch.original_name, handle.read())
    if not check.ok:
        raise RosterError(_("Isi berkas tidak lagi valid; unggah ulang untuk melihat kesalahannya."))
    context = AuditContext(actor=context.actor, interface=AuditEvent.Interface.IMPORT)
    outcome = roster_cells_set(context=context, unit=unit, changes=check.changes)
    batch.status = ImportBatch.Status.DONE
    batch.processed_rows = check.total_rows
    batch.applied_rows = len(outcome.changed)
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "processed_rows", "applied_rows", "finished_at"])
    return len(outcome.changed), min(c.date for c in check.changes)


__all__ = ["ImportCheck", "RowError", "roster_import_apply", "roster_import_check", "roster_import_preview"]
