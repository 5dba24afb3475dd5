"""Parallel guessing cannot get more attempts through than the limit (issue 13 point 13)."""

import contextlib
import threading
import time

import pytest
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from rosterhub.security import LockoutModelBackend

pytestmark = pytest.mark.django_db


def test_parallel_wrong_passwords_get_at_most_the_limit_checked(world, settings, monkeypatch):
    settings.LOGIN_LOCKOUT_FAILURES = 5
    settings.LOGIN_LOCKOUT_ADDRESS_FAILURES = 1000
    checked, lock = [], threading.Lock()

    def slow_check(self, request, username=None, password=None, **kw):
        with lock:
            checked.append(username)
        time.sleep(0.05)  # the window in which check-then-set let every thread through
        return None

    monkeypatch.setattr(ModelBackend, "authenticate", slow_check)
    barrier = threading.Barrier(12)

    def guess():
        barrier.wait()
        with contextlib.suppress(PermissionDenied):  # the lockout's refusal
            LockoutModelBackend().authenticate(None, username="hr_bekasi", password="salah")

    threads = [threading.Thread(target=guess) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(checked) == 5


def test_the_file_cache_counts_atomically_across_writers(tmp_path):
    from rosterhub.cache import LockingFileBasedCache

    cache = LockingFileBasedCache(str(tmp_path), {})
    cache.add("n", 0)
    threads = [threading.Thread(target=lambda: [cache.incr("n") for _ in range(20)]) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert cache.get("n") == 160
