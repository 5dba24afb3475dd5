"""One window of plausible dates for every door: forms, imports, API serializers and query parameters.

A date outside the window is a typo (2204 for 2024, 9999-12-31) and would only make the checks compute
over centuries, so each door refuses it with the same message. Rosters, WFH requests, attendance and rules
share the window 2000-01-01 .. today + DATE_WINDOW_FUTURE_YEARS (settings); a rule spans at most
MAX_RULE_DAYS. Employment dates reach further (hired before 2000, a contract or retirement decades ahead).

`query_int` and `query_date` parse a page's query parameters: a bad value is a `BadParameter`
(a form error or a 400), never an OverflowError or a 500.
"""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

EARLIEST = datetime.date(2000, 1, 1)
EARLIEST_EMPLOYMENT = datetime.date(1950, 1, 1)
EMPLOYMENT_FUTURE_YEARS = 40
MAX_RULE_DAYS = 366
COMING_DAYS = 7  # the nightly check and a moved employee's re-check cover today and this many days ahead
MAX_ID = 2**63 - 1  # the largest primary key any database holds; larger ids would overflow SQLite


def latest(today: datetime.date | None = None, *, years: int | None = None) -> datetime.date:
    today = today or timezone.localdate()
    years = settings.DATE_WINDOW_FUTURE_YEARS if years is None else years
    try:
        return today.replace(year=today.year + years)
    except ValueError:  # 29 February
        return today.replace(year=today.year + years, day=28)


def window(*, employment: bool = False) -> tuple[datetime.date, datetime.date]:
    if employment:
        return EARLIEST_EMPLOYMENT, latest(years=EMPLOYMENT_FUTURE_YEARS)
    return EARLIEST, latest()


def out_of_window_error(*, employment: bool = False) -> ValidationError:
    start, end = window(employment=employment)
    return ValidationError(
        _("Tanggal harus antara %(start)s dan %(end)s.") % {"start": start.isoformat(), "end": end.isoformat()},
        code="out_of_range",
    )


def in_window(value: datetime.date, *, employment: bool = False) -> bool:
    start, end = window(employment=employment)
    return start <= value <= end


def validate_date(value: datetime.date) -> datetime.date:
    """Django validator (DRF serializers accept it too): refuse a date outside the window."""
    if not in_window(value):
        raise out_of_window_error()
    return value


def validate_employment_date(value: datetime.date) -> datetime.date:
    if not in_window(value, employment=True):
        raise out_of_window_error(employment=True)
    return value


def validate_span(start: datetime.date, end: datetime.date, *, max_days: int = MAX_RULE_DAYS) -> None:
    """A range runs forwards, inside the window, and is at most `max_days` long."""
    for value in (start, end):
        validate_date(value)
    if end < start:
        raise ValidationError(_("Tanggal akhir tidak boleh sebelum tanggal mulai."), code="reversed")
    if (end - start).days + 1 > max_days:
        raise ValidationError(
            _("Rentang tanggal paling panjang %(n)s hari.") % {"n": max_days}, code="too_long"
        )


def date_runs(days, *, max_gap: int = 7) -> list[tuple[datetime.date, datetime.date]]:
    """Sorted days in the window grouped into (first, last) runs broken at gaps longer than `max_gap`, so a
    computation over "the days between" covers the days actually asked about, never the years between them."""
    runs: list[list[datetime.date]] = []
    for day in sorted({d for d in days if in_window(d)}):
        if runs and (day - runs[-1][1]).days <= max_gap:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return [(first, last) for first, last in runs]


def parse_date(value, *, employment: bool = False) -> datetime.date:
    """A date from a file or API row, inside rosterhub.date_bounds' window; ValueError otherwise."""
    return within_window(_parse_any_date(value), employment=employment)


def within_window(day: datetime.date, *, employment: bool = False) -> datetime.date:
    """`day`, or ValueError with the window's message (file and API rows)."""
    if not in_window(day, employment=employment):
        raise ValueError(out_of_window_error(employment=employment).messages[0])
    return day


def _parse_any_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("Tanggal tidak dikenali: %(value)s (contoh: 2024-04-16).") % {"value": text})


_TIMESTAMP_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%Y/%m/%d %H:%M:%S")


def parse_timestamp(value, tz) -> datetime.datetime:
    """A device timestamp; naive values are local time in the agency's zone."""
    if isinstance(value, datetime.datetime):
        parsed = value
    else:
        text = str(value or "").strip()
        if not text:
            raise ValueError(_("Waktu kosong."))
        try:
            parsed = datetime.datetime.fromisoformat(text)
        except ValueError:
            for fmt in _TIMESTAMP_FORMATS:
                try:
                    parsed = datetime.datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
            else:
                raise ValueError(_("Waktu tidak dikenali: %(value)s (contoh: 2024-04-16 07:25:00).") % {"value": text}) from None
    within_window(parsed.date())  # year 0001 or 9999 would overflow when converted between zones
    return parsed.replace(tzinfo=tz) if parsed.tzinfo is None else parsed


class BoundedDateField(forms.DateField):
    """A form date field that refuses dates outside the window."""

    default_validators = [validate_date]


class BadParameter(ValueError):
    """A query or form parameter that cannot be used; `str()` is the message to show."""


def query_int(value, *, name: str = "") -> int | None:
    """An id from a query string: None when absent, BadParameter when not a positive whole number
    that fits a database key (so `abc`, `²` and 2**70 never reach the database)."""
    if value in (None, ""):
        return None
    text = str(value)
    if not (text.isascii() and text.isdigit()) or len(text) > 19 or int(text) > MAX_ID:
        raise BadParameter(_("%(name)s harus berupa nomor yang valid.") % {"name": name or _("Nilai")})
    return int(text)


def query_ints(values, *, name: str = "") -> list[int]:
    return [number for number in (query_int(v, name=name) for v in values) if number is not None]


def query_date(value, *, name: str = "") -> datetime.date | None:
    """A date from a query string (YYYY-MM-DD) inside the window: None when absent, BadParameter otherwise."""
    if value in (None, ""):
        return None
    try:
        parsed = datetime.date.fromisoformat(str(value))
    except ValueError as exc:
        raise BadParameter(_("%(name)s harus berupa tanggal YYYY-MM-DD.") % {"name": name or _("Tanggal")}) from exc
    if not in_window(parsed):
        raise BadParameter(out_of_window_error().messages[0])
    return parsed
