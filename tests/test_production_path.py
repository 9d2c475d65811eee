"""The README's production commands, run as written under production settings: migrate,
collectstatic, gunicorn; then the sign-in page, its stylesheet and the health check answer 200.

The commands are the README's own (checked below to appear there verbatim), so the page a
council follows cannot drift from what works.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
# The production path as the README gives it ("Deploying"), after the environment is set.
COMMANDS = [
    ".venv/bin/python manage.py migrate --noinput",
    ".venv/bin/python manage.py collectstatic --noinput",
    ".venv/bin/gunicorn notice_tracker.wsgi --bind 127.0.0.1:8001 --workers 3",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def runnable(command: str, port: int) -> list[str]:
    """The README's command with this test's interpreter and a free port."""
    command = command.replace(".venv/bin/", f"{VENV_BIN}/").replace("127.0.0.1:8001", f"127.0.0.1:{port}")
    return command.split()


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (a loopback test server)
        return response.status, response.read()


def test_the_readme_gives_these_commands():
    readme = (ROOT / "README.md").read_text()
    for command in COMMANDS:
        assert command in readme, command


def test_the_production_path_works_as_written(tmp_path):
    port = free_port()
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR", "PYTEST_VERSION"}}
    environment = {
        **keep,
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        # Plain HTTP on loopback, as the README's load-test server: nothing here holds a certificate.
        "SERVE_OVER_HTTPS": "false",
        "OTP_REQUIRED": "false",
    }
    for command in COMMANDS[:-1]:
        done = subprocess.run(
            runnable(command, port), cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    server = subprocess.Popen(
        runnable(COMMANDS[-1], port), cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                status, page = get(f"{base}/accounts/login/")
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not answer")
        assert status == 200 and b"Sign in" in page
        stylesheet = re.search(rb'href="(/static/vendor/bootstrap/css/bootstrap\.min\.[0-9a-f]+\.css)"', page)
        assert stylesheet, "the stylesheet is served under a hashed (manifest) name"
        assert get(base + stylesheet.group(1).decode())[0] == 200
        assert get(f"{base}/health/")[0] == 200
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0].decode()
    assert "Traceback" not in output, output
