"""Builders for indicator tests: valid indicators and series of figures with sensible defaults."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from indicators.models import Indicator
from indicators.periods import add_months
from indicators.services import ValueEntry, indicator_create, indicator_values_record
from measures.tests import factories as measure_factories

START = date(2014, 6, 1)
FAR_FUTURE = date(2100, 1, 1)


def make_indicator(notice, code: str = "ASSESS-45", *, owner=None, **extra) -> Indicator:
    data = {
        "code": code,
        "name": f"Indicator {code}",
        "definition": "What is counted.",
        "unit": Indicator.Unit.PERCENTAGE,
        "direction": Indicator.Direction.HIGHER,
        "target": Decimal("85"),
        "tolerance": Decimal("5"),
        "owner_organisation": owner or measure_factories.make_organisation(notice),
    }
    data.update(extra)
    return indicator_create(notice=notice, by=None, data=data)


def add_values(indicator: Indicator, values: list, *, start: date = START, by=None) -> None:
    entries = [
        ValueEntry(indicator, add_months(start, index), Decimal(str(value)))
        for index, value in enumerate(values)
        if value is not None
    ]
    indicator_values_record(entries=entries, by=by, today=FAR_FUTURE)
