"""The unit head's WFH queue: queries and time for a long queue (design.md §5, WFH requests).

    DATABASE_URL=... .venv/bin/python manage.py migrate
    DATABASE_URL=... .venv/bin/python bench/wfh_queue.py [--units 10] [--per-unit 20] [--repeat 7]

Builds, inside a transaction that is rolled back at the end, one agency with a head over
`units` sub-units, `per-unit` employees each with a pending two-day request on days an
SE 1/2024-like 50% rule binds, then fetches the queue page as the head and prints the
query count and the median time. The query count must not grow with the queue.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rosterhub.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from agencies.audit import AuditContext  # noqa: E402
from agencies.models import ADMINISTRATIVE_CATEGORIES, Role  # noqa: E402
from attendance.wfh.services import wfh_request_submit  # noqa: E402
from policies.models import Circular, Rule  # noqa: E402
from tests import factories as f  # noqa: E402

DAYS = [datetime.date(2024, 4, 16), datetime.date(2024, 4, 17)]


class Rollback(Exception):
    pass


def run(units: int, per_unit: int, repeat: int) -> None:
    region = f.region("99.01", "Kota Bench", "city", parent=f.region("99", "Provinsi Bench", "province"))
    agency = f.agency("bench-wfh", "Pemerintah Kota Bench", "Pemkot Bench", seat=region)
    top = f.unit(agency, "Sekretariat Daerah (bench)", "administration")
    head_employee = f.employee(top)
    head = f.user("bench_wfh_head", Role.UNIT_HEAD, unit=top, employee=head_employee)
    hr = f.user("bench_wfh_hr", Role.HR_OFFICER, agency=agency)
    circular = Circular.objects.create(
        number="BENCH/2024", title="Bench", issuer=agency, signed_on=DAYS[0], status=Circular.Status.PUBLISHED,
    )
    Rule.objects.create(circular=circular, start_date=DAYS[0], end_date=DAYS[-1],
                        categories=ADMINISTRATIVE_CATEGORIES, wfh_cap_percent=50)
    for i in range(units):
        unit = f.unit(agency, f"Bagian {i + 1}", "", parent=top)
        for _ in range(per_unit):
            wfh_request_submit(context=AuditContext(actor=hr), employee=f.employee(unit), dates=DAYS,
                               reason="bench", address="Jl. Bench")
    client = Client()
    client.force_login(head)
    client.get("/wfh/antrean/")  # warm up: session, scope, templates
    times, sql_times = [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get("/wfh/antrean/")
            times.append(time.perf_counter() - started)
        sql_times.append(sum(float(q["time"]) for q in queries.captured_queries))
        assert response.status_code == 200, response.status_code
    print(f"engine        {connection.vendor}")
    rows = response.content.count(b'data-testid="queue-row"')
    print(f"queue rows    {rows}")
    print(f"queries       {len(queries.captured_queries)}")
    print(f"median        {statistics.median(times) * 1000:.0f} ms over {repeat} runs"
          f" (of which SQL {statistics.median(sql_times) * 1000:.0f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=10)
    parser.add_argument("--per-unit", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    try:
        with transaction.atomic():
            run(args.units, args.per_unit, args.repeat)
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
