"""The calendar rules every check and count shares: working days, day ranges and region containment."""

import datetime
from collections.abc import Collection

from agencies.models import region_code_within as region_within  # noqa: F401  (one home, below every app)


def is_working_day(day: datetime.date, working_weekdays: str, holidays: Collection[datetime.date]) -> bool:
    """`working_weekdays` spells ISO weekdays ("12345" is Monday to Friday)."""
    return str(day.isoweekday()) in working_weekdays and day not in holidays


def days_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    return [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]
