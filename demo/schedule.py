"""Rosters, attendance, Bekasi's roll call and pending WFH requests for the demo days.

Rosters go through `roster_entries_set` (audit + compliance re-check); attendance records
are bulk-created with their audit events and a re-check of the days they touch. Only what
is missing or different is written, so a second run changes nothing.
"""

import datetime
import random
from dataclasses import dataclass

from agencies.audit import AuditContext, audit_record_many, snapshot
from agencies.models import DIRECT_SERVICE_CATEGORIES, Agency, Employee
from attendance.models import (
    AttendanceRecord,
    AttendanceStatus,
    LeaveType,
    RollCall,
    RosterEntry,
    WfhRequest,
    WfhRequestDay,
    WorkLocation,
)
from attendance.presence.summaries import summaries_refresh_records
from attendance.roster.services import RosterChange, roster_entries_set
from policies.compliance import compliance_recheck_later

from . import world
from .organisation import Staff, counted_asn

Source, Place = AttendanceRecord.Source, AttendanceRecord.Place
# The reported roll-call breakdown of 16 April 2024 (design §2): sick, permission, leave, without notice.
BEKASI_ABSENT = [(AttendanceStatus.SICK, 17), (AttendanceStatus.PERMISSION, 9), (AttendanceStatus.LEAVE, 3),
                 (AttendanceStatus.ABSENT, 19)]
ROLL_CALL_TITLE = "Apel perdana dan halal bihalal Idulfitri 1445 H"


@dataclass
class PlannedDay:
    """One employee's planned day: the roster cell and (for counted ASN) the attendance status."""

    employee: Employee
    location: str
    status: str | None
    leave_type: str = ""
    wfh_region_id: int | None = None
    wfh_address: str = ""


def agency_day_plan(agency: Agency, staff: dict, day: datetime.date, hometowns: list) -> list[PlannedDay]:
    rng = random.Random(f"rosterhub-demo:{agency.code}:{day.isoformat()}")
    units = {key: s for (code, key), s in staff.items() if code == agency.code}
    wfh = {}
    for key, s in units.items():
        planned = world.WFH_PLANS.get(agency.code, {}).get(key, {}).get(day, 0)
        chosen = counted_asn(s.asn, day)[1:1 + planned]  # the head (index 0) stays in the office
        away = world.WFH_AWAY.get((agency.code, key), {}).get(day, 0)
        for n, e in enumerate(chosen):
            wfh[e.pk] = hometowns[n % len(hometowns)] if n >= len(chosen) - away else None
    fixed = _bekasi_roll_call_absences(units, wfh, rng) if (agency.code, day) == ("pemkot-bekasi", world.ROLL_CALL_DAY) else None
    plan = []
    for s in units.values():
        for e in counted_asn(s.asn, day):
            if e.pk in wfh:
                region = wfh[e.pk]
                plan.append(PlannedDay(
                    e, WorkLocation.WFH, AttendanceStatus.PRESENT,
                    wfh_region_id=region.pk if region else e.domicile_region_id,
                    wfh_address=f"Rumah keluarga, {region.name}" if region else e.domicile_address,
                ))
                continue
            status = fixed.get(e.pk, AttendanceStatus.PRESENT) if fixed is not None else _ordinary_status(rng)
            location = {AttendanceStatus.SICK: WorkLocation.SICK, AttendanceStatus.LEAVE: WorkLocation.LEAVE}.get(
                status, WorkLocation.WFO
            )
            plan.append(PlannedDay(e, location, status, leave_type=LeaveType.CT if status == AttendanceStatus.LEAVE else ""))
        plan += [PlannedDay(e, WorkLocation.WFO, None) for e in s.others if e.is_active_on(day)]
    return plan


def _ordinary_status(rng: random.Random) -> str:
    r = rng.random()
    for status, upto in ((AttendanceStatus.SICK, 0.012), (AttendanceStatus.PERMISSION, 0.02),
                         (AttendanceStatus.LEAVE, 0.026), (AttendanceStatus.ABSENT, 0.029),
                         (AttendanceStatus.LATE, 0.06)):
        if r < upto:
            return status
    return AttendanceStatus.PRESENT


def _bekasi_roll_call_absences(units: dict[str, Staff], wfh: dict, rng: random.Random) -> dict[int, str]:
    """The 48 absent of the roll call, drawn from the direct-service units' office staff."""
    pool = [
        e for s in units.values() if s.unit.effective_category in DIRECT_SERVICE_CATEGORIES
        for e in counted_asn(s.asn, world.ROLL_CALL_DAY)[1:] if e.pk not in wfh
    ]
    chosen = sorted(rng.sample(pool, sum(n for _, n in BEKASI_ABSENT)), key=lambda e: e.pk)
    absences, start = {}, 0
    for status, n in BEKASI_ABSENT:
        absences.update({e.pk: status for e in chosen[start:start + n]})
        start += n
    return absences


