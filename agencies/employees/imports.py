"""Employee import: a CSV or XLSX with columns nip, nik, nama, jenis, unit[, jabatan, aktif_sampai, mutasi_sejak], aktif_sejak.

`mutasi_sejak` dates a move: a known employee's new unit or type holds from that day (default
today), the days before keep the old placement.

A row whose NIP (or, without one, NIK) is known updates that employee; otherwise it creates one.
`employee_import_check` reports every bad row with its line and reason using a fixed number of
queries; `employee_import` applies a file with no bad row through `employee_save` (audited, one
transaction). A file with any bad row changes nothing.
"""

import copy
import datetime
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from agencies.audit import AuditContext
from agencies.models import AuditEvent, Employee, EmploymentType
from attendance.presence.services import parse_date
from attendance.roster.imports import ImportCheck, RowError, read_checked_rows
from policies.compliance import compliance_recheck_later

from .services import employee_save, identifier_unavailable_message

REQUIRED_COLUMNS = ("nip", "nik", "nama", "jenis", "unit", "aktif_sejak")
MAX_ROWS = 5_000
# Model field -> the file's column, to name the column in a row's error.
COLUMN_OF = {
    "nip": "nip", "nik": "nik", "name": "nama", "employment_type": "jenis", "unit": "unit", "position": "jabatan",
    "active_from": "aktif_sejak", "active_until": "aktif_sampai", "moved_on": "mutasi_sejak",
}


@dataclass(frozen=True)
class EmployeeRow:
    line: int
    employee: Employee | None  # None: a new employee
    data: dict


def employee_import_check(scope, name: str, content: bytes) -> ImportCheck:
    check = ImportCheck()
    rows = read_checked_rows(check, name, content, required=REQUIRED_COLUMNS, max_rows=MAX_ROWS)
    if rows is None:
        return check
    context = _Lookup(scope, rows)
    seen: dict[str, int] = {}
    for line, row in rows:
        try:
            parsed = _check_row(scope, context, line, row)
            keys = [f"{c}:{parsed.data[c]}" for c in ("nip", "nik") if parsed.data[c]]
            for key in keys:
                if key in seen:
                    raise ValueError(_("Baris ganda: NIP/NIK sama dengan baris %(line)s.") % {"line": seen[key]})
            for key in keys:
                seen[key] = line
            check.changes.append(parsed)
        except ValueError as exc:
            check.errors.append(RowError(line, str(exc)))
        except ValidationError as exc:
            check.errors.append(RowError(line, _reason(exc)))
    if check.errors:
        check.changes = []
    return check


class _Lookup:
    """The scope's units by code and name, and the employees the file names by NIP or NIK: two queries."""

    def __init__(self, scope, rows):
        self.units_by_code, self.units_by_name = {}, {}
        for unit in scope.employee_units().select_related("agency__seat_region"):
            if unit.code:
                self.units_by_code[unit.code.lower()] = unit
            self.units_by_name.setdefault(unit.name.strip().lower(), []).append(unit)
        identifiers = {_text(r.get(c)) for _, r in rows for c in ("nip", "nik")} - {""}
        self.by_nip, self.by_nik = {}, {}
        for employee in Employee.objects.filter(Q(nip__in=identifiers) | Q(nik__in=identifiers)):
            if employee.nip:
                self.by_nip[employee.nip] = employee
            if employee.nik:
                self.by_nik[employee.nik] = employee

    def unit(self, value: str):
        key = value.strip().lower()
        if key in self.units_by_code:
            return self.units_by_code[key]
        named = self.units_by_name.get(key, [])
        if len(named) > 1:
            raise ValueError(_("Nama unit tidak unik; tulis kode unitnya."))
        if not named:
            raise ValueError(_("Unit tidak dikenal atau bukan unit instansi Anda."))
        return named[0]


