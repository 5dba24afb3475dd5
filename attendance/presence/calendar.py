"""An agency's working days and hours, read once per import or dashboard request."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from agencies.models import Agency, region_codes_up
from attendance.models import RamadanPeriod, WorkingHourScheme
from policies.compliance.calendar import is_working_day
from policies.models import Holiday

from .derivation import FIXED_HOURS, AgencyHours, DayHours, HourScheme, hours_on


@dataclass(frozen=True)
class AgencyCalendar:
    agency: Agency
    holidays: frozenset[datetime.date]
    ramadan: tuple[tuple[datetime.date, datetime.date], ...]
    # (unit id or None, effective from, effective until or None, scheme), newest first
    schemes: tuple[tuple[int | None, datetime.date, datetime.date | None, HourScheme], ...] = ()
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
        schemes = WorkingHourScheme.objects.filter(agency=agency, effective_from__lte=end).filter(
            Q(effective_until__isnull=True) | Q(effective_until__gte=start)
        ).order_by("-effective_from", "-id")
        return cls(
            agency,
            frozenset(holidays.values_list("date", flat=True)),
            tuple(ramadan.values_list("start_date", "end_date")),
            tuple((s.unit_id, s.effective_from, s.effective_until, scheme_of(s)) for s in schemes),
        )

    @property
    def tz(self):
        return self.agency.tzinfo

    def is_working_day(self, day: datetime.date) -> bool:
        return self._day(day)[0]

    def hours_on(self, day: datetime.date, unit_id: int | None = None) -> DayHours:
        """The agency's hours that day, under the scheme in force for the unit (or the agency)."""
        hours = self._day(day)[1]
        scheme = self.scheme_on(day, unit_id)
        return hours if scheme is FIXED_HOURS else hours.under(scheme)

    def scheme_on(self, day: datetime.date, unit_id: int | None = None) -> HourScheme:
        """A unit's own scheme takes the place of its agency's; the newest in force wins; else fixed hours."""
        agency_wide = None
        for scheme_unit, start, until, scheme in self.schemes:
            if start <= day and (until is None or day <= until):
                if scheme_unit is not None and scheme_unit == unit_id:
                    return scheme
                if scheme_unit is None and agency_wide is None:
                    agency_wide = scheme
        return agency_wide or FIXED_HOURS

    def _day(self, day: datetime.date) -> tuple[bool, DayHours]:
        if day not in self._by_day:
            working = is_working_day(day, self.agency.working_weekdays, self.holidays)
            self._by_day[day] = (working, hours_on(day, AgencyHours.of(self.agency), self.ramadan))
        return self._by_day[day]


def scheme_of(row: WorkingHourScheme) -> HourScheme:
    return HourScheme(
        kind=row.kind, name=row.name, window_start=row.window_start, window_end=row.window_end,
        day_minutes=row.day_minutes, ramadan_day_minutes=row.ramadan_day_minutes, weekly_minutes=row.weekly_minutes,
    )
