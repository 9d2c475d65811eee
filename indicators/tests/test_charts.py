"""Charts: vector SVG with its text kept as text, labelled for screen readers."""

from datetime import date

import matplotlib

from indicators.analysis import Point
from indicators.charts import indicator_chart_svg, sparkline_svg
from indicators.periods import add_months

POINTS = [Point(add_months(date(2014, 6, 1), index), value) for index, value in enumerate([60, 64, 70, 75, 78])]


def chart(**extra):
    options = {
        "chart_id": "chart-x",
        "title": "Assessments & more",
        "points": POINTS,
        "unit": "percentage",
        "direction": "higher",
        "target": 85.0,
        "tolerance": 5.0,
        "deadline": date(2015, 2, 23),
    }
    options.update(extra)
    return indicator_chart_svg(**options)


def test_chart_is_inline_svg_labelled_by_its_title_and_description():
    svg = chart()
    assert svg.startswith('<svg id="chart-x" role="img" aria-labelledby="chart-x-title chart-x-desc"')
    assert '<title id="chart-x-title">Assessments &amp; more</title>' in svg
    assert "from 60% in June 2014 to 78% in October 2014" in svg and "Target 85%" in svg
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg


def test_chart_text_is_text_not_paths_and_has_target_tolerance_and_deadline():
    svg = chart()
    assert matplotlib.get_backend().lower() == "agg"
    assert "<text" in svg
    for label in ("Target 85%", "Amber tolerance", "Delivery deadline 23 Feb 2015", "Jun 14"):
        assert label in svg, label


def test_chart_stylesheet_is_scoped_to_the_chart():
    assert "#chart-x *{stroke-linejoin" in chart() and '\n  <style type="text/css">*{' not in chart()


def test_chart_with_a_band_and_with_no_figures():
    assert "Target band 15% to 22%" in chart(direction="band", target=15.0, upper=22.0)
    assert "No figures yet" in chart(points=[])


def test_same_figures_give_the_same_chart():
    assert chart() == chart()


def test_sparkline_is_a_small_labelled_polyline():
    svg = sparkline_svg([1, 2, None, 3], label="Three figures")
    assert svg.startswith('<svg class="sparkline"') and 'aria-label="Three figures"' in svg and "<polyline" in svg
    assert sparkline_svg([]) == ""
    assert "<polyline" in sparkline_svg([5])
