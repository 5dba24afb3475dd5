"""Roster editor speed on a generated unit of 300 employees × 31 days (design.md §6).

    .venv/bin/python bench/roster.py                      # a throwaway SQLite file under /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rh_b .venv/bin/python bench/roster.py --keep

Builds (in the database of DATABASE_URL, default a fresh SQLite file in /tmp) one agency with
a 300-employee administration unit, a full month of roster entries (a third WFH) and a national
circular capping WFH at 50% for the whole month, then measures through Django's test Client
(the whole request: session, scope, selectors, templates; no network):

- the grid page for the month: median and p90 of --runs requests after one warm-up, and its queries;
- a cell edit round trip (the htmx POST the editor sends, with version check, audit event and the
  answer of the changed cell and the day's compliance): median and p90 of --edits edits.

The compliance re-check an edit enqueues goes to an in-memory broker (as with Redis: enqueue only,
the worker does the check). Prints one block of figures to compare run to run.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rosterhub.settings")
os.environ.setdefault("DEBUG", "false")
os.environ["CELERY_BROKER_URL"] = "memory://"
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
_TMP_DB = None
if "DATABASE_URL" not in os.environ:
    _TMP_DB = Path(tempfile.mkdtemp(prefix="rosterhub-bench-")) / "roster.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{_TMP_DB}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from agencies.models import Agency, Employee, Region, Role, RoleAssignment, Unit, User  # noqa: E402
from agencies.validators import build_nip  # noqa: E402
from attendance.models import RosterEntry  # noqa: E402
from policies.models import Circular, Rule  # noqa: E402

START = datetime.date(2024, 7, 1)
DAYS = 31
CODE = "bench-roster"


def build(employees: int) -> tuple[Unit, User, list[Employee]]:
    region, _ = Region.objects.get_or_create(code="35", defaults={"name": "Provinsi Bench", "level": "province"})
    agency, _ = Agency.objects.get_or_create(
        code=CODE, defaults={"name": "Pemerintah Bench", "short_name": "Pemkab Bench", "kind": "regency", "seat_region": region}
    )
    # Audit events keep the unit (PROTECT), so a re-run reuses it and replaces its staff and roster.
    unit, _ = Unit.objects.get_or_create(agency=agency, name="Sekretariat Bench",
                                         defaults={"service_category": "administration"})
    RosterEntry.objects.filter(agency=agency).delete()
    Employee.objects.filter(agency=agency).delete()
    staff = Employee.objects.bulk_create([
        Employee(
            agency=agency, unit=unit, name=f"Pegawai {n:03d}", employment_type="PNS", position="Analis",
            nip=build_nip(datetime.date(1980 + n % 20, 1 + n % 12, 1 + n % 28), datetime.date(2010, 3, 1),
                          "L" if n % 2 else "P", n % 999 + 1),
            active_from=datetime.date(2020, 1, 1),
        )
        for n in range(employees)
    ])
    staff = list(Employee.objects.filter(unit=unit).order_by("name", "id"))
    RosterEntry.objects.bulk_create([
        RosterEntry(agency=agency, unit=unit, employee=e, date=START + datetime.timedelta(days=d),
                    location="WFH" if (i + d) % 3 == 0 else "WFO")
        for i, e in enumerate(staff) for d in range(DAYS)
    ], batch_size=2000)
    circular, _ = Circular.objects.get_or_create(
        issuer=agency, number="BENCH/1/2024",
        defaults={"title": "Bench", "signed_on": START, "status": "published", "scope_kind": "national"},
    )
    circular.rules.all().delete()
    Rule.objects.create(circular=circular, start_date=START, end_date=START + datetime.timedelta(days=DAYS - 1),
                        categories=["administration"], wfh_cap_percent=50)
    if connection.vendor == "postgresql":  # fresh statistics, as autovacuum would give a live database
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE agencies_employee, attendance_rosterentry")
    user, _ = User.objects.get_or_create(username="bench_hr")
    RoleAssignment.objects.get_or_create(user=user, role=Role.HR_OFFICER, agency=agency)
    return unit, user, staff


def timed(fn, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each run (CPU shows the cost when the machine is shared)."""
    wall, cpu = [], []
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    return wall, cpu


