"""The analysis rules, example by example, then as properties over generated series."""

from datetime import date
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from indicators.analysis import Direction, Point, Rag, Trend, assess, fit_line, format_value, rag_for
from indicators.periods import add_months

START = date(2014, 6, 1)
DEADLINE = date(2015, 2, 23)


def series(*values, start=START):
    return [Point(add_months(start, index), value) for index, value in enumerate(values) if value is not None]


def higher(values, **extra):
    options: dict[str, Any] = {
        "target": 85.0,
        "tolerance": 5.0,
        "direction": Direction.HIGHER,
        "deadline": DEADLINE,
        "today": date(2015, 1, 15),
        "unit": "percentage",
    }
    options.update(extra)
    return assess(values, **options)


# RAG


def test_figure_exactly_on_target_is_green():
    assert rag_for(85, target=85, tolerance=5, direction="higher") is Rag.GREEN
    assert rag_for(15, target=15, tolerance=3, direction="lower") is Rag.GREEN


def test_figure_short_by_exactly_the_tolerance_is_amber_and_beyond_it_red():
    assert rag_for(80, target=85, tolerance=5, direction="higher") is Rag.AMBER
    assert rag_for(79.99, target=85, tolerance=5, direction="higher") is Rag.RED
    assert rag_for(18, target=15, tolerance=3, direction="lower") is Rag.AMBER
    assert rag_for(18.01, target=15, tolerance=3, direction="lower") is Rag.RED


def test_band_is_green_inside_amber_just_outside_and_red_far_outside():
    band: dict[str, Any] = {"target": 15, "upper": 22, "tolerance": 2, "direction": "band"}
    assert rag_for(15, **band) is Rag.GREEN and rag_for(22, **band) is Rag.GREEN
    assert rag_for(23.5, **band) is Rag.AMBER and rag_for(13, **band) is Rag.AMBER
    assert rag_for(25, **band) is Rag.RED and rag_for(10, **band) is Rag.RED


def test_context_only_and_untargeted_indicators_are_not_rated():
    assert rag_for(40, target=None, direction="higher") is Rag.NONE
    assert rag_for(40, target=50, direction="context") is Rag.NONE
    assert assess(series(40, 41, 42), target=50, direction="context").rag is Rag.NONE


def test_beyond_a_statutory_limit_is_red_even_within_tolerance():
    assert rag_for(14, target=15, tolerance=2, direction="lower", statutory_limit=20) is Rag.GREEN
    assert rag_for(16, target=15, tolerance=2, direction="lower", statutory_limit=15.5) is Rag.RED


def test_zero_tolerance_makes_anything_short_of_target_red():
    assert rag_for(84.9, target=85, tolerance=0, direction="higher") is Rag.RED


# Trend


def test_rising_percentage_where_higher_is_better_is_improving():
    assert higher(series(60, 63, 66, 70, 73, 76)).trend is Trend.IMPROVING


def test_rising_figure_where_lower_is_better_is_deteriorating():
    result = assess(series(18, 20, 22, 24, 26, 28), target=15, tolerance=3, direction="lower", unit="percentage")
    assert result.trend is Trend.DETERIORATING


def test_small_wobble_is_flat():
    assert higher(series(70, 70.5, 69.8, 70.2, 70.1, 70.3)).trend is Trend.FLAT


def test_trend_uses_only_the_last_six_figures():
    # Rose early, then fell steadily over the last six.
    assert higher(series(40, 60, 80, 90, 88, 86, 84, 82, 80)).trend is Trend.DETERIORATING


def test_trend_needs_three_figures():
    result = higher(series(60, 70))
    assert result.trend is Trend.UNKNOWN
    assert "3 or more" in result.trend_sentence


def test_missing_months_count_as_time_passing():
    gap = [Point(date(2014, 6, 1), 60), Point(date(2014, 7, 1), 62), Point(date(2014, 12, 1), 72)]
    fit = fit_line(gap)
    assert fit is not None and fit.span_months == 6
    assert fit.slope == pytest.approx(2.0, abs=0.05)


