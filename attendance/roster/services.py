"""Writing roster entries: the one path for the editor, imports, WFH approvals and the API."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agencies.audit import AuditContext, audit_record_many, snapshot
from agencies.models import Employee
from agencies.placements import placements_on
from attendance.models import (
    REMOTE_LOCATIONS,
    REQUESTABLE_LOCATIONS,
    LeaveType,
    RosterEntry,
    WorkLocation,
    holds_approved_request,
)
from attendance.presence.rederive import attendance_records_refresh
from policies.compliance import compliance_recheck_later
from rosterhub import date_bounds

# employee and date make each event findable per cell (the editor's cell history).
AUDITED_FIELDS = ("employee", "date", "location", "leave_type", "wfh_address", "wfh_region", "wfh_request", "version")


@dataclass(frozen=True)
class RosterChange:
    """Set (or clear, with location "") one employee's work location on one day.

    `expected_version` is the version the editor saw (0 = no entry yet); None skips the
    check, for imports and approvals that decide on fresh data inside the transaction.
    """

    employee_id: int
    date: datetime.date
    location: str
    leave_type: str = ""
    expected_version: int | None = None
    wfh_address: str = ""
    wfh_region_id: int | None = None
    wfh_request_id: int | None = None


class RosterError(Exception):
    pass


class RosterConflict(RosterError):
    """Someone else changed the cell since the editor loaded it."""

    def __init__(self, entry: RosterEntry | None, change: RosterChange):
        self.entry = entry
        self.change = change
        who = entry.updated_by.get_full_name() or entry.updated_by.username if entry and entry.updated_by else _("pengguna lain")
        super().__init__(
            _("Sel ini sudah diubah oleh %(who)s pada %(when)s. Nilai terbaru ditampilkan.")
            % {"who": who, "when": date_format(timezone.localtime(entry.updated_at), "j F Y H.i") if entry else "-"}
        )


class RosterProtected(RosterError):
    """The cell holds an approved WFH request; changing it needs an explicit override."""


def place_error(location: str, *, address: str = "", region_id: int | None = None) -> str | None:
    """Why a place (address or region) cannot go with `location`: only a day away from one's own office
    (WFH, WFA, another office) names where it is worked. None when it can."""
    if (address or region_id is not None) and location not in REMOTE_LOCATIONS:
        return _("Tempat dan wilayah kerja hanya untuk WFH, WFA atau kantor lain (KL).")
    return None


def roster_change_validate(change: RosterChange) -> None:
    """Raise RosterError when the date is outside the window, the code or leave type is not one the roster
    knows, or a place is given for a day at one's own office."""
    if not date_bounds.in_window(change.date):
        raise RosterError(date_bounds.out_of_window_error().messages[0])
    if change.location and change.location not in WorkLocation.values:
        raise RosterError(_("Kode lokasi kerja tidak dikenal: %(code)s") % {"code": change.location})
    if change.leave_type and (change.location != WorkLocation.LEAVE or change.leave_type not in LeaveType.values):
        raise RosterError(_("Jenis cuti hanya untuk lokasi CUTI dan harus salah satu dari: %(types)s") % {
            "types": ", ".join(LeaveType.values)
        })
    if error := place_error(change.location, address=change.wfh_address, region_id=change.wfh_region_id):
        raise RosterError(error)


def stored_place(change: RosterChange) -> tuple[str, int | None, int | None]:
    """(address, region id, request id) a change leaves in its cell: a day away from one's own office keeps
    its place, a requestable one (WFH, WFA) the request that wrote it; any other day none."""
    remote = change.location in REMOTE_LOCATIONS
    return (
        change.wfh_address if remote else "", change.wfh_region_id if remote else None,
        change.wfh_request_id if change.location in REQUESTABLE_LOCATIONS else None,
    )


def changes_nothing(entry: RosterEntry | None, change: RosterChange) -> bool:
    """The cell already holds what the change writes. A change that names no place keeps the cell's
    place, and an approved request's day keeps the place its request gave."""
    if entry is None:
        return not change.location
    if (entry.location, entry.leave_type) != (change.location, change.leave_type):
        return False
    if entry.wfh_request_id or not (change.wfh_address or change.wfh_region_id is not None):
        return True
    return (entry.wfh_address, entry.wfh_region_id) == (change.wfh_address, change.wfh_region_id)


def overwrites_approved_wfh(entry: RosterEntry | None, change: RosterChange) -> bool:
    """The cell holds WFH written by an approved request and the change would put something else there."""
    return bool(
        entry is not None and holds_approved_request(entry.location, entry.wfh_request_id)
        and change.wfh_request_id != entry.wfh_request_id and change.location != entry.location
    )


def _update_grouped(entries: list[RosterEntry], user, now: datetime.datetime) -> None:
    """One UPDATE per distinct new value instead of bulk_update's CASE per row: a month's
    pattern fill is a handful of statements. Rows are locked and their versions checked, so
    version + 1 in SQL equals the version set on each entry."""
    groups = defaultdict(list)
    for e in entries:
        groups[(e.unit_id, e.location, e.leave_type, e.wfh_address, e.wfh_region_id, e.wfh_request_id)].append(e.pk)
    for (unit_id, location, leave_type, address, region_id, request_id), ids in groups.items():
        for start in range(0, len(ids), 1000):
            RosterEntry.objects.filter(pk__in=ids[start:start + 1000]).update(
                unit_id=unit_id, location=location, leave_type=leave_type, wfh_address=address,
                wfh_region_id=region_id, wfh_request_id=request_id, version=F("version") + 1,
                updated_by=user, updated_at=now,
            )