def summary(times: tuple[list[float], list[float]]) -> str:
    wall, cpu = times
    p90 = sorted(wall)[min(len(wall) - 1, int(len(wall) * 0.9))]
    return (f"median {statistics.median(wall):6.1f} ms   p90 {p90:6.1f} ms   "
            f"(CPU median {statistics.median(cpu):6.1f} ms, n={len(wall)})")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--employees", type=int, default=300)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--keep", action="store_true", help="leave the generated unit in the database")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    unit, user, staff = build(args.employees)
    print(f"database: {connection.vendor}; generated {len(staff)} employees × {DAYS} days "
          f"({RosterEntry.objects.filter(unit=unit).count()} entries) in {time.perf_counter() - began:.1f} s")

    client = Client()
    client.force_login(user)
    grid_url = f"{reverse('roster:grid')}?unit={unit.pk}&periode=bulan&mulai={START:%Y-%m-%d}"
    first = client.get(grid_url)
    assert first.status_code == 200, first.status_code
    queries = []
    with connection.execute_wrapper(lambda execute, sql, params, many, context: queries.append(sql) or execute(sql, params, many, context)):
        page = client.get(grid_url)
    cells = page.content.count(b'<td id="c-')
    page_times = timed(lambda: client.get(grid_url), args.runs)

    set_url = reverse("roster:cells_set", args=[unit.pk])
    versions = {}
    edits = [(staff[i % len(staff)], START + datetime.timedelta(days=(i * 7) % DAYS)) for i in range(args.edits)]
    for employee, day in edits:
        versions[(employee.pk, day)] = RosterEntry.objects.get(employee=employee, date=day).version

    def edit(employee, day, code):
        version = versions[(employee.pk, day)]
        response = client.post(set_url, {"cells": f"{employee.pk}:{day:%Y-%m-%d}:{version}", "code": code},
                               headers={"HX-Request": "true"})
        assert b"1 sel disimpan" in response.content, response.content[:300]
        versions[(employee.pk, day)] = version + 1

    edit_queries = []
    with connection.execute_wrapper(
        lambda execute, sql, params, many, context: edit_queries.append(sql) or execute(sql, params, many, context)
    ):
        edit(*edits[0], "DL")
    edits = edits[1:]
    if os.environ.get("BENCH_SHOW_SQL"):
        print("\n".join(q[:160] for q in edit_queries))
    queue = iter(edits)
    edit_times = timed(lambda: edit(*next(queue), "DL"), len(edits))

    # One "everyone WFO" fill over the whole month (all 9,300 cells sent, the changed ones written).
    refs = ",".join(
        f"{e}:{d:%Y-%m-%d}:{v}"
        for e, d, v in RosterEntry.objects.filter(unit=unit).values_list("employee_id", "date", "version")
    )
    fill_response = []
    fill_times = timed(lambda: fill_response.append(
        client.post(set_url, {"cells": refs, "pattern": "all_wfo"}, headers={"HX-Request": "true"})
    ), 1)
    filled = fill_response[0].content.split(b" sel disimpan")[0].rsplit(b">", 1)[-1].decode()

    print(f"grid page: {len(staff)} employees × {DAYS} days, {cells} cells, {len(page.content) // 1024} KiB, "
          f"{len(queries)} queries")
    print(f"  page       {summary(page_times)}   target ≤ 300 ms median")
    print(f"  cell edit  {summary(edit_times)}   target ≤ 80 ms median (htmx POST: version check, audit, day status; "
          f"{len(edit_queries)} queries)")
    print(f"  month fill {fill_times[0][0]:6.0f} ms   (CPU {fill_times[1][0]:.0f} ms; 'Semua WFO' over {cells} cells, {filled} changed)")
    print(f"  load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if not args.keep:
        RosterEntry.objects.filter(unit=unit).delete()
    if _TMP_DB is not None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{_TMP_DB}{suffix}").unlink(missing_ok=True)
        _TMP_DB.parent.rmdir()


if __name__ == "__main__":
    main()
