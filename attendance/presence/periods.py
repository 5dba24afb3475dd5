"""The dashboard's periods: where it opens, and the presets offered as links (bookmarkable)."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from policies.compliance import is_working_day

from .selectors import MAX_PERIOD_DAYS

DEFAULT_WEEKDAYS = "12345"  # the circulars' own days; each agency's calendar decides what is checked


@dataclass(frozen=True)
class Preset:
    label: str
    start: datetime.date
    end: datetime.date
    key: str  # stable name for tests and for marking the current one


def opening_day(today: datetime.date, latest: datetime.date | None) -> datetime.date:
    """Today when today has records (or nothing has any), else the latest day that has."""
    return today if latest is None or latest >= today else latest


DAY_BUTTONS_WITHIN = 31  # a circular spanning more days (a standing arrangement) offers only its whole period
DAY_BUTTONS = 10  # its first working days, each one click away


def presets(today: datetime.date, latest: datetime.date | None, circulars) -> list[Preset]:
    """Hari ini, Kemarin, Minggu ini, Bulan ini, the latest day with records, and each circular's days
    (the whole period, then each working day of a short one, so any of them is one click away).
    `circulars` are CircularData (number, rules with start/end)."""
    yesterday = today - datetime.timedelta(days=1)
    items = [
        Preset(_("Hari ini"), today, today, "today"),
        Preset(_("Kemarin"), yesterday, yesterday, "yesterday"),
        Preset(_("Minggu ini"), today - datetime.timedelta(days=today.weekday()), today, "week"),
        Preset(_("Bulan ini"), today.replace(day=1), today, "month"),
    ]
    if latest is not None and latest < yesterday:
        items.append(Preset(_("Hari terakhir berdata (%(day)s)") % {"day": _day_text(latest)}, latest, latest, "latest"))
    for circular in circulars:
        start = min(r.start for r in circular.rules)
        longest = start + datetime.timedelta(days=MAX_PERIOD_DAYS - 1)
        end = min(max(r.last_day(longest) for r in circular.rules), longest)
        items.append(Preset(_("Hari berlaku SE %(number)s") % {"number": circular.number}, start, end, f"circular-{circular.id}"))
        if (end - start).days < DAY_BUTTONS_WITHIN:
            days = (start + datetime.timedelta(days=i) for i in range((end - start).days + 1))
            working = [day for day in days if is_working_day(day, DEFAULT_WEEKDAYS, frozenset())][:DAY_BUTTONS]
            items += [Preset(_short_day(day), day, day, f"circular-{circular.id}-{day.isoformat()}") for day in working]
    return items


def _short_day(day: datetime.date) -> str:
    from django.utils.formats import date_format

    return date_format(day, "j M")


def _day_text(day: datetime.date) -> str:
    from django.utils.formats import date_format

    return date_format(day, "j F Y")
