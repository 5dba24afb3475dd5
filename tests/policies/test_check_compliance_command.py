import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from policies.models import Finding

from .conftest import APR16, APR17, roster


def test_it_checks_stores_and_prints_findings_as_json(rostered, world, se_1_2024):
    roster(world.bekasi_nurses[:1], APR17, "WFH")
    out = StringIO()
    call_command("check_compliance", "--date", "2024-04-16", "--until", "2024-04-17", "--agency", "pemkot-bekasi",
                 "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    assert rows == [{
        "agency": "pemkot-bekasi", "unit": "Dinas Kesehatan", "unit_id": world.bekasi_dinkes.pk, "date": "2024-04-17",
        "kind": "wfh_in_wfo_unit", "measured": 1, "limit": 0, "basis": 3, "status": "open",
        "binding_circular": "1/2024", "circulars": ["1/2024"],
    }]
    assert Finding.objects.get().date == APR17


def test_it_prints_a_table_for_one_unit(rostered, world, se_1_2024):
    roster(world.bekasi_staff[:3], APR16, "WFH")
    out = StringIO()
    call_command("check_compliance", "--date", "2024-04-16", "--unit", str(world.bekasi_setda.pk), stdout=out)
    assert "wfh_over_cap" in out.getvalue() and "3/2" in out.getvalue()
    assert "1 units x 1 days checked; 1 open findings" in out.getvalue()


def test_it_refuses_an_unknown_agency(world):
    with pytest.raises(CommandError, match="Unknown agency"):
        call_command("check_compliance", "--date", "2024-04-16", "--agency", "nowhere")
