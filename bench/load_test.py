"""Load test with writes: 20+ members reading and writing at once against gunicorn on PostgreSQL, then a check
that no write answered with success is missing from the database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nt_load .venv/bin/python bench/load_test.py [--users 24] [--duration 60]

Needs the benchmark data set (`manage.py generate_benchmark_data --scale 0.25` gives 29 officers and
5 administrators with write rights). The server is bench/server.py's: gunicorn, DEBUG off, static files
by WhiteNoise. Each simulated user is a real member, signs in through the sign-in form and keeps its own
session; it reads (dashboard, action list, action detail, evidence list, indicator list) and writes
through the pages' own forms with their CSRF tokens: logs progress on an action, submits evidence with
a link, edits an action's description with the version its form carried. An edit refused with 409
(someone saved the action in between) is an expected answer, counted apart. Every write carries a
unique marker; afterwards the Django ORM in this process looks each acknowledged one up.
Prints a Markdown table; exits 1 on any error or lost write.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent

READS = ["dashboard", "action list", "action detail", "evidence list", "indicator list"]
WRITES = {"progress": 0.12, "evidence": 0.10, "edit": 0.08}  # the rest of the draws are reads
TIMEOUT_S = 120


# --- HTML forms, as a browser would submit them -------------------------------------------------


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: tuple[str, bool] | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._form = {
                "action": a.get("action", ""),
                "method": a.get("method", "get").lower(),
                "fields": {},
                "options": {},
            }
            self.forms.append(self._form)
        elif self._form is None or "name" not in a and tag != "option":
            return
        elif tag == "input" and a.get("type", "text") not in ("submit", "button", "file", "image", "reset"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self._form["fields"].setdefault(a["name"], []).append(
                a.get("value", "on" if a.get("type") == "checkbox" else "")
            )
        elif tag == "textarea":
            self._textarea = a["name"]
            self._form["fields"][a["name"]] = [""]
        elif tag == "select":
            self._select, self._options = (a["name"], "multiple" in a), []
        elif tag == "option" and self._select:
            self._options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data: str) -> None:
        if self._textarea and self._form is not None:
            self._form["fields"][self._textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select and self._form is not None:
            name, multiple = self._select
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            self._form["fields"][name] = chosen
            self._form["options"][name] = [value for value, _ in self._options]
            self._select = None
        elif tag == "form":
            self._form = None


def post_form(html: str, needs: str) -> dict:
    """The first form posting with a field named `needs`: {"action", "fields": {name: [values]}, "options": {select: [values]}}."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if form["method"] == "post" and needs in form["fields"]:
            return form
    raise LookupError(f"No form with a field {needs!r} on the page")


# --- the bookkeeping ----------------------------------------------------------------------------


