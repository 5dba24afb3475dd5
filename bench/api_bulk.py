"""API bulk write speed: roster entries and device punches through /api/v1/.../bulk/ with a token.

    ROSTERHUB_VAR_DIR=/tmp/rh .venv/bin/python manage.py migrate
    ROSTERHUB_VAR_DIR=/tmp/rh .venv/bin/python manage.py seed_demo
    ROSTERHUB_VAR_DIR=/tmp/rh .venv/bin/python bench/api_bulk.py [--rows 10000]

Writes (in the database named by the environment) one call of N roster rows and one of N punches
for Pemkot Bekasi's staff from --first-day on, and prints rows, seconds and rows/s per call, plus the
answer to a call with one bad row among N (validated, nothing written). A first run times inserts;
running again with the same --first-day times updates of existing cells.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rosterhub.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from agencies.models import Employee, RoleAssignment  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]


def timed(client, url, body):
    start = time.perf_counter()
    response = client.post(url, body, format="json")
    return response, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--first-day", default="2025-01-06", help="run again with the same day to time updates")
    args = parser.parse_args()
    hr = RoleAssignment.objects.filter(role="hr_officer", agency__code="pemkot-bekasi").select_related("user").first().user
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=hr)[0].key}")
    staff = list(Employee.objects.filter(agency__code="pemkot-bekasi").exclude(nip=None).values_list("nip", flat=True))
    days_needed = -(-args.rows // len(staff))
    first = datetime.date.fromisoformat(args.first_day)
    days = [first + datetime.timedelta(days=i) for i in range(days_needed)]
    roster = [{"nip": nip, "date": d.isoformat(), "location": "WFO" if i % 3 else "WFH"}
              for d in days for i, nip in enumerate(staff)][: args.rows]
    response, seconds = timed(client, "/api/v1/roster-entries/bulk/", {"rows": roster})
    print(f"roster bulk   {len(roster):>6} rows  {seconds:6.2f} s  {len(roster) / seconds:8.0f} rows/s  -> {response.status_code} {response.json()}")
    bad = [*roster[:-1], {**roster[-1], "location": "PANTAI"}]
    response, seconds = timed(client, "/api/v1/roster-entries/bulk/", {"rows": bad})
    print(f"roster 1 bad  {len(bad):>6} rows  {seconds:6.2f} s  -> {response.status_code} rows named: {[r['row'] for r in response.json()['errors']['rows']]}")
    punches = [{"nip": nip, "timestamp": f"{d.isoformat()} 07:{i % 60:02d}:00", "device": "bench"}
               for d in days for i, nip in enumerate(staff)][: args.rows]
    response, seconds = timed(client, "/api/v1/device-punches/bulk/", {"rows": punches})
    print(f"punches bulk  {len(punches):>6} rows  {seconds:6.2f} s  {len(punches) / seconds:8.0f} rows/s  -> {response.status_code} {response.json()}")


if __name__ == "__main__":
    main()
