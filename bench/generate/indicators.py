"""Indicators from the standard library, each with 60 monthly figures (March 2010 – February 2015).

Every series is a random walk with a drift, so the list shows improving, flat and
deteriorating trends, on and off target, as the analysis distinguishes them.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from bench.generate.base import MONTHLY_VALUES, Context, Stage, aware, bulk, pick, scaled, with_history
from indicators.analysis import Direction, Unit
from indicators.library import LIBRARY
from indicators.models import Indicator, IndicatorValue
from indicators.periods import add_months
from measures.models import Requirement

FIRST_PERIOD_OFFSET = -(MONTHLY_VALUES - 1)  # months before February 2015
LAST_PERIOD = date(2015, 2, 1)


def generate(ctx: Context) -> None:
    rows = []
    for notice, count in zip(ctx.notices, ctx.share(scaled("indicators", ctx.scale)), strict=True):
        rows += [_indicator(ctx, notice, position) for position in range(count)]
    with Stage(ctx, "indicators") as stage:
        indicators = bulk(Indicator, rows, stage=stage)
    with Stage(ctx, "indicator requirement links") as stage:
        links = []
        for indicator in indicators:
            impact = [r for r in ctx.requirements[indicator.notice_id] if r.kind == Requirement.Kind.IMPACT]
            links += [
                Indicator.requirements.through(indicator_id=indicator.pk, requirement_id=r.pk)
                for r in pick(ctx.rng, impact or ctx.requirements[indicator.notice_id], ctx.rng.randint(1, 2))
            ]
        Indicator.requirements.through.objects.bulk_create(links)
        stage.rows = len(links)
    values = [value for indicator in indicators for value in _series(ctx, indicator)]
    with Stage(ctx, "indicator values") as stage:
        bulk(IndicatorValue, values, stage=stage, say=ctx.say)


def _indicator(ctx: Context, notice, position: int) -> Indicator:
    entry = LIBRARY[position % len(LIBRARY)]
    round_ = position // len(LIBRARY)
    rng = ctx.rng
    target, upper, tolerance = _target(entry.unit, entry.direction, rng)
    indicator = Indicator(
        notice=notice,
        code=entry.code if round_ == 0 else f"{entry.code}-{round_ + 1}",
        name=entry.name if round_ == 0 else f"{entry.name} (area {round_ + 1})",
        definition=entry.definition,
        unit=entry.unit,
        direction=entry.direction,
        target=target,
        target_upper=upper,
        tolerance=tolerance,
        frequency=Indicator.Frequency.MONTHLY,
        source_system=entry.source_system,
        owner_organisation=rng.choice(ctx.organisations[notice.pk]),
        position=position + 1,
    )
    return with_history(indicator, by=ctx.chair[notice.pk], on=aware(notice.issued_on + timedelta(days=10)))


def _target(unit: str, direction: str, rng) -> tuple[Decimal | None, Decimal | None, Decimal]:
    if direction == Direction.CONTEXT:
        return None, None, Decimal(0)
    if direction == Direction.BAND:
        low = Decimal(rng.randrange(15, 30))
        return low, low + 10, Decimal(2)
    if unit == Unit.PERCENTAGE:
        return (
            (Decimal(rng.randrange(80, 96)), None, Decimal(5))
            if direction == Direction.HIGHER
            else (Decimal(rng.randrange(8, 20)), None, Decimal(3))
        )
    return Decimal(rng.randrange(15, 25)), None, Decimal(2)


def _series(ctx: Context, indicator: Indicator) -> list[IndicatorValue]:
    rng = ctx.rng
    percentage = indicator.unit == Unit.PERCENTAGE
    level = rng.uniform(40, 75) if percentage else rng.uniform(10, 60)
    drift = rng.uniform(-0.4, 0.6)
    entered_by = rng.choice(ctx.officers[indicator.notice_id])
    values = []
    numerator: int | None
    denominator: int | None
    for step in range(MONTHLY_VALUES):
        period = add_months(LAST_PERIOD, FIRST_PERIOD_OFFSET + step)
        level = max(0.0, level + drift + rng.uniform(-2.5, 2.5))
        if percentage:
            level = min(level, 100.0)
            denominator = rng.randint(40, 320)
            numerator = round(level * denominator / 100)
            value = Decimal(numerator * 100) / Decimal(denominator)
        else:
            numerator = denominator = None
            value = Decimal(level)
        entered = aware(add_months(period, 1) + timedelta(days=9))
        values.append(
            with_history(
                IndicatorValue(
                    indicator=indicator,
                    period=period,
                    value=value.quantize(Decimal("0.01")),
                    numerator=numerator,
                    denominator=denominator,
                    commentary="Figure checked against the case-management system." if step % 6 == 5 else "",
                    entered_by=entered_by,
                    entered_at=entered,
                ),
                by=entered_by,
                on=entered,
            )
        )
    return values
