"""Fill patterns of the roster editor as pure functions: cells in, wanted (location, leave type) out.

- team A/B: staff split by grid row (A = 1st, 3rd, … row); on the selected working days A starts
  at the office and B at home, and the two swap every working day;
- everyone WFO: every working day at the office;
- copy last week: each cell takes what the same employee had seven days earlier.
Non-working days are left alone by the first two; cells with nothing a week earlier by the last.
"""

import datetime
from collections.abc import Mapping

from attendance.models import WorkLocation

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
