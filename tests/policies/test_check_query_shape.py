"""The stored check costs the same queries for 3 units as for 30 (set-based writes), fans out in
chunks that keep every worker process busy, and makes light objects per unit-day."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from policies.compliance import compliance_day_statuses
from policies.compliance.findings import CHUNK_UNIT_DAYS, WORKER_PROCESSES, compliance_check_units, unit_chunks
from policies.models import Finding
from tests import factories as f

from .conftest import APR16, APR17, roster


def _queries(unit_ids) -> int:
    with CaptureQueriesContext(connection) as captured:
        compliance_check_units(unit_ids=unit_ids, start=APR16, end=APR17)
    return len(captured)


def _units_with_wfh(world, count):
    units = [f.unit(world.bekasi, f"Puskesmas {n}", "health") for n in range(count)]
    for unit in units:
        staff = [f.employee(unit), f.employee(unit)]
        roster(staff, APR16, "WFH")
        roster(staff, APR17, "WFH")
    return [u.pk for u in units]


def test_storing_findings_costs_the_same_queries_for_3_units_as_for_30(world, se_1_2024):
    small, large = _units_with_wfh(world, 3), _units_with_wfh(world, 30)
    first_small, first_large = _queries(small), _queries(large)
    assert Finding.objects.filter(unit_id__in=large, kind="wfh_in_wfo_unit").count() == 60
    assert all(Finding.objects.get(unit_id=u, date=APR16, kind="wfh_in_wfo_unit").circulars.get() == se_1_2024
               for u in large)
    assert first_small == first_large
    assert _queries(small) == _queries(large)  # the unchanged re-run writes nothing, whatever the size


def test_a_month_of_a_province_fans_out_in_chunks_that_keep_both_worker_processes_busy():
    unit_ids = list(range(1, 1516))
    chunks = unit_chunks(unit_ids, 30)
    assert len(chunks) % WORKER_PROCESSES == 0
    assert all(len(chunk) * 30 <= CHUNK_UNIT_DAYS for chunk in chunks)
    assert sorted(u for chunk in chunks for u in chunk) == unit_ids
    assert len(unit_chunks(unit_ids, 1)) == 1  # a day of the province stays one transaction


def test_the_objects_made_per_unit_day_carry_no_instance_dict(world, se_1_2024):
    """A province's month makes some 45,000 of each: slots halve the objects the garbage collector
    walks, and what every unit-day asks of its shared Applicability is a field, not recomputed."""
    unit = _units_with_wfh(world, 1)[0]
    status = compliance_day_statuses([unit], APR16, APR16)[(unit, APR16)]
    assert status.findings and status.applicability.applies
    for thing in (status, status.facts, status.applicability, status.findings[0]):
        assert not hasattr(thing, "__dict__"), type(thing).__name__
    assert status.applicability.circular_ids == (se_1_2024.pk,) and status.applicability.domicile_rule is None
