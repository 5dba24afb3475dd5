"""Two first writes to the same empty grid cell at once (issue 13 point 9): the loser gets the conflict
message naming the winner, not IntegrityError roster_one_entry_per_employee_day as a 500.

Only PostgreSQL lets both transactions read "no entry" before either inserts (SQLite's IMMEDIATE transactions
run one after the other), so this runs in .ci/run's PostgreSQL pass."""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client

from attendance.models import RosterEntry
from attendance.roster import services

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the race needs PostgreSQL (runs in .ci/run's PG pass)"),
]
DAY = datetime.date(2024, 4, 16)


def test_two_first_writes_to_an_empty_cell_give_one_write_and_one_conflict(world, monkeypatch):
    employee = world.bekasi_staff[2]
    both_read, real = threading.Barrier(2, timeout=10), services._create_or_conflict

    def after_both_read(to_create, changes):
        both_read.wait()  # each has found the cell empty under its own lock
        return real(to_create, changes)

    monkeypatch.setattr(services, "_create_or_conflict", after_both_read)
    results = []

    def write(code):
        client = Client()
        client.force_login(world.bekasi_hr)
        try:
            response = client.post(f"/jadwal/{world.bekasi_setda.pk}/sel/", {"cells": f"{employee.pk}:{DAY}:0", "code": code})
            results.append((response.status_code, response.content.decode()))
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(code,)) for code in ("WFO", "WFH")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(status for status, _ in results) == [200, 200]
    assert sum("sudah diubah oleh" in body for _, body in results) == 1
    assert RosterEntry.objects.filter(employee=employee, date=DAY).count() == 1
