"""Performance analysis of one indicator's series: RAG, trend, projection, failing or not.

Pure Python: plain values in, frozen dataclasses out, no Django and no web code, so the
pages, the dashboard and the PDF reports all call the same rules.

The rules (DESIGN.md, "Rules the product computes"):
- RAG: green on or beyond the target; amber short of it by no more than the amber
  tolerance; red beyond that, or on the wrong side of a statutory limit.
- Trend: the least-squares straight line through the last `window` figures (6 by default),
  with gaps between months kept as gaps; the change it implies across those months counts
  only when bigger than the noise threshold (half the amber tolerance, and at least 1% of
  the target), otherwise the trend is flat.
- Projection: where that line reaches the target, compared with the delivery deadline.
- Failing: red (the DESIGN rule), or short of target and not projected to reach it by the
  deadline (section 12: "failing to meet the targets and timescales set").
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from indicators.periods import add_months, months_between, period_label
from notice_tracker.lib.rag import label as rag_word

DEFAULT_WINDOW = 6
MIN_POINTS_FOR_TREND = 3
MAX_PROJECTION_MONTHS = 120
_NOISE_SHARE_OF_TOLERANCE = 0.5
_NOISE_SHARE_OF_SCALE = 0.01


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    BAND = "band"
    CONTEXT = "context"


class Unit(StrEnum):
    PERCENTAGE = "percentage"
    COUNT = "count"
    DAYS = "days"
    RATE = "rate_10k"


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    NONE = "none"

    @property
    def label(self) -> str:
        return rag_word(self.value)


class Trend(StrEnum):
    IMPROVING = "improving"
    FLAT = "flat"
    DETERIORATING = "deteriorating"
    RISING = "rising"  # context-only indicators: a direction, not a judgement
    FALLING = "falling"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return "Not enough figures" if self is Trend.UNKNOWN else self.value.title()

    @property
    def arrow(self) -> str:
        return {"improving": "↑", "rising": "↗", "deteriorating": "↓", "falling": "↘", "flat": "→"}.get(self.value, "–")


@dataclass(frozen=True)
class Point:
    period: date
    value: float


@dataclass(frozen=True)
class TrendFit:
    slope: float  # units per month
    intercept: float  # the line's value at `first_period`
    first_period: date
    last_period: date
    count: int

    def at(self, period: date) -> float:
        return self.intercept + self.slope * months_between(self.first_period, period)

    @property
    def span_months(self) -> int:
        return months_between(self.first_period, self.last_period)


@dataclass(frozen=True)
class Assessment:
    latest: Point | None
    rag: Rag
    trend: Trend
    fit: TrendFit | None
    noise_threshold: float
    projected_on: date | None  # month the target is (or is projected to be) met
    meets_by_deadline: bool | None  # None: no deadline, no target, or too few figures to say
    is_failing: bool  # red: the DESIGN rule
    is_off_track: bool  # short of target and not projected to meet it by the deadline
    failing_reason: str
    trend_sentence: str
    projection_sentence: str
    method_sentence: str

    @property
    def on_failing_list(self) -> bool:
        """On section 12's list of 'performance failing to meet the targets and timescales set'."""
        return self.is_failing or self.is_off_track


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    text = f"{value:,.1f}".removesuffix(".0")
    texts: dict[str, str] = {
        Unit.PERCENTAGE: f"{text}%",
        Unit.DAYS: f"{text} days",
        Unit.RATE: f"{text} per 10,000",
    }
    return texts.get(unit, text)


def format_amount(amount: float, unit: str) -> str:
    """A difference in the indicator's unit: '5 percentage points', '2 days'."""
    text = f"{abs(amount):,.1f}".removesuffix(".0")
    texts: dict[str, str] = {
        Unit.PERCENTAGE: f"{text} percentage points",
        Unit.DAYS: f"{text} days",
        Unit.RATE: f"{text} per 10,000",
    }
    return texts.get(unit, text)


def rag_for(
    value: float | None,
    *,
    target: float | None,
    tolerance: float = 0.0,
    direction: str,
    upper: float | None = None,
    statutory_limit: float | None = None,
) -> Rag:
    """RAG of one figure. A figure exactly on the target is green; exactly at the tolerance, amber."""
    if value is None or target is None or direction == Direction.CONTEXT:
        return Rag.NONE
    if breaches_statutory_limit(value, statutory_limit=statutory_limit, direction=direction):
        return Rag.RED
    shortfall = _shortfall(value, target=target, upper=upper, direction=direction)
    if shortfall <= 0:
        return Rag.GREEN
    return Rag.AMBER if shortfall <= tolerance else Rag.RED


def breaches_statutory_limit(value: float, *, statutory_limit: float | None, direction: str) -> bool:
    if statutory_limit is None:
        return False
    if direction == Direction.HIGHER:
        return value < statutory_limit
    if direction == Direction.LOWER:
        return value > statutory_limit
    return False


