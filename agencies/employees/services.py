"""Writes to employee records (pegawai) by HR officers: create, change, end employment.

Each service runs in a transaction, validates through the model's `full_clean()` (NIP and NIK
structure, ASN vs non-ASN identifiers, active period, unit of the agency), takes the agency from
the unit, audits before/after and asks for a compliance re-check of the unit-days whose
headcount may have moved.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.audit import AuditContext, audit_record, snapshot
from agencies.models import Employee, Unit
from agencies.placements import placement_end, placement_move
from policies.compliance import COMING_DAYS, compliance_recheck_later

EMPLOYEE_AUDITED_FIELDS = (
    "name", "nip", "nik", "employment_type", "agency", "unit", "position", "domicile_region", "active_from",
    "active_until", "user",
)
# What an HR officer may set; the agency follows the unit and the user link stays with the admin.
EDITABLE_FIELDS = (
    "name", "nip", "nik", "employment_type", "unit", "position", "domicile_region", "domicile_address", "email",
    "active_from", "active_until",
)
# A change to any of these moves compliance headcounts.
HEADCOUNT_FIELDS = ("unit", "employment_type", "active_from", "active_until")
# A change to any of these is a move (mutasi): it takes effect on `moved_on` (default today),
# and the days before keep the placement they had.
PLACEMENT_FIELDS = ("unit", "agency", "employment_type")
RECHECK_BACK_DAYS = 62  # a back-dated move re-checks at most two months of past days


@transaction.atomic
def employee_save(
    *, context: AuditContext, scope, employee: Employee | None, data: dict,
    recheck_into: set[tuple[int, datetime.date]] | None = None,
) -> Employee:
    """Create (`employee=None`) or change an employee from `data` (model field names; `unit` a Unit or id).

    A new unit or employment type is a move effective `data["moved_on"]` (default: the agency's
    today; on or before the current placement's first day it corrects that placement). Raises
    ValidationError with per-field messages; nothing is saved then. With `recheck_into` the
    unit-days to re-check are added to that set instead of enqueued (an import enqueues once
    for the whole file)."""
    stored = _locked(scope, employee) if employee is not None else None
    target = stored or Employee()
    before = snapshot(stored, EMPLOYEE_AUDITED_FIELDS) if stored else None
    for name in EDITABLE_FIELDS:
        if name in data and name != "unit":
            setattr(target, name, _clean_value(name, data[name]))
    if "unit" in data or stored is None:
        target.unit = _unit_in_scope(scope, data.get("unit"))
        target.agency = target.unit.agency
    try:
        target.full_clean()
    except ValidationError as exc:
        raise _identifier_errors_in_scope(exc, target, scope) from None
    moved_on = data.get("moved_on")
    placed = snapshot(target, PLACEMENT_FIELDS)
    moved = stored is not None and any(before[f] != placed[f] for f in PLACEMENT_FIELDS)
    if moved:
        effective = moved_on or max(timezone.localdate(timezone=target.agency.tzinfo), target.active_from)
        placement_move(target, on=effective, explicit=moved_on is not None)
    target.save()
    after = snapshot(target, EMPLOYEE_AUDITED_FIELDS)
    if before == after:
        return target
    if moved:
        after["moved_on"] = effective.isoformat()
    audit_record(
        context, action="employee.change" if stored else "employee.create", obj=target, before=before, after=after,
        summary=target.name,
    )
    if stored is None or any(before[f] != after[f] for f in HEADCOUNT_FIELDS):
        pairs = recheck_pairs(target, {before["unit"] if before else target.unit_id, target.unit_id}, since=moved_on)
        if recheck_into is None:
            compliance_recheck_later(pairs)
        else:
            recheck_into.update(pairs)
    return target


@transaction.atomic
def employee_end(*, context: AuditContext, scope, employee: Employee, last_day: datetime.date) -> Employee:
    """End employment on `last_day` (the last day active). The record is kept, never deleted."""
    stored = _locked(scope, employee)
    before = snapshot(stored, EMPLOYEE_AUDITED_FIELDS)
    if last_day < stored.active_from:
        raise ValidationError({"active_until": _("Tanggal akhir aktif tidak boleh sebelum tanggal mulai.")})
    stored.active_until = last_day
    placement_end(stored, last_day)
    stored.save()
    audit_record(
        context, action="employee.end", obj=stored, before=before, after=snapshot(stored, EMPLOYEE_AUDITED_FIELDS),
        summary=stored.name,
    )
    compliance_recheck_later(recheck_pairs(stored, {stored.unit_id}))
    return stored


def identifier_unavailable_message() -> str:
    """Said when a NIP/NIK belongs to someone the officer may not see: nothing about where it is used."""
    return _("NIP/NIK ini tidak dapat dipakai. Periksa kembali, atau hubungi pengelola sistem bila pegawai ini pindah "
             "dari instansi lain.")


def _identifier_errors_in_scope(exc: ValidationError, target: Employee, scope) -> ValidationError:
    """Django's "Pegawai dengan NIP ini telah ada" would confirm that another agency employs that NIP."""
    if not hasattr(exc, "error_dict"):
        return exc
    errors = dict(exc.error_dict)
    for name in ("nip", "nik"):
        if any(e.code == "unique" for e in errors.get(name, [])):
            holder = Employee.objects.filter(**{name: getattr(target, name)}).exclude(pk=target.pk)
            agency_id = holder.values_list("agency_id", flat=True).first()
            if agency_id is not None and scope.can_manage_employees(agency_id):
                message = _("Pegawai lain di instansi Anda sudah memakai %(field)s ini.") % {"field": name.upper()}
            else:
                message = identifier_unavailable_message()
            errors[name] = [ValidationError(message, code="unique")]
    return ValidationError(errors)


def _locked(scope, employee: Employee) -> Employee:
    stored = Employee.objects.select_for_update().select_related("agency__seat_region").get(pk=employee.pk)
    if not scope.can_manage_employees(stored.agency_id):
        raise PermissionDenied
    return stored


def _unit_in_scope(scope, unit) -> Unit:
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    found = scope.employee_units().select_related("agency__seat_region").filter(pk=unit_id).first() if unit_id else None
    if found is None:
        raise ValidationError({"unit": _("Pilih unit kerja instansi Anda.")})
    return found


def _clean_value(name: str, value):
    if isinstance(value, str):
        value = value.strip()
    if name in ("nip", "nik", "domicile_region") and value in ("", None):
        return None  # unique and nullable: "no identifier" is NULL, never ""
    if name in ("position", "domicile_address", "email") and value is None:
        return ""
    return value


def recheck_pairs(
    employee: Employee, unit_ids: set[int], *, since: datetime.date | None = None
) -> set[tuple[int, datetime.date]]:
    """Today (the agency's local date) and the coming week, for the old and the new unit; a
    move dated in the past also re-checks its effective date onwards (up to RECHECK_BACK_DAYS)."""
    today = timezone.localdate(timezone=employee.agency.tzinfo)
    first = today
    if since is not None and since < today:
        first = max(since, today - datetime.timedelta(days=RECHECK_BACK_DAYS))
    days = (today - first).days + COMING_DAYS + 1
    return {(unit_id, first + datetime.timedelta(days=n)) for unit_id in unit_ids for n in range(days)}
