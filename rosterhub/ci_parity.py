"""CI check that SQLite and PostgreSQL reach the same verdicts: the same generated province
(seed_scale is seeded, so both databases hold the same rows; --flexible adds WFA days, a
delegated proportion, an implementing arrangement and a standing weekday rule) checked for a whole month by
`check_compliance` on each, and the two JSON outputs compared finding by finding.

The check's counting statement is hand-written SQL that runs on both databases (dates are
text in SQLite); this is what proves it counts alike. Run by .ci/run with DATABASE_URL set
to PostgreSQL. Exits non-zero on failure.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from rosterhub.ci_smoke import recreate_database

PARITY_DB = "rosterhub_ci_parity"
EMPLOYEES = "3000"
MONTH = ("2024-07-01", "2024-07-30")  # seed_scale's month


def findings_on(database_url: str) -> list[tuple]:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "rosterhub.settings"}
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], check=True, env=env)
    subprocess.run([*manage, "seed_scale", "--employees", EMPLOYEES, "--flexible"], check=True, env=env, stdout=subprocess.DEVNULL)
    out = subprocess.run(
        [*manage, "check_compliance", "--date", MONTH[0], "--until", MONTH[1], "--format", "json"],
        check=True, env=env, capture_output=True, text=True,
    ).stdout
    return sorted(
        (f["unit"], f["date"], f["kind"], f["measured"], f["limit"], f["binding_circular"], tuple(f["circulars"]))
        for f in json.loads(out)
    )


def main() -> int:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("ci_parity needs DATABASE_URL=postgres://…", file=sys.stderr)
        return 2
    on_postgres = findings_on(recreate_database(os.environ["DATABASE_URL"], PARITY_DB))
    with tempfile.TemporaryDirectory() as folder:
        on_sqlite = findings_on(f"sqlite:///{Path(folder) / 'parity.sqlite3'}")
    print(f"parity: {len(on_sqlite)} findings on SQLite, {len(on_postgres)} on PostgreSQL "
          f"({EMPLOYEES} employees, {MONTH[0]}..{MONTH[1]})")
    if not on_sqlite:
        print("FAIL: no findings at all", file=sys.stderr)
        return 1
    if on_sqlite != on_postgres:
        differ = set(on_sqlite) ^ set(on_postgres)
        print(f"FAIL: the databases disagree on {len(differ)} findings, e.g. {sorted(differ)[:3]}", file=sys.stderr)
        return 1
    print("parity: OK, the same findings on both databases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