def test_band_indicator_moving_into_the_band_is_improving():
    result = assess(series(30, 28, 26, 24, 23, 22.5), target=15, upper=22, tolerance=2, direction="band")
    assert result.trend is Trend.IMPROVING


def test_context_indicator_trend_is_rising_or_falling_not_a_judgement():
    assert assess(series(40, 45, 50, 55), target=None, direction="context").trend is Trend.RISING


# Projection and failing


def test_improving_indicator_projects_when_the_target_is_met_before_the_deadline():
    result = higher(series(75, 77, 79, 81, 83))  # up 2 points a month; 2 short in October
    assert result.projected_on == date(2014, 11, 1)
    assert result.meets_by_deadline is True
    assert "November 2014, before the delivery deadline of 23 February 2015" in result.projection_sentence
    assert not result.on_failing_list  # amber, but on course


def test_slowly_improving_red_indicator_is_failing_with_its_reasons():
    result = higher(series(60, 61, 62, 63, 64, 65))
    assert result.rag is Rag.RED and result.is_failing
    assert result.meets_by_deadline is False
    assert "after the delivery deadline" in result.projection_sentence
    assert result.failing_reason.startswith(
        "Latest figure 65% in November 2014 is below the target of 85% by more than"
    )
    assert "not projected to meet the target by the delivery deadline of 23 February 2015" in result.failing_reason


def test_amber_indicator_that_is_not_improving_is_off_track_but_not_red():
    result = higher(series(82, 82, 82, 82))
    assert result.rag is Rag.AMBER
    assert not result.is_failing and result.is_off_track and result.on_failing_list
    assert "within tolerance" in result.failing_reason and "flat" in result.failing_reason


def test_deteriorating_indicator_will_not_be_met():
    result = assess(
        series(18, 20, 22, 24, 26, 28),
        target=15,
        tolerance=3,
        direction="lower",
        unit="percentage",
        deadline=DEADLINE,
        today=date(2014, 12, 1),
    )
    assert result.meets_by_deadline is False
    assert "Not improving" in result.projection_sentence
    assert "the trend is deteriorating" in result.failing_reason


def test_on_target_indicator_is_met_now_and_not_failing():
    result = higher(series(80, 84, 85))
    assert result.rag is Rag.GREEN and result.projected_on == date(2014, 8, 1) and not result.on_failing_list


def test_target_reached_after_a_passed_deadline_counts_as_missed():
    result = higher(series(70, 72, 74, 76, 78, 80), today=date(2016, 1, 1))
    assert result.meets_by_deadline is False and "which has passed" in result.projection_sentence


def test_no_figures_gives_an_empty_assessment():
    result = higher([])
    assert result.rag is Rag.NONE and result.latest is None and result.projection_sentence == "No figures yet."


def test_single_figure_has_a_rag_but_no_trend_or_projection():
    result = higher(series(70))
    assert result.rag is Rag.RED and result.trend is Trend.UNKNOWN and result.meets_by_deadline is None


def test_values_are_formatted_in_their_unit():
    assert format_value(82.0, "percentage") == "82%"
    assert format_value(12.25, "days") == "12.2 days" or format_value(12.25, "days") == "12.3 days"
    assert format_value(45.0, "rate_10k") == "45 per 10,000"


def test_method_sentence_explains_the_trend_in_one_sentence():
    sentence = higher(series(60, 63, 66)).method_sentence
    assert (
        sentence.endswith(".")
        and ". " not in sentence
        and "least-squares" in sentence
        and "2.5 percentage points" in sentence
    )


# Properties

values = st.floats(min_value=0, max_value=1000, allow_nan=False, allow_infinity=False)
value_lists = st.lists(values, min_size=0, max_size=15)
targets = st.floats(min_value=0, max_value=1000, allow_nan=False)
tolerances = st.floats(min_value=0, max_value=100, allow_nan=False)
MIRROR = {
    Trend.IMPROVING: Trend.IMPROVING,
    Trend.DETERIORATING: Trend.DETERIORATING,
    Trend.FLAT: Trend.FLAT,
    Trend.UNKNOWN: Trend.UNKNOWN,
}


