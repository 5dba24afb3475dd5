"""The check's counting statement: each roster entry counted under the placement that held on its
own day, and written so that PostgreSQL expects the rows it keeps (a month of a province runs on it)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import EmploymentType
from agencies.placements import placement_move
from policies.compliance import unit_day_facts
from tests import factories as f

from .conftest import APR16, APR17, APR18, roster

APR15 = APR16 - datetime.timedelta(days=1)


def _moved_mid_range(world):
    """A PPPK who joined unit X on 16 April moves to unit Y as a PNS from 17 April: rostered WFH where
    placed on 16 and 17 April, on 18 April filed (by mistake) under X, and once before joining."""
    x, y = f.unit(world.bekasi, "Unit X"), f.unit(world.bekasi, "Unit Y")
    mover = f.employee(x, employment_type=EmploymentType.PPPK, active_from=APR16)
    stay_x, stay_y = f.employee(x), f.employee(y)
    roster([mover, stay_x], APR16, "WFH")
    roster([stay_x], APR17, "WFO")
    mover.unit, mover.employment_type = y, EmploymentType.PNS
    placement_move(mover, on=APR17, explicit=True)
    mover.save()
    roster([mover, stay_y], APR17, "WFH")
    roster([stay_y], APR18, "WFO")
    roster([mover], APR18, "WFA", unit_id=x.pk, agency_id=x.agency_id)  # filed under X, placed in Y
    roster([mover], APR15, "WFH", unit_id=x.pk, agency_id=x.agency_id)  # before employment began
    return x, y


def _counts(facts, unit, day):
    return {t: (c.headcount, c.scheduled, c.wfh, c.missing_roster, c.wfa) for t, c in facts[(unit.pk, day)].by_type.items()}


def test_each_entry_counts_under_the_placement_of_its_own_day(world):
    x, y = _moved_mid_range(world)
    facts = unit_day_facts([x.pk, y.pk], APR15, APR18)
    assert _counts(facts, x, APR15) == {"PNS": (1, 0, 0, 1, 0)}  # the mover was not employed yet
    assert _counts(facts, x, APR16) == {"PNS": (1, 1, 1, 0, 0), "PPPK": (1, 1, 1, 0, 0)}
    assert _counts(facts, y, APR17) == {"PNS": (2, 2, 2, 0, 0)}
    assert _counts(facts, x, APR17) == {"PNS": (1, 1, 0, 0, 0)}
    # On 18 April the entry filed under X counts nowhere as X's (the mover is Y's), and Y misses it.
    assert _counts(facts, x, APR18) == {"PNS": (1, 0, 0, 1, 0)}
    assert _counts(facts, y, APR18) == {"PNS": (2, 1, 0, 1, 0)}


def _counts_statement(unit_ids, start, end) -> str:
    with CaptureQueriesContext(connection) as captured:
        unit_day_facts(unit_ids, start, end)
    (sql,) = [q["sql"] for q in captured.captured_queries if "periods AS MATERIALIZED" in q["sql"]]
    return sql


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's row estimate")
def test_postgresql_expects_the_roster_rows_the_placement_join_keeps(world):
    """Written as `valid_from <= date AND (valid_until IS NULL OR valid_until >= date)`, the period test
    made PostgreSQL expect a third of the rows and pick a parallel sort that spilled to disk on a
    province's month; the estimate must stay near the rows that are really kept (all of them here)."""
    units = [f.unit(world.bekasi, f"Unit {n}") for n in range(4)]
    staff = [f.employee(unit) for unit in units for _ in range(25)]
    days = [APR16, APR17, APR18]
    for day in days:
        roster(staff, day, "WFO")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE attendance_rosterentry")
        cursor.execute("ANALYZE agencies_employeeplacement")
        sql = _counts_statement([u.pk for u in units], APR16, APR18)
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0][0]["Plan"]
    joins = [node for node in _nodes(plan) if "Join" in node["Node Type"] or node["Node Type"] == "Nested Loop"]
    roster_join = next(node for node in joins if {"attendance_rosterentry", "agencies_employeeplacement"} <= _relations(node))
    assert roster_join["Plan Rows"] >= 0.8 * len(staff) * len(days), roster_join["Plan Rows"]


def test_the_roster_counts_join_the_placement_without_the_employee_table(world):
    sql = _counts_statement([world.bekasi_setda.pk], APR16, APR17)
    assert '"agencies_employee" ' not in sql and '"agencies_employee"."' not in sql


def _nodes(node):
    yield node
    for child in node.get("Plans", ()):
        yield from _nodes(child)


def _relations(node) -> set[str]:
    return {n["Relation Name"] for n in _nodes(node) if "Relation Name" in n}
