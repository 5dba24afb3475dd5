"""The apps' dependencies point one way: agencies below policies and attendance, the demo world above all."""

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]


def imported_modules(package: str) -> dict[str, set[str]]:
    found = {}
    for path in (ROOT / package).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
        found[str(path.relative_to(ROOT))] = names
    return found


def test_agencies_imports_none_of_the_apps_above_it():
    above = {"policies", "attendance", "demo"}
    offenders = {path: sorted(names & above) for path, names in imported_modules("agencies").items() if names & above}
    assert offenders == {}


def test_no_app_imports_the_demo_world():
    for package in ("agencies", "policies", "attendance", "rosterhub"):
        offenders = [path for path, names in imported_modules(package).items() if "demo" in names]
        assert offenders == [], package


def test_an_employee_move_still_leaves_its_recheck_through_the_signal(world, django_capture_on_commit_callbacks):
    import datetime

    from agencies.audit import AuditContext
    from agencies.employees.services import employee_save
    from agencies.scoping import scope_for
    from policies.models import PendingCheck

    employee = world.bekasi_staff[2]
    with django_capture_on_commit_callbacks(execute=False):
        employee_save(context=AuditContext(world.bekasi_hr), scope=scope_for(world.bekasi_hr), employee=employee,
                      data={"unit": world.bekasi_dinkes.pk})
    units = set(PendingCheck.objects.values_list("unit_id", flat=True))
    assert units == {world.bekasi_setda.pk, world.bekasi_dinkes.pk}
    assert PendingCheck.objects.filter(date__gte=datetime.date.today()).exists()
