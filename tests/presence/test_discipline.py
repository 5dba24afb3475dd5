"""PP 94/2021 watchlist thresholds."""

import datetime

import pytest

from attendance.presence import discipline


@pytest.mark.parametrize(
    ("days", "step", "next_step_from"),
    [(2, None, 3), (3, "Teguran lisan", 4), (4, "Teguran tertulis", 7), (6, "Teguran tertulis", 7),
     (7, "Pernyataan tidak puas secara tertulis", 11), (10, "Pernyataan tidak puas secara tertulis", 11),
     (11, "Pemotongan tunjangan kinerja 25% selama 6 bulan", 14), (14, "Pemotongan tunjangan kinerja 25% selama 9 bulan", 17),
     (17, "Pemotongan tunjangan kinerja 25% selama 12 bulan", 21), (21, "Penurunan jabatan setingkat lebih rendah selama 12 bulan", 25),
     (25, "Pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan", 28)],
)
def test_each_step_starts_at_its_pp_94_threshold(days, step, next_step_from):
    standing = discipline.standing(days)
    assert (str(standing.step) if standing.step else None) == step
    assert standing.days_to_next == next_step_from - days


def test_twenty_eight_days_means_dismissal_with_nothing_next():
    standing = discipline.standing(28)
    assert standing.step == discipline.DISMISSAL
    assert standing.next_step is None


def test_ten_consecutive_working_days_mean_dismissal_even_with_few_days():
    standing = discipline.standing(10, longest_run=10)
    assert standing.step == discipline.DISMISSAL and standing.reached_dismissal_by_run
    assert discipline.standing(10, longest_run=9).step != discipline.DISMISSAL


def weekdays(day):
    return day.isoweekday() <= 5


def test_a_weekend_does_not_break_a_run_of_absence():
    # Mon 1 – Fri 12 April 2024: ten working days across one weekend.
    days = [datetime.date(2024, 4, d) for d in (1, 2, 3, 4, 5, 8, 9, 10, 11, 12)]
    assert discipline.longest_run(days, weekdays) == 10


def test_a_working_day_present_breaks_the_run():
    days = [datetime.date(2024, 4, d) for d in (1, 2, 3, 5, 8)]  # present on Thu 4
    assert discipline.longest_run(days, weekdays) == 3


def test_a_holiday_does_not_break_the_run():
    holidays = {datetime.date(2024, 4, 10)}
    days = [datetime.date(2024, 4, 9), datetime.date(2024, 4, 11)]
    assert discipline.longest_run(days, lambda d: weekdays(d) and d not in holidays) == 2
    assert discipline.longest_run(days, weekdays) == 1