def _create_or_conflict(to_create: list[RosterEntry], changes: list[RosterChange]) -> None:
    """Insert the first entries of empty cells. Two first writes to the same empty cell race past the
    row locks (there is no row to lock): the loser hits the unique constraint and gets the conflict
    message naming the winner, as for any other concurrent edit."""
    try:
        with transaction.atomic():
            RosterEntry.objects.bulk_create(to_create, batch_size=1000)
    except IntegrityError:
        keys = {(e.employee_id, e.date) for e in to_create}
        winner = (
            RosterEntry.objects.select_related("updated_by")
            .filter(employee_id__in={k[0] for k in keys}, date__in={k[1] for k in keys}).order_by("-updated_at").first()
        )
        change = next((c for c in changes if (c.employee_id, c.date) in keys), changes[0])
        raise RosterConflict(winner, change) from None


def roster_entries_locked(employee_ids, days) -> dict[tuple[int, datetime.date], RosterEntry]:
    """Lock and read the entries of these employees on these days: what a write may change.
    Call inside the write's transaction."""
    return {
        (e.employee_id, e.date): e
        for e in RosterEntry.objects.select_for_update(of=("self",))  # PostgreSQL refuses FOR UPDATE on the outer-joined rows
        .select_related("updated_by")  # a conflict names who changed the cell
        .filter(employee_id__in=set(employee_ids), date__in=set(days))
    }


@transaction.atomic
def roster_entries_set(
    *, context: AuditContext, changes: list[RosterChange], override_approved_wfh: bool = False,
    locked: dict[tuple[int, datetime.date], RosterEntry] | None = None,
) -> list[RosterEntry]:
    """Apply changes in one transaction with audit events; returns the entries now stored.

    `locked`: the entries of the changes' employees and days, already read by the caller with
    `roster_entries_locked` in this transaction (the editor decides on them first); read here otherwise.
    They are updated in place."""
    for change in changes:
        roster_change_validate(change)
    employees = {
        e["id"]: e
        for e in Employee.objects.filter(pk__in={c.employee_id for c in changes}).values("id", "agency_id", "unit_id")
    }
    missing = {c.employee_id for c in changes} - employees.keys()
    if missing:
        raise RosterError(_("Pegawai tidak ditemukan: %(ids)s") % {"ids": ", ".join(map(str, sorted(missing)))})
    days = {c.date for c in changes}
    placed = placements_on(employees.keys(), days)  # a past day's entry belongs to the unit of that day
    existing = roster_entries_locked(employees.keys(), days) if locked is None else locked
    user = context.actor if getattr(context.actor, "is_authenticated", False) else None
    to_create, to_update, to_delete, events, touched = [], [], [], [], set()
    for change in changes:
        key = (change.employee_id, change.date)
        entry = existing.get(key)
        if change.expected_version is not None and change.expected_version != (entry.version if entry else 0):
            raise RosterConflict(entry, change)
        if not override_approved_wfh and overwrites_approved_wfh(entry, change):
            raise RosterProtected(
                _("Tanggal %(date)s berisi WFH yang sudah disetujui; ubah lewat pengajuan WFH atau konfirmasi penimpaan.")
                % {"date": date_format(change.date)}
            )
        employee = employees[change.employee_id]
        unit_id, agency_id = placed.get(key, (employee["unit_id"], employee["agency_id"]))
        before = snapshot(entry, AUDITED_FIELDS) if entry else None
        if not change.location:
            if entry:
                to_delete.append(entry.pk)
                events.append({"action": "roster.clear", "obj": entry, "before": before, "after": None})
                touched.add((entry.unit_id, entry.date))
            continue
        if entry is None:
            entry = RosterEntry(
                agency_id=agency_id, unit_id=unit_id, employee_id=change.employee_id,
                date=change.date, version=0,
            )
            to_create.append(entry)
        else:
            to_update.append(entry)
        entry.unit_id = unit_id
        entry.location = change.location
        entry.leave_type = change.leave_type
        entry.wfh_address, entry.wfh_region_id, entry.wfh_request_id = stored_place(change)
        entry.version += 1
        entry.updated_by = user
        events.append({"action": "roster.set", "obj": entry, "before": before})
        touched.add((entry.unit_id, entry.date))
    if to_delete:
        RosterEntry.objects.filter(pk__in=to_delete).delete()
    _create_or_conflict(to_create, changes)
    now = datetime.datetime.now(tz=datetime.UTC)
    for entry in to_update:
        entry.updated_at = now
    _update_grouped(to_update, user, now)
    for event in events:
        if event["action"] == "roster.set":
            event["after"] = snapshot(event["obj"], AUDITED_FIELDS)
    audit_record_many(context, events)
    # The day's attendance status follows the roster; both changes are re-checked once, together.
    attendance_records_refresh(context=context, pairs={(c.employee_id, c.date) for c in changes}, recheck_into=touched)
    compliance_recheck_later(touched)
    return to_create + to_update
