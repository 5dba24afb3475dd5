"""Attendance dashboard and punch import speed on generated data (design.md §6).

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/rh_d
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/dashboard.py                 # seeds 50,000 staff x 30 working days, then measures
    .venv/bin/python bench/dashboard.py --skip-seed     # measure again on the same data

Prints:
- the dashboard's server time (median of --runs requests through Django's test client,
  after one warm-up) for the whole province over the 30 days, and for one day;
- the punch import of 100,000 rows (a CSV of one agency's staff, 10 working days,
  two punches each) through the same code as the file import: rows/s, and peak memory
  (tracemalloc peak of the Python heap, and the child process's max RSS);
- a load run: gunicorn on a local port and locust headless, --users concurrent users
  for --seconds, each logging in then reloading the dashboard; requests, failures,
  median and 95th percentile.

Attendance is generated in SQL from seed_scale's rosters (PostgreSQL only): WFH, DL,
leave and sickness follow the roster; office days are H (87%), TL (7%), PSW (3%),
I (1%) or TK (2%); days without a roster entry are H.
"""

import argparse
import csv
import datetime
import json
import os
import random
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rosterhub.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from agencies.audit import AuditContext  # noqa: E402
from agencies.models import Agency, AuditEvent, Employee, Region, Role, RoleAssignment, User  # noqa: E402
from attendance.models import AttendanceRecord, DevicePunch, ImportBatch, RollCall  # noqa: E402
from attendance.presence.summaries import summaries_rebuild  # noqa: E402
from demo.management.commands.seed_scale import working_days  # noqa: E402

PREFIX = "skala-"
PROVINCE = "35"
START = datetime.date(2024, 7, 1)
USERNAME, PASSWORD = "bench_inspektur", "bench-sandi-2024"

ATTENDANCE_SQL = """
INSERT INTO attendance_attendancerecord
  (agency_id, unit_id, employee_id, date, status, late_tier, early_tier, leave_type, check_in, check_out,
   source, place, note, version, updated_at)
SELECT agency_id, unit_id, employee_id, date, status,
       CASE WHEN status = 'TL' THEN 1 + floor(x * 1000)::int %% 4 ELSE 0 END,
       CASE WHEN status = 'PSW' THEN 1 + floor(x * 1000)::int %% 4 ELSE 0 END,
       CASE WHEN status = 'C' THEN 'CT' ELSE '' END,
       CASE WHEN status IN ('H', 'TL', 'PSW') THEN (date + time '07:15' + (x * interval '50 minutes')) AT TIME ZONE 'Asia/Jakarta' END,
       CASE WHEN status IN ('H', 'TL', 'PSW') THEN (date + time '15:40' + (x * interval '60 minutes')) AT TIME ZONE 'Asia/Jakarta' END,
       'device', CASE WHEN status = 'WFH' THEN 'home' WHEN status = 'DL' THEN 'elsewhere' WHEN status IN ('H', 'TL', 'PSW') THEN 'office' ELSE '' END,
       '', 1, now()
FROM (
  SELECT agency_id, unit_id, employee_id, date, x,
         CASE location WHEN 'WFH' THEN 'WFH' WHEN 'DL' THEN 'DL' WHEN 'CUTI' THEN 'C' WHEN 'SAKIT' THEN 'S' WHEN 'LIBUR' THEN NULL
              ELSE CASE WHEN x < 0.02 THEN 'TK' WHEN x < 0.03 THEN 'I' WHEN x < 0.10 THEN 'TL' WHEN x < 0.13 THEN 'PSW' ELSE 'H' END
         END AS status
  FROM (
    SELECT e.agency_id, e.unit_id, e.id AS employee_id, d.date, r.location, random() AS x
    FROM agencies_employee e
    CROSS JOIN unnest(%s::date[]) AS d(date)
    LEFT JOIN attendance_rosterentry r ON r.employee_id = e.id AND r.date = d.date
    WHERE e.agency_id = ANY(%s) AND e.active_from <= d.date AND (e.active_until IS NULL OR e.active_until >= d.date)
  ) generated
) s
WHERE status IS NOT NULL
"""


def scale_agencies():
    return list(Agency.objects.filter(code__startswith=PREFIX).order_by("pk"))


def wipe_attendance(agencies):
    DevicePunch.objects.filter(agency__in=agencies).delete()
    ImportBatch.objects.filter(agency__in=agencies).delete()
    RollCall.objects.filter(agency__in=agencies).delete()
    AttendanceRecord.objects.filter(agency__in=agencies).delete()
    AuditEvent.objects.filter(agency__in=agencies, action__startswith="attendance.").delete()


