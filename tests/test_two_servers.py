"""Several app servers, one store: two gunicorn servers under production settings share one
PostgreSQL database, one Redis (cache and job queue) with one RQ worker, and one S3 API server
(moto's, started here), as README "Deploying" lays them out.

Through the real sign-in form on server A, a session then works on B; evidence uploaded through A
downloads through B with the same bytes; a report issued on A is built by the worker and downloads
through B, checked against its SHA-256; /health/ answers 200 on both. Nothing is written to either
server's disk (MEDIA_ROOT stays empty). PostgreSQL only: SQLite is one machine's file.
"""

from __future__ import annotations

import hashlib
import http.cookiejar
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import psycopg2
import pytest
from django.db import connection
from django.urls import reverse
from redis import Redis

from evidence.tests.factories import pdf
from tests import s3
from tests.test_production_path import free_port

pytestmark = [
    pytest.mark.pdf,  # the worker builds a report's PDF with WeasyPrint
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL only (several app servers share one database): skipped on SQLite; "
        "set DATABASE_URL=postgres://… to run it",
    ),
]

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
REDIS_URL = "redis://127.0.0.1:6379/12"  # a database of its own, emptied before and after
BUCKET = "notice-tracker-two-servers"
PASSWORD = "two-servers-one-store-2014"
SET_UP = f"""
from django.contrib.auth.models import User
from measures.models import Membership
from measures.tests import factories
notice = factories.make_notice("Medway Council")
factories.make_measure(notice, "2", heading="Improve assessments")
council = factories.make_organisation(notice, "Children's Services")
chair = User.objects.create_user("chair", password={PASSWORD!r})
Membership.objects.create(user=chair, notice=notice, role=Membership.Role.CHAIR, organisation=council)
print(notice.pk)
"""


@contextmanager
def fresh_database() -> Iterator[str]:
    """A new PostgreSQL database beside the test database; its URL. Dropped afterwards."""
    db = connection.settings_dict
    host, port, user, password = db["HOST"] or "127.0.0.1", db["PORT"] or 5432, db["USER"], db["PASSWORD"] or ""
    name = f"nt_two_servers_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(dbname="postgres", host=host, port=port, user=user, password=password or None)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        auth = f"{user}:{password}@" if password else f"{user}@"
        yield f"postgres://{auth}{host}:{port}/{name}"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@contextmanager
def empty_redis() -> Iterator[None]:
    redis = Redis.from_url(REDIS_URL)
    redis.flushdb()
    try:
        yield
    finally:
        redis.flushdb()
        redis.close()


@contextmanager
def processes() -> Iterator[Callable[[list[str], dict[str, str], Path], None]]:
    """Start servers that run until the block ends, each with its output in a log (checked afterwards).

    At the end all are asked to stop at once, then waited for: no one's shutdown waits on another's.
    """
    running: list[tuple[subprocess.Popen, IO[bytes]]] = []

    def start(command: list[str], environment: dict[str, str], log: Path) -> None:
        output = log.open("wb")
        running.append(
            (subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT), output)
        )

    try:
        yield start
    finally:
        for server, _output in running:
            server.terminate()
        for server, output in running:
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            output.close()


class Browser:
    """A user agent with one cookie jar for every server, as one browser behind one proxy (same host name)."""

    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPCookieProcessor(self.cookies))

    def request(
        self, url: str, data: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as answer:  # 3xx (not followed), 4xx, 5xx
            return answer.code, dict(answer.headers), answer.read()

    def get(self, url: str) -> tuple[int, dict[str, str], bytes]:
        return self.request(url)

    def post_form(self, url: str, fields: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None):
        """POST a form as a browser does, with the CSRF token of the page at `url`."""
        fields = {"csrfmiddlewaretoken": self.csrf_token(url), **fields}
        if not files:
            return self.request(url, urllib.parse.urlencode(fields).encode(), {"Referer": url})
        boundary = secrets.token_hex(16)
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            for name, value in fields.items()
        ]
        for name, (filename, content) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: application/octet-stream\r\n\r\n".encode()
                + content
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(url, body, {"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": url})

    def csrf_token(self, url: str) -> str:
        status, _headers, page = self.get(url)
        assert status == 200, (url, status)
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert found, f"no CSRF token on {url}"
        return found.group(1).decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a redirect is an answer the test reads (Location), not one it follows


@dataclass
class Servers:
    a: str
    b: str
    media_root: Path
    endpoint: str


def wait_until_healthy(base: str, log: Path) -> None:
    for _ in range(150):
        try:
            with urllib.request.urlopen(f"{base}/health/", timeout=5) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"{base} never answered /health/ 200:\n{log.read_text()}")


