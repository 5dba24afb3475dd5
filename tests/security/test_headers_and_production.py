import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def test_pages_carry_csp_frame_and_content_type_protections(world, client):
    client.force_login(world.bekasi_hr)
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.I)
INLINE_STYLE = re.compile(r"""<style\b|\sstyle\s*=\s*["']""", re.I)


def test_no_template_has_inline_script_style_or_event_handlers_that_csp_would_block():
    offenders = []
    for template in list((ROOT / "templates").rglob("*.html")) + list(ROOT.glob("*/templates/**/*.html")):
        text = template.read_text()
        if INLINE_SCRIPT.search(text) or INLINE_HANDLER.search(text) or INLINE_STYLE.search(text):
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []


def test_every_form_post_needs_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.bekasi_hr)
    assert client.post("/keluar/").status_code == 403
    page = client.get("/akun/sandi/")
    token = page.context["csrf_token"]
    response = client.post(
        "/akun/sandi/", {"old_password": "x", "new_password1": "y", "new_password2": "y"}, HTTP_X_CSRFTOKEN=str(token)
    )
    assert response.status_code == 200  # form errors, not a CSRF refusal


def test_base_layout_sends_the_csrf_token_on_every_htmx_request(world, client):
    client.force_login(world.bekasi_hr)
    body = client.get("/").content.decode()
    assert re.search(r"""<body hx-headers='\{"X-CSRFToken": "[^"]+"\}'""", body)


def test_the_api_refuses_a_session_post_without_csrf(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.bekasi_hr)
    response = client.post("/api/v1/roster-entries/bulk/", {"rows": []}, content_type="application/json")
    assert response.status_code == 403


def production_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(ROSTERHUB_PRODUCTION="true", SECRET_KEY=secrets.token_urlsafe(60), ALLOWED_HOSTS="rosterhub.example.go.id",
               DJANGO_SETTINGS_MODULE="rosterhub.settings", **extra)
    return env


def test_check_deploy_is_clean_in_production_mode():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=production_env(), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_secure_cookies_hsts_session_expiry_and_lockout():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT,"
        " s.SESSION_COOKIE_AGE <= 8 * 3600, s.SESSION_EXPIRE_AT_BROWSER_CLOSE, s.DEBUG,"
        " s.LOGIN_LOCKOUT_FAILURES, s.LOGIN_LOCKOUT_ADDRESS_FAILURES, s.AUTHENTICATION_BACKENDS[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT, env=production_env(), capture_output=True, text=True, timeout=120,
    )
    assert result.stdout.split() == [
        "True", "True", "31536000", "True", "True", "True", "False", "5", "20", "rosterhub.security.LockoutModelBackend",
    ], result.stderr


SECRET_PATTERNS = re.compile(
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----|AKIA[0-9A-Z]{16}|SECRET_KEY\s*=\s*[\"'][^\"']{20,}[\"']|xox[bp]-[0-9A-Za-z-]{10,}"
)


def test_no_secrets_are_committed():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert not [p for p in tracked if p.startswith("var/") or p.endswith((".pem", ".key", ".sqlite3")) or p == ".env"]
    leaking = []
    for name in tracked:
        path = ROOT / name
        if path.suffix in (".py", ".yml", ".yaml", ".toml", ".cfg", ".ini", ".env", ".txt", ".md", ".sh", ".json") and path.is_file():
            if SECRET_PATTERNS.search(path.read_text(errors="replace")):
                leaking.append(name)
    assert leaking == []
