"""Objects of every kind in both agencies, for the authorization matrix.

Tangerang's people and units carry the marker "Rahasia Tangerang": no response to a Bekasi user
may ever contain it.
"""

import datetime
from types import SimpleNamespace

from agencies.audit import AuditContext, audit_record
from agencies.models import AuditEvent, Role
from attendance.models import (
    AttendanceRecord,
    DevicePunch,
    ImportBatch,
    RosterEntry,
    WfhRequest,
    WfhRequestDay,
)
from policies.models import Circular, Finding, Rule
from tests import factories as f

SECRET = "Rahasia Tangerang"
DAY = datetime.date(2024, 4, 16)
ROLES = ["bekasi_hr", "bekasi_head", "bekasi_inspector", "jabar_inspector", "bekasi_employee", "bekasi_policy"]


def build(world):
    w = world
    for i, employee in enumerate(w.tangerang_staff):
        employee.name = f"{SECRET} Pegawai {i}"
        employee.save(update_fields=["name"])
    w.tangerang_setda.name = f"Setda {SECRET}"
    w.tangerang_setda.save()
    w.bekasi_policy = f.user("kebijakan_bekasi", Role.POLICY_ADMIN, agency=w.bekasi)
    w.tangerang_policy = f.user("kebijakan_tangerang", Role.POLICY_ADMIN, agency=w.tangerang)
    w.tangerang_head = f.user("kepala_tangerang", Role.UNIT_HEAD, unit=w.tangerang_setda, employee=w.tangerang_staff[2])
    w.own = _objects(w, "bekasi", w.bekasi, w.bekasi_setda, w.bekasi_staff[1], w.bekasi_hr, w.bekasi_employee)
    w.other = _objects(w, "tangerang", w.tangerang, w.tangerang_setda, w.tangerang_staff[0], w.tangerang_hr, w.tangerang_employee)
    return w


def _objects(w, name, agency, unit, employee, hr, employee_user):
    roster = RosterEntry.objects.create(agency=agency, unit=unit, employee=employee, date=DAY, location="WFO")
    wfh = WfhRequest.objects.create(
        agency=agency, unit=unit, employee=employee, reason="Anak sakit", address="Jl. Mawar 1", submitted_by=employee_user,
    )
    WfhRequestDay.objects.create(request=wfh, date=DAY + datetime.timedelta(days=1))
    record = AttendanceRecord.objects.create(agency=agency, unit=unit, employee=employee, date=DAY, status="H", source="device")
    punch = DevicePunch.objects.create(
        agency=agency, employee=employee, punched_at=datetime.datetime(2024, 4, 16, 0, 10, tzinfo=datetime.UTC), local_date=DAY,
    )
    circular = Circular.objects.create(number=f"800/{name}/2024", title=f"SE {name}", issuer=agency, signed_on=DAY)
    rule = Rule.objects.create(circular=circular, start_date=DAY, end_date=DAY, categories=["administration"], wfh_cap_percent=50)
    finding = Finding.objects.create(agency=agency, unit=unit, date=DAY, kind="wfh_over_cap", rule=rule, measured=3, limit=2)
    roster_batch = ImportBatch.objects.create(agency=agency, unit=unit, kind="roster", created_by=hr)
    punch_batch = ImportBatch.objects.create(agency=agency, kind="punches", created_by=hr)
    event = audit_record(
        AuditContext(actor=hr, interface=AuditEvent.Interface.WEB), action="employee.update", obj=employee,
        before={"name": employee.name}, after={"name": employee.name},
    )
    return SimpleNamespace(
        agency=agency, unit=unit, employee=employee, roster=roster, wfh=wfh, record=record, punch=punch, circular=circular,
        rule=rule, finding=finding, roster_batch=roster_batch, punch_batch=punch_batch, event=event, day=DAY.isoformat(),
    )
