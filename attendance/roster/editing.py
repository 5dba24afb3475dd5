"""Editor writes: set cells of one unit (with an undo record) and undo the last change.

Both go through `roster_entries_set`, the one write path (versions, approved-WFH
protection, audit, compliance re-check). This module adds what only the editor needs:
cells must belong to the unit's own staff and their active period, no-op cells are
dropped, pattern fills skip approved WFH instead of failing, and each change returns the
step the session's undo history records (undo.py).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agencies.audit import AuditContext
from agencies.models import Unit
from agencies.placements import FAR_FUTURE, placed_on, placements_during, unit_staff
from attendance.models import RosterEntry, WorkLocation, holds_approved_request
from rosterhub.date_bounds import query_date, query_int

from .patterns import ALL_WFO, COPY_LAST_WEEK, TEAM_AB, pattern_fill, within_caps
from .selectors import GridDay, roster_employees
from .services import (
    RosterChange,
    RosterError,
    changes_nothing,
    overwrites_approved_wfh,
    roster_entries_locked,
    roster_entries_set,
)
from .undo import change_state, entry_state

Cell = tuple[int, datetime.date]


@dataclass
class CellsOutcome:
    changed: list[Cell] = field(default_factory=list)
    skipped_protected: list[Cell] = field(default_factory=list)
    step: list[list] = field(default_factory=list)  # undo record: [employee id, ISO day, before, after]
    versions: dict[Cell, int] = field(default_factory=dict)  # what each changed cell's version now is


def parse_cell_refs(raw: str) -> dict[Cell, int]:
    """"12:2024-04-16:3,13:2024-04-16:0" -> {(12, date): version}. Raises ValueError (also for ids too large
    for the database and dates outside the window)."""
    refs = {}
    for item in filter(None, (raw or "").split(",")):
        employee_id, day, version = item.split(":")
        employee, date, number = query_int(employee_id), query_date(day), query_int(version)
        if employee is None or date is None or number is None:
            raise ValueError(item)
        refs[(employee, date)] = number
    return refs


def _unit_staff_periods(unit: Unit, employee_ids) -> dict[int, tuple[datetime.date, datetime.date | None]]:
    """Employee id -> first and last day of their placement in the unit (any time)."""
    rows = unit_staff(unit.pk, datetime.date.min, FAR_FUTURE).filter(pk__in=set(employee_ids)).values_list(
        "id", "unit_from", "unit_until"
    )
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
    current = roster_entries_locked(periods.keys(), {c.date for c in changes})
    outcome = CellsOutcome()
    effective = []
    for change in changes:
        key = (change.employee_id, change.date)
        entry = current.get(key)
        if changes_nothing(entry, change):
            continue
        if skip_protected and not override_approved_wfh and overwrites_approved_wfh(entry, change):
            outcome.skipped_protected.append(key)
            continue
        effective.append(change)
    if not effective:
        return outcome
    for change in effective:  # before the write, which updates the locked entries in place
        key = (change.employee_id, change.date)
        outcome.changed.append(key)
        outcome.step.append([change.employee_id, change.date.isoformat(), entry_state(current.get(key)), change_state(change)])
    stored = roster_entries_set(
        context=context, changes=effective, override_approved_wfh=override_approved_wfh, locked=current
    )
    outcome.versions = _versions_after(stored, effective)
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
    current = roster_entries_locked(periods.keys(), {c.date for c in changes})
    for change in changes:
        key = (change.employee_id, change.date)
        entry = current.get(key)
        if change.expected_version == (entry.version if entry else 0) and entry_state(entry) != expected[key]:
            raise RosterError(
                _("Langkah ini tidak dapat diulang atau diurungkan: sel %(date)s sudah diubah orang lain di antaranya.")
                % {"date": date_format(change.date)}
            )
    stored = roster_entries_set(context=context, changes=changes, override_approved_wfh=True, locked=current)
    return _versions_after(stored, changes)


def _types_held(unit: Unit, cells: list[Cell]) -> dict[Cell, str]:
    """The employment type each cell's employee held in the unit that day (what the rule counts)."""
    if not cells:
        return {}
    days = {d for _, d in cells}
    periods = placements_during(min(days), max(days)).filter(
        unit_id=unit.pk, employee_id__in={e for e, _ in cells}
    ).values_list("employee_id", "employment_type", "valid_from", "valid_until")
    days_of = defaultdict(list)
    for employee_id, day in cells:
        days_of[employee_id].append(day)
    held = {}
    for employee_id, kind, start, end in periods:
        for day in days_of[employee_id]:
            if start <= day and (end is None or day <= end):
                held[(employee_id, day)] = kind
    return held


