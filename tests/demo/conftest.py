"""The demo world is built once per test module, inside a transaction rolled back afterwards;
each test still runs in its own savepoint, so tests cannot leak into one another."""

import io
from types import SimpleNamespace

import pytest
from django.db import transaction

from agencies.demo import demo_world_build


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        written = demo_world_build(stdout=out)
        yield SimpleNamespace(written=written, output=out.getvalue())
        transaction.set_rollback(True)
