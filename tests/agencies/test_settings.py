"""Settings behave: production refuses to start half-configured; Celery reads the keys we rely on.

Each case runs in a fresh interpreter, because settings are read once at import.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CELERY_PROBE = """
import json, django
django.setup()
from rosterhub.celery import app
c = app.conf
print(json.dumps({
    "broker_url": c.broker_url, "options": c.broker_transport_options, "acks_late": c.task_acks_late,
    "reject_on_worker_lost": c.task_reject_on_worker_lost, "prefetch": c.worker_prefetch_multiplier,
    "time_limit": c.task_time_limit, "soft_time_limit": c.task_soft_time_limit, "timezone": c.timezone,
    "eager": c.task_always_eager,
}))
"""


def run(code: str | None, env: dict, args=("manage.py", "check")) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", code] if code else [sys.executable, *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def clean_env(tmp_path, **extra) -> dict:
    drop = ("DEBUG", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "CELERY_BROKER_URL", "SECRET_KEY", "ALLOWED_HOSTS",
            "ROSTERHUB_PRODUCTION", "CELERY_TASK_ALWAYS_EAGER")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(DJANGO_SETTINGS_MODULE="rosterhub.settings", ROSTERHUB_VAR_DIR=str(tmp_path / "var"), **extra)
    return env


def production_env(tmp_path, **extra) -> dict:
    fields = dict(ROSTERHUB_PRODUCTION="true", SECRET_KEY=secrets.token_urlsafe(60), ALLOWED_HOSTS="rosterhub.example.go.id",
                  STATIC_ROOT=str(tmp_path / "static"))
    fields.update(extra)
    return clean_env(tmp_path, **{k: v for k, v in fields.items() if v is not None})


def test_production_starts_when_given_its_environment(tmp_path):
    result = run(None, production_env(tmp_path))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS is required in production"),
        ({"SECRET_KEY": "pendek-sekali"}, "SECRET_KEY must be at least 50 characters"),
        ({"SECRET_KEY": None}, "Environment variable SECRET_KEY is required"),
        ({"DEBUG": "true"}, "DEBUG must be off in production"),
        ({"ROSTERHUB_PRODUCTION": "mungkin"}, "ROSTERHUB_PRODUCTION must be true or false"),
    ],
)
def test_production_refuses_to_start_half_configured(tmp_path, override, message):
    result = run("import rosterhub.settings", production_env(tmp_path, **override))
    assert result.returncode != 0
    assert message in result.stderr


def test_development_generates_and_keeps_a_secret_key(tmp_path):
    env = clean_env(tmp_path)
    first = run("import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)", env)
    second = run("import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)", env)
    assert first.returncode == 0, first.stderr
    assert len(first.stdout.strip()) >= 50
    assert first.stdout == second.stdout


def test_importing_the_settings_writes_nothing(tmp_path):
    """Folders and the development key file are made when Django starts, not when settings are imported."""
    env = clean_env(tmp_path, STATIC_ROOT=str(tmp_path / "static"))
    result = run("import rosterhub.settings as s; print(len(s.SECRET_KEY))", env)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip().splitlines()[-1]) >= 50
    assert list(tmp_path.iterdir()) == []
    started = run("import django; django.setup()", env)
    assert started.returncode == 0, started.stderr
    assert (tmp_path / "var" / "dev-secret-key").is_file() and (tmp_path / "static").is_dir()


TASK_LIMITS_PROBE = """
import json, django
django.setup()
from rosterhub.celery import app
app.loader.import_default_modules()
# What the worker applies: the task's own limit, else the worker's default from the settings.
print(json.dumps({name: [task.time_limit or app.conf.task_time_limit, task.soft_time_limit or app.conf.task_soft_time_limit]
                  for name, task in app.tasks.items() if not name.startswith("celery.")}))
"""


def test_the_time_limits_of_the_settings_govern_every_task(tmp_path):
    env = clean_env(tmp_path, CELERY_TASK_TIME_LIMIT="77", CELERY_TASK_SOFT_TIME_LIMIT="70")
    result = run(TASK_LIMITS_PROBE, env)
    assert result.returncode == 0, result.stderr
    limits = json.loads(result.stdout.strip().splitlines()[-1])
    assert {"policies.compliance_check_units", "policies.compliance_nightly", "policies.compliance_recheck_unit_days",
            "policies.compliance_check_range", "policies.compliance_pending_sweep"} <= set(limits)
    assert {name: value for name, value in limits.items() if value != [77, 70]} == {}


def test_celery_defaults_to_the_embedded_filesystem_broker_with_its_folders(tmp_path):
    result = run(CELERY_PROBE, clean_env(tmp_path))
    assert result.returncode == 0, result.stderr
    conf = json.loads(result.stdout.strip().splitlines()[-1])
    assert conf["broker_url"] == "filesystem://"
    options = conf["options"]
    assert options["data_folder_in"] == options["data_folder_out"]
    for key in ("data_folder_in", "processed_folder", "control_folder"):
        folder = Path(options[key])
        assert folder.is_dir() and folder.is_relative_to(tmp_path / "var"), key


def test_celery_is_at_least_once_and_bounded(tmp_path):
    result = run(CELERY_PROBE, clean_env(tmp_path, CELERY_BROKER_URL="redis://127.0.0.1:6379/0"))
    conf = json.loads(result.stdout.strip().splitlines()[-1])
    assert conf["broker_url"] == "redis://127.0.0.1:6379/0"
    # Redis redelivers a crashed task after the visibility timeout: above the hard limit, within minutes.
    assert conf["time_limit"] < conf["options"]["visibility_timeout"] <= 300
    assert conf["acks_late"] is True
    assert conf["reject_on_worker_lost"] is True
    assert conf["prefetch"] == 1
    assert 0 < conf["soft_time_limit"] < conf["time_limit"]
    assert conf["timezone"] == "Asia/Jakarta"
    assert conf["eager"] is False


def test_settings_are_indonesian_first_in_jakarta_time(settings):
    assert settings.LANGUAGE_CODE == "id"
    assert [code for code, _ in settings.LANGUAGES] == ["id", "en"]
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert settings.USE_TZ is True
