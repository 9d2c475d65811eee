"""Production settings, read the way a security review reads them: in a fresh process."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, **variables: str) -> subprocess.CompletedProcess:
    # PYTEST_VERSION passes on so the child, like the tests, ignores any developer .env.
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR", "PYTEST_VERSION"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**keep, **variables},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def production(tmp_path) -> dict[str, str]:
    return {
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
    }


def settings_in(variables: dict[str, str], *names: str) -> dict:
    code = f"import json; from django.conf import settings as s; print(json.dumps({{n: str(getattr(s, n)) for n in {list(names)!r}}}))"
    result = manage("shell", "-c", code, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_reports_nothing_with_production_settings(production):
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_turns_on_https_secure_cookies_hsts_and_two_factor(production):
    values = settings_in(
        production,
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "OTP_REQUIRED",
        "DEBUG",
        "X_FRAME_OPTIONS",
    )
    assert values == {
        "SECURE_SSL_REDIRECT": "True",
        "SESSION_COOKIE_SECURE": "True",
        "CSRF_COOKIE_SECURE": "True",
        "SECURE_HSTS_SECONDS": "31536000",
        "OTP_REQUIRED": "True",
        "DEBUG": "False",
        "X_FRAME_OPTIONS": "DENY",
    }


def test_a_production_like_server_on_loopback_may_run_over_plain_http(production):
    loopback = {**production, "ALLOWED_HOSTS": "127.0.0.1,localhost", "SERVE_OVER_HTTPS": "false"}
    values = settings_in(
        loopback, "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "OTP_REQUIRED"
    )
    assert values == {
        "SECURE_SSL_REDIRECT": "False",
        "SESSION_COOKIE_SECURE": "False",
        "SECURE_HSTS_SECONDS": "0",
        "OTP_REQUIRED": "True",
    }
    assert settings_in({**loopback, "OTP_REQUIRED": "false"}, "OTP_REQUIRED") == {"OTP_REQUIRED": "False"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set when DJANGO_ENV=production"),
        ({"SECRET_KEY": "too-short"}, "SECRET_KEY must be at least 50 random characters"),
        ({"SECRET_KEY": "ab" * 30}, "SECRET_KEY must be at least 50 random characters"),
        ({"SECRET_KEY": "abcdefghij" * 6}, "SECRET_KEY must be at least 50 random characters"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must be set"),
        ({"DATABASE_URL": ""}, "DATABASE_URL must be set"),
        ({"DEBUG": "true"}, "DEBUG must be off"),
        ({"SERVE_OVER_HTTPS": "false"}, "SERVE_OVER_HTTPS=false is only for a server on loopback"),
        ({"OTP_REQUIRED": "false"}, "OTP_REQUIRED=false is only for a server on loopback"),
        ({"NOTICE_TRACKER_TODAY": "2015-02-27"}, "unset it in production"),
    ],
)
def test_production_refuses_to_start_with_a_missing_or_unsafe_value(production, change, message):
    variables = {k: v for k, v in {**production, **change}.items() if v != ""}
    result = manage("check", **variables)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_keeps_health_checked_database_connections(production):
    names = ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS")
    code = (
        "import json; from django.db import connection as c; "
        f"print(json.dumps({{n: c.settings_dict[n] for n in {list(names)!r}}}))"
    )

    def read(variables):
        result = manage("shell", "-c", code, **variables)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    assert read(production) == {"CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}
    assert read({**production, "CONN_MAX_AGE": "300"}) == {"CONN_MAX_AGE": 300, "CONN_HEALTH_CHECKS": True}
    development = {k: v for k, v in production.items() if k != "DJANGO_ENV"}
    assert read(development)["CONN_MAX_AGE"] == 0


def test_the_loopback_exemptions_are_enforced_on_the_connection_not_the_host_header(production):
    loopback = {**production, "ALLOWED_HOSTS": "127.0.0.1,localhost", "SERVE_OVER_HTTPS": "false"}
    assert settings_in(loopback, "LOOPBACK_ONLY") == {"LOOPBACK_ONLY": "True"}
    assert settings_in({**loopback, "SERVE_OVER_HTTPS": "true"}, "LOOPBACK_ONLY") == {"LOOPBACK_ONLY": "False"}
    assert settings_in({**loopback, "OTP_REQUIRED": "false", "SERVE_OVER_HTTPS": "true"}, "LOOPBACK_ONLY") == {
        "LOOPBACK_ONLY": "True"
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("address", "status"), [("192.0.2.10", 403), ("10.0.0.5", 403), ("127.0.0.1", 302), ("::1", 302)]
)
def test_with_a_loopback_exemption_only_a_loopback_connection_is_served(client, settings, address, status):
    settings.LOOPBACK_ONLY = True
    # A remote client can send any Host header; it cannot choose the connection's own address.
    response = client.get("/", REMOTE_ADDR=address, HTTP_HOST="127.0.0.1")
    assert response.status_code == status


def test_the_example_environment_documents_production_and_starts_once_filled_in(tmp_path):
    """`.env.example` is production's: with its REQUIRED blanks filled, production settings start."""
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    assert values["DJANGO_ENV"] == "production" and values["DEBUG"] == "false"
    values |= {
        "SECRET_KEY": secrets.token_urlsafe(60),
        "BACKUP_ENCRYPTION_KEY": "",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "BACKUP_DIR": str(tmp_path / "backups"),
    }
    assert settings_in(values, "DEBUG", "LOG_FORMAT", "EMAIL_USE_TLS") == {
        "DEBUG": "False",
        "LOG_FORMAT": "json",
        "EMAIL_USE_TLS": "True",
    }
