"""employee_save and employee_end: validated by the model, scoped, audited, and re-checked."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from agencies.audit import AuditContext
from agencies.employees.services import employee_end, employee_save
from agencies.models import AuditEvent, Employee
from agencies.scoping import scope_for
from policies.models import PendingCheck

from .conftest import VALID_NIK, VALID_NIP


def data(world, **changes):
    return {
        "name": "Siti Rahmawati", "employment_type": "PNS", "nip": VALID_NIP, "nik": "", "unit": world.bekasi_setda,
        "position": "Analis", "active_from": datetime.date(2024, 1, 2), "active_until": None, **changes,
    }


def test_it_creates_an_employee_in_the_units_agency_and_audits_it(world, hr):
    context, scope = hr
    employee = employee_save(context=context, scope=scope, employee=None, data=data(world, unit=world.bekasi_bagian_umum))
    assert employee.agency == world.bekasi and employee.unit == world.bekasi_bagian_umum and employee.nik is None
    event = AuditEvent.objects.get(action="employee.create", object_id=str(employee.pk))
    assert event.actor == world.bekasi_hr and event.agency_id == world.bekasi.pk and event.before is None
    assert event.after["nip"] == VALID_NIP and event.after["unit"] == world.bekasi_bagian_umum.pk


def test_it_records_a_change_with_before_and_after(world, hr):
    context, scope = hr
    employee = world.bekasi_staff[2]
    employee_save(context=context, scope=scope, employee=employee, data={"position": "Kepala Subbagian"})
    event = AuditEvent.objects.get(action="employee.change", object_id=str(employee.pk))
    assert event.before["position"] == "" and event.after["position"] == "Kepala Subbagian"
    assert event.before["nip"] == event.after["nip"] == employee.nip


def test_an_unchanged_save_writes_no_audit_event(world, hr):
    context, scope = hr
    employee_save(context=context, scope=scope, employee=world.bekasi_staff[2], data={"name": world.bekasi_staff[2].name})
    assert not AuditEvent.objects.filter(action__startswith="employee.").exists()


def test_it_refuses_a_nip_whose_birth_date_is_impossible(world, hr):
    context, scope = hr
    bad = "19901332" + VALID_NIP[8:]
    with pytest.raises(ValidationError) as exc:
        employee_save(context=context, scope=scope, employee=None, data=data(world, nip=bad))
    assert set(exc.value.message_dict) == {"nip"} and "tanggal lahir" in exc.value.message_dict["nip"][0]
    assert not Employee.objects.filter(nip=bad).exists()


def test_it_refuses_a_non_asn_without_nik_and_with_a_nip(world, hr):
    context, scope = hr
    with pytest.raises(ValidationError) as exc:
        employee_save(context=context, scope=scope, employee=None, data=data(world, employment_type="NON_ASN"))
    assert set(exc.value.message_dict) == {"nip", "nik"}


def test_it_refuses_a_malformed_nik(world, hr):
    context, scope = hr
    with pytest.raises(ValidationError) as exc:
        employee_save(context=context, scope=scope, employee=None,
                      data=data(world, employment_type="NON_ASN", nip="", nik="12345"))
    assert set(exc.value.message_dict) == {"nik"}


def test_it_refuses_an_active_period_that_ends_before_it_starts(world, hr):
    context, scope = hr
    with pytest.raises(ValidationError) as exc:
        employee_save(context=context, scope=scope, employee=None,
                      data=data(world, active_until=datetime.date(2023, 12, 31)))
    assert set(exc.value.message_dict) == {"active_until"}
    assert not Employee.objects.filter(name="Siti Rahmawati").exists()


def test_it_refuses_a_nip_already_taken(world, hr):
    context, scope = hr
    with pytest.raises(ValidationError) as exc:
        employee_save(context=context, scope=scope, employee=None, data=data(world, nip=world.tangerang_staff[0].nip))
    assert set(exc.value.message_dict) == {"nip"}


def test_bekasi_hr_cannot_create_in_or_change_tangerang(world, hr):
    context, scope = hr
    with pytest.raises(ValidationError) as exc:
        employee_save(context=context, scope=scope, employee=None, data=data(world, unit=world.tangerang_setda))
    assert set(exc.value.message_dict) == {"unit"}
    with pytest.raises(PermissionDenied):
        employee_save(context=context, scope=scope, employee=world.tangerang_staff[0], data={"name": "Diubah"})
    with pytest.raises(PermissionDenied):
        employee_end(context=context, scope=scope, employee=world.tangerang_staff[0], last_day=datetime.date(2024, 4, 30))
    assert not AuditEvent.objects.exists()


def test_it_ends_employment_without_deleting_and_audits_it(world, hr):
    context, scope = hr
    employee = world.bekasi_staff[3]
    employee_end(context=context, scope=scope, employee=employee, last_day=datetime.date(2024, 4, 30))
    employee.refresh_from_db()
    assert employee.active_until == datetime.date(2024, 4, 30)
    event = AuditEvent.objects.get(action="employee.end")
    assert event.before["active_until"] is None and event.after["active_until"] == "2024-04-30"


def test_it_refuses_to_end_before_the_employment_began(world, hr):
    context, scope = hr
    with pytest.raises(ValidationError) as exc:
        employee_end(context=context, scope=scope, employee=world.bekasi_staff[3], last_day=datetime.date(2019, 1, 1))
    assert set(exc.value.message_dict) == {"active_until"}


@pytest.fixture
def enqueued(monkeypatch):
    """The (unit id, day) pairs handed to the re-check task, without running it."""
    from policies.tasks import compliance_recheck_unit_days

    calls = []
    monkeypatch.setattr(compliance_recheck_unit_days, "apply_async", lambda args, **kw: calls.append(args[0]))
    return calls


def _week(start):
    return {start + datetime.timedelta(days=n) for n in range(8)}


def test_moving_an_employee_rechecks_the_old_and_new_unit_for_the_coming_week(
    world, hr, enqueued, django_capture_on_commit_callbacks
):
    context, scope = hr
    with django_capture_on_commit_callbacks(execute=True):
        employee_save(context=context, scope=scope, employee=world.bekasi_staff[2], data={"unit": world.bekasi_dinkes})
    today = timezone.localdate(timezone=world.bekasi.tzinfo)
    expected = {(u.pk, d) for u in (world.bekasi_setda, world.bekasi_dinkes) for d in _week(today)}
    assert set(PendingCheck.objects.values_list("unit_id", "date")) == expected
    assert len(enqueued) == 1 and len(enqueued[0]) == len(expected)


def test_ending_employment_rechecks_its_unit(world, hr, enqueued, django_capture_on_commit_callbacks):
    context, scope = hr
    with django_capture_on_commit_callbacks(execute=True):
        employee_end(context=context, scope=scope, employee=world.bekasi_nurses[0], last_day=datetime.date.today())
    assert {u for u, _d in PendingCheck.objects.values_list("unit_id", "date")} == {world.bekasi_dinkes.pk}


def test_a_change_that_leaves_headcounts_alone_rechecks_nothing(world, hr, django_capture_on_commit_callbacks):
    context, scope = hr
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        employee_save(context=context, scope=scope, employee=world.bekasi_staff[2], data={"position": "Analis"})
    assert callbacks == []


def test_a_superuser_may_keep_any_agencys_employees(world, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", password="x")
    employee = employee_save(context=AuditContext(actor=admin), scope=scope_for(admin), employee=None,
                             data=data(world, unit=world.tangerang_setda, nip="", nik=VALID_NIK, employment_type="NON_ASN"))
    assert employee.agency == world.tangerang
