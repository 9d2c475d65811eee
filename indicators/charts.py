"""Indicator charts as SVG text, made on the server: the same markup goes in pages and PDFs.

The full chart uses matplotlib (Agg, `svg.fonttype = "none"` so its text stays text: quicker
to render, searchable and extractable from the PDF). The sparkline is a hand-written
polyline: a list page may show dozens, and matplotlib takes tens of milliseconds each.
Nothing is cached: each chart is made from the figures it is given.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from html import escape

import matplotlib

matplotlib.use("Agg")
from django.core.cache import cache  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402  (after choosing the backend)

from indicators.analysis import Direction, Point, Unit, format_value  # noqa: E402
from indicators.periods import months_between, period_label, short_label  # noqa: E402

SERIES_COLOUR = "#1d70b8"
TARGET_COLOUR = "#0b0c0c"
AMBER_FILL = "#ffdd00"
GREEN_FILL = "#00703c"
DEADLINE_COLOUR = "#d4351c"
UNIT_LABELS = {Unit.PERCENTAGE: "Per cent", Unit.DAYS: "Days", Unit.RATE: "Per 10,000 children", Unit.COUNT: "Number"}
_MAX_TICKS = 12
CHART_CACHE_SECONDS = 24 * 60 * 60


def indicator_chart_svg(**chart) -> str:
    """The chart for these arguments (see `_render_chart`), rendered once and then kept.

    matplotlib takes 60–200 ms a chart; the key is a digest of every argument, so a new
    figure, target or deadline makes a new key and a kept chart is never stale.
    """
    chart["points"] = tuple(chart["points"])
    key = "indicator-chart:" + hashlib.sha256(repr(sorted(chart.items())).encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = _render_chart(**chart)
        cache.set(key, svg, timeout=CHART_CACHE_SECONDS)
    return svg


PNG_DPI = 150


def indicator_chart_png(**chart) -> bytes:
    """The same chart as a PNG (for Word, which cannot show SVG everywhere), kept like the SVG."""
    chart["points"] = tuple(chart["points"])
    key = "indicator-chart-png:" + hashlib.sha256(repr(sorted(chart.items())).encode()).hexdigest()
    png = cache.get(key)
    if png is None:
        figure = _figure(**chart)
        buffer = io.BytesIO()
        with matplotlib.rc_context({"font.size": _font_size(chart["size"])}):
            figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
        png = buffer.getvalue()
        cache.set(key, png, timeout=CHART_CACHE_SECONDS)
    return png


def _render_chart(
    *,
    chart_id: str,
    title: str,
    points: Sequence[Point],
    unit: str,
    direction: str,
    target: float | None = None,
    upper: float | None = None,
    tolerance: float = 0.0,
    statutory_limit: float | None = None,
    deadline: date | None = None,
    description: str = "",
    size: tuple[float, float] = (7.0, 3.4),
    heading: str = "",
) -> str:
    """A line chart of the figures with target, amber tolerance band and delivery deadline.

    `chart_id` must be unique in the page: it prefixes the ids of the <title> and <desc> the
    chart is labelled by. `heading`, when given, is drawn as the chart's own title. Returns an
    <svg> element ready to place inline.
    """
    points = sorted(points, key=lambda point: point.period)
    description = description or chart_description(
        points, unit=unit, direction=direction, target=target, upper=upper, deadline=deadline
    )
    figure = _figure(
        points=points,
        unit=unit,
        direction=direction,
        target=target,
        upper=upper,
        tolerance=tolerance,
        statutory_limit=statutory_limit,
        deadline=deadline,
        size=size,
        heading=heading,
    )
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": chart_id, "font.size": _font_size(size)}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return _accessible(buffer.getvalue(), chart_id=chart_id, title=title, description=description)


SMALL_WIDTH = 5.0  # inches: a chart narrower than this is one of several abreast (small multiples)


def _font_size(size: tuple[float, float]) -> float:
    return 7 if size[0] < SMALL_WIDTH else 9


def _figure(
    *,
    points: Sequence[Point],
    unit: str,
    direction: str,
    target: float | None = None,
    upper: float | None = None,
    tolerance: float = 0.0,
    statutory_limit: float | None = None,
    deadline: date | None = None,
    size: tuple[float, float] = (7.0, 3.4),
    heading: str = "",
    **_ignored: object,
) -> Figure:
    """The matplotlib figure both the SVG and the PNG are saved from."""
    with matplotlib.rc_context({"font.size": _font_size(size)}):  # tick labels take the size as they are made
        return _drawn_figure(
            points=sorted(points, key=lambda point: point.period),
            unit=unit,
            direction=direction,
            target=target,
            upper=upper,
            tolerance=tolerance,
            statutory_limit=statutory_limit,
            deadline=deadline,
            size=size,
            heading=heading,
        )


def _drawn_figure(
    *, points, unit, direction, target, upper, tolerance, statutory_limit, deadline, size, heading
) -> Figure:
    figure = Figure(figsize=size, layout="constrained")
    axes = figure.add_subplot()
    if points:
        _draw(
            axes,
            points,
            unit=unit,
            direction=direction,
            target=target,
            upper=upper,
            tolerance=tolerance,
            statutory_limit=statutory_limit,
            deadline=deadline,
        )
    else:
        axes.text(0.5, 0.5, "No figures yet", ha="center", va="center", transform=axes.transAxes)
        axes.set_axis_off()
    if heading:
        axes.set_title(heading, loc="left", fontsize=_font_size(size), fontweight="bold")
    return figure


def _draw(axes, points: list[Point], *, unit, direction, target, upper, tolerance, statutory_limit, deadline) -> None:
    first = points[0].period
    xs = [months_between(first, point.period) for point in points]
    axes.plot(
        xs, [point.value for point in points], color=SERIES_COLOUR, marker="o", linewidth=2, label="Figure", zorder=3
    )
    if target is not None and direction != Direction.CONTEXT:
        _draw_target(axes, unit=unit, direction=direction, target=target, upper=upper, tolerance=tolerance)
    if statutory_limit is not None:
        axes.axhline(
            statutory_limit,
            color=DEADLINE_COLOUR,
            linestyle="-.",
            linewidth=1,
            label=f"Statutory limit {format_value(statutory_limit, unit)}",
        )
    last_x = xs[-1]
    if deadline is not None and -24 <= months_between(first, deadline) <= last_x + 24:
        deadline_x = months_between(first, deadline) + (deadline.day - 1) / 31
        axes.axvline(
            deadline_x,
            color=DEADLINE_COLOUR,
            linestyle=":",
            linewidth=1.5,
            label=f"Delivery deadline {deadline.day} {deadline:%b %Y}",
        )
        last_x = max(last_x, deadline_x)
    small = axes.figure.get_figwidth() < SMALL_WIDTH
    most = _MAX_TICKS // 2 if small else _MAX_TICKS
    ticks = list(range(0, int(last_x) + 1, max(1, (int(last_x) + most) // most)))
    axes.set_xticks(ticks, [short_label(_add(first, tick)) for tick in ticks])
    axes.set_xlim(min(xs) - 0.5, last_x + 0.5)
    axes.set_ylim(*_y_range(points, unit=unit, target=target, upper=upper, tolerance=tolerance, limit=statutory_limit))
    axes.set_ylabel(UNIT_LABELS.get(unit, ""))
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color="#dddddd", linewidth=0.5)
    axes.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.14),
        ncol=2 if small else 3,
        frameon=False,
        fontsize=6 if small else 8,
    )


def _y_range(points, *, unit, target, upper, tolerance, limit) -> tuple[float, float]:
    """Room for the figures, the target, its tolerance band and any statutory limit."""
    levels = [point.value for point in points]
    for level in (target, upper, limit):
        if level is not None:
            levels += [level - tolerance, level + tolerance]
    low, high = min(levels), max(levels)
    pad = max((high - low) * 0.08, abs(high) * 0.02, 0.5)
    low, high = low - pad, high + pad
    if low < 0 <= min(point.value for point in points):
        low = 0.0
    if unit == Unit.PERCENTAGE:
        high = min(high, 100.0 + pad / 2)
    return low, high


def _draw_target(axes, *, unit, direction, target, upper, tolerance) -> None:
    if direction == Direction.BAND and upper is not None:
        axes.axhspan(
            target,
            upper,
            color=GREEN_FILL,
            alpha=0.12,
            label=f"Target band {format_value(target, unit)} to {format_value(upper, unit)}",
        )
        if tolerance:
            axes.axhspan(target - tolerance, target, color=AMBER_FILL, alpha=0.3, label="Amber tolerance")
            axes.axhspan(upper, upper + tolerance, color=AMBER_FILL, alpha=0.3)
        return
    axes.axhline(
        target, color=TARGET_COLOUR, linestyle="--", linewidth=1.2, label=f"Target {format_value(target, unit)}"
    )
    if tolerance:
        edge = target - tolerance if direction == Direction.HIGHER else target + tolerance
        axes.axhspan(min(edge, target), max(edge, target), color=AMBER_FILL, alpha=0.3, label="Amber tolerance")


def _add(first: date, months: int) -> date:
    from indicators.periods import add_months

    return add_months(first, months)


def chart_description(
    points: Sequence[Point],
    *,
    unit: str,
    direction: str,
    target: float | None,
    upper: float | None,
    deadline: date | None,
) -> str:
    if not points:
        return "No figures have been recorded yet."
    first, last = points[0], points[-1]
    parts = [
        f"Line chart of {len(points)} figures, from {format_value(first.value, unit)} in {period_label(first.period)} "
        f"to {format_value(last.value, unit)} in {period_label(last.period)}."
    ]
    if direction == Direction.BAND and target is not None and upper is not None:
        parts.append(f"Target band {format_value(target, unit)} to {format_value(upper, unit)}.")
    elif target is not None and direction != Direction.CONTEXT:
        better = "higher" if direction == Direction.HIGHER else "lower"
        parts.append(f"Target {format_value(target, unit)}; {better} is better.")
    if deadline:
        parts.append(f"Delivery deadline {deadline.day} {deadline:%B %Y}.")
    parts.append("The figures are also given in the table with the chart.")
    return " ".join(parts)


_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)


_IDS = re.compile(r'\bid="([^"]+)"')
_ID_REFERENCES = re.compile(r'(url\(#|href="#)([^")]+)')


def _accessible(svg: str, *, chart_id: str, title: str, description: str) -> str:
    svg = _METADATA.sub("", _PROLOGUE.sub("", svg, count=1))
    # matplotlib numbers its ids from 1 in every chart: prefix them so two charts in one page
    # (or PDF) never share an id.
    svg = _IDS.sub(lambda m: f'id="{chart_id}-{m.group(1)}"', svg)
    svg = _ID_REFERENCES.sub(lambda m: f"{m.group(1)}{chart_id}-{m.group(2)}", svg)
    opening = (
        f'<svg id="{escape(chart_id)}" role="img" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        'class="indicator-chart" preserveAspectRatio="xMidYMid meet" '
    )
    labels = (
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>'
    )
    svg = svg.replace("<svg ", opening, 1)
    # matplotlib's stylesheet says `*{...}`: inline in a page that would reach the page too.
    svg = svg.replace("*{stroke-linejoin", f"#{chart_id} *{{stroke-linejoin", 1)
    close = svg.index(">", svg.index("<svg")) + 1
    return svg[:close] + labels + svg[close:]


def sparkline_svg(
    values: Sequence[float | Decimal | None], *, width: int = 96, height: int = 24, label: str = ""
) -> str:
    """A tiny inline line of the figures, newest on the right; empty when there is nothing to draw."""
    numbers = [float(value) for value in values if value is not None]
    if not numbers:
        return ""
    low, high = min(numbers), max(numbers)
    span = (high - low) or 1.0
    step = (width - 4) / max(len(numbers) - 1, 1)
    coords = [
        (2 + index * step, height - 2 - (value - low) / span * (height - 4)) for index, value in enumerate(numbers)
    ]
    if len(coords) == 1:
        coords = [(2, height / 2), (width - 2, height / 2)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    last_x, last_y = coords[-1]
    text = label or f"{len(numbers)} figures, from {numbers[0]:g} to {numbers[-1]:g}"
    return (
        f'<svg class="sparkline" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(text)}"><title>{escape(text)}</title>'
        f'<polyline points="{path}" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round"/>'
        f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="2.2" fill="currentColor"/></svg>'
    )
