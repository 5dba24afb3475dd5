"""Compliance check speed on generated data (design.md §6).

    DATABASE_URL=... .venv/bin/python manage.py migrate
    DATABASE_URL=... .venv/bin/python manage.py seed_scale --employees 50000
    DATABASE_URL=... .venv/bin/python bench/compliance.py [--repeat 3]

Prints: employees, units and roster rows scanned; one hand-written SQL aggregate over
the day's rows (the reference); the one-day check of every unit (read-only verdicts,
then the stored check, first run and steady-state re-run) with its ratio to the
reference; and the 22-working-day month through the Celery task (fan-out in chunks,
run in-process with task_always_eager), and the same range task sent to a real
`celery worker --concurrency N` subprocess: it records one PendingRangeCheck row per chunk and
enqueues a `policies.compliance_check_chunk` task for each; the timing ends when the worker has
finished every chunk the range task reported. Any chunk that failed, was retried, found its row
already gone, or left its PendingRangeCheck row behind stops the bench with the worker's log.

Env: DATABASE_URL (PostgreSQL for figures worth quoting), CELERY_BROKER_URL (a Redis db of its
own: the bench empties its queue), ROSTERHUB_CELERY_QUEUE (default bench-compliance).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rosterhub.settings")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/2")
os.environ.setdefault("ROSTERHUB_CELERY_QUEUE", "bench-compliance")
DONE_KEY = "bench:compliance:done"  # the worker pushes each finished range and chunk task here (JSON)
READY_KEY = "bench:compliance:ready"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402

from agencies.models import Employee, Unit  # noqa: E402
from attendance.models import RosterEntry  # noqa: E402
from policies.compliance import compliance_check_units, compliance_day_statuses  # noqa: E402
from policies.models import Finding, PendingRangeCheck, Rule  # noqa: E402
from policies.tasks import compliance_check_chunk, compliance_check_range  # noqa: E402

REFERENCE_SQL = """
SELECT r.unit_id, e.employment_type, r.location, COUNT(*)
FROM {roster} r JOIN {employee} e ON e.id = r.employee_id
WHERE r.date = %s AND e.unit_id = r.unit_id
GROUP BY r.unit_id, e.employment_type, r.location
"""


# Autovacuum is off on this machine's PostgreSQL: the seed's and the bench's own deletes would
# leave dead rows and stale statistics that production's autovacuum clears (outside the timings).
READ_TABLES = ["attendance_rosterentry", "agencies_employee", "attendance_attendancerecord", "agencies_unit"]
FINDING_TABLES = ["policies_finding", "policies_finding_circulars", "agencies_auditevent"]


def vacuum(tables):
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(table)}")


CPU = {}  # label -> this process's CPU seconds for the last timed call (the database server's are not included)


def timed(fn, repeat=1):
    times, result = [], None
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - t)
        CPU["last"] = time.process_time() - c
    return statistics.median(times), result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--processes", type=int, default=2, help="the worker's --concurrency")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)  # the worker subprocess itself
    args = parser.parse_args()
    if args.worker:
        return run_worker(args.processes)
    rule = Rule.objects.filter(circular__number="SKALA/1/2024").order_by("start_date").first()
    if rule is None:
        sys.exit("No scale data: run manage.py seed_scale --employees N first.")
    day, month_end = rule.start_date, rule.end_date
    unit_ids = list(Unit.objects.filter(agency__code__startswith="skala-").values_list("pk", flat=True))
    employees = Employee.objects.filter(agency__code__startswith="skala-").count()
    day_rows = RosterEntry.objects.filter(date=day, unit_id__in=unit_ids).count()
    month_rows = RosterEntry.objects.filter(date__range=(day, month_end), unit_id__in=unit_ids).count()
    working_days = RosterEntry.objects.filter(date__range=(day, month_end)).values("date").distinct().count()
    print(f"database            {connection.vendor} ({settings.DATABASES['default']['NAME']}), "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"employees           {employees:,}")
    print(f"units               {len(unit_ids):,}")
    print(f"rows scanned, day   {day_rows:,} roster entries on {day} (+ {employees:,} employees)")
    print(f"rows scanned, month {month_rows:,} roster entries, {working_days} working days {day}..{month_end}")

    left = PendingRangeCheck.objects.filter(start=day, end=month_end)
    if left.exists():  # an interrupted earlier run: its chunks would be re-sent by the sweep, not by this bench
        print(f"removed {left.delete()[0]} PendingRangeCheck rows of an interrupted run")
    sql = REFERENCE_SQL.format(roster=RosterEntry._meta.db_table, employee=Employee._meta.db_table)

    def reference():
        with connection.cursor() as cursor:
            cursor.execute(sql, [day])
            return cursor.fetchall()

    vacuum(READ_TABLES + FINDING_TABLES)
    ref_s, groups = timed(reference, args.repeat)
    print(f"reference SQL       {ref_s:.3f} s  (one GROUP BY unit, type, location over the day: {len(groups):,} groups)")

    verdicts_s, statuses = timed(lambda: compliance_day_statuses(unit_ids, day, day), args.repeat)
    print(f"day verdicts        {verdicts_s:.3f} s  (read + decide, all units)   ratio {verdicts_s / ref_s:.1f}x")

    Finding.objects.filter(unit_id__in=unit_ids, date=day).delete()
    vacuum(FINDING_TABLES)
    reset_queries()
    first_s, first = timed(lambda: compliance_check_units(unit_ids=unit_ids, start=day, end=day))
    print(f"day check, first    {first_s:.3f} s  ({first.created:,} findings stored)   ratio {first_s / ref_s:.1f}x")
    vacuum(FINDING_TABLES)
    again_s, again = timed(lambda: compliance_check_units(unit_ids=unit_ids, start=day, end=day), args.repeat)
    print(f"day check, re-run   {again_s:.3f} s  ({again.unchanged:,} unchanged)   ratio {again_s / ref_s:.1f}x  "
          f"({CPU['last']:.2f} s CPU in Python)")

    settings.CELERY_TASK_ALWAYS_EAGER = True
    from rosterhub.celery import app

    app.conf.task_always_eager = True
    in_month = Finding.objects.filter(unit_id__in=unit_ids, date__range=(day, month_end))
    in_month.delete()
    vacuum(FINDING_TABLES)
    month_s, chunks = timed(lambda: month_via_task(day, month_end))
    stored = in_month.exclude(status="resolved").count()
    print(f"month via task      {month_s:.3f} s  (first run: {chunks} chunks, {working_days} working days, "
          f"{stored:,} findings stored)")
    vacuum(FINDING_TABLES)
    month2_s, _ = timed(lambda: month_via_task(day, month_end))
    print(f"month re-run        {month2_s:.3f} s  (the nightly case: verdicts unchanged; "
          f"{CPU['last']:.2f} s CPU in Python)")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    with celery_worker(args.processes) as worker:
        in_month.delete()
        vacuum(FINDING_TABLES)
        par_s, chunks = timed(lambda: month_through_worker(worker, day, month_end))
        stored = in_month.exclude(status="resolved").count()
        print(f"month via worker    {par_s:.3f} s  (first run: `celery worker -c {args.processes}` on "
              f"{settings.CELERY_BROKER_URL}, {chunks} chunks, {stored:,} findings stored)")
        vacuum(FINDING_TABLES)
        par2_s, _ = timed(lambda: month_through_worker(worker, day, month_end), args.repeat)
        print(f"month re-run, wkr   {par2_s:.3f} s  (median of {args.repeat}; load average now "
              f"{os.getloadavg()[0]:.1f})")
    del statuses


def month_via_task(start, end) -> int:
    """The range task in-process (eager): it records the chunks and runs each chunk task on commit. The
    enqueue hook is robust (an error is logged, not raised), so a failed chunk shows as its row left behind."""
    chunks = compliance_check_range.apply(args=[start.isoformat(), end.isoformat()]).get()
    left = PendingRangeCheck.objects.filter(start=start, end=end).count()
    if left:
        raise SystemExit(f"{left} of {chunks} chunk(s) were not checked (their PendingRangeCheck rows remain)")
    return chunks


RANGE_TASK, CHUNK_TASK = compliance_check_range.name, compliance_check_chunk.name


def run_worker(concurrency):
    """The worker subprocess: a plain Celery worker that also reports each finished range and chunk task
    (name, state, return value) to Redis."""
    import redis
    from celery.signals import task_postrun, worker_ready

    from rosterhub.celery import app

    r = redis.Redis.from_url(settings.CELERY_BROKER_URL)

    @task_postrun.connect(weak=False)
    def _done(sender=None, state=None, retval=None, **kwargs):
        if sender is not None and sender.name in (RANGE_TASK, CHUNK_TASK):
            r.rpush(DONE_KEY, json.dumps({"task": sender.name, "state": state or "", "retval": repr(retval)
                                          if state != "SUCCESS" else retval}))

    @worker_ready.connect(weak=False)
    def _ready(**kwargs):
        r.set(READY_KEY, "1")

    app.worker_main([
        "worker", "--concurrency", str(concurrency), "--loglevel", "WARNING", "--queues", app.conf.task_default_queue,
        "--without-gossip", "--without-mingle", "--without-heartbeat", "--hostname", f"bench-{os.getpid()}@%h",
    ])


class celery_worker:  # noqa: N801 (a context manager used like a function)
    def __init__(self, concurrency):
        import redis

        self.concurrency = concurrency
        self.redis = redis.Redis.from_url(settings.CELERY_BROKER_URL)

    def __enter__(self):
        from rosterhub.celery import app

        queue = app.conf.task_default_queue
        self.redis.delete(DONE_KEY, READY_KEY, queue)
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--worker", "--processes", str(self.concurrency)],
            env=os.environ.copy(), stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while not self.redis.get(READY_KEY):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise SystemExit(f"the celery worker did not start:\n{self.output()}")
            time.sleep(0.1)
        return self

    def next_done(self, deadline) -> dict:
        """The next finished task the worker reported; stops the bench if a task failed or was retried."""
        while True:
            item = self.redis.blpop([DONE_KEY], timeout=1)
            if item is not None:
                done = json.loads(item[1])
                if done["state"] != "SUCCESS":
                    raise SystemExit(f"{done['task']} ended {done['state']}: {done['retval']}\n{self.output()}")
                return done
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise SystemExit(f"the celery worker did not finish the range check:\n{self.output()}")

    def wait(self, deadline) -> int:
        """Wait for the range task, then for every chunk task it fanned out; returns the number of chunks."""
        chunks, finished = None, 0
        while chunks is None or finished < chunks:
            done = self.next_done(deadline)
            if done["task"] == RANGE_TASK:
                if chunks is not None:
                    raise SystemExit("the range task ran twice (redelivered?)")
                chunks = done["retval"]
            elif not done["retval"]:  # 0: the chunk's row was already gone (a duplicate delivery, or no units)
                raise SystemExit(f"a chunk task found no PendingRangeCheck row to check:\n{self.output()}")
            else:
                finished += 1
        return chunks

    def output(self):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-5000:]

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=60)


def month_through_worker(worker, start, end) -> int:
    """Send the range task to the worker; it records one PendingRangeCheck row per chunk and enqueues a
    chunk task for each (policies.compliance.recheck). Done when the worker has finished every chunk the
    range task reported and none of their rows is left; returns the number of chunks."""
    compliance_check_range.delay(start.isoformat(), end.isoformat())
    chunks = worker.wait(deadline=time.monotonic() + 600)
    left = PendingRangeCheck.objects.filter(start=start, end=end).count()
    if left or worker.redis.llen(DONE_KEY):
        raise SystemExit(f"after {chunks} chunks: {left} PendingRangeCheck rows left, "
                         f"{worker.redis.llen(DONE_KEY)} unexpected task reports")
    return chunks


if __name__ == "__main__":
    main()
