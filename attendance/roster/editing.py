"""Editor writes: set cells of one unit (with an undo record) and undo the last change.

Both go through `roster_entries_set`, the one write path (versions, approved-WFH
protection, audit, compliance re-check). This module adds what only the editor needs:
cells must belong to the unit's own staff and their active period, no-op cells are
dropped, pattern fills skip approved WFH instead of failing, and each change returns the
step the session's undo history records (undo.py).
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agencies.audit import AuditContext
from agencies.models import Unit
from attendance.models import RosterEntry

from .patterns import COPY_LAST_WEEK, pattern_fill
from .selectors import grid_days, roster_employees
from .services import RosterChange, RosterError, overwrites_approved_wfh, roster_entries_set
from .undo import change_state, entry_state

Cell = tuple[int, datetime.date]


@dataclass
class CellsOutcome:
    changed: list[Cell] = field(default_factory=list)
    skipped_protected: list[Cell] = field(default_factory=list)
    step: list[list] = field(default_factory=list)  # undo record: [employee id, ISO day, before, after]
    versions: dict[Cell, int] = field(default_factory=dict)  # what each changed cell's version now is


def parse_cell_refs(raw: str) -> dict[Cell, int]:
    """"12:2024-04-16:3,13:2024-04-16:0" -> {(12, date): version}. Raises ValueError."""
    refs = {}
    for item in filter(None, (raw or "").split(",")):
        employee_id, day, version = item.split(":")
        refs[(int(employee_id), datetime.date.fromisoformat(day))] = int(version)
    return refs


def _unit_staff_periods(unit: Unit, employee_ids) -> dict[int, tuple[datetime.date, datetime.date | None]]:
    rows = unit.employees.filter(pk__in=set(employee_ids)).values_list("id", "active_from", "active_until")
    return {pk: (start, end) for pk, start, end in rows}


@transaction.atomic
def roster_cells_set(
    *, context: AuditContext, unit: Unit, changes: list[RosterChange], override_approved_wfh: bool = False,
    skip_protected: bool = False,
) -> CellsOutcome:
    """Set cells of `unit`'s staff. Raises RosterError (incl. conflict / protection) and changes nothing then."""
    periods = _unit_staff_periods(unit, {c.employee_id for c in changes})
    if {c.employee_id for c in changes} - periods.keys():
        raise RosterError(_("Sebagian sel bukan milik pegawai unit ini."))
    changes = [
        c for c in changes
        if periods[c.employee_id][0] <= c.date and (periods[c.employee_id][1] is None or c.date <= periods[c.employee_id][1])
    ]
    current = {
        (e.employee_id, e.date): e
        for e in RosterEntry.objects.select_for_update().filter(
            employee_id__in=periods.keys(), date__in={c.date for c in changes}
        )
    }
    outcome = CellsOutcome()
    effective = []
    for change in changes:
        key = (change.employee_id, change.date)
        entry = current.get(key)
        if entry is not None and (entry.location, entry.leave_type) == (change.location, change.leave_type):
            continue
        if entry is None and not change.location:
            continue
        if skip_protected and not override_approved_wfh and overwrites_approved_wfh(entry, change):
            outcome.skipped_protected.append(key)
            continue
        effective.append(change)
    if not effective:
        return outcome
    outcome.versions = _versions_after(
        roster_entries_set(context=context, changes=effective, override_approved_wfh=override_approved_wfh), effective
    )
    for change in effective:
        key = (change.employee_id, change.date)
        outcome.changed.append(key)
        outcome.step.append([change.employee_id, change.date.isoformat(), entry_state(current.get(key)), change_state(change)])
    return outcome


def _versions_after(stored: list[RosterEntry], changes: list[RosterChange]) -> dict[Cell, int]:
    """The version each changed cell holds now (0: cleared, no entry)."""
    versions = {(e.employee_id, e.date): e.version for e in stored}
    return {(c.employee_id, c.date): versions.get((c.employee_id, c.date), 0) for c in changes}


@transaction.atomic
def roster_step_apply(
    *, context: AuditContext, unit: Unit, changes: list[RosterChange], expected: dict[Cell, list]
) -> dict[Cell, int]:
    """Undo or redo one step of the session (from RosterHistory). Each cell must still hold the
    version the session last wrote (else RosterConflict names who changed it) and what the step
    left there (else the chain was broken by someone in between); nothing is written then.
    Approved WFH a step replaced or restores is written: the officer confirmed that at the time."""
    periods = _unit_staff_periods(unit, {c.employee_id for c in changes})
    if {c.employee_id for c in changes} - periods.keys():
        raise RosterError(_("Sebagian sel bukan milik pegawai unit ini."))
    current = {
        (e.employee_id, e.date): e
        for e in RosterEntry.objects.select_for_update().filter(
            employee_id__in=periods.keys(), date__in={c.date for c in changes}
        )
    }
    for change in changes:
        key = (change.employee_id, change.date)
        entry = current.get(key)
        if change.expected_version == (entry.version if entry else 0) and entry_state(entry) != expected[key]:
            raise RosterError(
                _("Langkah ini tidak dapat diulang atau diurungkan: sel %(date)s sudah diubah orang lain di antaranya.")
                % {"date": date_format(change.date)}
            )
    return _versions_after(roster_entries_set(context=context, changes=changes, override_approved_wfh=True), changes)


def pattern_changes(unit: Unit, refs: dict, pattern: str) -> list[RosterChange]:
    """The cells a fill pattern wants, each guarded by the version the editor saw."""
    days = sorted({d for _, d in refs})
    if not days:
        return []
    working = {d.date: d.working_day for d in grid_days(unit, days)}
    row_order = {pk: n for n, pk in enumerate(roster_employees(unit, days[0], days[-1]).values_list("id", flat=True))}
    last_week = None
    if pattern == COPY_LAST_WEEK:
        week = datetime.timedelta(days=7)
        last_week = {
            (e.employee_id, e.date): (e.location, e.leave_type)
            for e in RosterEntry.objects.filter(
                employee_id__in=row_order.keys(), date__range=(days[0] - week, days[-1] - week)
            ).only("employee_id", "date", "location", "leave_type")
        }
    wanted = pattern_fill(pattern, list(refs), row_order=row_order, working=working, last_week=last_week)
    return [
        RosterChange(employee_id=e, date=d, location=loc, leave_type=leave, expected_version=refs[(e, d)])
        for (e, d), (loc, leave) in wanted.items()
        if e in row_order
    ]
