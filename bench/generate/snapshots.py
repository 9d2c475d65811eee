"""Month-end roll-up snapshots, taken by the same service production runs monthly.

Snapshots are derived data, so they are computed by `snapshot_take`, not invented here: one
per notice per month end from the notices' issue to the end of the generated data.
"""

from __future__ import annotations

from datetime import date

from bench.generate.base import Context, Stage
from progress.services import month_ends, snapshot_take

LAST_MONTH_END = date(2015, 2, 28)


def generate(ctx: Context) -> None:
    with Stage(ctx, "notice snapshots") as stage:
        for notice in ctx.notices:
            for as_at in month_ends(start=notice.issued_on, end=LAST_MONTH_END):
                snapshot_take(notice=notice, as_at=as_at)
                stage.rows += 1
