"""The demo world (`manage.py seed_demo`), built once for every test of this package inside a transaction
rolled back afterwards; each test still runs in its own savepoint, so tests cannot leak into one another,
and tests outside this package never see the demo world. Tests that need it live here."""

import io
from types import SimpleNamespace

import pytest
from django.db import transaction

from demo import demo_world_build


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        written = demo_world_build(stdout=out)
        yield SimpleNamespace(written=written, output=out.getvalue())
        transaction.set_rollback(True)
