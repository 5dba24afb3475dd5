"""A real Celery worker (a subprocess) runs the compliance checks.

Against Redis (CELERY_BROKER_URL=redis://…, as CI sets it) and on the embedded
file-system broker otherwise. The database is the test database when it is
PostgreSQL; on SQLite the in-memory test database is copied to a file the worker opens.

The crash test SIGKILLs the worker mid-check: on Redis the unacknowledged task is
redelivered after the shipped default CELERY_VISIBILITY_TIMEOUT (a couple of minutes) and the findings then equal a clean run's;
on the file-system broker the task is lost (at-most-once, as stack-notes.md says) but
nothing was half-written, and the periodic re-check restores the same findings.
"""

import datetime
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from agencies.models import ADMINISTRATIVE_CATEGORIES, DIRECT_SERVICE_CATEGORIES
from policies.compliance import compliance_day_statuses
from policies.compliance import findings as services
from tests import factories as f

from .conftest import make_circular, roster

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
ON_REDIS = BROKER_URL.startswith("redis")
FINDINGS_SQL = 'SELECT unit_id, date, kind, measured, "limit", rule_id, status FROM policies_finding ORDER BY 1, 2, 3'


class WorkerDatabase:
    """The database the worker subprocess uses, and raw SQL against it from the test."""

    def __init__(self, tmp: Path):
        self.vendor = connection.vendor
        if self.vendor == "postgresql":
            s = connection.settings_dict
            auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
            self.url = f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
            self.file = None
        elif self.vendor == "sqlite":
            self.file = tmp / "worker.sqlite3"
            self.url = f"sqlite:///{self.file}"
        else:
            pytest.fail(f"worker tests support PostgreSQL and SQLite, not {self.vendor}")

    def share(self):
        """Make the test's committed data visible to the worker (SQLite: copy to the file)."""
        if self.file is not None:
            connection.ensure_connection()
            target = sqlite3.connect(self.file)
            connection.connection.backup(target)
            target.close()

    def rows(self, sql, params=()):
        if self.file is not None:
            with sqlite3.connect(self.file, timeout=20) as db:
                return [tuple(str(v) if isinstance(v, datetime.date) else v for v in r)
                        for r in db.execute(sql.replace("%s", "?"), params).fetchall()]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [tuple(str(v) if isinstance(v, datetime.date) else v for v in r) for r in cursor.fetchall()]

    def execute(self, sql, params=()):
        if self.file is not None:
            with sqlite3.connect(self.file, timeout=20) as db:
                db.execute(sql.replace("%s", "?"), params)
            return
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


