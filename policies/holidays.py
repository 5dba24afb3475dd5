"""Indonesia's holiday calendar from the `holidays` package.

National holidays are its PUBLIC category; cuti bersama (collective leave) lives in its
GOVERNMENT category, so both are loaded. Local additions are Holiday rows with a region
or agency, entered by an administrator; this sync never touches them.
"""

import datetime
from collections.abc import Iterable

import holidays as holiday_calendars
from django.db import transaction

from .models import Holiday, HolidayKind

_CATEGORY_KINDS = {"public": HolidayKind.NATIONAL, "government": HolidayKind.COLLECTIVE_LEAVE}
_SYNCED_KINDS = list(_CATEGORY_KINDS.values())


def indonesian_calendar(years: Iterable[int]) -> set[tuple[datetime.date, str, str]]:
    """(date, kind, name) for every national holiday and cuti bersama in the years."""
    rows = set()
    for category, kind in _CATEGORY_KINDS.items():
        calendar = holiday_calendars.country_holidays("ID", years=list(years), categories=(category,), language="id")
        for day, names in calendar.items():
            # The package joins two holidays falling on one date with "; ".
            rows.update((day, kind.value, name.strip()) for name in names.split(";") if name.strip())
    return rows


@transaction.atomic
def holidays_sync(*, years: Iterable[int]) -> dict[str, int]:
    """Make the national rows of the given years equal to the calendar; returns counts."""
    years = sorted(set(years))
    wanted = indonesian_calendar(years)
    national = Holiday.objects.filter(
        region__isnull=True, agency__isnull=True, kind__in=_SYNCED_KINDS, date__year__in=years
    )
    stored = {(h.date, h.kind, h.name): h.pk for h in national}
    stale = [pk for key, pk in stored.items() if key not in wanted]
    Holiday.objects.filter(pk__in=stale).delete()
    Holiday.objects.bulk_create(
        [Holiday(date=day, kind=kind, name=name) for day, kind, name in sorted(wanted - stored.keys())]
    )
    return {"created": len(wanted - stored.keys()), "deleted": len(stale), "total": len(wanted)}
