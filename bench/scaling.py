"""Measured simulation for docs/scaling.md: does monthly partitioning (and sharding by agency)
keep the hot queries flat as attendance grows?

Builds, inside a scratch PostgreSQL database, the same attendance rows twice — one plain table
and one partitioned by month (range on date) with a hash sub-split by agency_id, the shape a Citus
distribution by agency_id takes — and times the dashboard's month aggregate and one agency's day
on both. Rows are generated server-side with generate_series, so the script measures the database,
not Python.

    python bench/scaling.py --employees 50000 --months 6 [--url postgres://postgres@127.0.0.1:5432/postgres]
"""

import argparse
import re
import statistics
import time

import psycopg2

SCRATCH = "rosterhub_scaling_sim"


def run(cur, sql, params=None):
    cur.execute(sql, params)


def timed(cur, sql, params=None, repeat=5) -> float:
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        cur.execute(sql, params)
        cur.fetchall()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--employees", type=int, default=50_000)
    parser.add_argument("--agencies", type=int, default=40)
    parser.add_argument("--months", type=int, default=6)
    parser.add_argument("--agency-shards", type=int, default=8)
    args = parser.parse_args()

    admin = psycopg2.connect(args.url)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {SCRATCH} WITH (FORCE)")
        cur.execute(f"CREATE DATABASE {SCRATCH}")
    admin.close()
    conn = psycopg2.connect(args.url.rsplit("/", 1)[0] + "/" + SCRATCH)
    conn.autocommit = True
    cur = conn.cursor()

    start = "2024-01-01"
    months = args.months
    run(cur, "SET max_parallel_workers_per_gather = 0")  # 2 cores: keep timings comparable
    run(cur, """
        CREATE TABLE employee AS
        SELECT g AS id, (g %% %s) + 1 AS agency_id, (g / 33) + 1 AS unit_id FROM generate_series(1, %s) g
    """, (args.agencies, args.employees))
    base = """
        SELECT e.agency_id, e.unit_id, e.id AS employee_id, d::date AS date,
               (ARRAY['H','H','H','H','H','H','H','TL','S','I','C','DL','TK','WFH'])[1 + ((e.id * 7 + extract(doy from d)::int) %% 14)] AS status
        FROM employee e, generate_series(%s::date, (%s::date + (%s || ' months')::interval - interval '1 day'), interval '1 day') d
        WHERE extract(isodow from d) < 6
    """
    t = time.perf_counter()
    run(cur, "CREATE TABLE att_plain (agency_id int, unit_id int, employee_id int, date date, status varchar(4))")
    run(cur, "INSERT INTO att_plain " + base, (start, start, months))
    run(cur, "CREATE UNIQUE INDEX ON att_plain (employee_id, date)")
    run(cur, "CREATE INDEX ON att_plain (agency_id, date, status)")
    run(cur, "ANALYZE att_plain")
    build_plain = time.perf_counter() - t
    cur.execute("SELECT count(*) FROM att_plain")
    rows = cur.fetchone()[0]

    t = time.perf_counter()
    run(cur, """CREATE TABLE att_part (agency_id int, unit_id int, employee_id int, date date, status varchar(4))
                PARTITION BY RANGE (date)""")
    for m in range(months):
        run(cur, f"""CREATE TABLE att_part_m{m} PARTITION OF att_part
                     FOR VALUES FROM (('{start}'::date + interval '{m} months')) TO (('{start}'::date + interval '{m + 1} months'))
                     PARTITION BY HASH (agency_id)""")
        for s in range(args.agency_shards):
            run(cur, f"CREATE TABLE att_part_m{m}_s{s} PARTITION OF att_part_m{m} FOR VALUES WITH (MODULUS {args.agency_shards}, REMAINDER {s})")
    run(cur, "INSERT INTO att_part " + base, (start, start, months))
    run(cur, "CREATE UNIQUE INDEX ON att_part (employee_id, date, agency_id)")
    run(cur, "CREATE INDEX ON att_part (agency_id, date, status)")
    run(cur, "ANALYZE att_part")
    build_part = time.perf_counter() - t

    last_month = f"('{start}'::date + interval '{months - 1} months')"
    month_sql = f"""SELECT unit_id, status, count(*) FROM {{t}}
                    WHERE date >= {last_month} AND date < {last_month} + interval '1 month' AND agency_id = ANY(%s)
                    GROUP BY unit_id, status"""
    agencies = list(range(1, 6))
    day_sql = f"SELECT status, count(*) FROM {{t}} WHERE agency_id = 3 AND date = {last_month} + interval '2 days' GROUP BY status"
    results = {}
    for table in ("att_plain", "att_part"):
        results[table] = (
            timed(cur, month_sql.format(t=table), (agencies,)),
            timed(cur, day_sql.format(t=table)),
        )
    cur.execute("EXPLAIN " + month_sql.format(t="att_part"), (agencies,))
    scanned = len({m for (line,) in cur.fetchall() for m in re.findall(r"att_part_m\d+_s\d+", line)})

    # Retention: removing the oldest month, row by row versus detaching its partition.
    month_end = f"('{start}'::date + interval '1 month')"
    t = time.perf_counter()
    cur.execute(f"DELETE FROM att_plain WHERE date < {month_end}")
    deleted = cur.rowcount
    delete_seconds = time.perf_counter() - t
    t = time.perf_counter()
    run(cur, "ALTER TABLE att_part DETACH PARTITION att_part_m0")
    run(cur, "DROP TABLE att_part_m0")
    detach_seconds = time.perf_counter() - t

    print(f"employees {args.employees:,} in {args.agencies} agencies; {months} months of working days: {rows:,} attendance rows")
    print(f"build: plain {build_plain:.1f} s, partitioned (month x {args.agency_shards} agency shards) {build_part:.1f} s")
    print(f"{'query':<52}{'plain':>10}{'partitioned':>14}")
    print(f"{'dashboard month, 5 agencies, by unit and status':<52}{results['att_plain'][0] * 1000:>8.1f}ms{results['att_part'][0] * 1000:>12.1f}ms")
    print(f"{'one agency, one day, by status':<52}{results['att_plain'][1] * 1000:>8.1f}ms{results['att_part'][1] * 1000:>12.1f}ms")
    print(f"partitions scanned by the month query: {scanned} of {months * args.agency_shards}")
    print(f"dropping the oldest month ({deleted:,} rows): DELETE {delete_seconds:.2f} s, DETACH + DROP partition {detach_seconds:.3f} s")
    conn.close()
    admin = psycopg2.connect(args.url)
    admin.autocommit = True
    with admin.cursor() as c:
        c.execute(f"DROP DATABASE IF EXISTS {SCRATCH} WITH (FORCE)")
    admin.close()


if __name__ == "__main__":
    main()