@dataclass
class Tally:
    """Every answer, and every write the server acknowledged (kind → markers). Thread-safe."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    outcomes: Counter = field(default_factory=Counter)  # (kind, outcome) → count
    errors: list[str] = field(default_factory=list)
    acknowledged: dict[str, set[str]] = field(default_factory=lambda: {kind: set() for kind in WRITES})
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(
        self, kind: str, seconds: float, outcome: str, *, error: str | None = None, marker: str | None = None
    ) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            self.outcomes[(kind, outcome)] += 1
            if error:
                self.errors.append(f"{kind}: {error}")
            if marker:
                self.acknowledged[kind].add(marker)

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    def lost(self, found: dict[str, set[str]]) -> dict[str, set[str]]:
        return {kind: markers - found.get(kind, set()) for kind, markers in self.acknowledged.items()}


# --- one simulated member -----------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    username: str
    notice_pk: int
    action_pks: tuple[int, ...]  # open actions this member may write
    requirement_pk: int


def members(count: int) -> list[Member]:
    """Officers with an open action they own or their organisation leads, then administrators (any action)."""
    from django.db.models import Q

    from actions.models import Action
    from measures.models import Membership, Requirement

    found, seen = [], set()
    rows = (
        Membership.objects.filter(role__in=["officer", "administrator"], user__username__startswith="bench-user-")
        .select_related("user")
        .order_by("-role", "user__username")
    )  # officers first
    for m in rows:
        if m.user_id in seen:
            continue
        actions = Action.objects.filter(notice_id=m.notice_id, percent_complete__lt=100).exclude(
            status__in=["complete", "cancelled"]
        )
        if m.role == "officer":
            actions = actions.filter(Q(owner_id=m.user_id) | Q(lead_organisation_id=m.organisation_id))
        pks = tuple(actions.order_by("pk").values_list("pk", flat=True)[:20])
        requirement = (
            Requirement.objects.filter(measure__notice_id=m.notice_id)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        if pks and requirement:
            found.append(Member(m.user.username, m.notice_id, pks, requirement))
            seen.add(m.user_id)
        if len(found) == count:
            break
    return found


def _client_class():
    from bench import server

    class PageClient(server.Client):
        """bench/server.py's signed-in client, also giving the page's text (to read its forms)."""

        def fetch(self, method: str, path: str, fields: dict | None = None) -> tuple[int, str, str, float]:
            headers = {"Cookie": self.cookie_header}
            body = None
            if fields is not None:
                body = urlencode(fields, doseq=True)
                headers.update(
                    {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Origin": f"http://127.0.0.1:{self.port}",
                        "Referer": f"http://127.0.0.1:{self.port}{path}",
                    }
                )
            started = time.perf_counter()
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT_S)
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                text = response.read().decode("utf-8", "replace")
            finally:
                connection.close()
            for value in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.headers.get("Location", ""), text, time.perf_counter() - started

    return PageClient


class User:
    def __init__(self, member: Member, client, tally: Tally, run_id: str, number: int, seed: int, hot: int = 3) -> None:
        self.member, self.client, self.tally, self.hot = member, client, tally, hot
        self.run_id, self.number, self.sequence = run_id, number, 0
        self.rng = random.Random(seed)
        base = f"/notices/{member.notice_pk}"
        self.paths = {
            "dashboard": f"{base}/dashboard/",
            "action list": f"{base}/actions/",
            "evidence list": f"{base}/evidence/",
            "indicator list": f"{base}/indicators/",
        }
        self.base = base

    def marker(self) -> str:
        self.sequence += 1
        return f"LT-{self.run_id}-{self.number:02d}-{self.sequence:04d}"

    def action_path(self, *, writing: bool = False) -> str:
        """Any of the member's actions to read; one of the first few (shared with colleagues) to write."""
        pool = self.member.action_pks[: self.hot] if writing else self.member.action_pks
        return f"{self.base}/actions/{self.rng.choice(pool)}/"

    def step(self) -> None:
        draw, threshold = self.rng.random(), 0.0
        for kind, share in WRITES.items():
            threshold += share
            if draw < threshold:
                return getattr(self, f"write_{kind}")()
        kind = self.rng.choice(READS)
        self.get(kind, self.action_path() if kind == "action detail" else self.paths[kind])

    def get(self, kind: str, path: str) -> str | None:
        try:
            status, location, text, seconds = self.client.fetch("GET", path)
        except OSError as error:
            self.tally.record(kind, 0.0, "connection error", error=f"GET {path}: {error!r}")
            return None
        ok = status == 200
        self.tally.record(
            kind, seconds, "200" if ok else str(status), error=None if ok else f"GET {path}: HTTP {status} {location}"
        )
        return text if ok else None

    def post(self, kind: str, path: str, fields: dict, marker: str, *, expected: tuple[int, ...] = ()) -> None:
        try:
            status, location, _, seconds = self.client.fetch("POST", path, fields)
        except OSError as error:
            self.tally.record(kind, 0.0, "connection error", error=f"POST {path}: {error!r}")
            return
        if status == 302 and "/accounts/login" not in location:
            self.tally.record(kind, seconds, "acknowledged", marker=marker)
        elif status in expected:
            self.tally.record(kind, seconds, f"{status} (expected)")
        else:
            self.tally.record(kind, seconds, str(status), error=f"POST {path}: HTTP {status} {location}")

    def write_progress(self) -> None:
        path = self.action_path(writing=True)
        page = self.get("action detail", path)
        if page is None:
            return
        form = post_form(page, "percent_complete")
        marker = self.marker()
        fields = dict(form["fields"])
        fields["percent_complete"] = [str(min(int(fields["percent_complete"][0] or 0) + 1, 99))]
        fields["note"] = [f"Load-test progress {marker}."]
        self.post("progress", form["action"] or path, fields, marker)

    def write_evidence(self) -> None:
        path = f"{self.base}/evidence/new/"
        page = self.get("evidence form", path)
        if page is None:
            return
        form = post_form(page, "title")
        marker = self.marker()
        fields = dict(form["fields"])
        first = {name: next(v for v in form["options"][name] if v) for name in ("kind", "nature")}
        fields.update(
            {
                "title": [f"Load-test evidence {marker}"],
                "link": [f"https://example.org/evidence/{marker}"],
                "covers_from": ["01/02/2015"],
                "requirements": [str(self.member.requirement_pk)],
                "kind": [first["kind"]],
                "nature": [first["nature"]],
            }
        )
        self.post("evidence", form["action"] or path, fields, marker)

    def write_edit(self) -> None:
        path = self.action_path(writing=True) + "edit/"
        page = self.get("edit form", path)
        if page is None:
            return
        form = post_form(page, "version")
        marker = self.marker()
        fields = dict(form["fields"])
        fields["description"] = [f"Edited under load {marker}."]
        self.post("edit", form["action"] or path, fields, marker, expected=(409,))


# --- the run ------------------------------------------------------------------------------------


def found_in_database(run_id: str) -> dict[str, set[str]]:
    import re

    from actions.models import Action, ActionUpdate
    from evidence.models import EvidenceItem

    pattern = re.compile(rf"LT-{run_id}-\d+-\d+")
    texts = {
        "progress": ActionUpdate.objects.filter(note__contains=run_id).values_list("note", flat=True),
        "evidence": EvidenceItem.objects.filter(title__contains=run_id).values_list("title", flat=True),
        # an edit is overwritten by the next one: its row in the action's history is the proof it was saved
        "edit": Action.history.filter(description__contains=run_id).values_list("description", flat=True),
    }
    return {kind: {m for text in rows for m in pattern.findall(text)} for kind, rows in texts.items()}