@settings(max_examples=200)
@given(value_lists, targets, tolerances)
def test_property_lower_is_better_mirrors_higher_is_better(numbers, target, tolerance):
    up = assess(
        series(*numbers), target=target, tolerance=tolerance, direction="higher", deadline=DEADLINE, today=START
    )
    down = assess(
        series(*[-n for n in numbers]),
        target=-target,
        tolerance=tolerance,
        direction="lower",
        deadline=DEADLINE,
        today=START,
    )
    assert (up.rag, up.trend, up.is_failing, up.on_failing_list, up.projected_on) == (
        down.rag,
        MIRROR[down.trend],
        down.is_failing,
        down.on_failing_list,
        down.projected_on,
    )


@given(st.lists(values, min_size=3, max_size=12, unique=True), targets, tolerances)
def test_property_rising_series_never_deteriorates_when_higher_is_better(numbers, target, tolerance):
    rising = sorted(numbers)
    result = assess(series(*rising), target=target, tolerance=tolerance, direction="higher")
    assert result.trend in (Trend.IMPROVING, Trend.FLAT)
    falling = assess(series(*rising[::-1]), target=target, tolerance=tolerance, direction="higher")
    assert falling.trend in (Trend.DETERIORATING, Trend.FLAT)


@given(
    values,
    st.integers(min_value=1, max_value=15),
    targets,
    tolerances,
    st.sampled_from(["higher", "lower", "band", "context"]),
)
def test_property_flat_series_is_flat_or_too_short(level, count, target, tolerance, direction):
    extra = {"upper": target + 10} if direction == "band" else {}
    result = assess(series(*[level] * count), target=target, tolerance=tolerance, direction=direction, **extra)
    assert result.trend is (Trend.FLAT if count >= 3 else Trend.UNKNOWN)


@given(st.lists(st.one_of(st.none(), values), min_size=1, max_size=15), targets, tolerances)
def test_property_missing_periods_never_break_the_analysis(numbers, target, tolerance):
    points = series(*numbers)
    result = assess(points, target=target, tolerance=tolerance, direction="higher", deadline=DEADLINE, today=START)
    assert (result.latest is None) == (not points)
    if points:
        assert result.latest == points[-1]
    if len(points) < 3:
        assert result.trend is Trend.UNKNOWN


@given(values, targets, tolerances, st.sampled_from(["higher", "lower"]))
def test_property_single_value_has_rag_and_no_trend(value, target, tolerance, direction):
    result = assess(
        series(value), target=target, tolerance=tolerance, direction=direction, deadline=DEADLINE, today=START
    )
    assert result.trend is Trend.UNKNOWN and result.fit is None
    assert result.rag is rag_for(value, target=target, tolerance=tolerance, direction=direction)


@given(st.lists(values, min_size=0, max_size=8), targets, tolerances, st.sampled_from(["higher", "lower"]))
def test_property_latest_exactly_on_target_is_green_and_not_failing(earlier, target, tolerance, direction):
    result = assess(
        series(*earlier, target),
        target=target,
        tolerance=tolerance,
        direction=direction,
        deadline=DEADLINE,
        today=START,
    )
    assert result.rag is Rag.GREEN and not result.is_failing and not result.on_failing_list


@given(values, targets, tolerances, st.sampled_from(["higher", "lower"]))
def test_property_red_exactly_when_beyond_tolerance(value, target, tolerance, direction):
    shortfall = target - value if direction == "higher" else value - target
    rag = rag_for(value, target=target, tolerance=tolerance, direction=direction)
    assume(abs(shortfall - tolerance) > 1e-9)
    assert (rag is Rag.RED) == (shortfall > tolerance)
    assert (rag is Rag.GREEN) == (shortfall <= 0)