def _shortfall(value: float, *, target: float, upper: float | None, direction: str) -> float:
    """How far the figure is on the wrong side of the target (0 or less: on target)."""
    if direction == Direction.HIGHER:
        return target - value
    if direction == Direction.LOWER:
        return value - target
    high = target if upper is None else upper
    return max(target - value, value - high, 0.0)


def fit_line(points: list[Point]) -> TrendFit | None:
    """Least-squares line through the points, x measured in months from the first one."""
    if len(points) < MIN_POINTS_FOR_TREND:
        return None
    first = points[0].period
    xs = [months_between(first, point.period) for point in points]
    ys = [point.value for point in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    return TrendFit(slope, mean_y - slope * mean_x, first, points[-1].period, len(points))


def noise_threshold(
    values: list[float], *, target: float | None, tolerance: float, upper: float | None = None
) -> float:
    """Smallest change across the window that counts as a trend rather than noise."""
    if target is not None:
        scale = abs(target) if upper is None else (abs(target) + abs(upper)) / 2
    else:
        scale = sum(abs(value) for value in values) / len(values) if values else 0.0
    return max(_NOISE_SHARE_OF_TOLERANCE * tolerance, _NOISE_SHARE_OF_SCALE * scale, 1e-9)


def classify_trend(
    points: list[Point], *, direction: str, target: float | None, upper: float | None, threshold: float
) -> tuple[Trend, TrendFit | None]:
    fit = fit_line(points)
    if fit is None:
        return Trend.UNKNOWN, None
    if direction == Direction.BAND and target is not None:
        # Towards the band is better: the trend of the distance outside it, reversed.
        distances = [
            Point(p.period, -_shortfall(p.value, target=target, upper=upper, direction=direction)) for p in points
        ]
        distance_fit = fit_line(distances)
        change = distance_fit.slope * distance_fit.span_months if distance_fit else 0.0
    else:
        change = fit.slope * fit.span_months
    if abs(change) <= threshold:
        return Trend.FLAT, fit
    if direction == Direction.CONTEXT or target is None:
        return (Trend.RISING if change > 0 else Trend.FALLING), fit
    better = change if direction in (Direction.HIGHER, Direction.BAND) else -change
    return (Trend.IMPROVING if better > 0 else Trend.DETERIORATING), fit


@dataclass(frozen=True)
class _Projection:
    projected_on: date | None
    meets_by_deadline: bool | None
    sentence: str


def _deadline_words(deadline: date | None) -> str:
    return f"the delivery deadline of {deadline.day} {deadline:%B %Y}" if deadline else ""


def project(
    latest: Point,
    fit: TrendFit | None,
    trend: Trend,
    rag: Rag,
    *,
    target: float,
    upper: float | None,
    direction: str,
    unit: str,
    deadline: date | None,
    today: date | None,
) -> _Projection:
    target_text = _target_text(target, upper, direction, unit)
    deadline_text = _deadline_words(deadline)
    passed = bool(deadline and today and today > deadline)
    if rag is Rag.GREEN:
        return _Projection(
            latest.period,
            True if deadline else None,
            f"On target: the latest figure, {format_value(latest.value, unit)} in {period_label(latest.period)}, meets {target_text}.",
        )
    if fit is None:
        return _Projection(
            None,
            None,
            f"Too few figures to project when {target_text} will be met ({MIN_POINTS_FOR_TREND} or more are needed).",
        )
    if trend is not Trend.IMPROVING:
        tail = f"; {deadline_text} {'has passed' if passed else 'will be missed'}" if deadline else ""
        return _Projection(
            None,
            False if deadline else None,
            f"Not improving, so at the current rate {target_text} will not be met{tail}.",
        )
    goal = _goal(latest.value, target=target, upper=upper, direction=direction)
    months = max(1, math.ceil((goal - fit.at(latest.period)) / fit.slope)) if fit.slope else None
    if months is None or months > MAX_PROJECTION_MONTHS:
        return _Projection(
            None,
            False if deadline else None,
            f"Improving too slowly to meet {target_text} within {MAX_PROJECTION_MONTHS // 12} years.",
        )
    projected = add_months(latest.period, months)
    sentence = f"At the current rate ({_rate_words(fit.slope, unit)} a month) {target_text} would be met around {period_label(projected)}"
    if deadline is None:
        return _Projection(projected, None, sentence + ".")
    meets = projected <= deadline and not passed
    if projected <= deadline:
        sentence += f", before {deadline_text}" + (", which has passed." if passed else ".")
    else:
        late = months_between(deadline, projected)
        sentence += f", {late} month{'s' if late != 1 else ''} after {deadline_text}."
    return _Projection(projected, meets, sentence)


def _goal(value: float, *, target: float, upper: float | None, direction: str) -> float:
    if direction == Direction.BAND and upper is not None and value > upper:
        return upper
    return target


def _rate_words(slope: float, unit: str) -> str:
    return f"{'up' if slope > 0 else 'down'} {format_amount(slope, unit)}"


def _target_text(target: float, upper: float | None, direction: str, unit: str) -> str:
    if direction == Direction.BAND and upper is not None:
        return f"the target band of {format_value(target, unit)} to {format_value(upper, unit)}"
    return f"the target of {format_value(target, unit)}"


def assess(
    series: Iterable[Point],
    *,
    target: float | None,
    tolerance: float = 0.0,
    direction: str,
    deadline: date | None = None,
    today: date | None = None,
    unit: str = Unit.COUNT,
    upper: float | None = None,
    statutory_limit: float | None = None,
    window: int = DEFAULT_WINDOW,
) -> Assessment:
    """Everything the pages and reports say about one indicator, from its figures so far."""
    points = _clean(series)
    latest = points[-1] if points else None
    tolerance = max(tolerance or 0.0, 0.0)
    if direction == Direction.CONTEXT:
        target = None
    recent = points[-window:]
    threshold = noise_threshold([p.value for p in recent], target=target, tolerance=tolerance, upper=upper)
    trend, fit = classify_trend(recent, direction=direction, target=target, upper=upper, threshold=threshold)
    rag = rag_for(
        latest.value if latest else None,
        target=target,
        tolerance=tolerance,
        direction=direction,
        upper=upper,
        statutory_limit=statutory_limit,
    )
    if latest is None or target is None:
        projection = _Projection(
            None, None, "No target is set, so nothing is projected." if latest else "No figures yet."
        )
    else:
        projection = project(
            latest,
            fit,
            trend,
            rag,
            target=target,
            upper=upper,
            direction=direction,
            unit=unit,
            deadline=deadline,
            today=today,
        )
    is_failing = rag is Rag.RED
    is_off_track = rag in (Rag.RED, Rag.AMBER) and projection.meets_by_deadline is False
    return Assessment(
        latest=latest,
        rag=rag,
        trend=trend,
        fit=fit,
        noise_threshold=threshold,
        projected_on=projection.projected_on,
        meets_by_deadline=projection.meets_by_deadline,
        is_failing=is_failing,
        is_off_track=is_off_track,
        failing_reason=_failing_reason(
            latest,
            rag,
            trend,
            projection,
            target=target,
            upper=upper,
            tolerance=tolerance,
            direction=direction,
            unit=unit,
            statutory_limit=statutory_limit,
            deadline=deadline,
        )
        if (is_failing or is_off_track) and latest is not None and target is not None
        else "",
        trend_sentence=_trend_sentence(trend, fit, unit),
        projection_sentence=projection.sentence,
        method_sentence=method_sentence(window, threshold, unit),
    )


def _clean(series: Iterable[Point]) -> list[Point]:
    """Sorted by period, one figure per period (the last given wins), non-numbers dropped."""
    by_period: dict[date, float] = {}
    for point in series:
        if point.value is not None and math.isfinite(float(point.value)):
            by_period[point.period] = float(point.value)
    return [Point(period, by_period[period]) for period in sorted(by_period)]


def method_sentence(window: int, threshold: float, unit: str) -> str:
    return (
        f"Trend is the least-squares straight line through the last {window} figures; "
        f"a change along it of {format_amount(threshold, unit)} or less across those months is treated as flat."
    )


def _trend_sentence(trend: Trend, fit: TrendFit | None, unit: str) -> str:
    if fit is None:
        return f"Not enough figures for a trend ({MIN_POINTS_FOR_TREND} or more are needed)."
    span = f"over the last {fit.count} figures ({period_label(fit.first_period)} to {period_label(fit.last_period)})"
    movement = f"{_rate_words(fit.slope, unit)} a month" if fit.slope else "no change"
    if trend is Trend.FLAT:
        return f"Flat {span}: the change is within normal variation ({movement})."
    return f"{trend.label} {span}: {movement}."


def _failing_reason(
    latest: Point,
    rag: Rag,
    trend: Trend,
    projection: _Projection,
    *,
    target: float,
    upper: float | None,
    tolerance: float,
    direction: str,
    unit: str,
    statutory_limit: float | None,
    deadline: date | None,
) -> str:
    figure = f"{format_value(latest.value, unit)} in {period_label(latest.period)}"
    target_text = _target_text(target, upper, direction, unit)
    side = {"higher": "below", "lower": "above"}.get(direction, "outside")
    if rag is Rag.RED and breaches_statutory_limit(latest.value, statutory_limit=statutory_limit, direction=direction):
        parts = [f"Latest figure {figure} is beyond the statutory limit of {format_value(statutory_limit, unit)}"]
    elif rag is Rag.RED:
        parts = [
            f"Latest figure {figure} is {side} {target_text} by more than the tolerance of {format_amount(tolerance, unit)}"
        ]
    else:
        short = "outside it" if direction == Direction.BAND else "short of it"
        parts = [f"Latest figure {figure} is within tolerance of {target_text} but {short}"]
    if trend in (Trend.DETERIORATING, Trend.FLAT):
        parts.append(f"the trend is {trend.value}")
    if projection.meets_by_deadline is False and deadline:
        parts.append(f"it is not projected to meet the target by {_deadline_words(deadline)}")
    return "; ".join(parts) + "."
