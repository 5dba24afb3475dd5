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

from attendance.models import AttendanceRecord, AttendanceStatus, HourSchemeKind, WorkLocation

DAY_CUTOFF = datetime.time(4, 0)

Status, Location, Place = AttendanceStatus, WorkLocation, AttendanceRecord.Place
PRESENT_STATUSES = (Status.PRESENT, Status.LATE, Status.EARLY_LEAVE, Status.WFH)
OFFICE_STATUSES = (Status.PRESENT, Status.LATE, Status.EARLY_LEAVE)
# What a status says of where the employee worked, when the status alone says it.
PLACE_OF_STATUS = {**dict.fromkeys(OFFICE_STATUSES, Place.OFFICE), Status.WFH: Place.HOME, Status.FIELD_DUTY: Place.ELSEWHERE}

# TL1–TL4 and PSW1–PSW4: 1–30 minutes, 31–60, 61–90, more than 90 (or no punch at all).
TIER_LIMITS_MINUTES = (30, 60, 90)


@dataclass(frozen=True)
class HourScheme:
    """How an employee's day is timed (PermenPANRB 4/2025's flexible time, Perpres 21/2023's 37.5 h):

    - fixed: the agency's start and end (07.30; 08.00 in Ramadan); TL/PSW against them;
    - window: arrive between `window_start` and `window_end`; TL counts from `window_end`; leave
      no earlier than arrival (held inside the window) + `day_minutes`; PSW counts from there;
    - dynamic: no daily start or end (only a missing punch is TL4/PSW4); the week is held
      against `weekly_minutes` instead (`week_hours`).
    """

    kind: str = HourSchemeKind.FIXED
    name: str = ""
    window_start: datetime.time | None = None
    window_end: datetime.time | None = None
    day_minutes: int = 450  # 7 h 30 m: 37.5 hours over five days
    ramadan_day_minutes: int = 390  # 6 h 30 m: 32.5 hours over five days
    weekly_minutes: int = 2250

    def minutes_on(self, hours: "DayHours") -> int:
        return self.ramadan_day_minutes if hours.ramadan else self.day_minutes


FIXED_HOURS = HourScheme()


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
    """The agency's fixed start and end on a day, and the scheme the employee follows that day."""

    start: datetime.time
    end: datetime.time
    ramadan: bool = False
    scheme: HourScheme = FIXED_HOURS

    def under(self, scheme: HourScheme) -> "DayHours":
        return DayHours(self.start, self.end, self.ramadan, scheme)


def hours_on(day: datetime.date, hours: AgencyHours, ramadan: Iterable[tuple[datetime.date, datetime.date]] = ()) -> DayHours:
    """The working hours that bind on `day` (Ramadan if it falls in any of the given periods)."""
    in_ramadan = any(start <= day <= end for start, end in ramadan)
    friday = day.isoweekday() == 5
    if in_ramadan:
        return DayHours(hours.ramadan_start, hours.ramadan_friday_end if friday else hours.ramadan_end, True)
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
    """(TL tier, PSW tier) for a day with at least one punch, under the day's scheme."""
    scheme = hours.scheme
    if scheme.kind == HourSchemeKind.DYNAMIC:
        return (4 if check_in is None else 0), (4 if check_out is None else 0)
    if scheme.kind == HourSchemeKind.WINDOW:
        earliest = datetime.datetime.combine(day, scheme.window_start, tz)
        latest = datetime.datetime.combine(day, scheme.window_end, tz)
        late = tier(None if check_in is None else _minutes_between(latest, check_in))
        # A late arrival owes the hours from the window's end (its lateness is TL already).
        arrival = latest if check_in is None else min(max(check_in, earliest), latest)
        due_out = arrival + datetime.timedelta(minutes=scheme.minutes_on(hours))
        early = tier(None if check_out is None else _minutes_between(check_out, due_out))
        return late, early
    start = datetime.datetime.combine(day, hours.start, tz)
    end = datetime.datetime.combine(day, hours.end, tz)
    late = tier(None if check_in is None else _minutes_between(start, check_in))
    early = tier(None if check_out is None else _minutes_between(check_out, end))
    return late, early


@dataclass(frozen=True)
class WeekHours:
    """One employee's office week against the scheme's weekly hours (37.5 h; fewer when days are
    excused: only days at the office, H/TL/PSW, are due, each `day_minutes`)."""

    worked_minutes: int
    due_minutes: int
    office_days: int

    @property
    def shortfall_minutes(self) -> int:
        return max(0, self.due_minutes - self.worked_minutes)


def week_hours(days: Iterable[tuple[str, datetime.datetime | None, datetime.datetime | None, DayHours]]) -> WeekHours:
    """(status, check-in, check-out, that day's hours) of one employee's week -> worked against due.

    Worked time is check-in to check-out; under fixed hours the day's break (the fixed span
    beyond `day_minutes`: 60 minutes Monday–Thursday, 90 on Friday) is not working time. A day
    with a missing punch counts nothing worked. Long days make up short ones within the week."""
    worked = due = office = 0
    for status, check_in, check_out, hours in days:
        if status not in OFFICE_STATUSES:
            continue
        office += 1
        scheme = hours.scheme
        due += scheme.minutes_on(hours)
        if check_in is None or check_out is None:
            continue
        minutes = int((check_out - check_in).total_seconds() // 60)
        if scheme.kind == HourSchemeKind.FIXED:
            span = (datetime.datetime.combine(datetime.date.min, hours.end)
                    - datetime.datetime.combine(datetime.date.min, hours.start)).seconds // 60
            minutes -= max(0, span - scheme.minutes_on(hours))
        worked += max(0, minutes)
    return WeekHours(worked, due, office)


def derive_day(
    *, day: datetime.date, roster_location: str | None, leave_type: str = "", punches: Punches,
    hours: DayHours, tz: datetime.tzinfo, working_day: bool = True,
) -> DayResult | None:
    """The day's status from roster, leave and punches; None when there is nothing to record
    (a day off without punches).

    Roster leave, sickness and field duty decide the day whatever the machine says; a WFH
    day is "present (WFH)" at home, a WFA day the same elsewhere; otherwise (the office, or
    another office: "kantor lain") punches decide: none is TK on a working day, a late
    first punch is TL, an early last punch PSW (both tiers kept), else H.
    """
    if roster_location == Location.LEAVE:
        return DayResult(Status.LEAVE, leave_type=leave_type)
    if roster_location == Location.SICK:
        return DayResult(Status.SICK)
    if roster_location == Location.DL:
        return DayResult(Status.FIELD_DUTY, place=Place.ELSEWHERE)
    if roster_location == Location.WFH:
        return DayResult(Status.WFH, place=Place.HOME)
    if roster_location == Location.WFA:
        # Working remotely from another location: present like WFH, and "where" says elsewhere.
        return DayResult(Status.WFH, place=Place.ELSEWHERE)
    check_in, check_out = check_in_out(punches, day, hours, tz)
    if check_in is None and check_out is None:
        if roster_location == Location.OFF or not working_day:
            return None
        return DayResult(Status.ABSENT)
    if roster_location == Location.OFF or not working_day:
        return DayResult(Status.PRESENT, place=Place.OFFICE, check_in=check_in, check_out=check_out)
    late, early = lateness(check_in, check_out, day, hours, tz)
    status = Status.LATE if late else Status.EARLY_LEAVE if early else Status.PRESENT
    return DayResult(status, late, early, place=Place.OFFICE, check_in=check_in, check_out=check_out)
