"""The demo loader: at least 12 indicators with monthly figures June 2014 – February 2015."""

from datetime import date

import pytest

from demo import notices as demo
from demo.indicators import load_indicators
from indicators.analysis import Trend
from indicators.models import Indicator, IndicatorValue
from indicators.selectors import failing_indicators, indicator_rows
from measures.tests import factories


@pytest.fixture
def context(db):
    notice = factories.make_notice("Medway Council", delivery_deadline=date(2015, 2, 23))
    return demo.load_people(notice)


def test_demo_has_at_least_twelve_monthly_indicators_from_june_2014_to_february_2015(context):
    load_indicators(context)
    monthly = Indicator.objects.filter(notice=context.notice, frequency="monthly")
    assert monthly.count() >= 12
    for indicator in monthly:
        periods = list(indicator.values.values_list("period", flat=True))
        assert periods[0] == date(2014, 6, 1) and periods[-1] == date(2015, 2, 1) and len(periods) == 9
    assert "Indicators:" in context.log[-1]


def test_demo_has_improving_failing_and_deteriorating_indicators(context):
    load_indicators(context)
    rows = indicator_rows(context.notice, as_of=date(2015, 2, 28))
    trends = {row.indicator.code: row.assessment.trend for row in rows}
    assert Trend.IMPROVING in trends.values() and Trend.DETERIORATING in trends.values()
    failing = failing_indicators(context.notice, as_of=date(2015, 2, 28))
    assert any(row.assessment.trend is Trend.DETERIORATING for row in failing)
    assert all(row.assessment.failing_reason for row in failing)
    assert any(row.assessment.rag == "green" for row in rows)


def test_demo_figures_are_entered_by_the_owning_organisations_officer(context):
    load_indicators(context)
    value = IndicatorValue.objects.filter(indicator__code="LAC-IHA-20").first()
    assert value is not None and value.entered_by is not None
    assert value.entered_by.username == "health.officer"


def test_loading_the_demo_twice_changes_nothing(context):
    load_indicators(context)
    counts = (Indicator.objects.count(), IndicatorValue.objects.count(), IndicatorValue.history.count())
    load_indicators(context)
    assert (Indicator.objects.count(), IndicatorValue.objects.count(), IndicatorValue.history.count()) == counts
