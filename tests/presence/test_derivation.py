"""Punch derivation: first-in/last-out, TL/PSW tiers, WIB/WITA/WIT, punches after midnight."""

import datetime
import zoneinfo

import pytest

from attendance.presence import derivation as d

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
WITA = zoneinfo.ZoneInfo("Asia/Makassar")
WIT = zoneinfo.ZoneInfo("Asia/Jayapura")
TUESDAY = datetime.date(2024, 4, 16)
FRIDAY = datetime.date(2024, 4, 19)
HOURS = d.AgencyHours()


def at(day, hh, mm, tz=WIB, ss=0):
    return datetime.datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=tz)


def punches(*times):
    times = sorted(times)
    return d.Punches(times[0] if times else None, times[-1] if times else None, len(times))


def derive(*times, day=TUESDAY, roster="WFO", tz=WIB, leave_type="", working_day=True, ramadan=()):
    return d.derive_day(
        day=day, roster_location=roster, leave_type=leave_type, punches=punches(*times),
        hours=d.hours_on(day, HOURS, ramadan), tz=tz, working_day=working_day,
    )


def test_first_in_last_out_decides_an_on_time_day():
    result = derive(at(TUESDAY, 7, 25), at(TUESDAY, 12, 0), at(TUESDAY, 16, 5))
    assert result.status == "H"
    assert result.check_in == at(TUESDAY, 7, 25)
    assert result.check_out == at(TUESDAY, 16, 5)
    assert (result.late_tier, result.early_tier) == (0, 0)


@pytest.mark.parametrize(
    ("check_in", "expected"),
    [((7, 30, 0), 0), ((7, 30, 1), 1), ((8, 0, 0), 1), ((8, 1, 0), 2), ((8, 30, 0), 2), ((8, 31, 0), 3),
     ((9, 0, 0), 3), ((9, 1, 0), 4), ((11, 0, 0), 4)],
)
def test_late_tiers_follow_the_30_60_90_minute_limits(check_in, expected):
    hh, mm, ss = check_in
    result = derive(at(TUESDAY, hh, mm, ss=ss), at(TUESDAY, 16, 0))
    assert result.late_tier == expected
    assert result.status == ("TL" if expected else "H")


@pytest.mark.parametrize(("check_out", "expected"), [((16, 0), 0), ((15, 59), 1), ((15, 30), 1), ((15, 29), 2), ((14, 29), 4)])
def test_early_leave_tiers_on_a_tuesday(check_out, expected):
    result = derive(at(TUESDAY, 7, 0), at(TUESDAY, *check_out))
    assert result.early_tier == expected
    assert result.status == ("PSW" if expected else "H")


def test_friday_ends_at_half_past_four():
    assert derive(at(FRIDAY, 7, 0), at(FRIDAY, 16, 10), day=FRIDAY).early_tier == 1
    assert derive(at(FRIDAY, 7, 0), at(FRIDAY, 16, 30), day=FRIDAY).status == "H"


def test_ramadan_hours_start_at_eight():
    ramadan = [(datetime.date(2024, 3, 12), datetime.date(2024, 4, 9))]
    day = datetime.date(2024, 3, 19)
    assert derive(at(day, 7, 55), at(day, 15, 0), day=day, ramadan=ramadan).status == "H"
    assert derive(at(day, 7, 55), at(day, 15, 0), day=day).late_tier == 1  # outside Ramadan: starts 07.30
    assert derive(at(day, 7, 25), at(day, 15, 0), day=day).status == "PSW"  # and ends 16.00


def test_late_and_early_both_keep_their_tiers_and_late_names_the_day():
    result = derive(at(TUESDAY, 8, 15), at(TUESDAY, 15, 0))
    assert (result.status, result.late_tier, result.early_tier) == ("TL", 2, 2)


def test_a_lone_morning_punch_is_a_check_in_with_no_check_out_psw4():
    result = derive(at(TUESDAY, 7, 20))
    assert (result.check_in, result.check_out) == (at(TUESDAY, 7, 20), None)
    assert (result.status, result.early_tier) == ("PSW", 4)


def test_a_lone_afternoon_punch_is_a_check_out_with_no_check_in_tl4():
    result = derive(at(TUESDAY, 16, 10))
    assert (result.check_in, result.check_out) == (None, at(TUESDAY, 16, 10))
    assert (result.status, result.late_tier) == ("TL", 4)


@pytest.mark.parametrize("tz", [WIB, WITA, WIT])
def test_hours_are_read_in_the_agency_time_zone(tz):
    # 07.45 local is 15 minutes late in each zone, though the instants differ.
    result = derive(at(TUESDAY, 7, 45, tz), at(TUESDAY, 16, 0, tz), tz=tz)
    assert (result.status, result.late_tier) == ("TL", 1)


def test_the_same_instant_is_on_time_in_wib_and_late_in_wita():
    instant = datetime.datetime(2024, 4, 16, 0, 29, tzinfo=datetime.UTC)  # 07.29 WIB, 08.29 WITA
    out = datetime.datetime(2024, 4, 16, 10, 0, tzinfo=datetime.UTC)  # 17.00 WIB, 18.00 WITA
    assert derive(instant, out, tz=WIB).status == "H"
    assert derive(instant, out, tz=WITA).late_tier == 2


def test_a_punch_after_midnight_counts_as_the_previous_day_check_out():
    after_midnight = at(datetime.date(2024, 4, 17), 0, 30)
    assert d.work_date_of(after_midnight, WIB) == TUESDAY
    assert d.work_date_of(at(datetime.date(2024, 4, 17), 4, 0), WIB) == datetime.date(2024, 4, 17)
    result = derive(at(TUESDAY, 7, 10), after_midnight)
    assert (result.status, result.check_out) == ("H", after_midnight)


def test_work_date_uses_the_local_calendar_day_in_wit():
    # 22.30 UTC on 15 April is 07.30 WIT on 16 April.
    assert d.work_date_of(datetime.datetime(2024, 4, 15, 22, 30, tzinfo=datetime.UTC), WIT) == TUESDAY
    assert d.work_date_of(datetime.datetime(2024, 4, 15, 22, 30, tzinfo=datetime.UTC), WIB) == datetime.date(2024, 4, 16)


def test_no_punch_on_a_working_day_is_absent_without_notice():
    assert derive().status == "TK"


def test_no_punch_on_a_day_off_records_nothing():
    assert derive(working_day=False) is None
    assert derive(roster="LIBUR") is None


@pytest.mark.parametrize(
    ("roster", "leave_type", "status"),
    [("CUTI", "CT", "C"), ("CUTI", "CBER", "C"), ("SAKIT", "", "S"), ("DL", "", "DL"), ("WFH", "", "WFH")],
)
def test_the_roster_decides_leave_sickness_field_duty_and_wfh(roster, leave_type, status):
    result = derive(roster=roster, leave_type=leave_type)
    assert result.status == status
    assert result.leave_type == leave_type


def test_leave_wins_over_stray_punches():
    assert derive(at(TUESDAY, 9, 0), roster="CUTI", leave_type="CT").status == "C"


def test_punches_without_a_roster_entry_still_derive_the_day():
    assert derive(at(TUESDAY, 7, 0), at(TUESDAY, 16, 0), roster=None).status == "H"
    assert derive(roster=None).status == "TK"