def rosters_write(*, plans: dict[tuple[int, datetime.date], PlannedDay], context: AuditContext) -> int:
    """Send the cells that differ from what is stored through the roster service."""
    stored = {
        (row[0], row[1]): row[2:]
        for row in RosterEntry.objects.filter(
            employee_id__in={k[0] for k in plans}, date__in={k[1] for k in plans}
        ).values_list("employee_id", "date", "location", "leave_type", "wfh_region_id", "wfh_address")
    }
    changes = [
        RosterChange(employee_id=emp, date=day, location=p.location, leave_type=p.leave_type,
                     wfh_region_id=p.wfh_region_id, wfh_address=p.wfh_address)
        for (emp, day), p in plans.items()
        if stored.get((emp, day)) != (p.location, p.leave_type, p.wfh_region_id, p.wfh_address)
    ]
    if changes:
        roster_entries_set(context=context, changes=changes)
    return len(changes)


def attendance_write(*, agency: Agency, plans: dict, context: AuditContext) -> int:
    """Create the missing attendance records (counted ASN only) with audit events."""
    existing = set(
        AttendanceRecord.objects.filter(agency=agency, date__in={k[1] for k in plans}).values_list("employee_id", "date")
    )
    rng = random.Random(f"rosterhub-demo:times:{agency.code}")
    records = [
        _record(agency, day, p, rng) for (emp, day), p in plans.items() if p.status and (emp, day) not in existing
    ]
    AttendanceRecord.objects.bulk_create(records, batch_size=1000)
    summaries_refresh_records(records)
    audit_record_many(context, [
        {"action": "attendance.create", "obj": r, "before": None, "after": snapshot(r, ("date", "status", "place"))}
        for r in records
    ])
    compliance_recheck_later({(r.unit_id, r.date) for r in records})
    return len(records)


def _record(agency: Agency, day: datetime.date, p: PlannedDay, rng: random.Random) -> AttendanceRecord:
    record = AttendanceRecord(
        agency=agency, unit_id=p.employee.unit_id, employee=p.employee, date=day, status=p.status,
        leave_type=p.leave_type, source=Source.MANUAL,
    )
    if p.status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE):
        tz = agency.tzinfo
        late = p.status == AttendanceStatus.LATE
        arrive = datetime.time(7, rng.randint(31, 59)) if late else datetime.time(rng.randint(6, 7), rng.randint(0, 29))
        leave_at = agency.friday_work_end if day.isoweekday() == 5 else agency.work_end
        record.check_in = datetime.datetime.combine(day, arrive, tzinfo=tz)
        record.check_out = datetime.datetime.combine(day, leave_at, tzinfo=tz) + datetime.timedelta(minutes=rng.randint(0, 40))
        record.late_tier = 1 if late else 0
        at_home = p.location == WorkLocation.WFH
        record.place = Place.HOME if at_home else Place.OFFICE
        record.source = Source.SELF if at_home else Source.DEVICE
        if at_home:  # present, working from home: the recap code is WFH (self check-in), not H
            record.status, record.late_tier = AttendanceStatus.WFH, 0
    elif p.status == AttendanceStatus.ABSENT:
        record.source = Source.DERIVED
    return record


def roll_call_build(*, agency: Agency) -> RollCall:
    """The tally as reported (1,581 present; 40 absent, broken down 17/9/3/19, which sums to 48)."""
    roll_call, _ = RollCall.objects.get_or_create(
        agency=agency, unit=None, date=world.ROLL_CALL_DAY, title=ROLL_CALL_TITLE,
        defaults=dict(reported_present=1581, reported_absent_total=40, reported_sick=17, reported_permission=9,
                      reported_leave=3, reported_without_notice=19),
    )
    return roll_call


def wfh_requests_build(*, staff: Staff, hr_officer, context: AuditContext) -> int:
    """Pending requests for 17 April 2024 in a unit already at its 50% cap (approval must be refused);
    staff without a login had HR submit for them."""
    if WfhRequest.objects.filter(unit=staff.unit).exists():
        return 0
    day = datetime.date(2024, 4, 17)
    created = []
    for employee in staff.asn[30:33]:
        request = WfhRequest.objects.create(
            agency_id=staff.unit.agency_id, unit=staff.unit, employee=employee, status=WfhRequest.Status.PENDING,
            reason="Masih dalam perjalanan arus balik Lebaran; mohon izin bekerja dari rumah.",
            address=employee.domicile_address, address_region_id=employee.domicile_region_id,
            submitted_by_id=employee.user_id or hr_officer.pk, approver=staff.unit.responsible_head,
        )
        WfhRequestDay.objects.create(request=request, date=day)
        created.append(request)
    audit_record_many(context, [
        {"action": "wfh_request.submit", "obj": r, "before": None, "after": snapshot(r, ("status", "reason"))}
        for r in created
    ])
    return len(created)
