import threading
import time

import pytest
from django.db import OperationalError, connection, transaction

from agencies.audit import AuditContext
from policies.compliance import compliance_check_units, finding_acknowledge
from policies.models import Finding
from tests import factories as f

from .conftest import APR16, make_circular, roster, se_1_2024_rules


@pytest.mark.django_db(transaction=True)
def test_two_checks_of_the_same_unit_and_day_at_once_never_duplicate_findings(world):
    make_circular(f.ministry(), "1/2024", rules=se_1_2024_rules())
    roster(world.bekasi_nurses, APR16, "WFH")
    barrier, errors = threading.Barrier(2), []

    def check():
        try:
            barrier.wait(timeout=10)
            for attempt in range(20):  # the task retries on OperationalError (SQLite: "table is locked")
                try:
                    compliance_check_units(unit_ids=[world.bekasi_dinkes.pk], start=APR16, end=APR16)
                    return
                except OperationalError:
                    time.sleep(0.05 * (attempt + 1))
            errors.append("still locked after 20 attempts")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=check) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    found = Finding.objects.filter(unit=world.bekasi_dinkes, date=APR16)
    assert sorted(found.values_list("kind", flat=True)) == ["wfh_in_wfo_unit"]
    assert found.get().circulars.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_review_saved_while_a_check_rewrites_the_finding_is_kept(world):
    make_circular(f.ministry(), "1/2024", rules=se_1_2024_rules())
    roster(world.bekasi_nurses, APR16, "WFH")
    compliance_check_units(unit_ids=[world.bekasi_dinkes.pk], start=APR16, end=APR16)
    finding = Finding.objects.get(unit=world.bekasi_dinkes, date=APR16)
    Finding.objects.filter(pk=finding.pk).update(basis_count=99, digest=None)  # the check will rewrite it
    locked, errors = threading.Event(), []

    def review():
        try:
            with transaction.atomic():
                finding_acknowledge(context=AuditContext(world.bekasi_inspector), finding=finding)
                locked.set()
                time.sleep(0.5)  # the check reads the finding meanwhile
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    reviewer = threading.Thread(target=review)
    reviewer.start()
    assert locked.wait(timeout=10)
    for attempt in range(20):  # SQLite: "database is locked" until the review commits
        try:
            compliance_check_units(unit_ids=[world.bekasi_dinkes.pk], start=APR16, end=APR16)
            break
        except OperationalError:
            time.sleep(0.05 * (attempt + 1))
    reviewer.join(timeout=30)
    finding.refresh_from_db()
    assert errors == []
    assert (finding.status, finding.reviewed_by, finding.basis_count) == ("acknowledged", world.bekasi_inspector, 3)


def test_the_celery_settings_the_worker_relies_on():
    from django.conf import settings

    from rosterhub.celery import app

    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert app.conf.task_acks_late and app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_time_limit and app.conf.task_soft_time_limit < app.conf.task_time_limit
    schedule = app.conf.beat_schedule
    assert schedule["compliance-nightly"]["task"] == "policies.compliance_nightly"
    assert schedule["compliance-pending-sweep"]["task"] == "policies.compliance_pending_sweep"
    app.loader.import_default_modules()
    for name in ("policies.compliance_nightly", "policies.compliance_pending_sweep", "policies.compliance_check_range",
                 "policies.compliance_check_units", "policies.compliance_recheck_unit_days", "policies.compliance_check_chunk"):
        task = app.tasks[name]
        assert task.acks_late and task.max_retries
        assert (task.time_limit, task.soft_time_limit) == (settings.CELERY_TASK_TIME_LIMIT, settings.CELERY_TASK_SOFT_TIME_LIMIT)


@pytest.mark.django_db
def test_the_nightly_task_checks_today_and_the_coming_week(world, monkeypatch, django_capture_on_commit_callbacks):
    import datetime

    from policies import tasks
    from policies.models import PendingRangeCheck

    calls = []
    monkeypatch.setattr(tasks.compliance_check_chunk, "delay", lambda *a: calls.append(a))
    with django_capture_on_commit_callbacks(execute=True):
        chunks = tasks.compliance_nightly()
    today = datetime.date.today()
    (chunk,) = PendingRangeCheck.objects.all()
    assert chunks == 1 and calls == [(chunk.pk,)]
    assert (chunk.start, chunk.end) == (today, today + datetime.timedelta(days=7))
    assert set(chunk.unit_ids) == set(world.bekasi.units.values_list("pk", flat=True)) | {world.tangerang_setda.pk}


@pytest.mark.django_db
def test_a_burst_of_edits_to_one_unit_day_is_checked_once(world, django_capture_on_commit_callbacks, monkeypatch):
    from policies import tasks
    from policies.compliance import compliance_recheck_later
    from policies.compliance import findings as services
    from policies.models import PendingCheck

    make_circular(f.ministry(), "1/2024", rules=se_1_2024_rules())
    checks = []
    real = services.compliance_check_units
    monkeypatch.setattr(services, "compliance_check_units", lambda **kw: checks.append(kw) or real(**kw))
    sent = []
    monkeypatch.setattr(tasks.compliance_recheck_unit_days, "apply_async", lambda args, countdown: sent.append(args))
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            compliance_recheck_later([(world.bekasi_dinkes.pk, APR16)])
    assert len(sent) == 5 and PendingCheck.objects.count() == 1
    handled = [tasks.compliance_recheck_unit_days.run(*args) for args in sent]
    assert handled == [1, 0, 0, 0, 0] and len(checks) == 1
    assert not PendingCheck.objects.exists()
