"""Working-hour schemes (PermenPANRB 4/2025's flexible time): TL/PSW tiers at each scheme's
boundaries and the weekly 37.5-hour check, as pure functions."""

import datetime
import zoneinfo

import pytest

from attendance.models import HourSchemeKind
from attendance.presence import derivation as d

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
TUE_8_APR_2025 = datetime.date(2025, 4, 8)
MON_7_APR_2025 = datetime.date(2025, 4, 7)
HOURS = d.AgencyHours()
WINDOW = d.HourScheme(kind=HourSchemeKind.WINDOW, name="07.00–08.30", window_start=datetime.time(7, 0),
                      window_end=datetime.time(8, 30))
DYNAMIC = d.HourScheme(kind=HourSchemeKind.DYNAMIC, name="dinamis")


def at(hh, mm, ss=0, day=TUE_8_APR_2025):
    return datetime.datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=WIB)


def hours(scheme=d.FIXED_HOURS, day=TUE_8_APR_2025, ramadan=()):
    return d.hours_on(day, HOURS, ramadan).under(scheme)


def tiers(check_in, check_out, scheme, day=TUE_8_APR_2025, ramadan=()):
    return d.lateness(check_in, check_out, day, hours(scheme, day, ramadan), WIB)


@pytest.mark.parametrize(("arrival", "tl"), [
    ((7, 30, 0), 0), ((7, 30, 1), 1), ((8, 0, 0), 1), ((8, 0, 1), 2), ((8, 30, 0), 2), ((8, 31, 0), 3),
    ((9, 0, 0), 3), ((9, 0, 1), 4),
])
def test_fixed_hours_count_lateness_from_0730(arrival, tl):
    assert tiers(at(*arrival), at(16, 0), d.FIXED_HOURS) == (tl, 0)


def test_fixed_hours_in_ramadan_start_at_0800():
    ramadan = [(datetime.date(2025, 3, 1), datetime.date(2025, 3, 30))]
    day = datetime.date(2025, 3, 18)
    assert tiers(at(8, 0, day=day), at(15, 0, day=day), d.FIXED_HOURS, day, ramadan) == (0, 0)
    assert tiers(at(8, 0, 1, day=day), at(15, 0, day=day), d.FIXED_HOURS, day, ramadan) == (1, 0)


@pytest.mark.parametrize(("arrival", "tl"), [
    ((6, 45, 0), 0), ((7, 0, 0), 0), ((8, 30, 0), 0), ((8, 30, 1), 1), ((9, 0, 0), 1), ((9, 0, 1), 2),
    ((9, 30, 0), 2), ((9, 31, 0), 3), ((10, 0, 0), 3), ((10, 0, 1), 4),
])
def test_an_arrival_window_counts_lateness_only_past_its_end(arrival, tl):
    assert tiers(at(*arrival), at(18, 0), WINDOW)[0] == tl


@pytest.mark.parametrize(("arrival", "leave", "psw"), [
    ((7, 0), (14, 30), 0),  # 07.00 + 7 h 30 m
    ((7, 0), (14, 29), 1),
    ((6, 30), (14, 30), 0),  # earlier than the window counts from its start
    ((6, 30), (14, 0), 1),
    ((8, 0), (15, 30), 0),
    ((8, 0), (15, 0), 1), ((8, 0), (14, 59), 2), ((8, 0), (14, 30), 2), ((8, 0), (14, 29), 3), ((8, 0), (13, 59), 4),
    ((8, 30), (16, 0), 0),
    ((9, 15), (16, 0), 0),  # a late arrival owes the hours from the window's end (and is TL already)
])
def test_an_arrival_window_counts_early_leave_from_arrival_plus_7h30(arrival, leave, psw):
    assert tiers(at(*arrival), at(*leave), WINDOW)[1] == psw


def test_an_arrival_window_without_a_check_in_or_out_is_tier_4():
    assert tiers(None, at(16, 0), WINDOW) == (4, 0)
    assert tiers(at(7, 10), None, WINDOW) == (0, 4)


def test_dynamic_hours_have_no_daily_start_or_end():
    assert tiers(at(10, 30), at(14, 0), DYNAMIC) == (0, 0)
    assert tiers(None, at(14, 0), DYNAMIC) == (4, 0)


def test_derive_day_under_a_window_is_present_inside_it_and_late_past_it():
    def derive(first, last):
        return d.derive_day(day=TUE_8_APR_2025, roster_location="WFO", punches=d.Punches(first, last, 2),
                            hours=hours(WINDOW), tz=WIB)
    assert derive(at(8, 25), at(16, 0)).status == "H"
    late = derive(at(8, 50), at(16, 30))
    assert (late.status, late.late_tier) == ("TL", 1)
    # The same punches under fixed hours: 08.25 is 55 minutes past 07.30, TL2.
    assert d.derive_day(day=TUE_8_APR_2025, roster_location="WFO", punches=d.Punches(at(8, 25), at(16, 0), 2),
                        hours=hours(), tz=WIB).late_tier == 2


def test_a_wfa_day_is_present_elsewhere():
    result = d.derive_day(day=TUE_8_APR_2025, roster_location="WFA", punches=d.Punches(None, None, 0),
                          hours=hours(), tz=WIB)
    assert (result.status, result.place) == ("WFH", "elsewhere")


# -- the week against 37.5 hours ------------------------------------------------------------------

WEEK = [datetime.date(2025, 4, 14) + datetime.timedelta(days=n) for n in range(5)]  # Mon 14 – Fri 18 April 2025


def day_at(day, hh, mm):
    return datetime.datetime(day.year, day.month, day.day, hh, mm, tzinfo=WIB)


def week(scheme, spans, statuses=None):
    statuses = statuses or ["H"] * len(spans)
    return d.week_hours(
        (status, day_at(day, *span[0]) if span else None, day_at(day, *span[1]) if span and span[1] else None,
         d.hours_on(day, HOURS).under(scheme))
        for day, span, status in zip(WEEK, spans, statuses, strict=False)
    )


def test_a_full_fixed_week_is_exactly_37_5_hours_net_of_breaks():
    spans = [((7, 30), (16, 0))] * 4 + [((7, 30), (16, 30))]
    result = week(d.FIXED_HOURS, spans)
    assert (result.worked_minutes, result.due_minutes, result.shortfall_minutes) == (2250, 2250, 0)


def test_a_window_week_one_minute_short_shows_a_shortfall_of_one_minute():
    spans = [((7, 0), (14, 30))] * 4 + [((8, 0), (15, 29))]
    result = week(WINDOW, spans)
    assert (result.worked_minutes, result.due_minutes, result.shortfall_minutes) == (2249, 2250, 1)


def test_dynamic_hours_let_long_days_make_up_short_ones():
    spans = [((7, 0), (17, 0)), ((9, 0), (14, 0)), ((8, 0), (15, 30)), ((8, 0), (15, 30)), ((8, 0), (15, 30))]
    assert week(DYNAMIC, spans).shortfall_minutes == 0  # 600 + 300 + 3 × 450 = 2250
    spans[0] = ((7, 0), (16, 59))
    assert week(DYNAMIC, spans).shortfall_minutes == 1


def test_excused_days_are_not_due_and_a_missing_punch_counts_nothing_worked():
    spans = [((7, 0), (14, 30)), None, None, ((7, 0), None), ((7, 0), (14, 30))]
    result = week(WINDOW, spans, ["H", "WFH", "C", "PSW", "H"])
    assert (result.office_days, result.due_minutes, result.worked_minutes, result.shortfall_minutes) == (3, 1350, 900, 450)