@pytest.fixture
def servers(tmp_path) -> Iterator[Servers]:
    logs = tmp_path / "logs"
    logs.mkdir()
    media_root = tmp_path / "media"  # set on every process, and must stay empty: files go to the bucket
    with ExitStack() as stack:
        database_url = stack.enter_context(fresh_database())
        endpoint = stack.enter_context(s3.s3_server(BUCKET))
        stack.enter_context(empty_redis())
        keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR", "PYTEST_VERSION"}}
        environment = {
            **keep,
            "DJANGO_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(60),  # one key for every server: sessions and CSRF tokens
            "ALLOWED_HOSTS": "127.0.0.1",
            "SERVE_OVER_HTTPS": "false",
            "OTP_REQUIRED": "false",
            "DATABASE_URL": database_url,
            "REDIS_URL": REDIS_URL,
            **s3.environment(endpoint, BUCKET),
            "STATIC_ROOT": str(tmp_path / "static"),
            "MEDIA_ROOT": str(media_root),
        }
        python = str(VENV_BIN / "python")
        # The two set-up commands touch different things: run them side by side.
        preparing = [
            subprocess.Popen(
                [python, "manage.py", *command],
                cwd=ROOT,
                env=environment,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"])
        ]
        for step in preparing:
            output = step.communicate(timeout=300)[0]
            assert step.returncode == 0, output
        made = subprocess.run(
            [python, "manage.py", "shell", "-c", SET_UP], cwd=ROOT, env=environment, capture_output=True, text=True
        )
        assert made.returncode == 0, made.stderr
        start = stack.enter_context(processes())
        bases = []
        for name in ("a", "b"):
            port = free_port()
            gunicorn = [str(VENV_BIN / "gunicorn"), "notice_tracker.wsgi", "--bind", f"127.0.0.1:{port}"]
            start([*gunicorn, "--workers", "1"], environment, logs / f"{name}.log")
            bases.append(f"http://127.0.0.1:{port}")
        start([python, "manage.py", "rqworker", "default"], environment, logs / "worker.log")
        for name, base in zip("ab", bases, strict=True):
            wait_until_healthy(base, logs / f"{name}.log")
        yield Servers(a=bases[0], b=bases[1], media_root=media_root, endpoint=endpoint)
    for log in sorted(logs.iterdir()):
        assert "Traceback" not in log.read_text(), f"{log.name}:\n{log.read_text()}"


def notice_pk_of(browser: Browser, base: str) -> int:
    status, _headers, page = browser.get(f"{base}{reverse('measures:notice-list')}")
    assert status == 200, status
    found = re.search(rb'href="/notices/(\d+)/', page)
    assert found, page[:2000]
    return int(found.group(1))


def redirected_to(answer: tuple[int, dict[str, str], bytes]) -> str:
    status, headers, body = answer
    assert status == 302, (status, body[:3000])
    return headers["Location"]


def test_two_app_servers_share_sessions_files_and_the_job_queue(servers):
    a, b = servers.a, servers.b
    for base in (a, b):
        status, _headers, body = Browser().get(f"{base}/health/")
        assert status == 200 and b'"storage": "ok"' in body and b'"queue": "ok"' in body

    # Signed in on A through the sign-in form: the same session works on B.
    browser = Browser()
    login = f"{a}{reverse('login')}"
    assert redirected_to(browser.post_form(login, {"username": "chair", "password": PASSWORD})) != login
    assert redirected_to(Browser().get(f"{b}{reverse('measures:notice-list')}")).startswith("/accounts/login/")
    notice_pk = notice_pk_of(browser, b)

    # Evidence uploaded through A downloads through B with the same bytes.
    content = pdf("Case-file audit, stored once for every server")
    item_url = redirected_to(
        browser.post_form(
            f"{a}{reverse('evidence:item-submit', args=[notice_pk])}",
            {
                "title": "Case-file audit, June 2014",
                "description": "Twenty cases audited.",
                "kind": "case_file_audit",
                "nature": "qualitative",
                "covers_from": "01/06/2014",
                "covers_to": "30/06/2014",
                "link": "",
            },
            files={"file": ("June audit.pdf", content)},
        )
    )
    item_pk = int(re.search(r"/evidence/(\d+)/", item_url).group(1))  # type: ignore[union-attr]
    status, headers, downloaded = browser.get(
        f"{b}{reverse('evidence:revision-download', args=[notice_pk, item_pk, 1])}"
    )
    assert status == 200 and downloaded == content and 'filename="June audit.pdf"' in headers["Content-Disposition"]

    # A report issued on A is built by the worker, stored in the bucket, and downloads through B.
    edit_url = redirected_to(
        browser.post_form(
            f"{a}{reverse('reports:report-create', args=[notice_pk])}",
            {"kind": "chair_report", "period_start": "21/05/2014", "period_end": "20/08/2014"},
        )
    )
    report_pk = int(re.search(r"/reports/(\d+)/", edit_url).group(1))  # type: ignore[union-attr]
    browser.post_form(f"{a}{reverse('reports:report-issue', args=[notice_pk, report_pk])}", {})
    download = f"{b}{reverse('reports:report-download', args=[notice_pk, report_pk])}"
    deadline = time.monotonic() + 60
    while (answer := browser.get(download))[0] == 404 and time.monotonic() < deadline:
        time.sleep(0.5)  # not issued yet: the worker is building it
    status, headers, issued = answer
    assert status == 200 and issued.startswith(b"%PDF"), (status, issued[:500])
    verify = browser.get(f"{b}{reverse('reports:report-verify', args=[notice_pk, report_pk])}")[2]
    assert hashlib.sha256(issued).hexdigest().encode() in verify

    # Every file is in the bucket, none on any server's disk.
    stored = s3.keys(servers.endpoint, BUCKET)
    assert sorted(key.split("/")[0] for key in stored) == ["evidence", "reports"], stored
    assert not servers.media_root.exists() or not any(servers.media_root.rglob("*"))
