"""Attendance writes: punch imports, upserts, HR corrections, roll calls."""

import datetime

import pytest

from agencies.audit import AuditContext
from agencies.models import AuditEvent
from attendance.models import AttendanceRecord, DevicePunch, DeviceUser, RollCall, RosterEntry
from attendance.presence import punches, records, services

TUESDAY = datetime.date(2024, 4, 16)


@pytest.fixture
def ctx(world):
    return AuditContext(actor=world.bekasi_hr)


def record_of(employee, day=TUESDAY):
    return AttendanceRecord.objects.get(employee=employee, date=day)


def test_it_derives_first_in_last_out_and_late_tiers_from_punches(world, ctx):
    on_time, late = world.bekasi_staff[0], world.bekasi_staff[1]
    rows = [
        {"nip": on_time.nip, "timestamp": "2024-04-16 07:20:00", "device": "A"},
        {"nip": on_time.nip, "timestamp": "2024-04-16 12:00:00", "device": "A"},
        {"nip": on_time.nip, "timestamp": "16/04/2024 16:05", "device": "A"},
        {"nip": late.nip, "timestamp": "2024-04-16 08:45:00", "device": "A"},
        {"nip": late.nip, "timestamp": "2024-04-16 16:01:00", "device": "A"},
    ]
    result = punches.punches_import(context=ctx, agency=world.bekasi, rows=rows)
    assert result.ok and result.applied_rows == 5
    assert record_of(on_time).status == "H"
    assert record_of(on_time).check_out.astimezone(world.bekasi.tzinfo).time() == datetime.time(16, 5)
    assert (record_of(late).status, record_of(late).late_tier) == ("TL", 3)
    assert DevicePunch.objects.filter(employee=on_time).count() == 3


def test_staff_without_punches_on_an_imported_working_day_are_absent_without_notice(world, ctx):
    rows = [{"nip": world.bekasi_staff[0].nip, "timestamp": "2024-04-16 07:00:00", "device": "A"}]
    punches.punches_import(context=ctx, agency=world.bekasi, rows=rows)
    assert record_of(world.bekasi_nurses[0]).status == "TK"
    assert not AttendanceRecord.objects.filter(employee__in=world.tangerang_staff).exists()


def test_roster_leave_and_wfh_decide_the_day_despite_no_punches(world, ctx):
    on_leave, at_home = world.bekasi_staff[2], world.bekasi_staff[3]
    RosterEntry.objects.create(agency=world.bekasi, unit=on_leave.unit, employee=on_leave, date=TUESDAY, location="CUTI", leave_type="CT")
    RosterEntry.objects.create(agency=world.bekasi, unit=at_home.unit, employee=at_home, date=TUESDAY, location="WFH")
    punches.punches_import(context=ctx, agency=world.bekasi, rows=[
        {"nip": world.bekasi_staff[0].nip, "timestamp": "2024-04-16 07:00:00"}])
    assert (record_of(on_leave).status, record_of(on_leave).leave_type) == ("C", "CT")
    assert (record_of(at_home).status, record_of(at_home).place) == ("WFH", "home")


def test_it_maps_device_user_ids_to_employees(world, ctx):
    DeviceUser.objects.create(agency=world.bekasi, device="FP-01", device_user_id="117", employee=world.bekasi_staff[0])
    rows = [{"device_user_id": "117", "timestamp": "2024-04-16 07:10:00", "device": "FP-01"},
            {"device_user_id": "117", "timestamp": "2024-04-16 16:10:00", "device": "FP-01"}]
    assert punches.punches_import(context=ctx, agency=world.bekasi, rows=rows).ok
    assert record_of(world.bekasi_staff[0]).status == "H"


def test_a_punch_after_midnight_closes_the_previous_day(world, ctx):
    emp = world.bekasi_staff[0]
    rows = [{"nip": emp.nip, "timestamp": "2024-04-16 07:10:00"}, {"nip": emp.nip, "timestamp": "2024-04-17 01:15:00"}]
    punches.punches_import(context=ctx, agency=world.bekasi, rows=rows, complete_days=False)
    record = record_of(emp)
    assert record.status == "H"
    assert record.check_out.astimezone(world.bekasi.tzinfo) == datetime.datetime(2024, 4, 17, 1, 15, tzinfo=world.bekasi.tzinfo)
    assert not AttendanceRecord.objects.filter(employee=emp, date=datetime.date(2024, 4, 17)).exists()


def test_bad_rows_are_reported_by_line_and_nothing_is_applied(world, ctx):
    rows = [
        {"nip": world.bekasi_staff[0].nip, "timestamp": "2024-04-16 07:00:00"},
        {"nip": "199001012015011999", "timestamp": "2024-04-16 07:00:00"},
        {"nip": world.bekasi_staff[1].nip, "timestamp": "kemarin pagi"},
        {"nip": world.tangerang_staff[0].nip, "timestamp": "2024-04-16 07:00:00"},
        {"device_user_id": "999", "timestamp": "2024-04-16 07:00:00"},
    ]
    result = punches.punches_import(context=ctx, agency=world.bekasi, rows=rows)
    assert not result.ok
    assert [(e.line, e.field) for e in result.errors] == [(3, "nip"), (4, "timestamp"), (5, "nip"), (6, "nip")]
    assert not DevicePunch.objects.exists()
    assert not AttendanceRecord.objects.exists()


