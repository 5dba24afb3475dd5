"""Writes to units (unit kerja) by HR officers: create and change (name, code, parent, service
category, head and Plt. with their dates). In a transaction, scoped, validated by the model and
audited; a new category or parent re-checks compliance for the subtree's coming week."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.audit import AuditContext, audit_record, snapshot
from agencies.models import Agency, Employee, Unit
from policies.compliance import compliance_recheck_later

UNIT_AUDITED_FIELDS = (
    "agency", "parent", "code", "name", "service_category", "effective_category", "head", "head_since", "acting_head",
    "acting_head_from", "acting_head_until",
)
EDITABLE_FIELDS = (
    "parent", "code", "name", "service_category", "head", "head_since", "acting_head", "acting_head_from",
    "acting_head_until",
)
RECHECK_DAYS = 7


@transaction.atomic
def unit_save(*, context: AuditContext, scope, unit: Unit | None, data: dict, agency: Agency | None = None) -> Unit:
    """Create (`unit=None`, in `agency`) or change a unit from `data` (model field names; parent,
    head and acting_head as instances or ids). Raises ValidationError per field, PermissionDenied
    outside the caller's agencies; nothing is saved then."""
    if unit is not None:
        stored = Unit.objects.select_for_update().get(pk=unit.pk)
        agency_id = stored.agency_id
    else:
        stored, agency_id = None, agency.pk if agency else None
    if agency_id is None or not scope.can_manage_units(agency_id):
        raise PermissionDenied
    target = stored or Unit(agency_id=agency_id)
    before = snapshot(stored, UNIT_AUDITED_FIELDS) if stored else None
    for name in EDITABLE_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name == "parent":
            value = _in_agency(Unit, value, agency_id, name, _("Pilih unit induk dari instansi yang sama."))
        elif name in ("head", "acting_head"):
            value = _in_agency(Employee, value, agency_id, name, _("Pilih pegawai instansi unit ini."))
        elif value is None and name in ("code", "service_category"):
            value = ""
        elif isinstance(value, str):
            value = value.strip()
        setattr(target, name, value)
    target.derive_category()
    target.full_clean()
    target.save()
    after = snapshot(target, UNIT_AUDITED_FIELDS)
    if before == after:
        return target
    audit_record(
        context, action="unit.change" if stored else "unit.create", obj=target, before=before, after=after,
        agency_id=agency_id, unit_id=target.pk, summary=target.name,
    )
    if before and (before["effective_category"], before["parent"]) != (after["effective_category"], after["parent"]):
        compliance_recheck_later(_subtree_week(target))
    return target


def _in_agency(model, value, agency_id: int, field: str, message: str):
    if value in (None, ""):
        return None
    pk = value.pk if isinstance(value, model) else value
    valid = str(pk).isdigit() and int(pk) < 2**63  # a huge id would overflow SQLite's integers
    found = model.objects.filter(pk=int(pk), agency_id=agency_id).first() if valid else None
    if found is None:
        raise ValidationError({field: message})
    return found


def _subtree_week(unit: Unit) -> set[tuple[int, datetime.date]]:
    today = timezone.localdate(timezone=unit.agency.tzinfo)
    ids = Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True)
    return {(uid, today + datetime.timedelta(days=n)) for uid in ids for n in range(RECHECK_DAYS + 1)}
