"""Large writes: audit_record_many (COPY on PostgreSQL from COPY_THRESHOLD events, bulk_create
otherwise) and the punch import's insert_rows. Runs on either database; on PostgreSQL it
exercises COPY, so run it with DATABASE_URL too."""

import datetime

import pytest

from agencies.audit import COPY_THRESHOLD, AuditContext, AuditRef, audit_record_many
from agencies.models import AuditEvent, Employee
from attendance.models import DevicePunch
from attendance.presence.bulkcopy import insert_rows

WIB = datetime.timezone(datetime.timedelta(hours=7))


def _events(employees, n, summary_of):
    return [
        {"action": "employee.touch", "obj": employees[i % len(employees)], "before": None if i % 2 else {"name": "lama"},
         "after": {"name": f"baru {i}", "kutipan": 'tanda "kutip", koma\nbaris'}, "summary": summary_of(i)}
        for i in range(n)
    ]


@pytest.mark.parametrize("size", [COPY_THRESHOLD - 1, COPY_THRESHOLD + 1])
def test_audit_record_many_keeps_who_what_before_and_after_for_every_event(world, size):
    staff = world.bekasi_staff
    summaries = {0: "", 1: r"\N", 2: "teks, dengan koma"}
    context = AuditContext(world.bekasi_hr, AuditEvent.Interface.IMPORT)

    audit_record_many(context, _events(staff, size, lambda i: summaries.get(i % 5, f"ringkasan {i}")))

    events = list(AuditEvent.objects.filter(action="employee.touch").order_by("id"))
    assert len(events) == size
    for i, event in enumerate(events):
        employee = staff[i % len(staff)]
        assert (event.actor_id, event.interface, event.object_type, event.object_id) == (
            world.bekasi_hr.pk, "import", "agencies.employee", str(employee.pk))
        assert (event.agency_id, event.unit_id) == (employee.agency_id, employee.unit_id)
        assert event.before == (None if i % 2 else {"name": "lama"})
        assert event.after == {"name": f"baru {i}", "kutipan": 'tanda "kutip", koma\nbaris'}
        assert event.summary == summaries.get(i % 5, f"ringkasan {i}")  # "" and a literal \N are text, not NULL
        assert event.at is not None


def test_audit_record_many_takes_light_references_and_explicit_scope(world):
    employee = world.bekasi_nurses[0]
    ref = AuditRef(Employee._meta, employee.pk)  # no agency or unit on the reference itself
    audit_record_many(
        AuditContext(None, AuditEvent.Interface.COMMAND),
        ({"action": "employee.ref", "obj": ref, "before": None, "after": {"n": i}, "agency_id": world.bekasi.pk,
          "unit_id": world.bekasi_dinkes.pk} for i in range(COPY_THRESHOLD)),  # a generator is fine
    )
    events = AuditEvent.objects.filter(action="employee.ref")
    assert events.count() == COPY_THRESHOLD
    assert set(events.values_list("actor_id", "agency_id", "unit_id", "object_id", "summary")) == {
        (None, world.bekasi.pk, world.bekasi_dinkes.pk, str(employee.pk), "")
    }


def test_insert_rows_keeps_empty_text_and_nulls_apart_and_skips_duplicates(world):
    employee = world.bekasi_staff[0]
    start = datetime.datetime(2024, 4, 16, 7, 0, tzinfo=WIB)
    rows = [
        {"agency_id": world.bekasi.pk, "employee_id": employee.pk, "punched_at": start + datetime.timedelta(minutes=i),
         "local_date": start.date(), "device": ["", r"\N", "FP, lobi"][i % 3], "batch_id": None}
        for i in range(6)
    ]
    insert_rows(DevicePunch, rows, ignore_conflicts=True)
    insert_rows(DevicePunch, rows[:3] + [{**rows[0], "punched_at": start - datetime.timedelta(minutes=1)}],
                ignore_conflicts=True)  # three already there, one new

    saved = list(DevicePunch.objects.filter(employee=employee).order_by("punched_at")
                 .values_list("punched_at", "device", "batch_id", "local_date"))
    assert len(saved) == 7
    assert saved[0] == (start - datetime.timedelta(minutes=1), "", None, start.date())
    assert [d for _at, d, _b, _day in saved[1:]] == ["", r"\N", "FP, lobi"] * 2
    assert saved[1][0] == start