def run(
    members_: list[Member], *, port: int, seconds: int, run_id: str, password: str, hot: int
) -> tuple[Tally, float]:
    PageClient = _client_class()
    tally = Tally()
    users = []
    for number, member in enumerate(members_, start=1):
        client = PageClient(port)
        client.sign_in(member.username, password)
        users.append(User(member, client, tally, run_id, number, seed=number, hot=hot))
    stop_at = time.perf_counter() + seconds

    def loop(user: User) -> None:
        while time.perf_counter() < stop_at:
            try:
                user.step()
            except LookupError as error:  # a page without the form it should have
                tally.record("form missing", 0.0, "error", error=str(error))

    started = time.perf_counter()
    threads = [threading.Thread(target=loop, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.perf_counter() - started


def markdown(tally: Tally, found: dict[str, set[str]], *, elapsed: float, users: int, workers: int) -> str:
    from bench.run import percentile

    every = [s for values in tally.latencies.values() for s in values]
    lost = tally.lost(found)
    acknowledged = sum(len(v) for v in tally.acknowledged.values())
    lines = [
        f"Load test: {users} users, {elapsed:.0f} s, gunicorn {workers} sync workers, {os.cpu_count()} cores",
        "",
        "| Figure | Value |",
        "|---|---|",
        f"| Requests | {tally.requests} |",
        f"| Throughput | {tally.requests / elapsed:.1f} requests/s |",
        f"| Latency median / p95 | {statistics.median(every) * 1000:.0f} ms / {percentile(every, 95) * 1000:.0f} ms |"
        if every
        else "| Latency | – |",
        f"| Errors (5xx, connection errors, unexpected 4xx or answers) | {len(tally.errors)} |",
        f"| Edits refused with 409 (expected: saved by someone else first) | {tally.outcomes[('edit', '409 (expected)')]} |",
        f"| Writes acknowledged / found in the database | {acknowledged} / {sum(len(tally.acknowledged[k] & found.get(k, set())) for k in WRITES)} |",
        f"| Lost writes | {sum(len(v) for v in lost.values())} |",
        "",
        "| Kind | Requests | Outcomes | Median ms | p95 ms |",
        "|---|---|---|---|---|",
    ]
    for kind in sorted(tally.latencies):
        values = tally.latencies[kind]
        outcomes = ", ".join(f"{outcome} {n}" for (k, outcome), n in sorted(tally.outcomes.items()) if k == kind)
        lines.append(
            f"| {kind} | {len(values)} | {outcomes} | {statistics.median(values) * 1000:.0f} | {percentile(values, 95) * 1000:.0f} |"
        )
    if tally.errors:
        lines += ["", "First errors:", *[f"- {e}" for e in tally.errors[:10]]]
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=24, help="concurrent signed-in members (default 24)")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (default 60)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (default 4)")
    parser.add_argument(
        "--hot",
        type=int,
        default=3,
        help="writes go to each member's first N actions, which colleagues in the same organisation share "
        "(default 3), so that edits meet concurrent saves",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    import tempfile

    import django

    django.setup()
    from bench import server
    from bench.generate import PASSWORD, existing_scale

    if existing_scale() is None:
        print("No benchmark data: run `manage.py generate_benchmark_data --scale 0.25` first.", file=sys.stderr)
        return 2
    chosen = members(args.users)
    if len(chosen) < args.users:
        print(f"Only {len(chosen)} members with an open action to write; generate a larger data set.", file=sys.stderr)
        return 2
    env = server.server_env(tempfile.mkdtemp(prefix="bench-static-"))
    server.collect_static(env)
    gunicorn = server.start(workers=args.workers, env=env)
    run_id = f"{int(time.time()):x}"
    try:
        print(f"… {len(chosen)} users for {args.duration} s (run {run_id})", file=sys.stderr, flush=True)
        tally, elapsed = run(
            chosen, port=gunicorn.port, seconds=args.duration, run_id=run_id, password=PASSWORD, hot=args.hot
        )
    finally:
        gunicorn.stop()
    found = found_in_database(run_id)
    print(markdown(tally, found, elapsed=elapsed, users=len(chosen), workers=args.workers))
    if any(str(e).find("HTTP 5") >= 0 for e in tally.errors):
        print(
            f"\nServer errors; the end of its log ({gunicorn.log}):\n{gunicorn.log.read_text()[-3000:]}",
            file=sys.stderr,
        )
    lost = sum(len(v) for v in tally.lost(found).values())
    return 1 if tally.errors or lost else 0


if __name__ == "__main__":
    sys.path[0] = str(ROOT)  # the project, not bench/, so "bench" is the package
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notice_tracker.settings")
    os.environ.setdefault("NOTICE_TRACKER_TODAY", "2015-02-27")
    sys.exit(main())