@dataclass
class PatternPlan:
    changes: list[RosterChange]
    held_back: set[datetime.date] = field(default_factory=set)  # days the cap kept some of the home team in
    kept: int = 0  # cells left as they are: leave, sickness, field duty or a day off
    protected: int = 0  # approved WFH cells the pattern would have changed (left, and counted)


# Team A/B and everyone-WFO decide office or home for those who work: absences and duties stay, and so
# does a day posted to another office (KL: office work, under that office). A WFA day is work away from
# the office like WFH, and the pattern decides it.
KEPT_BY_PLACEMENT = {WorkLocation.LEAVE, WorkLocation.SICK, WorkLocation.DL, WorkLocation.OFF, WorkLocation.OTHER_OFFICE}


def pattern_changes(unit: Unit, refs: dict, pattern: str, days: list[GridDay]) -> PatternPlan:
    """The cells a fill pattern wants, each guarded by the version the editor saw, trimmed so that
    no day goes over its binding cap (`days`: the touched days' statuses before the fill)."""
    day_list = sorted({d for _, d in refs})
    if not day_list:
        return PatternPlan([])
    employees = {e.pk: e for e in roster_employees(unit, day_list[0], day_list[-1])}
    row_order = {pk: n for n, pk in enumerate(employees)}
    cells = [c for c in refs if c[0] in employees and placed_on(employees[c[0]], c[1])]
    current = {
        (e.employee_id, e.date): e
        for e in RosterEntry.objects.filter(employee_id__in={c[0] for c in cells}, date__in={c[1] for c in cells})
        .only("employee_id", "date", "location", "wfh_request_id")
    }
    last_week = None
    if pattern == COPY_LAST_WEEK:
        week = datetime.timedelta(days=7)
        last_week = {
            (e.employee_id, e.date): (e.location, e.leave_type)
            for e in RosterEntry.objects.filter(
                employee_id__in=row_order.keys(), date__range=(day_list[0] - week, day_list[-1] - week)
            ).only("employee_id", "date", "location", "leave_type")
        }
    working = {d.date: d.working_day for d in days}
    wanted = pattern_fill(pattern, cells, row_order=row_order, working=working, last_week=last_week)
    kept = protected = 0
    for cell in list(wanted):
        entry = current.get(cell)
        if entry is not None and holds_approved_request(entry.location, entry.wfh_request_id):
            protected += wanted.pop(cell)[0] != entry.location  # approved WFH or WFA stays, and uses the day's quota
        elif pattern in (TEAM_AB, ALL_WFO) and entry is not None and entry.location in KEPT_BY_PLACEMENT:
            del wanted[cell]
            kept += 1
    fitted = within_caps(
        wanted, statuses={d.date: d.status for d in days if d.status is not None},
        current={c: e.location for c, e in current.items()},
        employment_types=_types_held(unit, cells), row_order=row_order,
    )
    changes = [
        RosterChange(employee_id=e, date=d, location=loc, leave_type=leave, expected_version=refs[(e, d)])
        for (e, d), (loc, leave) in fitted.wanted.items()
    ]
    return PatternPlan(changes, fitted.held_back, kept, protected)
