"""The measured user's dashboard visits: a returning member who looked once the data was made.

The harness signs in as bench-user-0001 and opens a notice's dashboard many times. With no
visit on record every request would be a first sitting (no "since you last looked" at all),
which no regular user sees. So the data set records that this user looked at every notice's
dashboard, in two sittings, when it was made: the harness then measures a returning member's
dashboard, "since you last looked" included, for whom nothing has changed since (the steady
state of a member who keeps an eye on a notice) — whether the harness runs within the same
sitting (30 minutes) or later. The time is that of generation, not a fixed date: the
generator's own last writes (evidence review states) carry that time too.
"""

from __future__ import annotations

from django.utils import timezone

from bench.generate.base import Context, Stage
from dashboards.models import NoticeVisit


def generate(ctx: Context) -> None:
    with Stage(ctx, "dashboard visits") as stage:
        now = timezone.now()
        created = NoticeVisit.objects.bulk_create(
            [
                NoticeVisit(user=ctx.users[0], notice=notice, last_seen_at=now, previous_seen_at=now)
                for notice in ctx.notices
            ]
        )
        stage.rows = len(created)
