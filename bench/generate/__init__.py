"""The benchmark data set: `generate(scale=...)` runs each model group's module in dependency order.

A new model group adds one module here (see meetings.py, snapshots.py) with `generate(ctx)`.
Deterministic: one random.Random(scale) drives every choice, dates are fixed, and stored file
names come from the same generator, so two runs at one scale make the same rows and files.
"""

from __future__ import annotations

import random
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction

from bench.generate import actions, evidence, indicators, meetings, notices, snapshots, visits
from bench.generate.base import AUTHORITY, MARKER, USERNAME, Context
from measures.models import Authority, Notice

MODULES = [notices, actions, evidence, indicators, meetings, snapshots, visits]
PASSWORD = "benchmark-password-2015"
AUTHORITY_PREFIX = AUTHORITY.format("")
USERNAME_PREFIX = USERNAME.split("{")[0]


class Refused(Exception):
    """The database is not one the generator may write to as asked."""


@dataclass
class Result:
    scale: float
    created: bool
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    stages: list[tuple[str, int, float]] = field(default_factory=list)
    sql: dict[str, tuple[int, float]] = field(default_factory=dict)  # "history" / "other" -> (statements, seconds)


def existing_scale() -> float | None:
    """The scale of the benchmark data already in the database, if any."""
    address = (
        Authority.objects.filter(name__startswith=AUTHORITY_PREFIX, address__contains=MARKER)
        .values_list("address", flat=True)
        .first()
    )
    return None if address is None else float(address.split(MARKER, 1)[1].split()[0])


def foreign_data() -> list[str]:
    """What the database holds that the generator did not make."""
    found = []
    other_notices = Notice.objects.exclude(authority__name__startswith=AUTHORITY_PREFIX).count()
    if other_notices:
        found.append(f"{other_notices} notice(s)")
    other_users = get_user_model().objects.exclude(username__startswith=USERNAME_PREFIX).count()
    if other_users:
        found.append(f"{other_users} user(s)")
    return found


def generate(*, scale: float, reset: bool = False, force: bool = False, say: Callable[[str], None] = print) -> Result:
    if scale <= 0:
        raise Refused("The scale must be above 0.")
    foreign, existing = foreign_data(), existing_scale()
    if foreign and not force:
        raise Refused(
            f"This database holds data that is not benchmark data ({', '.join(foreign)}). "
            "Use a database of its own (e.g. nt_bench), or --force to add the benchmark data beside it."
        )
    if existing is not None and not reset:
        if existing == scale:
            say(f"Benchmark data at scale {scale:g} is already here: nothing to do (--reset rebuilds it).")
            return Result(scale=scale, created=False)
        raise Refused(
            f"Benchmark data at scale {existing:g} is already here; --reset replaces it with scale {scale:g}."
        )
    if existing is not None:
        if foreign:
            raise Refused(
                "--reset empties the whole database (manage.py flush), and it holds data that is not "
                "benchmark data; use a database of its own."
            )
        _empty(say)
    return _generate(scale, say)


def _empty(say: Callable[[str], None]) -> None:
    media = Path(settings.MEDIA_ROOT)
    for pk in Notice.objects.values_list("pk", flat=True):
        for folder in ("evidence", "minutes"):
            shutil.rmtree(media / folder / str(pk), ignore_errors=True)
    started = time.perf_counter()
    # Inside an outer transaction (a test), PostgreSQL refuses to TRUNCATE rows with deferred
    # foreign-key checks pending; checking them now clears that. Outside one it does nothing.
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)
    say(f"Emptied the database and the benchmark's files ({time.perf_counter() - started:.1f} s).")


def _generate(scale: float, say: Callable[[str], None]) -> Result:
    ctx = Context(scale=scale, rng=random.Random(scale), say=say, password_hash=make_password(PASSWORD))
    timer = _SqlTimer()
    started = time.perf_counter()
    say(f"Generating benchmark data at scale {scale:g} into {connection.settings_dict['NAME']} ({connection.vendor}):")
    try:
        with connection.execute_wrapper(timer), transaction.atomic():
            for module in MODULES:
                module.generate(ctx)
    except BaseException:
        for name in ctx.files_written:
            Path(name).unlink(missing_ok=True)
        raise
    _analyze(say)
    result = Result(
        scale=scale,
        created=True,
        seconds=time.perf_counter() - started,
        counts=dict(ctx.counts),
        stages=list(ctx.stages),
        sql=timer.totals(),
    )
    history_n, history_s = result.sql.get("history", (0, 0.0))
    other_n, other_s = result.sql.get("other", (0, 0.0))
    say(
        f"Done in {result.seconds:.1f} s. SQL time: {history_s:.1f} s in {history_n:,} statements writing history "
        f"rows, {other_s:.1f} s in {other_n:,} other statements."
    )
    say(f"Sign in as {USERNAME.format(1)} (Chair of every notice) or any {USERNAME_PREFIX}NNNN; password: {PASSWORD}")
    return result


def _analyze(say: Callable[[str], None]) -> None:
    """The state autovacuum leaves a table in, reached now, so page timings do not hang on its timing.

    On PostgreSQL, VACUUM (ANALYZE) runs here, after the transaction committed (autovacuum may be
    off, as on the benchmark machine): fresh planner statistics for the new rows, the dead row
    versions the generator's second passes leave (an evidence item's current file, the search
    documents: nine in ten of the items' rows) reclaimed, and the visibility map set, so an
    index-only scan can answer from the index as it does on a database autovacuum looks after.
    Inside an outer transaction (a test) it is skipped.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    say(f"Vacuumed and analysed the tables ({time.perf_counter() - started:.1f} s).")


class _SqlTimer:
    """execute_wrapper that splits database time between history tables and the rest."""

    _TABLE = re.compile(r'^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.I)

    def __init__(self) -> None:
        self.buckets: dict[str, list] = {}

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            match = self._TABLE.match(sql)
            bucket = "history" if match and "_historical" in match.group(1) else "other"
            totals = self.buckets.setdefault(bucket, [0, 0.0])
            totals[0] += 1
            totals[1] += time.perf_counter() - started

    def totals(self) -> dict[str, tuple[int, float]]:
        return {name: (n, s) for name, (n, s) in self.buckets.items()}
