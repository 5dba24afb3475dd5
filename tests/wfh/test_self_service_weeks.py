"""Kehadiran saya: each week against 37.5 hours under the scheme in force (issue 15)."""

import datetime

import pytest
from django.urls import reverse

from attendance.models import AttendanceRecord, HourSchemeKind, WorkingHourScheme

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2025, 4, 14)


def test_the_employee_sees_a_weekly_shortfall_under_an_arrival_window(client, world):
    me = world.bekasi_staff[1]
    WorkingHourScheme.objects.create(agency=me.agency, name="07.00–08.30", kind=HourSchemeKind.WINDOW,
                                     effective_from=MONDAY, window_start=datetime.time(7), window_end=datetime.time(8, 30))
    tz = me.agency.tzinfo
    for n in range(5):  # 07.00–14.30 every day, but Friday ends at 14.00: 30 minutes short of 37.5 hours
        day = MONDAY + datetime.timedelta(days=n)
        out = datetime.time(14, 0) if n == 4 else datetime.time(14, 30)
        AttendanceRecord.objects.create(
            agency=me.agency, unit=me.unit, employee=me, date=day, status="H" if n < 4 else "PSW",
            early_tier=0 if n < 4 else 1, source="device", place="office",
            check_in=datetime.datetime.combine(day, datetime.time(7), tz), check_out=datetime.datetime.combine(day, out, tz),
        )
    client.force_login(world.bekasi_employee)
    response = client.get(reverse("selfservice:attendance"), {"bulan": "2025-04"})
    week = next(w for monday, _sunday, w in response.context["weeks"] if monday == MONDAY)
    assert (week.worked_minutes, week.due_minutes, week.shortfall_minutes) == (2220, 2250, 30)
    assert 'data-shortfall="30"' in response.content.decode()
