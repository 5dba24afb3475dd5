"""PP 94/2021 discipline steps for unexcused absence (TK), as pure functions.

TK days are counted per calendar year; ten consecutive working days of TK also mean
dismissal (pemberhentian). Inspectors see who has reached a step and who is near the next.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# (days of TK in a year from which the step applies, its name)
STEPS = (
    (3, _("Teguran lisan")),
    (4, _("Teguran tertulis")),
    (7, _("Pernyataan tidak puas secara tertulis")),
    (11, _("Pemotongan tunjangan kinerja 25% selama 6 bulan")),
    (14, _("Pemotongan tunjangan kinerja 25% selama 9 bulan")),
    (17, _("Pemotongan tunjangan kinerja 25% selama 12 bulan")),
    (21, _("Penurunan jabatan setingkat lebih rendah selama 12 bulan")),
    (25, _("Pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan")),
    (28, _("Pemberhentian dengan hormat tidak atas permintaan sendiri")),
)
DISMISSAL = STEPS[-1][1]
CONSECUTIVE_DISMISSAL_DAYS = 10
WATCH_FROM_DAYS = 2  # one day short of the first step


@dataclass(frozen=True)
class Standing:
    days: int
    longest_run: int
    step: str | None  # the step reached, if any
    next_step: str | None
    days_to_next: int | None

    @property
    def reached_dismissal_by_run(self) -> bool:
        return self.longest_run >= CONSECUTIVE_DISMISSAL_DAYS


def standing(days: int, longest_run: int = 0) -> Standing:
    """The step reached by `days` of TK this year, and the next one."""
    reached = None
    for threshold, name in STEPS:
        if days >= threshold:
            reached = name
    if longest_run >= CONSECUTIVE_DISMISSAL_DAYS:
        reached = DISMISSAL
    upcoming = next(((t, n) for t, n in STEPS if days < t), None)
    if reached == DISMISSAL or upcoming is None:
        return Standing(days, longest_run, reached, None, None)
    return Standing(days, longest_run, reached, upcoming[1], upcoming[0] - days)


def longest_run(absent_days: Iterable[datetime.date], is_working_day: Callable[[datetime.date], bool]) -> int:
    """The longest stretch of TK days with no working day in between (weekends and
    holidays do not break a run; a working day present does)."""
    days = sorted(set(absent_days))
    best = run = 0
    previous = None
    for day in days:
        if previous is not None and _only_non_working_between(previous, day, is_working_day):
            run += 1
        else:
            run = 1
        best = max(best, run)
        previous = day
    return best


def _only_non_working_between(a: datetime.date, b: datetime.date, is_working_day) -> bool:
    day = a + datetime.timedelta(days=1)
    while day < b:
        if is_working_day(day):
            return False
        day += datetime.timedelta(days=1)
    return True
