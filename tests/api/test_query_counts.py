"""Every list endpoint costs the same number of queries for 3 rows or 60: no query per row."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from attendance.models import AttendanceRecord, DevicePunch, RosterEntry, WfhRequest, WfhRequestDay
from policies.models import Circular, Finding, Rule
from tests import factories as f

pytestmark = pytest.mark.django_db

LISTS = ["regions", "agencies", "units", "employees", "circulars", "findings", "roster-entries", "wfh-requests",
         "attendance-records", "device-punches"]


def add_rows(world, n):
    unit = f.unit(world.bekasi, f"Bagian {n}", "administration")
    circular = Circular.objects.create(number=f"{n}/2024", title="SE", issuer=world.bekasi, signed_on=datetime.date(2024, 4, 1),
                                       status="published")
    rule = Rule.objects.create(circular=circular, start_date=datetime.date(2024, 4, 1), end_date=datetime.date(2024, 4, 30),
                               categories=["administration"], wfh_cap_percent=50)
    for i in range(n):
        e = f.employee(unit)
        day = datetime.date(2024, 4, 1) + datetime.timedelta(days=i % 28)
        RosterEntry.objects.create(agency=world.bekasi, unit=unit, employee=e, date=day, location="WFO")
        AttendanceRecord.objects.create(agency=world.bekasi, unit=unit, employee=e, date=day, status="H", source="device")
        DevicePunch.objects.create(agency=world.bekasi, employee=e, local_date=day,
                                   punched_at=datetime.datetime(2024, 4, 1, 1, i % 60, tzinfo=datetime.UTC))
        request = WfhRequest.objects.create(agency=world.bekasi, unit=unit, employee=e, reason="x", address="y",
                                            submitted_by=world.bekasi_hr)
        WfhRequestDay.objects.create(request=request, date=day)
        Finding.objects.create(agency=world.bekasi, unit=f.unit(world.bekasi, f"Sub {n}-{i}", "", parent=unit), date=day,
                               kind="wfh_over_cap", rule=rule, measured=3, limit=2)


def count_queries(client, endpoint):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/api/v1/{endpoint}/", {"page_size": 500})
    assert response.status_code == 200
    return len(ctx), response.json()["count"]


@pytest.mark.parametrize("endpoint", LISTS)
def test_list_query_count_does_not_grow_with_rows(world, api, endpoint):
    client = api(world.bekasi_hr)
    add_rows(world, 3)
    small, small_count = count_queries(client, endpoint)
    add_rows(world, 60)
    large, large_count = count_queries(client, endpoint)
    assert large == small, (endpoint, small, large)
    assert small <= 12
    if endpoint not in ("regions", "agencies"):
        assert large_count > small_count
