"""The server under test, started as production runs it, and a signed-in HTTP client for it.

gunicorn serves notice_tracker.wsgi with DEBUG off on PostgreSQL. It runs with
DJANGO_ENV=development so that plain HTTP on loopback works and NOTICE_TRACKER_TODAY can pin
"today" to the data set's 27 February 2015 (production refuses both); static files are
collected into a temporary STATIC_ROOT and served by WhiteNoise, as in production.
Only the standard library is used for HTTP (http.client): no new dependency.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from bench.middleware import HEADER

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2015-02-27"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(static_root: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_ENV": "development",
            "DEBUG": "false",
            "BENCHMARK": "true",
            "NOTICE_TRACKER_TODAY": TODAY,
            "STATIC_ROOT": static_root,
            "LOG_LEVEL": env.get("LOG_LEVEL", "WARNING"),
            # Persistent, health-checked connections as production keeps them (its default), so the
            # floor and every page are measured under the settings production runs with.
            "CONN_MAX_AGE": env.get("CONN_MAX_AGE", "60"),
        }
    )
    return env


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path
    command: list[str]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def collect_static(env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)


def start(*, workers: int, env: dict[str, str]) -> Server:
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="bench-gunicorn-", suffix=".log")[1])
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "notice_tracker.wsgi",
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
    ]
    # Django's own log (a 500's traceback) goes to the process's stderr: keep it with gunicorn's.
    with log.open("w") as sink:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)
    server = Server(process, port, log, command)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError("gunicorn did not start listening within 60 s")


@dataclass
class Reply:
    status: int
    seconds: float
    queries: int | None
    size: int
    location: str


class Client:
    """One signed-in session; a fresh connection per request, as gunicorn's sync workers close each one."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None) -> Reply:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            size = len(response.read())
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        queries = response.headers.get(HEADER)
        return Reply(
            response.status,
            seconds,
            int(queries) if queries is not None else None,
            size,
            response.headers.get("Location", ""),
        )

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def sign_in(self, username: str, password: str) -> None:
        page = self._login_page()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if token is None:
            raise RuntimeError("The sign-in page has no CSRF token")
        body = urlencode({"csrfmiddlewaretoken": token.group(1), "username": username, "password": password})
        reply = self.request(
            "POST",
            "/accounts/login/",
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}/accounts/login/",
            },
        )
        if reply.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"Signing in as {username} failed: HTTP {reply.status}")

    def _login_page(self) -> str:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("GET", "/accounts/login/")
            response = connection.getresponse()
            text = response.read().decode()
            for value in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        finally:
            connection.close()
        return text

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


def memory_kib(pid: int) -> dict[str, int]:
    """VmHWM (peak resident set) and VmRSS of a process, in KiB, from /proc (psutil is not installed)."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            found[key] = int(value.split()[0])
    return found
