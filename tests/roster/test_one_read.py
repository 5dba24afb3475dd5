"""An editor write reads (and locks) the cells it changes once, not once in the editor and again in the
service (issue 16, item 6): the editor hands its locked rows to `roster_entries_set`."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.audit import AuditContext
from attendance.models import RosterEntry
from attendance.roster.editing import roster_cells_set, roster_step_apply
from attendance.roster.services import RosterChange

from .conftest import APR16, APR17, set_entries

pytestmark = pytest.mark.django_db
ROSTER_TABLE = RosterEntry._meta.db_table


def roster_reads(queries) -> list[str]:
    """SELECTs that read roster entry rows (not the INSERT/UPDATE/DELETE of the write itself)."""
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT") and f'FROM "{ROSTER_TABLE}"' in q["sql"]]


def test_setting_cells_reads_the_changed_rows_once(world):
    first, second = world.bekasi_staff[:2]
    set_entries([first], APR16)
    set_entries([second], APR17)
    changes = [RosterChange(employee_id=first.pk, date=APR16, location="WFH", expected_version=1),
               RosterChange(employee_id=second.pk, date=APR17, location="DL", expected_version=1)]
    with CaptureQueriesContext(connection) as queries:
        outcome = roster_cells_set(context=AuditContext(world.bekasi_hr), unit=world.bekasi_setda, changes=changes)
    assert sorted(outcome.changed) == sorted([(first.pk, APR16), (second.pk, APR17)])
    assert len(roster_reads(queries.captured_queries)) == 1, roster_reads(queries.captured_queries)
    # the undo step keeps what each cell held before the write, not what it holds now
    assert sorted(outcome.step) == sorted([
        [first.pk, APR16.isoformat(), ["WFO", "", "", None, None], ["WFH", "", "", None, None]],
        [second.pk, APR17.isoformat(), ["WFO", "", "", None, None], ["DL", "", "", None, None]],
    ])
    assert outcome.versions == {(first.pk, APR16): 2, (second.pk, APR17): 2}


def test_undoing_a_step_reads_the_rows_once(world):
    employee = world.bekasi_staff[0]
    set_entries([employee], APR16, "WFH")
    change = RosterChange(employee_id=employee.pk, date=APR16, location="WFO", expected_version=1)
    with CaptureQueriesContext(connection) as queries:
        versions = roster_step_apply(context=AuditContext(world.bekasi_hr), unit=world.bekasi_setda, changes=[change],
                                     expected={(employee.pk, APR16): ["WFH", "", "", None, None]})
    assert versions == {(employee.pk, APR16): 2}
    assert RosterEntry.objects.get(employee=employee, date=APR16).location == "WFO"
    assert len(roster_reads(queries.captured_queries)) == 1, roster_reads(queries.captured_queries)


def test_a_cell_edit_loads_its_days_rules_once_for_the_verdicts_before_and_after(client, world, se_1_2024):
    """The save message compares the day before and after the write; the circulars, holidays and units
    behind both verdicts are the same (a roster write changes none of them), so they are read once."""
    from django.urls import reverse

    employee = world.bekasi_staff[0]
    client.force_login(world.bekasi_hr)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("roster:cells_set", args=[world.bekasi_setda.pk]),
                               {"cells": f"{employee.pk}:{APR16.isoformat()}:0", "code": "WFH"})
    assert "1 sel disimpan" in response.content.decode()
    sql = [q["sql"] for q in queries.captured_queries]
    assert sum('FROM "policies_circular" ' in q for q in sql) == 1
    assert sum('FROM "policies_holiday"' in q for q in sql) == 1
    assert sum("WITH periods AS" in q for q in sql) == 2  # the counts: before and after the write