class Worker:
    """`celery worker` in a subprocess on its own queue; SIGKILL-able."""

    def __init__(self, tmp: Path, db: WorkerDatabase, queue: str):
        self.tmp, self.db, self.queue = tmp, db, queue
        self.var = tmp / "var"
        self.process = None
        self.log = tmp / "worker.log"

    def env(self):
        env = {k: v for k, v in os.environ.items()
               if k not in ("CELERY_VISIBILITY_TIMEOUT", "CELERY_TASK_TIME_LIMIT", "CELERY_TASK_SOFT_TIME_LIMIT")}
        env.update({
            "DJANGO_SETTINGS_MODULE": "rosterhub.settings", "DATABASE_URL": self.db.url,
            "CELERY_BROKER_URL": BROKER_URL, "CELERY_TASK_ALWAYS_EAGER": "false",
            "ROSTERHUB_CELERY_QUEUE": self.queue, "ROSTERHUB_VAR_DIR": str(self.var), "LOG_LEVEL": "WARNING",
        })
        return env

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "rosterhub", "worker", "--pool=solo", "-l", "info",
             "-Q", self.queue, "--without-gossip", "--without-mingle", "--without-heartbeat",
             "-n", f"{self.queue}-{time.monotonic_ns()}@test"],
            cwd=ROOT, env=self.env(), stdout=self.log.open("a"), stderr=subprocess.STDOUT,
        )
        return self

    def sender(self) -> Celery:
        app = Celery("rosterhub-test-sender", broker=BROKER_URL)
        app.conf.task_default_queue = self.queue
        if BROKER_URL.startswith("filesystem"):
            folders = {name: self.var / "broker" / sub for name, sub in
                       (("queue", "queue"), ("processed", "processed"), ("control", "control"))}
            for path in folders.values():
                path.mkdir(parents=True, exist_ok=True)
            app.conf.broker_transport_options = {
                "data_folder_in": str(folders["queue"]), "data_folder_out": str(folders["queue"]),
                "processed_folder": str(folders["processed"]), "control_folder": str(folders["control"]),
                "store_processed": False,
            }
        return app

    def log_text(self):
        return self.log.read_text() if self.log.exists() else ""

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def wait_for(condition, timeout=60.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def services_checked():
    if ON_REDIS:
        import redis

        try:
            redis.Redis.from_url(BROKER_URL, socket_connect_timeout=3).ping()
        except redis.RedisError as exc:
            pytest.fail(f"CELERY_BROKER_URL is {BROKER_URL} but Redis does not answer: {exc}")
    if os.environ.get("CI") == "true" and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        assert connection.vendor == "postgresql"


@pytest.fixture
def worker(tmp_path, services_checked):
    db = WorkerDatabase(tmp_path)
    w = Worker(tmp_path, db, f"rh-test-{uuid.uuid4().hex[:10]}")
    yield w
    w.stop()


@pytest.fixture
def today_world(world):
    """A circular binding every day from today for a week: health WFO 100%, administration ≤ 50%."""
    today = datetime.date.today()
    end = today + datetime.timedelta(days=7)
    rules = [
        {"start_date": today, "end_date": end, "categories": DIRECT_SERVICE_CATEGORIES, "wfh_cap_percent": 0,
         "binds_every_day": True},
        {"start_date": today, "end_date": end, "categories": ADMINISTRATIVE_CATEGORIES, "wfh_cap_percent": 50,
         "binds_every_day": True},
    ]
    make_circular(f.ministry(), "99/2099", rules=rules)
    everyone = world.bekasi_staff + world.bekasi_umum_staff + world.bekasi_nurses + world.tangerang_staff
    for n in range(8):
        roster(everyone, today + datetime.timedelta(days=n), "WFO")
    roster(world.bekasi_nurses[:2], today, "WFH")
    world.today = today
    return world


def expected_findings(unit_ids, start, end):
    """What a clean run must store, from the same pure rules (kind, measured, limit per unit and day)."""
    statuses = compliance_day_statuses(unit_ids, start, end)
    return sorted(
        (unit_id, str(day), x.kind, x.measured, x.limit, x.rule_id, "open")
        for (unit_id, day), status in statuses.items() for x in status.findings
    )


def test_the_nightly_check_and_the_on_change_check_run_in_a_real_worker(today_world, worker):
    w, today = today_world, today_world.today
    worker.db.share()
    worker.start()
    app = worker.sender()
    app.send_task("policies.compliance_nightly")
    found = wait_for(lambda: worker.db.rows(FINDINGS_SQL), what="nightly findings")
    assert [(r[0], r[1], r[2], r[3]) for r in found] == [(w.bekasi_dinkes.pk, str(today), "wfh_in_wfo_unit", 2)]
    # A roster change: the writer's hook stores a pending row and enqueues the debounced task.
    worker.db.execute("UPDATE attendance_rosterentry SET location = 'WFH' WHERE employee_id IN (%s, %s, %s) AND date = %s",
                      [e.pk for e in w.bekasi_staff[:3]] + [today])
    worker.db.execute("INSERT INTO policies_pendingcheck (unit_id, date, requested_at) VALUES (%s, %s, %s)",
                      [w.bekasi_setda.pk, today, datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")])
    app.send_task("policies.compliance_recheck_unit_days", args=[[[w.bekasi_setda.pk, today.isoformat()]]])
    over = wait_for(lambda: [r for r in worker.db.rows(FINDINGS_SQL) if r[2] == "wfh_over_cap"], what="on-change finding")
    assert [(r[0], r[3], r[4]) for r in over] == [(w.bekasi_setda.pk, 3, 2)]
    assert worker.db.rows("SELECT COUNT(*) FROM policies_pendingcheck") == [(0,)]


@pytest.fixture
def long_world(world):
    """Enough unit-days that one chunk's check takes a while (but stays one chunk, one transaction):
    220 days of a binding rule for 44 units."""
    start = datetime.date(2023, 1, 1)
    end = start + datetime.timedelta(days=219)
    make_circular(f.ministry(), "88/2023", rules=[
        {"start_date": start, "end_date": end, "categories": DIRECT_SERVICE_CATEGORIES + ADMINISTRATIVE_CATEGORIES,
         "wfh_cap_percent": 0, "binds_every_day": True},
    ])
    for n in range(40):
        f.employee(f.unit(world.bekasi, f"Puskesmas {n}", "health"))
    world.start, world.end = start, end
    return world


def test_a_worker_killed_mid_check_leaves_nothing_half_written_and_the_rerun_matches_a_clean_run(long_world, worker):
    w = long_world
    unit_ids = list(w.bekasi.units.values_list("pk", flat=True))
    expected = expected_findings(unit_ids, w.start, w.end)
    assert len(expected) == len(unit_ids) * 220  # every unit misses its roster every day
    assert len(services.unit_chunks(unit_ids, 220)) == 1
    worker.db.share()
    worker.start()
    app = worker.sender()
    app.send_task("policies.compliance_check_units", args=[unit_ids, w.start.isoformat(), w.end.isoformat()])
    # "Task …[id] received", not the banner's task list; the chunk then runs for about a second.
    wait_for(lambda: "Task policies.compliance_check_units[" in worker.log_text(), what="the worker to take the task")
    time.sleep(0.2)
    worker.kill()
    stored_after_kill = worker.db.rows("SELECT COUNT(*) FROM policies_finding")[0][0]
    assert stored_after_kill in (0, len(expected)), "a chunk is one transaction: all or nothing"
    assert stored_after_kill == 0, "the kill should land mid-check (make the check longer if this fails)"
    worker.start()  # a fresh worker on the same queue
    if ON_REDIS:
        # Redis redelivers the unacknowledged task once the visibility timeout passes; nobody re-sends it.
        pass
    else:
        # The file-system broker dropped the task in flight (at-most-once): the periodic check re-covers it.
        assert worker.db.rows("SELECT COUNT(*) FROM policies_finding") == [(0,)]
        app.send_task("policies.compliance_check_units", args=[unit_ids, w.start.isoformat(), w.end.isoformat()])
    # The worker runs with the shipped defaults: Redis redelivers once the visibility timeout has passed.
    redelivery = settings.CELERY_TASK_TIME_LIMIT + 30 + 90
    wait_for(lambda: worker.db.rows("SELECT COUNT(*) FROM policies_finding")[0][0] == len(expected), timeout=redelivery,
             what="the re-run to store every finding")
    time.sleep(0.5)
    assert worker.db.rows(FINDINGS_SQL) == expected
    if ON_REDIS:
        assert worker.log_text().count("Task policies.compliance_check_units") >= 2  # received twice: redelivered
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
