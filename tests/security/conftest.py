import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_lockout_counters():
    cache.clear()
    yield
    cache.clear()
