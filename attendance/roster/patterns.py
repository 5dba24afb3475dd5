"""Fill patterns of the roster editor as pure functions: cells in, wanted (location, leave type) out.

- team A/B: staff split by grid row (A = 1st, 3rd, … row); on the selected working days A starts
  at the office and B at home, and the two swap every working day;
- everyone WFO: every working day at the office;
- copy last week: each cell takes what the same employee had seven days earlier.
Non-working days are left alone by the first two; cells with nothing a week earlier by the last.

`within_caps` then makes sure a pattern never creates a breach: on each day it keeps only as many
WFH as the binding rule leaves room for (the compliance package's `cap_check`), counting the WFH
the pattern does not touch (approved requests, cells outside the selection), and puts nobody at
home on a WFO-100% day.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from attendance.models import WORKING_LOCATIONS, WorkLocation
from policies.compliance import cap_check

TEAM_AB = "team_ab"
ALL_WFO = "all_wfo"
COPY_LAST_WEEK = "copy_last_week"
PATTERNS = (TEAM_AB, ALL_WFO, COPY_LAST_WEEK)

Cell = tuple[int, datetime.date]  # (employee id, day)
Wanted = tuple[str, str]  # (location, leave type)


def pattern_fill(
    pattern: str, cells: list[Cell], *, row_order: Mapping[int, int], working: Mapping[datetime.date, bool],
    last_week: Mapping[Cell, Wanted] | None = None,
) -> dict[Cell, Wanted]:
    if pattern == ALL_WFO:
        return {cell: (WorkLocation.WFO.value, "") for cell in cells if working.get(cell[1])}
    if pattern == TEAM_AB:
        working_days = sorted({day for _, day in cells if working.get(day)})
        index = {day: n for n, day in enumerate(working_days)}
        wanted = {}
        for employee_id, day in cells:
            if day in index:
                at_home = (row_order[employee_id] + index[day]) % 2 == 1
                wanted[(employee_id, day)] = (WorkLocation.WFH.value if at_home else WorkLocation.WFO.value, "")
        return wanted
    if pattern == COPY_LAST_WEEK:
        last_week = last_week or {}
        week = datetime.timedelta(days=7)
        return {cell: last_week[(cell[0], cell[1] - week)] for cell in cells if (cell[0], cell[1] - week) in last_week}
    raise ValueError(pattern)


@dataclass
class Fitted:
    wanted: dict[Cell, Wanted]
    held_back: set[datetime.date] = field(default_factory=set)  # days where the cap kept some staff at the office


def within_caps(
    wanted: Mapping[Cell, Wanted], *, statuses: Mapping[datetime.date, object], current: Mapping[Cell, str],
    employment_types: Mapping[Cell, str], row_order: Mapping[int, int],
) -> Fitted:
    """`wanted` trimmed so no day goes over its binding cap. `statuses` are the days' DayStatus before
    the fill, `current` each wanted cell's location now ("" when empty), `employment_types` the type
    each cell's employee held that day (the rule counts some types only). The WFH the cap has no
    room for go to the office, the last in grid order first."""
    fitted = dict(wanted)
    held_back = set()
    for day, status in statuses.items():
        cap = getattr(status, "cap", None)
        if cap is None:
            continue
        rule = status.applicability.binding
        cells = sorted((c for c in fitted if c[1] == day), key=lambda c: row_order.get(c[0], 0))
        if cap.wfo_only:
            counted_home = [c for c in cells if fitted[c][0] == WorkLocation.WFH]
        else:
            counted_home = [
                c for c in cells if fitted[c][0] == WorkLocation.WFH and employment_types.get(c) in rule.employment_types
            ]
        counted_cells = [c for c in cells if employment_types.get(c) in rule.employment_types]
        # The day as it stands without the cells the pattern rewrites, then with their new places.
        before = status.facts.total(rule.employment_types)
        untouched = before._replace(
            wfh=before.wfh - sum(current.get(c) == WorkLocation.WFH for c in counted_cells),
            scheduled=before.scheduled
            - sum(current.get(c) in WORKING_LOCATIONS for c in counted_cells)
            + sum(fitted[c][0] in WORKING_LOCATIONS for c in counted_cells),
        )
        check = cap_check(rule, untouched, adding=len(counted_home))
        if check.fits:
            continue
        keep = 0 if cap.wfo_only else check.room
        for cell in counted_home[keep:]:
            fitted[cell] = (WorkLocation.WFO.value, "")
        held_back.add(day)
    return Fitted(fitted, held_back)
