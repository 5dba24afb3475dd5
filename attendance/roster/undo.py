"""Undo and redo over the whole sequence of an editing session, kept per unit in the user's session.

A step records, for each cell it wrote, what the cell held before and what it holds after.
Beside the steps the session keeps the version it last wrote to each cell (`seen`): undoing or
redoing a step expects each cell to still hold that version. So the session's own later steps,
and the undos of them, never look like someone else's change (each write moves `seen` along),
while an edit by anyone else since then leaves a newer version and the step is refused, naming
who changed the cell (RosterConflict).
"""

import datetime

from .services import RosterChange, stored_place

UNDO, REDO = "undo", "redo"
STEP_LIMIT = 50
CELL_BUDGET = 20_000  # cells over all kept steps: a month's pattern on 300 staff is 9,300

Cell = tuple[int, datetime.date]
State = list  # [location, leave_type, wfh_address, wfh_region_id, wfh_request_id]; [""] * … when empty
EMPTY: State = ["", "", "", None, None]


def entry_state(entry) -> State:
    """What a cell holds, as a step stores it (None → empty cell)."""
    if entry is None:
        return list(EMPTY)
    return [entry.location, entry.leave_type, entry.wfh_address, entry.wfh_region_id, entry.wfh_request_id]


def change_state(change: RosterChange) -> State:
    if not change.location:
        return list(EMPTY)
    return [change.location, change.leave_type, *stored_place(change)]


def _cell_key(employee_id: int, iso: str) -> str:
    return f"{employee_id}:{iso}"


class RosterHistory:
    """The session's undo and redo stacks for one unit. Call `save()` after changing them."""

    def __init__(self, session, unit_id: int):
        self.session = session
        self.key = f"roster-history-{unit_id}"
        data = session.get(self.key) or {}
        self.stacks = {UNDO: data.get(UNDO, []), REDO: data.get(REDO, [])}
        self.seen: dict[str, int] = data.get("seen", {})

    def can(self, direction: str) -> bool:
        return bool(self.stacks[direction])

    def record(self, cells: list[list], versions: dict[Cell, int]) -> None:
        """A new change by the editor: [[employee id, ISO day, before, after], …]; redo is gone."""
        if not cells:
            return
        self.stacks[UNDO].append(cells)
        self.stacks[REDO] = []
        self._saw(versions)

    def peek(self, direction: str) -> list[list] | None:
        stack = self.stacks[direction]
        return stack[-1] if stack else None

    def changes(self, direction: str) -> list[RosterChange]:
        """What undoing (back to `before`) or redoing (to `after`) the next step writes, each cell
        guarded by the version this session last wrote there."""
        changes = []
        for employee_id, iso, before, after in self.peek(direction) or []:
            location, leave_type, address, region_id, request_id = before if direction == UNDO else after
            changes.append(RosterChange(
                employee_id=employee_id, date=datetime.date.fromisoformat(iso), location=location,
                leave_type=leave_type, wfh_address=address, wfh_region_id=region_id, wfh_request_id=request_id,
                expected_version=self.seen.get(_cell_key(employee_id, iso), -1),
            ))
        return changes

    def expected(self, direction: str) -> dict[Cell, State]:
        """What each cell of the next step must hold now: its `after` to undo, its `before` to redo."""
        return {
            (employee_id, datetime.date.fromisoformat(iso)): after if direction == UNDO else before
            for employee_id, iso, before, after in self.peek(direction) or []
        }

    def moved(self, direction: str, versions: dict[Cell, int]) -> None:
        """The next step was undone (or redone): it moves to the other stack."""
        step = self.stacks[direction].pop()
        self.stacks[REDO if direction == UNDO else UNDO].append(step)
        self._saw(versions)

    def discard(self, direction: str) -> None:
        """The next step cannot be taken (someone else changed its cells): drop it."""
        self.stacks[direction].pop()

    def save(self) -> None:
        self._trim()
        self.session[self.key] = {UNDO: self.stacks[UNDO], REDO: self.stacks[REDO], "seen": self.seen}

    def _saw(self, versions: dict[Cell, int]) -> None:
        for (employee_id, day), version in versions.items():
            self.seen[_cell_key(employee_id, day.isoformat())] = version

    def _trim(self) -> None:
        """Oldest steps go first past the step or cell budget; `seen` keeps only cells still in a step."""
        undo, redo = self.stacks[UNDO], self.stacks[REDO]
        while undo and (len(undo) + len(redo) > STEP_LIMIT or sum(map(len, undo + redo)) > CELL_BUDGET):
            undo.pop(0)
        kept = {_cell_key(e, iso) for step in undo + redo for e, iso, *_rest in step}
        self.seen = {k: v for k, v in self.seen.items() if k in kept}
