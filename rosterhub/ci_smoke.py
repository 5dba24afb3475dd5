"""CI smoke test of the real stack: a fresh PostgreSQL database, the demo world, a real Celery
worker on Redis checking compliance, and the stored findings compared with a direct check.

Run by .ci/run with DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis) set. Exits non-zero on failure.
"""

import datetime
import os
import subprocess
import sys
import time

import dj_database_url
import psycopg2

SMOKE_DB = "rosterhub_ci_smoke"
DAYS = ("2024-04-15", "2024-04-18")


def recreate_database(url: str, name: str = SMOKE_DB) -> str:
    """A fresh, empty PostgreSQL database `name` on the server of `url`; returns its URL."""
    cfg = dj_database_url.parse(url)
    conn = psycopg2.connect(host=cfg["HOST"], port=cfg["PORT"], user=cfg["USER"], password=cfg["PASSWORD"] or None, dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    auth = cfg["USER"] + (f":{cfg['PASSWORD']}" if cfg["PASSWORD"] else "")
    return f"postgres://{auth}@{cfg['HOST']}:{cfg['PORT']}/{name}"


def main() -> int:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("CELERY_BROKER_URL", "").startswith("redis"):
        print("ci_smoke needs DATABASE_URL=postgres://… and CELERY_BROKER_URL=redis://…", file=sys.stderr)
        return 2
    os.environ["DATABASE_URL"] = recreate_database(os.environ["DATABASE_URL"])
    os.environ["DJANGO_SETTINGS_MODULE"] = "rosterhub.settings"
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], check=True)
    subprocess.run([*manage, "seed_demo"], check=True, stdout=subprocess.DEVNULL)

    import django

    django.setup()
    from policies.models import Finding
    from policies.tasks import compliance_check_range
    from rosterhub.celery import app

    app.control.purge()
    Finding.objects.all().delete()
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "rosterhub", "worker", "-l", "warning", "--concurrency", "2", "-n", "smoke@%h"],
    )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=1.0):
            if time.monotonic() > deadline or worker.poll() is not None:
                print("FAIL: the worker did not answer ping", file=sys.stderr)
                return 1
        started = time.monotonic()
        compliance_check_range.delay(*DAYS)
        stored = _wait_until_stable(Finding, timeout=180)
        elapsed = time.monotonic() - started
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    by_worker = _finding_keys(Finding)
    Finding.objects.all().delete()
    from policies.compliance import compliance_check_units

    compliance_check_units(unit_ids=None, start=datetime.date.fromisoformat(DAYS[0]), end=datetime.date.fromisoformat(DAYS[1]))
    direct = _finding_keys(Finding)
    print(f"worker smoke: {stored} findings for {DAYS[0]}..{DAYS[1]} stored by a real worker on Redis in {elapsed:.1f}s")
    if not by_worker:
        print("FAIL: the worker stored no findings", file=sys.stderr)
        return 1
    if by_worker != direct:
        print(f"FAIL: worker findings differ from a direct check ({len(by_worker)} vs {len(direct)})", file=sys.stderr)
        return 1
    print("worker smoke: OK, the findings equal a direct check's")
    return 0


def _finding_keys(model) -> set:
    return set(model.objects.values_list("unit_id", "date", "kind", "rule_id", "measured", "limit"))


def _wait_until_stable(model, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    last, stable_since = -1, time.monotonic()
    while time.monotonic() < deadline:
        count = model.objects.count()
        if count != last:
            last, stable_since = count, time.monotonic()
        elif count > 0 and time.monotonic() - stable_since > 5:
            return count
        time.sleep(0.5)
    return last


if __name__ == "__main__":
    sys.exit(main())
