"""Editor writes: set cells of one unit (with an undo record) and undo the last change.

Both go through `roster_entries_set`, the one write path (versions, approved-WFH
protection, audit, compliance re-check). This module adds what only the editor needs:
cells must belong to the unit's own staff and their active period, no-op cells are
dropped, pattern fills skip approved WFH instead of failing, and each change leaves an
undo record in the session.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from agencies.audit import AuditContext
from agencies.models import Unit
from agencies.placements import FAR_FUTURE, unit_staff
from attendance.models import RosterEntry

from .patterns import COPY_LAST_WEEK, pattern_fill
from .selectors import grid_days, roster_employees
from .services import RosterChange, RosterError, overwrites_approved_wfh, roster_entries_set

Cell = tuple[int, datetime.date]
UNDO_DEPTH = 10


@dataclass
class CellsOutcome:
    changed: list[Cell] = field(default_factory=list)
    skipped_protected: list[Cell] = field(default_factory=list)
    undo_steps: list[list] = field(default_factory=list)


def parse_cell_refs(raw: str) -> dict[Cell, int]:
    """"12:2024-04-16:3,13:2024-04-16:0" -> {(12, date): version}. Raises ValueError."""
    refs = {}
    for item in filter(None, (raw or "").split(",")):
        employee_id, day, version = item.split(":")
        refs[(int(employee_id), datetime.date.fromisoformat(day))] = int(version)
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
    stored = roster_entries_set(context=context, changes=effective, override_approved_wfh=override_approved_wfh)
    versions = {(e.employee_id, e.date): e.version for e in stored}
    for change in effective:
        key = (change.employee_id, change.date)
        entry = current.get(key)
        outcome.changed.append(key)
        outcome.undo_steps.append([
            change.employee_id, change.date.isoformat(),
            entry.location if entry else "", entry.leave_type if entry else "",
            entry.wfh_address if entry else "", entry.wfh_region_id if entry else None,
            entry.wfh_request_id if entry else None, versions.get(key, 0),
        ])
    return outcome


@transaction.atomic
def roster_undo(*, context: AuditContext, unit: Unit, steps: list[list]) -> list[Cell]:
    """Put back what one change replaced; refused (RosterConflict) if someone changed a cell since."""
    changes = [
        RosterChange(
            employee_id=employee_id, date=datetime.date.fromisoformat(day), location=location, leave_type=leave_type,
            expected_version=version_after, wfh_address=address, wfh_region_id=region_id, wfh_request_id=request_id,
        )
        for employee_id, day, location, leave_type, address, region_id, request_id, version_after in steps
    ]
    if {c.employee_id for c in changes} - _unit_staff_periods(unit, {c.employee_id for c in changes}).keys():
        raise RosterError(_("Sebagian sel bukan milik pegawai unit ini."))
    roster_entries_set(context=context, changes=changes)
    return [(c.employee_id, c.date) for c in changes]


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


# -- the undo stack, kept per unit in the user's session ------------------------------------------

def _undo_key(unit: Unit) -> str:
    return f"roster-undo-{unit.pk}"


def undo_push(session, unit: Unit, steps: list[list]) -> None:
    if steps:
        stack = session.get(_undo_key(unit), [])[-(UNDO_DEPTH - 1):]
        session[_undo_key(unit)] = [*stack, steps]


def undo_peek(session, unit: Unit) -> list[list] | None:
    stack = session.get(_undo_key(unit), [])
    return stack[-1] if stack else None


def undo_drop(session, unit: Unit) -> None:
    session[_undo_key(unit)] = session.get(_undo_key(unit), [])[:-1]


def undo_available(session, unit: Unit) -> bool:
    return bool(session.get(_undo_key(unit)))