def _check_row(scope, lookup: _Lookup, line: int, row: dict) -> EmployeeRow:
    for column in ("nip", "nik"):
        if isinstance(row.get(column), (int, float)) and abs(row[column]) >= 10**15:
            # A spreadsheet number keeps only 15-16 significant digits: the identifier may be altered.
            raise ValueError(_("%(col)s: tulis sebagai teks, bukan angka (angka 16-18 digit berubah di spreadsheet).")
                             % {"col": column})
    nip, nik = _text(row.get("nip")), _text(row.get("nik"))
    if not nip and not nik:
        raise ValueError(_("NIP atau NIK wajib diisi."))
    by_nip, by_nik = lookup.by_nip.get(nip), lookup.by_nik.get(nik)
    if by_nip and by_nik and by_nip.pk != by_nik.pk:
        raise ValueError(_("NIP dan NIK milik dua pegawai yang berbeda."))
    existing = by_nip or by_nik
    if existing is not None and not scope.can_manage_employees(existing.agency_id):
        raise ValueError(identifier_unavailable_message())
    employment_type = _text(row.get("jenis")).upper().replace("-", "_").replace(" ", "_")
    if employment_type not in EmploymentType.values:
        raise ValueError(_("Jenis kepegawaian tidak dikenal: %(value)s (PNS, CPNS, PPPK atau NON_ASN).")
                         % {"value": employment_type or "-"})
    unit = lookup.unit(_text(row.get("unit")))
    data = {
        "nip": nip or None, "nik": nik or None, "name": _text(row.get("nama")), "employment_type": employment_type,
        "unit": unit, "active_from": _date(row, "aktif_sejak"),
    }
    if "jabatan" in row:
        data["position"] = _text(row.get("jabatan"))
    if "aktif_sampai" in row:
        data["active_until"] = _date(row, "aktif_sampai") if _text(row["aktif_sampai"]) else None
    if _text(row.get("mutasi_sejak")):
        data["moved_on"] = _date(row, "mutasi_sejak")
    _validate(existing, data)
    return EmployeeRow(line=line, employee=existing, data=data)


def _validate(existing: Employee | None, data: dict) -> None:
    """The model's own checks, without a query: the unit is already known to be in scope and
    uniqueness is settled by the lookup (and again by the service when applying)."""
    candidate = copy.copy(existing) if existing else Employee()
    for field, value in data.items():
        if field != "moved_on":  # not a field: the service dates the move with it
            setattr(candidate, field, value)
    candidate.agency_id = data["unit"].agency_id
    candidate.full_clean(exclude=["agency", "unit", "domicile_region", "user"], validate_unique=False,
                         validate_constraints=False)


@transaction.atomic
def employee_import(*, context: AuditContext, scope, name: str, content: bytes, apply: bool) -> ImportCheck:
    """Check the file and, when asked and every row is good, apply it. Returns the check; when
    applying, `check.changes` holds the saved rows."""
    check = employee_import_check(scope, name, content)
    if not (apply and check.ok):
        return check
    context = AuditContext(actor=context.actor, interface=AuditEvent.Interface.IMPORT)
    pairs: set[tuple[int, datetime.date]] = set()
    for row in check.changes:
        try:
            employee_save(context=context, scope=scope, employee=row.employee, data=row.data, recheck_into=pairs)
        except ValidationError as exc:  # the data moved since the lookup, e.g. a NIP taken meanwhile
            check.errors.append(RowError(row.line, _reason(exc)))
    if check.errors:
        transaction.set_rollback(True)
        check.changes = []
    else:
        compliance_recheck_later(pairs)
    return check


def _date(row: dict, column: str) -> datetime.date:
    try:
        return parse_date(row.get(column), employment=True)
    except ValueError as exc:
        raise ValueError(f"{column}: {exc}") from exc


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number cell in a spreadsheet
    return str(value if value is not None else "").strip()


def _reason(exc: ValidationError) -> str:
    if not hasattr(exc, "error_dict"):
        return " ".join(exc.messages)
    parts = []
    for field, messages in exc.message_dict.items():
        label = COLUMN_OF.get(field, "") if field != NON_FIELD_ERRORS else ""
        parts.append(f"{label}: {' '.join(messages)}" if label else " ".join(messages))
    return "; ".join(parts)
