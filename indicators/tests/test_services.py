"""Recording figures: one per period, checked, with history; indicators from the library."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from indicators.figures import FigureError
from indicators.library import LIBRARY
from indicators.models import Indicator, IndicatorValue
from indicators.services import (
    ValueEntry,
    indicator_value_record,
    indicator_values_record,
    indicators_from_library,
)
from indicators.tests.factories import make_indicator
from measures.tests import factories

TODAY = date(2015, 3, 1)


@pytest.fixture
def indicator(personas):
    return make_indicator(personas.notice, owner=personas.organisation)


def test_the_database_allows_one_figure_per_indicator_per_period(indicator, personas):
    indicator_value_record(
        indicator=indicator, period=date(2014, 6, 1), value=Decimal(70), by=personas["officer"], today=TODAY
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(
            indicator=indicator, period=date(2014, 6, 1), value=1, entered_at="2015-01-01T00:00Z"
        )


def test_recording_again_updates_and_keeps_who_changed_what(indicator, personas):
    indicator_value_record(
        indicator=indicator, period=date(2014, 6, 1), value=Decimal(70), by=personas["officer"], today=TODAY
    )
    value = indicator_value_record(
        indicator=indicator,
        period=date(2014, 6, 1),
        value=None,
        numerator=36,
        denominator=50,
        commentary="Corrected",
        by=personas["chair"],
        today=TODAY,
    )
    assert value.value == Decimal("72.00") and value.entered_by == personas["chair"]
    history = list(value.history.order_by("history_date"))
    assert [(h.value, h.history_user) for h in history] == [
        (Decimal("70.00"), personas["officer"]),
        (Decimal("72.00"), personas["chair"]),
    ]


def test_a_bad_figure_in_a_batch_stores_none_of_it(indicator, personas):
    entries = [
        ValueEntry(indicator, date(2014, 6, 1), Decimal(70)),
        ValueEntry(indicator, date(2014, 7, 1), Decimal(170)),
    ]
    with pytest.raises(FigureError) as error:
        indicator_values_record(entries=entries, by=personas["chair"], today=TODAY)
    assert error.value.entry is not None and error.value.entry.period == date(2014, 7, 1)
    assert IndicatorValue.objects.count() == 0


def test_period_must_be_the_first_of_a_month_and_of_a_quarter_for_quarterly_indicators(personas):
    quarterly = make_indicator(personas.notice, "VOICE", frequency="quarterly")
    with pytest.raises(FigureError, match="first day of a quarter"):
        indicator_value_record(
            indicator=quarterly, period=date(2014, 5, 1), value=Decimal(5), by=personas["officer"], today=TODAY
        )


def test_numerator_without_denominator_is_refused(personas, indicator):
    with pytest.raises(FigureError, match="both the numerator and the denominator"):
        indicator_value_record(
            indicator=indicator,
            period=date(2014, 6, 1),
            value=Decimal(5),
            numerator=3,
            by=personas["officer"],
            today=TODAY,
        )


def test_the_database_refuses_a_band_with_one_edge_or_upside_down(personas):
    band = {
        "notice": personas.notice,
        "name": "x",
        "definition": "x",
        "unit": "count",
        "direction": "band",
        "owner_organisation": personas.organisation,
    }
    for code, edges in [("A", {"target": 5}), ("B", {"target": 5, "target_upper": 4})]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Indicator.objects.create(code=code, **band, **edges)
    Indicator.objects.create(code="C", **band)  # edges not set yet: allowed


def test_library_has_the_standard_indicators_each_with_a_definition_and_direction():
    codes = {entry.code for entry in LIBRARY}
    assert {
        "ASSESS-45",
        "ICPC-15",
        "CP-REVIEW",
        "CP-REPEAT",
        "LAC-IHA-20",
        "LAC-HEALTH",
        "LAC-DENTAL",
        "LAC-PEP",
        "LAC-PEP-GOOD",
        "CL-EET",
        "SW-VACANCY",
        "SW-AGENCY",
        "SW-CASELOAD",
        "CPC-ATTEND",
    } <= codes
    assert all(entry.definition and entry.direction in {"higher", "lower", "band", "context"} for entry in LIBRARY)


def test_a_new_notice_starts_from_the_library_without_targets_and_linked_to_requirements(personas):
    measure = factories.make_measure(personas.notice, "3")
    requirement = factories.make_requirement(measure, text="ensure initial health assessments are completed on time")
    added = indicators_from_library(
        notice=personas.notice, codes=["LAC-IHA-20", "CL-EET"], owner_organisation=personas.partner
    )
    assert [indicator.target for indicator in added] == [None, None]
    assert list(added[0].requirements.all()) == [requirement]
    again = indicators_from_library(notice=personas.notice, codes=["LAC-IHA-20"], owner_organisation=personas.partner)
    assert again == [] and Indicator.objects.count() == 2


def test_model_choices_match_the_analysis_vocabulary():
    from indicators import analysis

    assert set(Indicator.Unit.values) == {unit.value for unit in analysis.Unit}
    assert set(Indicator.Direction.values) == {direction.value for direction in analysis.Direction}


def test_the_database_refuses_a_numerator_without_a_denominator(indicator):
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(
            indicator=indicator, period=date(2014, 6, 1), value=1, numerator=3, entered_at="2015-01-01T00:00Z"
        )
