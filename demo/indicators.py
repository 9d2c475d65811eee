"""Demo indicators for the Medway notice: monthly figures June 2014 – February 2015.

Deterministic, and safe to run again: existing indicators are kept, and figures that have
not changed are not written twice. The series are made up to show every case the analysis
distinguishes — improving to target, on target, improving too slowly for the deadline, flat
and failing, deteriorating. Targets and tolerances are illustrative, not Medway's own;
benchmarks are left blank rather than invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from indicators.models import Indicator
from indicators.periods import add_months
from indicators.services import ValueEntry, indicator_update, indicator_values_record, indicators_from_library

CHILDRENS = "Medway Council Children's Services"
HEALTH = "NHS Medway Clinical Commissioning Group"
SCHOOLS = "Medway Schools and Virtual School"
HR = "Medway Council Human Resources"
MSCB = "Medway Safeguarding Children Board"
FIRST_MONTH = date(2014, 6, 1)
FIRST_QUARTER = date(2014, 4, 1)
# Who enters each organisation's figures; organisations without an officer have the Chair do it.
ENTERED_BY = {CHILDRENS: "officer", HEALTH: "health.officer"}


@dataclass(frozen=True)
class DemoSeries:
    code: str
    owner: str
    target: str | None
    tolerance: str
    values: tuple[float, ...]
    denominator: int | None = None  # a typical cohort: small ones swing
    upper: str | None = None
    statutory_limit: str | None = None
    note: str = ""  # the owner's commentary on the latest figure


SERIES = (
    DemoSeries(
        "ASSESS-45",
        CHILDRENS,
        "85",
        "5",
        (58, 62, 66, 69, 73, 76, 79, 81, 83),
        180,
        note="Two new assessment teams since October; backlog cleared in January.",
    ),
    DemoSeries(
        "ICPC-15",
        CHILDRENS,
        "85",
        "5",
        (45, 52, 60, 66, 71, 78, 84, 88, 90),
        30,
        note="Conference scheduling moved to the safeguarding unit.",
    ),
    DemoSeries("CP-REVIEW", CHILDRENS, "98", "3", (92, 94, 95, 97, 96, 98, 99, 98, 100), 240),
    DemoSeries(
        "CP-REPEAT",
        CHILDRENS,
        "15",
        "3",
        (16, 17, 18, 18, 20, 21, 22, 24, 25),
        60,
        note="Audit of repeat plans commissioned: several closed too early in 2013.",
    ),
    DemoSeries("CP-RATE", CHILDRENS, None, "0", (52.1, 50.8, 49.5, 48.0, 47.2, 46.0, 45.5, 44.1, 43.0)),
    DemoSeries("REREFERRAL", CHILDRENS, "15", "2", (29, 28, 27, 26, 25, 24, 23.5, 23, 22.5), upper="22"),
    DemoSeries(
        "LAC-IHA-20",
        HEALTH,
        "80",
        "10",
        (22, 25, 31, 28, 35, 33, 30, 27, 24),
        25,
        note="Notifications from social workers still late; paediatric clinic capacity reduced in December.",
    ),
    DemoSeries("LAC-HEALTH", HEALTH, "90", "5", (78, 80, 81, 83, 84, 86, 87, 88, 89), 310),
    DemoSeries(
        "LAC-DENTAL",
        HEALTH,
        "90",
        "5",
        (70, 71, 70, 72, 71, 70, 71, 72, 71),
        310,
        note="No improvement: dental practices taking looked-after children remain few.",
    ),
    DemoSeries("LAC-PEP", SCHOOLS, "95", "5", (68, 72, 77, 81, 85, 88, 91, 93, 94), 260),
    DemoSeries(
        "CL-EET",
        CHILDRENS,
        "55",
        "5",
        (38, 40, 39, 41, 40, 42, 41, 40, 39),
        95,
        note="18+ Leaving Care service started in November; apprenticeships scheme not yet running.",
    ),
    DemoSeries("SW-VACANCY", HR, "12", "3", (28, 27, 25, 24, 22, 21, 19, 18, 16)),
    DemoSeries(
        "SW-AGENCY",
        HR,
        "10",
        "3",
        (25, 24, 24, 23, 22, 23, 24, 25, 26),
        note="Agency use rose again to cover vacancies in the assessment teams.",
    ),
    DemoSeries("SW-CASELOAD", CHILDRENS, "18", "2", (27, 26, 25, 24, 22, 21, 20, 19, 18)),
    DemoSeries("CPC-ATTEND", MSCB, "85", "5", (61, 64, 66, 70, 73, 77, 80, 84, 86), 45),
    DemoSeries("LAC-VISITS", CHILDRENS, "95", "3", (82, 85, 88, 90, 91, 93, 94, 95, 96), 330),
)
QUARTERLY_SERIES = (
    DemoSeries("LAC-PEP-GOOD", SCHOOLS, "75", "10", (35, 48, 60), 40),
    DemoSeries("VOICE", CHILDRENS, "80", "10", (52, 58, 66), 50),
)


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


@transaction.atomic
def load_indicators(context) -> None:
    notice, chair = context.notice, context.users["chair"]
    series = SERIES + QUARTERLY_SERIES
    for item in series:
        indicators_from_library(
            notice=notice, codes=[item.code], owner_organisation=context.organisations[item.owner], by=chair
        )
    indicators = {indicator.code: indicator for indicator in Indicator.objects.filter(notice=notice)}
    written = 0
    for item in series:
        indicator = _set_targets(indicators[item.code], item, by=chair)
        start = FIRST_QUARTER if indicator.frequency == Indicator.Frequency.QUARTERLY else FIRST_MONTH
        step = 3 if indicator.frequency == Indicator.Frequency.QUARTERLY else 1
        entries = [
            _entry(indicator, item, add_months(start, index * step), value, last=index == len(item.values) - 1)
            for index, value in enumerate(item.values)
        ]
        by = context.users.get(ENTERED_BY.get(item.owner, "chair"), chair)
        summary = indicator_values_record(entries=entries, by=by)
        written += len(summary.created) + len(summary.updated)
    context.log.append(f"Indicators: {len(series)} with figures June 2014 – February 2015 ({written} figures written).")


def _set_targets(indicator: Indicator, item: DemoSeries, *, by) -> Indicator:
    wanted = {
        "target": _decimal(item.target),
        "target_upper": _decimal(item.upper),
        "tolerance": Decimal(item.tolerance),
        "statutory_limit": _decimal(item.statutory_limit),
        "baseline": Decimal(str(item.values[0])),
        "baseline_period": FIRST_QUARTER if indicator.frequency == Indicator.Frequency.QUARTERLY else FIRST_MONTH,
    }
    if all(getattr(indicator, name) == value for name, value in wanted.items()):
        return indicator
    return indicator_update(indicator=indicator, by=by, data=wanted)


def _entry(indicator: Indicator, item: DemoSeries, period: date, value: float, *, last: bool) -> ValueEntry:
    numerator = denominator = None
    if item.denominator and indicator.unit == Indicator.Unit.PERCENTAGE:
        denominator = item.denominator
        numerator = round(value * denominator / 100)
    figure = None if numerator is not None else Decimal(str(value))
    return ValueEntry(indicator, period, figure, numerator, denominator, item.note if last else "")
