"""The one writer of attendance day records, for every path that changes them (derivation,
imports, HR corrections, roll calls): locked, versioned, audited, summaries recounted and the
touched (unit, day) pairs re-checked, all in the caller's transaction."""

import datetime

from django.utils.translation import gettext as _

from agencies.audit import AuditRef, audit_record_many, snapshot
from attendance.models import AttendanceRecord
from policies.compliance import compliance_recheck_later

from .bulkcopy import insert_rows
from .summaries import summaries_refresh_unit_days

RECORD_FIELDS = ("status", "late_tier", "early_tier", "leave_type", "check_in", "check_out", "source", "place", "note")
# Records an officer decided by hand are not overwritten by machine data.
HUMAN_SOURCES = (AttendanceRecord.Source.MANUAL, AttendanceRecord.Source.ROLL_CALL)
CHUNK = 5000


class AttendanceError(Exception):
    pass


def records_put(
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
