"""Checks on one period's figures, shared by the entry form, the import and the services.

Each problem is reported against the field the user typed it in, in words they can act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from indicators.analysis import Unit, format_value
from indicators.periods import MONTHLY, QUARTERLY, add_months, is_period_start, month_start, period_label

if TYPE_CHECKING:
    from indicators.services import ValueEntry

# A percentage given with its numerator and denominator must agree with them to within this
# many points, so that figures a system rounds to whole numbers are accepted.
PERCENTAGE_AGREEMENT = Decimal("0.5")
RATE_AGREEMENT = Decimal("0.5")
_CENTS = Decimal("0.01")
MAX_VALUE = Decimal("9999999999.99")


class FigureError(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors
        self.entry: ValueEntry | None = None  # set by services recording many figures: which one was wrong


@dataclass(frozen=True)
class Figures:
    value: Decimal
    numerator: int | None
    denominator: int | None


def parse_number(raw: object, field: str) -> Decimal | None:
    """A number as typed or exported: '82.5', '82.5%', '1,234'. Blank is None."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    text = str(raw).strip().replace(",", "").removesuffix("%").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise FigureError({field: f"'{raw}' is not a number."}) from None
    if not number.is_finite():
        raise FigureError({field: f"'{raw}' is not a number."})
    return number


def parse_count(raw: object, field: str) -> int | None:
    number = parse_number(raw, field)
    if number is None:
        return None
    if number != number.to_integral_value() or number < 0:
        raise FigureError({field: f"'{raw}' must be a whole number of children or cases, 0 or more."})
    return int(number)


def parse_figures(
    value: object, numerator: object, denominator: object
) -> tuple[Decimal | None, int | None, int | None]:
    """The value, numerator and denominator as typed or exported; FigureError names every one that is not a number."""
    errors: dict[str, str] = {}
    parsed_value: Decimal | None = None
    parsed_numerator: int | None = None
    parsed_denominator: int | None = None
    try:
        parsed_value = parse_number(value, "value")
    except FigureError as error:
        errors.update(error.errors)
    try:
        parsed_numerator = parse_count(numerator, "numerator")
    except FigureError as error:
        errors.update(error.errors)
    try:
        parsed_denominator = parse_count(denominator, "denominator")
    except FigureError as error:
        errors.update(error.errors)
    if errors:
        raise FigureError(errors)
    return parsed_value, parsed_numerator, parsed_denominator


def check_figures(*, unit: str, value: Decimal | None, numerator: int | None, denominator: int | None) -> Figures:
    """Validate one period's figures; a percentage or rate is recomputed from its parts and must agree."""
    errors: dict[str, str] = {}
    if (numerator is None) != (denominator is None):
        errors["denominator" if denominator is None else "numerator"] = (
            "Give both the numerator and the denominator, or neither."
        )
    elif denominator == 0:
        errors["denominator"] = "The denominator cannot be 0."
    elif (
        numerator is not None
        and denominator is not None
        and unit in (Unit.PERCENTAGE, Unit.RATE)
        and numerator > denominator
    ):
        errors["numerator"] = f"The numerator ({numerator}) is greater than the denominator ({denominator})."
    if errors:
        raise FigureError(errors)
    computed = _computed(unit, numerator, denominator)
    if value is None and computed is None:
        raise FigureError({"value": "Give the value (or, for a percentage or rate, the numerator and denominator)."})
    if value is not None:
        _check_range(unit, value)
        if computed is not None and abs(value - computed) > (
            PERCENTAGE_AGREEMENT if unit == Unit.PERCENTAGE else RATE_AGREEMENT
        ):
            raise FigureError(
                {
                    "value": f"{format_value(float(value), unit)} does not agree with {numerator} of {denominator}, "
                    f"which is {format_value(float(computed), unit)}."
                }
            )
    stored = computed if computed is not None else value
    assert stored is not None  # refused above when both are missing
    return Figures(stored.quantize(_CENTS, rounding=ROUND_HALF_UP), numerator, denominator)


def _computed(unit: str, numerator: int | None, denominator: int | None) -> Decimal | None:
    if numerator is None or not denominator:
        return None
    scales: dict[str, int] = {Unit.PERCENTAGE: 100, Unit.RATE: 10_000}
    scale = scales.get(unit)
    return None if scale is None else Decimal(numerator) * scale / Decimal(denominator)


def _check_range(unit: str, value: Decimal) -> None:
    if value < 0:
        raise FigureError({"value": "The value cannot be negative."})
    if unit == Unit.PERCENTAGE and value > 100:
        raise FigureError({"value": f"A percentage cannot be over 100 ({value} was given)."})
    if value > MAX_VALUE:
        raise FigureError({"value": "The value is too large."})


def check_period(period: date, *, frequency: str = MONTHLY, today: date) -> None:
    if not is_period_start(period, frequency):
        expected = (
            "the first day of a quarter (January, April, July or October)"
            if frequency == QUARTERLY
            else "the first day of a month"
        )
        raise FigureError({"period": f"A period is {expected}."})
    if frequency == QUARTERLY and add_months(period, 2) > month_start(today):
        last = add_months(period, 2)
        raise FigureError(
            {
                "period": f"{period_label(period, frequency)} is not over: a quarter's figure can be entered from its "
                f"last month ({period_label(last)}), in that month's return."
            }
        )
    if period > month_start(today):
        raise FigureError(
            {
                "period": f"{period_label(period, frequency)} is in the future; figures can be entered once the period has begun."
            }
        )
