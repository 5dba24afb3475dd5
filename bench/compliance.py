"""Compliance check speed on generated data (design.md §6).

    DATABASE_URL=... .venv/bin/python manage.py migrate
    DATABASE_URL=... .venv/bin/python manage.py seed_scale --employees 50000
    DATABASE_URL=... .venv/bin/python bench/compliance.py [--repeat 3]

Prints: employees, units and roster rows scanned; one hand-written SQL aggregate over
the day's rows (the reference); the one-day check of every unit (read-only verdicts,
then the stored check, first run and steady-state re-run) with its ratio to the
reference; and the 22-working-day month through the Celery task (fan-out in chunks,
run in-process with task_always_eager), and the same chunk tasks spread over N worker
processes as `celery worker --concurrency N` would.
"""

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rosterhub.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402

from agencies.models import Employee, Unit  # noqa: E402
from attendance.models import RosterEntry  # noqa: E402
from policies.models import Finding, Rule  # noqa: E402
from policies.selectors import compliance_day_statuses  # noqa: E402
from policies.services import compliance_check_units  # noqa: E402
from policies.tasks import compliance_check_range  # noqa: E402
from policies.tasks import compliance_check_units as compliance_check_units_task  # noqa: E402

REFERENCE_SQL = """
SELECT r.unit_id, e.employment_type, r.location, COUNT(*)
FROM {roster} r JOIN {employee} e ON e.id = r.employee_id
WHERE r.date = %s AND e.unit_id = r.unit_id
GROUP BY r.unit_id, e.employment_type, r.location
"""


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
    parser.add_argument("--processes", type=int, default=2, help="worker processes for the parallel month")
    args = parser.parse_args()
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

    sql = REFERENCE_SQL.format(roster=RosterEntry._meta.db_table, employee=Employee._meta.db_table)

    def reference():
        with connection.cursor() as cursor:
            cursor.execute(sql, [day])
            return cursor.fetchall()

    ref_s, groups = timed(reference, args.repeat)
    print(f"reference SQL       {ref_s:.3f} s  (one GROUP BY unit, type, location over the day: {len(groups):,} groups)")

    verdicts_s, statuses = timed(lambda: compliance_day_statuses(unit_ids, day, day), args.repeat)
    print(f"day verdicts        {verdicts_s:.3f} s  (read + decide, all units)   ratio {verdicts_s / ref_s:.1f}x")

    Finding.objects.filter(unit_id__in=unit_ids, date=day).delete()
    reset_queries()
    first_s, first = timed(lambda: compliance_check_units(unit_ids=unit_ids, start=day, end=day))
    print(f"day check, first    {first_s:.3f} s  ({first.created:,} findings stored)   ratio {first_s / ref_s:.1f}x")
    again_s, again = timed(lambda: compliance_check_units(unit_ids=unit_ids, start=day, end=day), args.repeat)
    print(f"day check, re-run   {again_s:.3f} s  ({again.unchanged:,} unchanged)   ratio {again_s / ref_s:.1f}x  "
          f"({CPU['last']:.2f} s CPU in Python)")

    settings.CELERY_TASK_ALWAYS_EAGER = True
    from rosterhub.celery import app

    app.conf.task_always_eager = True
    in_month = Finding.objects.filter(unit_id__in=unit_ids, date__range=(day, month_end))
    in_month.delete()
    month_s, chunks = timed(lambda: compliance_check_range.apply(args=[day.isoformat(), month_end.isoformat()]).get())
    stored = in_month.exclude(status="resolved").count()
    print(f"month via task      {month_s:.3f} s  (first run: {chunks} chunks, {working_days} working days, "
          f"{stored:,} findings stored)")
    month2_s, _ = timed(lambda: compliance_check_range.apply(args=[day.isoformat(), month_end.isoformat()]).get())
    print(f"month re-run        {month2_s:.3f} s  (the nightly case: verdicts unchanged; "
          f"{CPU['last']:.2f} s CPU in Python)")
    in_month.delete()
    par_s, _ = timed(lambda: month_in_processes(unit_ids, day, month_end, args.processes))
    print(f"month, {args.processes} processes  {par_s:.3f} s  (the chunk task in {args.processes} worker processes, "
          f"as `celery worker -c {args.processes}`)")
    par2_s, _ = timed(lambda: month_in_processes(unit_ids, day, month_end, args.processes))
    print(f"month re-run, {args.processes} p  {par2_s:.3f} s   (load average now {os.getloadavg()[0]:.1f})")
    del statuses


def _chunk_in_child(job):
    from django.db import connections

    connections.close_all()
    return compliance_check_units_task.run(*job)


def month_in_processes(unit_ids, start, end, processes):
    from django.db import connections

    from policies.services import unit_chunks

    jobs = [(chunk, start.isoformat(), end.isoformat()) for chunk in unit_chunks(unit_ids, (end - start).days + 1)]
    connections.close_all()  # children must not share the parent's connection
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        return pool.map(_chunk_in_child, jobs)


if __name__ == "__main__":
    main()