def test_every_derived_record_is_audited(world, ctx):
    punches.punches_import(context=ctx, agency=world.bekasi, rows=[
        {"nip": world.bekasi_staff[0].nip, "timestamp": "2024-04-16 07:00:00"}])
    assert AuditEvent.objects.filter(action="attendance.derive").count() == AttendanceRecord.objects.count() == 9


def test_reimporting_the_same_file_changes_nothing(world, ctx):
    rows = [{"nip": world.bekasi_staff[0].nip, "timestamp": "2024-04-16 07:00:00"}]
    punches.punches_import(context=ctx, agency=world.bekasi, rows=rows)
    again = punches.punches_import(context=ctx, agency=world.bekasi, rows=rows)
    assert again.records_written == 0
    assert DevicePunch.objects.count() == 1


def test_hr_correction_needs_a_reason_and_survives_a_reimport(world, ctx):
    emp = world.bekasi_staff[0]
    rows = [{"nip": emp.nip, "timestamp": "2024-04-16 09:40:00"}]
    punches.punches_import(context=ctx, agency=world.bekasi, rows=rows)
    with pytest.raises(records.AttendanceError):
        services.attendance_record_correct(context=ctx, record=record_of(emp), status="DL", reason=" ")
    services.attendance_record_correct(context=ctx, record=record_of(emp), status="DL", reason="Rapat di Bappeda pagi hari")
    punches.punches_import(context=ctx, agency=world.bekasi, rows=rows)
    record = record_of(emp)
    assert (record.status, record.source, record.note) == ("DL", "manual", "Rapat di Bappeda pagi hari")
    assert AuditEvent.objects.filter(action="attendance.correct", object_id=str(record.pk)).exists()


def test_a_correction_on_a_stale_version_is_refused(world, ctx):
    emp = world.bekasi_staff[0]
    services.attendance_record_correct(context=ctx, employee=emp, date=TUESDAY, status="S", reason="Surat dokter")
    with pytest.raises(records.AttendanceError):
        services.attendance_record_correct(context=ctx, employee=emp, date=TUESDAY, status="I", reason="x", expected_version=0)
    assert record_of(emp).status == "S"


def test_leave_needs_its_type(world, ctx):
    with pytest.raises(records.AttendanceError):
        services.attendance_record_correct(context=ctx, employee=world.bekasi_staff[0], date=TUESDAY, status="C", reason="cuti")


def test_upsert_reports_each_bad_field(world, ctx):
    rows = [
        {"nip": world.bekasi_staff[0].nip, "date": "2024-04-16", "status": "H", "check_in": "2024-04-16 07:50"},
        {"nip": world.bekasi_staff[1].nip, "date": "16/04/2024", "status": "C"},
        {"nip": world.bekasi_staff[2].nip, "date": "31/02/2024", "status": "XX"},
    ]
    result = services.attendance_records_upsert(context=ctx, agency=world.bekasi, rows=rows)
    assert [(e.line, e.field) for e in result.errors] == [(3, "status"), (4, "date"), (4, "status")]
    assert not AttendanceRecord.objects.exists()
    rows[1]["leave_type"] = "CT"
    rows.pop()
    assert services.attendance_records_upsert(context=ctx, agency=world.bekasi, rows=rows).ok
    assert (record_of(world.bekasi_staff[0]).status, record_of(world.bekasi_staff[0]).late_tier) == ("TL", 1)  # 20 minutes late: the times make it TL1


def test_roll_call_keeps_the_tally_and_marks_the_unit_staff(world, ctx):
    marks = {world.bekasi_staff[0].id: "H", world.bekasi_staff[1].id: "S", world.bekasi_umum_staff[0].id: "TK"}
    roll_call = services.roll_call_record(
        context=ctx, agency=world.bekasi, unit=world.bekasi_setda, date=TUESDAY, title="Apel pagi",
        reported_present=1, reported_absent_total=1, reported_sick=1, reported_without_notice=1, marks=marks,
    )
    assert not roll_call.adds_up
    assert record_of(world.bekasi_staff[1]).source == "roll_call"
    assert record_of(world.bekasi_umum_staff[0]).status == "TK"
    assert AuditEvent.objects.filter(action="roll_call.record").count() == 1


def test_roll_call_refuses_staff_of_another_unit(world, ctx):
    with pytest.raises(records.AttendanceError):
        services.roll_call_record(
            context=ctx, agency=world.bekasi, unit=world.bekasi_setda, date=TUESDAY, title="Apel",
            reported_present=1, reported_absent_total=0, marks={world.bekasi_nurses[0].id: "H"},
        )
    assert not RollCall.objects.exists()


def test_a_roster_change_recomputes_the_day(world, ctx):
    from attendance.roster.services import RosterChange, roster_entries_set

    emp = world.bekasi_staff[3]
    punches.punches_import(context=ctx, agency=world.bekasi, rows=[
        {"nip": world.bekasi_staff[0].nip, "timestamp": "2024-04-16 07:00:00"}])
    assert record_of(emp).status == "TK"
    roster_entries_set(context=ctx, changes=[RosterChange(emp.id, TUESDAY, "CUTI", leave_type="CAP")])
    assert (record_of(emp).status, record_of(emp).leave_type) == ("C", "CAP")
    roster_entries_set(context=ctx, changes=[RosterChange(emp.id, datetime.date(2024, 4, 22), "WFH")])
    assert not AttendanceRecord.objects.filter(employee=emp, date=datetime.date(2024, 4, 22)).exists()
