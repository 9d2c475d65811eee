"""What every generator module shares: the base counts, the run's context, batched bulk inserts.

Every count is a base figure at scale 1 times the scale, except the number of notices, which
stays at five: if notices grew with the scale, each notice would hold the same data at every
scale, and a page's query count being equal at scale 1 and 2 would prove nothing.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeVar

from django.db import models

from notice_tracker.lib.dates import at_hour
from notice_tracker.lib.history import set_history_user

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from actions.models import Action
    from measures.models import Notice, Organisation, Requirement

_Row = TypeVar("_Row", bound=models.Model)
_T = TypeVar("_T")

BATCH = 2000
NOTICES = 5

# Totals at scale 1 (the figures); every one but NOTICES is multiplied by the scale.
BASE_COUNTS = {
    "users": 200,
    "actions": 2000,
    "action_updates": 20_000,
    "evidence_items": 20_000,
    "indicators": 60,
    "board_meetings": 300,
}
MONTHLY_VALUES = 60  # per indicator: March 2010 to February 2015, at every scale
FIRST_DAY, LAST_DAY = date(2014, 6, 1), date(2015, 2, 27)  # the plan's activity; LAST_DAY is the demo's "today"

USERNAME = "bench-user-{:04d}"
AUTHORITY = "Benchmark Borough Council {}"
# Stored in each benchmark authority's address: says the rows are the generator's, and at what scale.
MARKER = "notice-tracker-benchmark scale="


def scaled(name: str, scale: float) -> int:
    return max(1, round(BASE_COUNTS[name] * scale))


def aware(day: date, hour: int = 10) -> datetime:
    return at_hour(day, hour)


def random_name(rng: random.Random) -> str:
    """A stored file's name: random like uuid4().hex, but from the seeded generator, so re-runs match."""
    return f"{rng.getrandbits(128):032x}"


@dataclass
class Context:
    """What one run has made so far, for the modules that come after."""

    scale: float
    rng: random.Random
    say: Callable[[str], None]
    password_hash: str
    users: list[User] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    # Per notice id:
    organisations: dict[int, list[Organisation]] = field(default_factory=dict)
    requirements: dict[int, list[Requirement]] = field(default_factory=dict)
    officers: dict[int, list[User]] = field(default_factory=dict)  # users who own actions and submit evidence
    chair: dict[int, User] = field(default_factory=dict)
    actions: dict[int, list[Action]] = field(default_factory=dict)
    # (notice, user) -> org
    member_organisation: dict[tuple[int, int], Organisation | None] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    stages: list[tuple[str, int, float]] = field(default_factory=list)  # (what, rows, seconds)
    files_written: list[str] = field(default_factory=list)

    def share(self, total: int) -> list[int]:
        """`total` split across the notices as evenly as it goes, earlier notices taking the remainder."""
        base, extra = divmod(total, len(self.notices))
        return [base + (1 if index < extra else 0) for index in range(len(self.notices))]


class Stage:
    """Times one kind of row and reports it: `with Stage(ctx, "actions") as stage: stage.rows += n`."""

    def __init__(self, ctx: Context, label: str) -> None:
        self.ctx, self.label, self.rows = ctx, label, 0

    def __enter__(self) -> Stage:
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is not None:
            return
        seconds = time.perf_counter() - self.started
        self.ctx.stages.append((self.label, self.rows, seconds))
        self.ctx.counts[self.label] = self.ctx.counts.get(self.label, 0) + self.rows
        self.ctx.say(f"  {self.label:<28} {self.rows:>9,} rows {seconds:>7.1f} s")


def bulk(
    model: type[_Row],
    objs: Sequence[_Row],
    *,
    stage: Stage | None = None,
    say: Callable[[str], None] | None = None,
) -> list[_Row]:
    """bulk_create in batches through the model's own manager (TrackedQuerySet writes history rows too)."""
    created: list[_Row] = []
    for start in range(0, len(objs), BATCH):
        created += model._default_manager.bulk_create(objs[start : start + BATCH])
        if say and len(objs) > BATCH:
            say(f"    {model.__name__}: {min(start + BATCH, len(objs)):,} / {len(objs):,}")
    if stage is not None:
        stage.rows += len(created)
    return created


def with_history(obj: _Row, *, by: User, on: datetime) -> _Row:
    """Who and when for the history row bulk_create writes (simple-history reads these two attributes)."""
    set_history_user(obj, by)
    obj._history_date = on  # type: ignore[attr-defined]  # simple-history reads it; models do not declare it
    return obj


def pick(rng: random.Random, items: Sequence[_T], k: int) -> list[_T]:
    return rng.sample(list(items), min(k, len(items)))


def spread(rng: random.Random, start: date, end: date) -> date:
    """A day between start and end inclusive."""
    return date.fromordinal(rng.randint(start.toordinal(), max(start.toordinal(), end.toordinal())))
