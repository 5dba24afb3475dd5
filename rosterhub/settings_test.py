"""Test settings: the real database of DATABASE_URL, eager Celery unless a test starts a worker."""

from .settings import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Per-process cache in tests: lockout counters must not leak between parallel test runs.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The cache outlives a test: high limits so one test's failed logins never lock another's user;
# the lockout tests set their own small limits.
LOGIN_LOCKOUT_FAILURES = 1000
LOGIN_LOCKOUT_ADDRESS_FAILURES = 1000
# The test client starts a new handler, and so a new WhiteNoise middleware, for every Client: without
# autorefresh each start indexes every static file of every app (most of a request's time in tests).
# Autorefresh looks a file up when it is asked for; the served files and headers are the same.
WHITENOISE_AUTOREFRESH = True