def seed(employees: int, days: list[datetime.date]) -> None:
    if connection.vendor != "postgresql":
        sys.exit("bench/dashboard.py generates attendance in PostgreSQL SQL; set DATABASE_URL to a PostgreSQL database.")
    wipe_attendance(scale_agencies())
    t = time.perf_counter()
    call_command("seed_scale", employees=employees, start=days[0].isoformat(), days=len(days))
    print(f"seed_scale: {time.perf_counter() - t:.1f} s")
    agencies = scale_agencies()
    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(ATTENDANCE_SQL, [days, [a.pk for a in agencies]])
        cursor.execute("ANALYZE attendance_attendancerecord")
    print(f"attendance rows: {AttendanceRecord.objects.filter(agency__in=agencies).count():,} "
          f"generated in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    for agency in agencies:  # raw SQL bypasses the writes that keep the dashboard's summaries
        summaries_rebuild(agency_id=agency.pk)
    print(f"summaries recounted in {time.perf_counter() - t:.1f} s")


def bench_user() -> User:
    user = User.objects.filter(username=USERNAME).first()
    if user is None:
        user = User.objects.create_user(USERNAME, password=PASSWORD, first_name="Inspektur Bench")
    RoleAssignment.objects.get_or_create(user=user, role=Role.INSPECTOR, region=Region.objects.get(code=PROVINCE))
    return user


def median_ms(client: Client, params: dict, runs: int) -> tuple[float, int]:
    client.get("/kehadiran/", params)  # warm-up
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        response = client.get("/kehadiran/", params)
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(times), len(response.content)


def bench_dashboard(days: list[datetime.date], runs: int) -> dict:
    client = Client()
    client.force_login(bench_user())
    staff = Employee.objects.filter(agency__code__startswith=PREFIX).count()
    records = AttendanceRecord.objects.filter(agency__code__startswith=PREFIX, date__range=(days[0], days[-1])).count()
    print(f"data: {staff:,} employees, {records:,} attendance records over {len(days)} working days "
          f"({days[0]} – {days[-1]})")
    period = {"start": days[0].isoformat(), "end": days[-1].isoformat()}
    one_day = {"start": days[10].isoformat(), "end": days[10].isoformat()}
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        whole, size = median_ms(client, period, runs)
        single, _ = median_ms(client, one_day, runs)
        agency = scale_agencies()[1]
        one_agency, _ = median_ms(client, {**period, "agency": agency.pk}, runs)
    print(f"dashboard, province, {len(days)} working days: median {whole:.0f} ms over {runs} runs ({size:,} bytes)")
    print(f"dashboard, province, one day:               median {single:.0f} ms")
    print(f"dashboard, one agency ({Employee.objects.filter(agency=agency).count():,} staff), {len(days)} days: "
          f"median {one_agency:.0f} ms")
    return {"whole_ms": whole, "day_ms": single}


# -- the import, in a child process so its memory is its own -------------------------------

def write_punch_file(path: Path, rows_wanted: int) -> tuple[int, int]:
    agency = scale_agencies()[1]
    staff = list(Employee.objects.filter(agency=agency, active_from__lte=START, nip__isnull=False)
                 .exclude(active_until__lt=START + datetime.timedelta(days=60)).values_list("nip", flat=True))
    days_needed = -(-rows_wanted // (2 * len(staff)))
    days = working_days(START + datetime.timedelta(days=60), days_needed)  # outside the dashboard's period
    rng = random.Random(7)
    written = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["NIP", "Waktu", "Mesin"])
        for day in days:
            for nip in staff:
                for hour, spread in ((7, 40), (16, 50)):
                    if written >= rows_wanted:
                        break
                    minute = rng.randrange(spread)
                    writer.writerow([nip, f"{day} {hour:02d}:{minute:02d}:{rng.randrange(60):02d}", "FP-01"])
                    written += 1
    return agency.pk, written


def import_child(path: str, agency_id: int, trace: bool) -> None:
    from attendance.presence.imports import PunchFile
    from attendance.presence.punches import punches_import

    agency = Agency.objects.select_related("seat_region").get(pk=agency_id)
    wipe_attendance([agency])  # only punches and the import's own days (outside the dashboard's period)
    with connection.cursor() as cursor:  # start from tidy tables, as after the nightly autovacuum
        for table in ("attendance_devicepunch", "attendance_attendancerecord", "agencies_auditevent", "attendance_attendancedaysummary"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    if trace:
        tracemalloc.start()
    t, cpu = time.perf_counter(), time.process_time()
    with transaction.atomic():  # the import's own transaction, made visible: its deferred FK checks timed apart
        result = punches_import(context=AuditContext(None, AuditEvent.Interface.COMMAND), agency=agency, rows=PunchFile(path))
        fk = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # runs the checks the commit would run
        fk = time.perf_counter() - fk
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    peak = tracemalloc.get_traced_memory()[1] if trace else None
    print(json.dumps({
        "rows": result.total_rows, "ok": result.ok, "records": result.records_written, "seconds": seconds, "cpu": cpu,
        "fk_seconds": fk,
        "tracemalloc_peak_mb": peak / 2**20 if peak else None,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


def bench_import(rows: int, restore_days: list[datetime.date]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "punches.csv"
        agency_id, written = write_punch_file(path, rows)
        print(f"punch file: {written:,} rows, {path.stat().st_size / 2**20:.1f} MB")
        for trace in (False, True):
            out = subprocess.run(
                [sys.executable, __file__, "--import-child", str(path), "--agency", str(agency_id)] + (["--trace"] if trace else []),
                check=True, capture_output=True, text=True,
            ).stdout.strip().splitlines()[-1]
            r = json.loads(out)
            if trace:
                print(f"import with tracemalloc: peak Python heap {r['tracemalloc_peak_mb']:.1f} MB "
                      f"(slower under tracing: {r['seconds']:.1f} s)")
            else:
                print(f"import: {r['rows']:,} rows in {r['seconds']:.2f} s = {r['rows'] / r['seconds']:,.0f} rows/s; "
                      f"{r['records']:,} day records derived; Python CPU {r['cpu']:.1f} s (the rest waits on PostgreSQL, "
                      f"{r['fk_seconds']:.1f} s of it on foreign-key checks at commit); "
                      f"child max RSS {r['max_rss_mb']:.0f} MB")
    # the import wiped that agency's generated attendance; put it back for the next run
    with connection.cursor() as cursor:
        cursor.execute(ATTENDANCE_SQL, [restore_days, [agency_id]])


# -- the load run -------------------------------------------------------------------------------

LOCUSTFILE = '''
import re
from locust import HttpUser, between, task

class Inspector(HttpUser):
    wait_time = between(1, 2)

    def on_start(self):
        page = self.client.get("/masuk/", name="login form").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        self.client.post("/masuk/", {{"username": "{user}", "password": "{password}", "csrfmiddlewaretoken": token}},
                         headers={{"Referer": self.host + "/masuk/"}}, name="login")

    @task
    def dashboard(self):
        with self.client.get("/kehadiran/", params={params}, name="dashboard", catch_response=True) as r:
            if r.status_code != 200 or 'data-figure="present"' not in r.text:
                r.failure(f"status {{r.status_code}}")
'''


def bench_load(days: list[datetime.date], users: int, seconds: int, port: int, workers: int) -> None:
    bench_user()
    params = {"start": days[0].isoformat(), "end": days[4].isoformat()}
    env = {**os.environ, "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1,localhost", "LOGIN_LOCKOUT_FAILURES": "1000",
           "DATABASE_CONN_MAX_AGE": "60"}
    with tempfile.TemporaryDirectory() as tmp:
        locustfile = Path(tmp) / "locustfile.py"
        locustfile.write_text(LOCUSTFILE.format(user=USERNAME, password=PASSWORD, params=repr(params)))
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "rosterhub.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers),
             "--timeout", "120", "--log-level", "warning"], cwd=ROOT, env=env,
        )
        try:
            time.sleep(4)
            prefix = Path(tmp) / "load"
            subprocess.run(
                [str(Path(sys.executable).parent / "locust"), "-f", str(locustfile), "--headless", "-u", str(users),
                 "-r", str(users), "-t", f"{seconds}s", "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix),
                 "--only-summary", "--loglevel", "WARNING"],
                cwd=tmp, check=False, capture_output=True, text=True,
            )
            with open(f"{prefix}_stats.csv", newline="") as handle:
                for row in csv.DictReader(handle):
                    if row["Name"] in ("dashboard", "Aggregated"):
                        print(f"load {row['Name']:>10}: {users} users x {seconds} s ({workers} gunicorn workers, "
                              f"dashboard {params['start']} – {params['end']}): {row['Request Count']} requests, "
                              f"{row['Failure Count']} failures, median {row['Median Response Time']} ms, "
                              f"p95 {row['95%']} ms, {float(row['Requests/s']):.1f} req/s")
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--employees", type=int, default=50_000)
    parser.add_argument("--days", type=int, default=30, help="working days of attendance")
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--skip", nargs="*", default=[], choices=["dashboard", "import", "load"])
    parser.add_argument("--import-child", help=argparse.SUPPRESS)
    parser.add_argument("--agency", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.import_child:
        return import_child(args.import_child, args.agency, args.trace)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    days = working_days(START, args.days)
    if not args.skip_seed:
        seed(args.employees, days)
    if "dashboard" not in args.skip:
        bench_dashboard(days, args.runs)
    if "import" not in args.skip:
        bench_import(args.import_rows, working_days(START, args.days))
    if "load" not in args.skip:
        bench_load(days, args.users, args.seconds, args.port, args.workers)


if __name__ == "__main__":
    main()
