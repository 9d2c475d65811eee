"""Writes to indicators and their figures. Every figure written goes through `_save_value`,
so each one is validated the same way and leaves a history row naming who changed it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from indicators.figures import FigureError, Figures, check_figures, check_period
from indicators.library import BY_CODE
from indicators.models import Indicator, IndicatorValue
from measures.models import Notice, Organisation, Requirement
from notice_tracker.lib import clock
from notice_tracker.lib.concurrency import StaleEdit, lock_current
from notice_tracker.lib.history import save_as, set_history_user

if TYPE_CHECKING:
    from indicators.importing import CheckedImport, RawRecord


@dataclass(frozen=True)
class ValueEntry:
    """One period's figures for one indicator, as typed or imported."""

    indicator: Indicator
    period: date
    value: Decimal | None
    numerator: int | None = None
    denominator: int | None = None
    commentary: str = ""
    # The figure's version the form showed (0: there was none), or None where nobody saw one (imports).
    expected_version: int | None = None


@dataclass
class RecordSummary:
    created: list[IndicatorValue] = field(default_factory=list)
    updated: list[IndicatorValue] = field(default_factory=list)
    unchanged: list[IndicatorValue] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{len(self.created)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged"


def indicator_value_record(
    *,
    indicator: Indicator,
    period: date,
    value: Decimal | None,
    numerator: int | None = None,
    denominator: int | None = None,
    commentary: str = "",
    by: User,
    today: date | None = None,
) -> IndicatorValue:
    """Record (or correct) one period's figures; raises FigureError naming the field at fault."""
    entry = ValueEntry(indicator, period, value, numerator, denominator, commentary)
    summary = indicator_values_record(entries=[entry], by=by, today=today)
    return (summary.created or summary.updated or summary.unchanged)[0]


@transaction.atomic
def indicator_values_record(*, entries: list[ValueEntry], by: User, today: date | None = None) -> RecordSummary:
    """Record many figures at once, all or nothing: the monthly return and the import use this.

    Raises StaleEdit if a figure changed after the version an entry was based on was read.
    """
    today = today or clock.today()
    existing = _existing_values(entries)
    summary = RecordSummary()
    now = timezone.now()
    for entry in entries:
        figures = _checked(entry, today)
        fields = {
            "value": figures.value,
            "numerator": figures.numerator,
            "denominator": figures.denominator,
            "commentary": entry.commentary.strip(),
        }
        row = existing.get((entry.indicator.pk, entry.period))
        if entry.expected_version is not None and row is not None and row.version != entry.expected_version:
            raise StaleEdit(row)
        if row is None:
            row = IndicatorValue(indicator=entry.indicator, period=entry.period, **fields)
            summary.created.append(row)
        elif all(getattr(row, name) == new for name, new in fields.items()):
            summary.unchanged.append(row)
            continue
        else:
            for name, new in fields.items():
                setattr(row, name, new)
            row.version += 1
            summary.updated.append(row)
        row.entered_by, row.entered_at = by, now
        save_as(row, by)
    return summary


def _checked(entry: ValueEntry, today: date) -> Figures:
    try:
        check_period(entry.period, frequency=entry.indicator.frequency, today=today)
        return check_figures(
            unit=entry.indicator.unit, value=entry.value, numerator=entry.numerator, denominator=entry.denominator
        )
    except FigureError as error:
        error.entry = entry  # callers recording many figures can say which one was wrong
        raise


def _existing_values(entries: list[ValueEntry]) -> dict[tuple[int, date], IndicatorValue]:
    if not entries:
        return {}
    rows = IndicatorValue.objects.select_for_update().filter(
        indicator__in={entry.indicator.pk for entry in entries},
        period__in={entry.period for entry in entries},
    )
    return {(row.indicator_id, row.period): row for row in rows}


INDICATOR_FIELDS = (
    "code",
    "name",
    "definition",
    "unit",
    "direction",
    "target",
    "target_upper",
    "tolerance",
    "statutory_limit",
    "national_benchmark",
    "neighbour_benchmark",
    "frequency",
    "source_system",
    "baseline",
    "baseline_period",
    "owner_organisation",
)


@transaction.atomic
def indicator_create(*, notice: Notice, by: User | None, data: dict[str, Any]) -> Indicator:
    values = {name: data[name] for name in INDICATOR_FIELDS if name in data}
    position = (Indicator.objects.filter(notice=notice).aggregate(top=Max("position"))["top"] or 0) + 1
    indicator = Indicator(notice=notice, position=position, **values)
    set_history_user(indicator, by)
    indicator.full_clean()
    indicator.save()
    if "requirements" in data:
        indicator.requirements.set(data["requirements"])
    return indicator


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, by: User | None, data: dict[str, Any], expected_version: int | None = None
) -> Indicator:
    """Change an indicator's settings. Raises StaleEdit if someone saved it after `expected_version`
    was read (None: the caller read it in this transaction, as the demo loader does)."""
    if expected_version is not None:
        indicator = lock_current(Indicator, indicator.pk, expected_version=expected_version)
    indicator.version += 1
    for name in INDICATOR_FIELDS:
        if name in data:
            setattr(indicator, name, data[name])
    set_history_user(indicator, by)
    indicator.full_clean()
    indicator.save()
    if "requirements" in data:
        indicator.requirements.set(data["requirements"])
    return indicator


def suggested_requirements(notice: Notice, words: tuple[str, ...]) -> list[Requirement]:
    if not words:
        return []
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    candidates = Requirement.objects.filter(measure__notice=notice).only("pk", "text")
    return [requirement for requirement in candidates if pattern.search(requirement.text)]


@transaction.atomic
def indicators_from_library(
    *, notice: Notice, codes: list[str], owner_organisation: Organisation, by: User | None = None
) -> list[Indicator]:
    """Add library indicators to a notice (targets left for the notice to set); existing codes are kept."""
    existing = dict(Indicator.objects.filter(notice=notice, code__in=codes).values_list("code", "pk"))
    indicators = []
    for code in codes:
        if code in existing:
            continue
        entry = BY_CODE[code]
        data = {
            "code": entry.code,
            "name": entry.name,
            "definition": entry.definition,
            "unit": entry.unit,
            "direction": entry.direction,
            "frequency": entry.frequency,
            "source_system": entry.source_system,
            "owner_organisation": owner_organisation,
            "requirements": suggested_requirements(notice, entry.requirement_words),
        }
        indicators.append(indicator_create(notice=notice, by=by, data=data))
    return indicators


class ImportRejected(ValueError):
    def __init__(self, checked: CheckedImport):
        super().__init__(f"{len(checked.errors)} problems in the file; nothing was stored.")
        self.checked = checked


@transaction.atomic
def indicators_import(
    *,
    notice: Notice,
    records: list[RawRecord],
    headers: dict[str, str],
    by: User,
    scope_organisation_id: int | None,
    today: date | None = None,
) -> RecordSummary:
    """Check every row again and store them all, or none: a file with any problem raises ImportRejected.

    Importing the same period again updates its figures (with history) rather than adding a second one.
    """
    from indicators.importing import check_records

    today = today or clock.today()
    checked = check_records(
        records, notice=notice, headers=headers, scope_organisation_id=scope_organisation_id, today=today
    )
    if not checked.ok:
        raise ImportRejected(checked)
    entries = [
        ValueEntry(
            row.indicator, row.period, row.figures.value, row.figures.numerator, row.figures.denominator, row.commentary
        )
        for row in checked.rows
    ]
    return indicator_values_record(entries=entries, by=by, today=today)
