"""Deriving an employee's day from punches, roster and leave, as pure functions.

Working hours follow Perpres 21/2023: start 07.30 local time, Monday–Thursday end
16.00 and Friday end 16.30 (37.5 hours a week); in Ramadan 08.00 with earlier ends
(32.5 hours). Each agency stores its own hours, and these functions take them as data.

Punches after midnight: a punch before 04.00 local time belongs to the previous
local day, as that day's late check-out (nobody's working day starts before 04.00, and
an overtime check-out at 00.30 must not become the next day's check-in).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

DAY_CUTOFF = datetime.time(4, 0)

# Recap codes (attendance.models.AttendanceStatus), repeated here to keep this module pure.
PRESENT, LATE, EARLY_LEAVE, SICK, PERMISSION, LEAVE, FIELD_DUTY, STUDY, ABSENT, WFH = (
    "H", "TL", "PSW", "S", "I", "C", "DL", "TB", "TK", "WFH",
)
PRESENT_STATUSES = (PRESENT, LATE, EARLY_LEAVE, WFH)
OFFICE_STATUSES = (PRESENT, LATE, EARLY_LEAVE)

# Roster locations (attendance.models.WorkLocation).
ROSTER_WFO, ROSTER_WFH, ROSTER_DL, ROSTER_LEAVE, ROSTER_SICK, ROSTER_OFF = "WFO", "WFH", "DL", "CUTI", "SAKIT", "LIBUR"

# TL1–TL4 and PSW1–PSW4: 1–30 minutes, 31–60, 61–90, more than 90 (or no punch at all).
TIER_LIMITS_MINUTES = (30, 60, 90)


@dataclass(frozen=True)
class AgencyHours:
    """An agency's working hours: normal and Ramadan, Monday–Thursday and Friday ends."""

    start: datetime.time = datetime.time(7, 30)
    end: datetime.time = datetime.time(16, 0)
    friday_end: datetime.time = datetime.time(16, 30)
    ramadan_start: datetime.time = datetime.time(8, 0)
    ramadan_end: datetime.time = datetime.time(15, 0)
    ramadan_friday_end: datetime.time = datetime.time(15, 30)

    @classmethod
    def of(cls, agency) -> "AgencyHours":
        return cls(
            agency.work_start, agency.work_end, agency.friday_work_end,
            agency.ramadan_work_start, agency.ramadan_work_end, agency.ramadan_friday_work_end,
        )


@dataclass(frozen=True)
class DayHours:
    start: datetime.time
    end: datetime.time


def hours_on(day: datetime.date, hours: AgencyHours, ramadan: Iterable[tuple[datetime.date, datetime.date]] = ()) -> DayHours:
    """The working hours that bind on `day` (Ramadan if it falls in any of the given periods)."""
    in_ramadan = any(start <= day <= end for start, end in ramadan)
    friday = day.isoweekday() == 5
    if in_ramadan:
        return DayHours(hours.ramadan_start, hours.ramadan_friday_end if friday else hours.ramadan_end)
    return DayHours(hours.start, hours.friday_end if friday else hours.end)


def work_date_of(punched_at: datetime.datetime, tz: datetime.tzinfo) -> datetime.date:
    """The local day a punch counts for: its local date, or the day before if before 04.00."""
    local = punched_at.astimezone(tz)
    if local.time() < DAY_CUTOFF:
        return local.date() - datetime.timedelta(days=1)
    return local.date()


def tier(minutes: int | None) -> int:
    """0 for on time; 1–4 for TL/PSW tiers; None (no punch) counts as tier 4."""
    if minutes is None:
        return 4
    if minutes <= 0:
        return 0
    for index, limit in enumerate(TIER_LIMITS_MINUTES, start=1):
        if minutes <= limit:
            return index
    return 4


def _minutes_between(earlier: datetime.datetime, later: datetime.datetime) -> int:
    """Whole minutes started: 07.30:01 is one minute late (a device records seconds)."""
    seconds = (later - earlier).total_seconds()
    return int(-(-seconds // 60)) if seconds > 0 else 0


@dataclass(frozen=True)
class Punches:
    """First and last punch of one work day (aware datetimes) and how many there were."""

    first: datetime.datetime | None
    last: datetime.datetime | None
    count: int


def check_in_out(punches: Punches, day: datetime.date, hours: DayHours, tz: datetime.tzinfo):
    """First-in/last-out. A lone punch is a check-in before the middle of the working day
    and a check-out after it."""
    if punches.count == 0 or punches.first is None:
        return None, None
    if punches.count == 1:
        start = datetime.datetime.combine(day, hours.start, tz)
        end = datetime.datetime.combine(day, hours.end, tz)
        midpoint = start + (end - start) / 2
        return (punches.first, None) if punches.first < midpoint else (None, punches.first)
    return punches.first, punches.last


@dataclass(frozen=True)
class DayResult:
    status: str
    late_tier: int = 0
    early_tier: int = 0
    leave_type: str = ""
    place: str = ""  # office | home | elsewhere | ""
    check_in: datetime.datetime | None = None
    check_out: datetime.datetime | None = None


def lateness(check_in, check_out, day: datetime.date, hours: DayHours, tz: datetime.tzinfo) -> tuple[int, int]:
    """(TL tier, PSW tier) for a day with at least one punch."""
    start = datetime.datetime.combine(day, hours.start, tz)
    end = datetime.datetime.combine(day, hours.end, tz)
    late = tier(None if check_in is None else _minutes_between(start, check_in))
    early = tier(None if check_out is None else _minutes_between(check_out, end))
    return late, early


def derive_day(
    *, day: datetime.date, roster_location: str | None, leave_type: str = "", punches: Punches,
    hours: DayHours, tz: datetime.tzinfo, working_day: bool = True,
) -> DayResult | None:
    """The day's status from roster, leave and punches; None when there is nothing to record
    (a day off without punches).

    Roster leave, sickness and field duty decide the day whatever the machine says; a WFH
    day is "present (WFH)"; otherwise punches decide: none is TK on a working day, a late
    first punch is TL, an early last punch PSW (both tiers kept), else H.
    """
    if roster_location == ROSTER_LEAVE:
        return DayResult(LEAVE, leave_type=leave_type)
    if roster_location == ROSTER_SICK:
        return DayResult(SICK)
    if roster_location == ROSTER_DL:
        return DayResult(FIELD_DUTY, place="elsewhere")
    if roster_location == ROSTER_WFH:
        return DayResult(WFH, place="home")
    check_in, check_out = check_in_out(punches, day, hours, tz)
    if check_in is None and check_out is None:
        if roster_location == ROSTER_OFF or not working_day:
            return None
        return DayResult(ABSENT)
    if roster_location == ROSTER_OFF or not working_day:
        return DayResult(PRESENT, place="office", check_in=check_in, check_out=check_out)
    late, early = lateness(check_in, check_out, day, hours, tz)
    status = LATE if late else EARLY_LEAVE if early else PRESENT
    return DayResult(status, late, early, place="office", check_in=check_in, check_out=check_out)
