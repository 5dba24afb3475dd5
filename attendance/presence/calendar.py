"""An agency's working days and hours, read once per import or dashboard request."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from agencies.models import Agency, region_codes_up
from attendance.models import RamadanPeriod
from policies.compliance.calendar import is_working_day
from policies.models import Holiday

from .derivation import AgencyHours, DayHours, hours_on


@dataclass(frozen=True)
class AgencyCalendar:
    agency: Agency
    holidays: frozenset[datetime.date]
    ramadan: tuple[tuple[datetime.date, datetime.date], ...]
    _by_day: dict = field(default_factory=dict, compare=False, repr=False)  # imports ask for each day thousands of times

    @classmethod
    def load(cls, agency: Agency, start: datetime.date, end: datetime.date) -> "AgencyCalendar":
        holidays = Holiday.objects.filter(date__range=(start, end)).filter(
            Q(region__isnull=True, agency__isnull=True)
            | Q(region__code__in=region_codes_up(agency.seat_region.code))
            | Q(agency=agency)
        )
        ramadan = RamadanPeriod.objects.filter(start_date__lte=end, end_date__gte=start).filter(
            Q(agency__isnull=True) | Q(agency=agency)
        )
        return cls(
            agency,
            frozenset(holidays.values_list("date", flat=True)),
            tuple(ramadan.values_list("start_date", "end_date")),
        )

    @property
    def tz(self):
        return self.agency.tzinfo

    def is_working_day(self, day: datetime.date) -> bool:
        return self._day(day)[0]

    def hours_on(self, day: datetime.date) -> DayHours:
        return self._day(day)[1]

    def _day(self, day: datetime.date) -> tuple[bool, DayHours]:
        if day not in self._by_day:
            working = is_working_day(day, self.agency.working_weekdays, self.holidays)
            self._by_day[day] = (working, hours_on(day, AgencyHours.of(self.agency), self.ramadan))
        return self._by_day[day]
