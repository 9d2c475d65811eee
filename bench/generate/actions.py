"""Improvement-plan actions, their requirement links and their progress updates.

A plan of this size mixes every state the RAG rule distinguishes as at 27 February 2015:
complete, cancelled, on track, due soon and behind, overdue, and a few with a Chair's override.
"""

from __future__ import annotations

from datetime import date, timedelta

from actions.models import Action, ActionUpdate
from bench.generate.base import FIRST_DAY, LAST_DAY, Context, Stage, aware, bulk, pick, scaled, spread, with_history
from demo.plan import GENERIC, NOTES, THEMES

Status = Action.Status
TITLES = [title for _, actions in THEMES for title, _ in actions] + [title for title, _ in GENERIC]
PHASES = [
    "",
    " (phase 2)",
    " in the north locality",
    " in the south locality",
    " for care leavers",
    " with health partners",
]
# Status and its share of the plan, in the order they are drawn.
STATUS_WEIGHTS = [(Status.COMPLETE, 30), (Status.IN_PROGRESS, 45), (Status.PLANNED, 20), (Status.CANCELLED, 5)]
OVERRIDE_REASON = "Recruitment to two key posts delayed; recovery plan agreed at the Board."


def generate(ctx: Context) -> None:
    total = scaled("actions", ctx.scale)
    rows = []
    for notice, count in zip(ctx.notices, ctx.share(total), strict=True):
        rows += [_action(ctx, notice, number) for number in range(1, count + 1)]
    with Stage(ctx, "actions") as stage:
        created = bulk(Action, rows, stage=stage, say=ctx.say)
    for action in created:
        ctx.actions.setdefault(action.notice_id, []).append(action)
    with Stage(ctx, "action requirement links") as stage:
        links = [
            Action.requirements.through(action_id=action.pk, requirement_id=requirement.pk)
            for action in created
            for requirement in pick(ctx.rng, ctx.requirements[action.notice_id], ctx.rng.randint(1, 3))
        ]
        Action.requirements.through.objects.bulk_create(links, batch_size=5000)
        stage.rows = len(links)
    _updates(ctx, created)


def _action(ctx: Context, notice, number: int) -> Action:
    rng = ctx.rng
    owner = rng.choice(ctx.officers[notice.pk])
    start = spread(rng, FIRST_DAY, date(2015, 1, 31))
    due = start + timedelta(days=rng.randint(30, 270))
    status = rng.choices([s for s, _ in STATUS_WEIGHTS], weights=[w for _, w in STATUS_WEIGHTS])[0]
    completed_on = min(spread(rng, start, due), LAST_DAY) if status == Status.COMPLETE else None
    percent = 100 if status == Status.COMPLETE else 0 if status == Status.PLANNED else rng.randrange(5, 96, 5)
    override = status == Status.IN_PROGRESS and rng.random() < 0.04
    chair = ctx.chair[notice.pk]
    action = Action(
        notice=notice,
        reference=f"B-{number:04d}",
        title=rng.choice(TITLES) + rng.choice(PHASES),
        description=f"Benchmark action {number} of {notice.authority.name}. {rng.choice(NOTES)}",
        owner=owner,
        lead_organisation=ctx.member_organisation[(notice.pk, owner.pk)] or ctx.organisations[notice.pk][0],
        start_on=start,
        due_on=due,
        status=status,
        completed_on=completed_on,
        percent_complete=percent,
        rag_override="amber" if override else "",
        rag_override_reason=OVERRIDE_REASON if override else "",
        rag_override_by=chair if override else None,
        rag_override_at=aware(min(start + timedelta(days=40), LAST_DAY)) if override else None,
        created_by=owner,
    )
    return with_history(action, by=owner, on=aware(start))


def _updates(ctx: Context, actions: list[Action]) -> None:
    """The updates are dealt to actions at random (about ten each), then dated and numbered per action."""
    rng = ctx.rng
    per_action = [0] * len(actions)
    for _ in range(scaled("action_updates", ctx.scale)):
        per_action[rng.randrange(len(actions))] += 1
    rows = []
    for action, count in zip(actions, per_action, strict=True):
        end = min(action.completed_on or action.due_on, LAST_DAY)
        days = sorted(spread(rng, action.start_on, max(end, action.start_on)) for _ in range(count))
        for step, on in enumerate(days, start=1):
            percent = action.percent_complete * step // count
            note = NOTES[-1] if percent == 100 else rng.choice(NOTES[:-1])
            rows.append(
                with_history(
                    ActionUpdate(action=action, on=on, author=action.owner, note=note, percent_complete=percent),
                    by=action.owner,
                    on=aware(on, hour=9 + step % 8),
                )
            )
    with Stage(ctx, "action updates") as stage:
        bulk(ActionUpdate, rows, stage=stage, say=ctx.say)
