"""The default (file) cache with `add` and `incr` made atomic across processes: gunicorn workers share the
login lockout counters, and check-then-set would let parallel guesses slip past the limit."""

import fcntl
import os
from contextlib import contextmanager

from django.core.cache.backends.filebased import FileBasedCache


class LockingFileBasedCache(FileBasedCache):
    @contextmanager
    def _exclusive(self):
        os.makedirs(self._dir, exist_ok=True)
        with open(os.path.join(self._dir, ".counters.lock"), "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def add(self, key, value, timeout=None, version=None):
        with self._exclusive():
            return super().add(key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        with self._exclusive():
            return super().incr(key, delta, version)
