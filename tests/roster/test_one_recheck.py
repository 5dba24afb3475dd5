"""A roster write re-derives the day's attendance and records ONE re-check for both (issue 16, item 6)."""

import datetime

import pytest

from agencies.audit import AuditContext
from attendance.models import AttendanceRecord
from attendance.roster.services import RosterChange, roster_entries_set

pytestmark = pytest.mark.django_db
DAY = datetime.date(2024, 4, 16)


def test_a_roster_write_over_a_machine_record_records_its_recheck_once(world, monkeypatch):
    from attendance.presence import records as presence_records
    from attendance.roster import services as roster_services

    employee = world.bekasi_staff[2]
    AttendanceRecord.objects.create(agency=employee.agency, unit=employee.unit, employee=employee, date=DAY,
                                    status="TK", source="device")
    calls = []
    monkeypatch.setattr(roster_services, "compliance_recheck_later", lambda pairs: calls.append(set(pairs)))
    monkeypatch.setattr(presence_records, "compliance_recheck_later", lambda pairs: calls.append(set(pairs)))
    roster_entries_set(context=AuditContext(world.bekasi_hr),
                       changes=[RosterChange(employee_id=employee.pk, date=DAY, location="WFH")])
    assert calls == [{(employee.unit_id, DAY)}]
