"""Reads for the indicator pages, the dashboard and the reports, each in a fixed number of queries.

The same rows feed the web pages and the PDFs: an `IndicatorRow` carries the indicator, its
figures up to a date, and the analysis of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.contrib.auth import get_user_model
from django.core.paginator import Page
from django.db.models import F, Prefetch, Q, QuerySet, Window, prefetch_related_objects
from django.db.models.functions import RowNumber

from indicators import analysis, charts
from indicators.analysis import Assessment, Point
from indicators.models import Indicator, IndicatorValue
from indicators.periods import add_months, is_period_start, period_label
from measures.models import Notice, Requirement
from notice_tracker.lib import clock
from notice_tracker.lib.historydiff import Display, HistoryEntry, diff_history, merge
from notice_tracker.lib.pagination import get_page

_RAG_ORDER = {analysis.Rag.RED: 0, analysis.Rag.AMBER: 1, analysis.Rag.GREEN: 2, analysis.Rag.NONE: 3}
HISTORY_LIMIT = 50


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@dataclass
class IndicatorRow:
    indicator: Indicator
    values: list[IndicatorValue]  # oldest first, up to the `as_of` date
    assessment: Assessment
    deadline: date | None

    @property
    def latest(self) -> IndicatorValue | None:
        return self.values[-1] if self.values else None

    @property
    def points(self) -> list[Point]:
        return [Point(row.period, float(row.value)) for row in self.values]

    @property
    def values_with_rag(self) -> list[tuple[IndicatorValue, analysis.Rag]]:
        """Each figure with the RAG it would have as the latest: for the values table."""
        indicator = self.indicator
        return [
            (
                row,
                analysis.rag_for(
                    float(row.value),
                    target=_number(indicator.target),
                    tolerance=float(indicator.tolerance),
                    direction=indicator.direction,
                    upper=_number(indicator.target_upper),
                    statutory_limit=_number(indicator.statutory_limit),
                ),
            )
            for row in self.values
        ]

    @cached_property
    def sparkline(self) -> str:
        recent = self.values[-12:]
        if not recent:
            return ""
        label = (
            f"Last {len(recent)} figures, from {self.indicator.format(recent[0].value)} in {period_label(recent[0].period)} "
            f"to {self.indicator.format(recent[-1].value)} in {period_label(recent[-1].period)}"
        )
        return sparkline_for(recent, label)

    def chart_svg(self, *, chart_id: str | None = None, size: tuple[float, float] = (7.0, 3.4)) -> str:
        return charts.indicator_chart_svg(**self.chart_args(chart_id=chart_id, size=size))

    def chart_args(
        self,
        *,
        chart_id: str | None = None,
        size: tuple[float, float] = (7.0, 3.4),
        title: str = "",
        heading: str = "",
    ) -> dict:
        """What `indicators.charts` draws this indicator's chart from (a report keeps it to draw again)."""
        indicator = self.indicator
        args = {
            "chart_id": chart_id or f"chart-{indicator.code.lower()}",
            "title": title or f"{indicator.name}: figures against target",
            "points": self.points,
            "unit": indicator.unit,
            "direction": indicator.direction,
            "target": _number(indicator.target),
            "upper": _number(indicator.target_upper),
            "tolerance": float(indicator.tolerance),
            "statutory_limit": _number(indicator.statutory_limit),
            "deadline": self.deadline,
            "size": size,
        }
        if heading:  # left out when not drawn, so the pages' kept charts keep their keys
            args["heading"] = heading
        return args


def sparkline_for(values: list[IndicatorValue], label: str) -> str:
    return charts.sparkline_svg([row.value for row in values], label=label)


def assess_indicator(
    indicator: Indicator, values: list[IndicatorValue], *, deadline: date | None, today: date
) -> Assessment:
    return analysis.assess(
        [Point(row.period, float(row.value)) for row in values],
        target=_number(indicator.target),
        tolerance=float(indicator.tolerance),
        direction=indicator.direction,
        deadline=deadline,
        today=today,
        unit=indicator.unit,
        upper=_number(indicator.target_upper),
        statutory_limit=_number(indicator.statutory_limit),
    )


def _figures_prefetch(as_of: date | None) -> Prefetch:
    """An indicator's figures up to `as_of`, oldest first, with who entered each."""
    return Prefetch(
        "values", queryset=IndicatorValue.objects.ended_by(as_of).select_related("entered_by").order_by("period")
    )


def _requirements_prefetch() -> Prefetch:
    return Prefetch(
        "requirements", queryset=Requirement.objects.select_related("measure").order_by("measure__position", "position")
    )


def _indicators(notice: Notice, *, as_of: date | None) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(notice=notice)
        .select_related("owner_organisation")
        .prefetch_related(_figures_prefetch(as_of), _requirements_prefetch())
        .order_by("position", "code")
    )


def indicator_rows(notice: Notice, *, as_of: date | None = None) -> list[IndicatorRow]:
    """Every indicator of the notice with its figures up to `as_of` (default: all) and their analysis. 3 queries."""
    today = as_of or clock.today()
    rows = []
    for indicator in _indicators(notice, as_of=as_of):
        values = list(indicator.values.all())
        assessment = assess_indicator(indicator, values, deadline=notice.delivery_deadline, today=today)
        rows.append(IndicatorRow(indicator, values, assessment, notice.delivery_deadline))
    return rows


LIST_PAGE_SIZE = 12
LIST_FIGURES = 12  # the sparkline's figures; the assessment reads only the last analysis.DEFAULT_WINDOW


@dataclass(frozen=True)
class AssessedIndicator:
    indicator: Indicator
    assessment: Assessment


@dataclass
class IndicatorList:
    page: Page  # its object_list: this page's IndicatorRows, each with its last LIST_FIGURES figures
    failing: list[AssessedIndicator]  # every failing indicator of the notice, in list order
    method: str


def indicator_list(notice: Notice, page_number: str | None) -> IndicatorList:
    """The indicator list: one page of rows, and the failing indicators of the whole notice. 2 queries.

    Every indicator is assessed as `indicator_rows` assesses it (the assessment reads only the
    last few figures, so reading each indicator's last LIST_FIGURES gives the same result), but
    model rows are made only for the page shown: the work grows with the indicators, not their figures.
    """
    today = clock.today()
    indicators = list(
        Indicator.objects.filter(notice=notice).select_related("owner_organisation").order_by("position", "code")
    )
    recent: dict[int, list[tuple]] = {indicator.pk: [] for indicator in indicators}
    ranked = (
        IndicatorValue.objects.filter(indicator__notice=notice)
        .annotate(rank=Window(RowNumber(), partition_by=[F("indicator_id")], order_by=F("period").desc()))
        .filter(rank__lte=LIST_FIGURES)
        .order_by("indicator_id", "period")
    )
    for figure in ranked.values_list("indicator_id", "pk", "period", "value", "numerator", "denominator"):
        recent[figure[0]].append(figure)
    assessed = [
        AssessedIndicator(
            indicator,
            analysis.assess(
                [Point(figure[2], float(figure[3])) for figure in recent[indicator.pk]],
                target=_number(indicator.target),
                tolerance=float(indicator.tolerance),
                direction=indicator.direction,
                deadline=notice.delivery_deadline,
                today=today,
                unit=indicator.unit,
                upper=_number(indicator.target_upper),
                statutory_limit=_number(indicator.statutory_limit),
            ),
        )
        for indicator in indicators
    ]
    page = get_page(assessed, page_number, per_page=LIST_PAGE_SIZE)
    page.object_list = [
        IndicatorRow(
            row.indicator,
            [
                IndicatorValue(
                    pk=pk,
                    indicator=row.indicator,
                    period=period,
                    value=value,
                    numerator=numerator,
                    denominator=denominator,
                )
                for _, pk, period, value, numerator, denominator in recent[row.indicator.pk]
            ],
            row.assessment,
            notice.delivery_deadline,
        )
        for row in page.object_list
    ]
    return IndicatorList(
        page=page,
        failing=[row for row in assessed if row.assessment.on_failing_list],
        method=assessed[0].assessment.method_sentence if assessed else "",
    )


def failing_indicators(notice: Notice, *, as_of: date | None = None) -> list[IndicatorRow]:
    """Section 12's 'performance failing to meet the targets and timescales set', worst first, each with its reason."""
    return failing_rows(indicator_rows(notice, as_of=as_of))


def failing_rows(rows: list[IndicatorRow]) -> list[IndicatorRow]:
    """The failing ones of indicator rows already read, worst first."""
    failing = [row for row in rows if row.assessment.on_failing_list]
    return sorted(failing, key=lambda row: (_RAG_ORDER[row.assessment.rag], row.indicator.position, row.indicator.code))


@dataclass
class IndicatorDetail:
    """One indicator in full. Its figures, analysis and history are read only when asked for: the
    page keeps their markup under the notice's mark and `names`, and while those hold never reads them."""

    indicator: Indicator  # with its owner organisation and requirements
    deadline: date | None
    as_of: date | None
    names: str  # the people the figures and history name, as they are now

    @cached_property
    def row(self) -> IndicatorRow:
        prefetch_related_objects([self.indicator], _figures_prefetch(self.as_of))
        values = list(self.indicator.values.all())
        assessment = assess_indicator(self.indicator, values, deadline=self.deadline, today=self.as_of or clock.today())
        return IndicatorRow(self.indicator, values, assessment, self.deadline)

    @cached_property
    def history(self) -> list[HistoryEntry]:
        return indicator_history(self.indicator)


_VALUE_FIELDS = ["value", "numerator", "denominator", "commentary"]
# How the indicator is judged: the Board must see when a target moved.
_SETTING_FIELDS = ["target", "target_upper", "tolerance", "statutory_limit", "direction", "unit", "owner_organisation"]
# The rest of what the settings form edits: shown when an edit is refused, so nothing differs unseen.
_OTHER_SETTINGS = [
    "code",
    "name",
    "definition",
    "national_benchmark",
    "neighbour_benchmark",
    "frequency",
    "source_system",
    "baseline",
    "baseline_period",
]


def indicator_detail(notice: Notice, indicator: Indicator, *, as_of: date | None = None) -> IndicatorDetail:
    """One indicator of `notice` in full: its requirements and the names its figures show (2 queries),
    its figures and history when asked for (2 and 2 more).

    `indicator` is the one the page already read, with its owner organisation (get_indicator_access):
    its figures and requirements are read onto it, as `_indicators` reads them.
    """
    if indicator.notice_id != notice.pk:
        raise ValueError("The indicator is not one of the notice's.")
    prefetch_related_objects([indicator], _requirements_prefetch())
    return IndicatorDetail(indicator, notice.delivery_deadline, as_of, indicator_names(indicator.pk))


def indicator_names(indicator_pk: int) -> str:
    """The people an indicator's figures and history name (who entered each figure, who made each
    change), as they are now: part of its kept parts' key. One query."""
    people = get_user_model().objects.filter(
        Q(pk__in=IndicatorValue.objects.filter(indicator_id=indicator_pk).values("entered_by_id"))
        | Q(pk__in=IndicatorValue.history.filter(indicator_id=indicator_pk).values("history_user_id"))
        | Q(pk__in=Indicator.history.filter(id=indicator_pk).values("history_user_id"))
    )
    return "\x1f".join(
        f"{pk} {first} {last} {username}"
        for pk, first, last, username in people.order_by("pk").values_list("pk", "first_name", "last_name", "username")
    )


def indicator_history(indicator: Indicator) -> list[HistoryEntry]:
    """Who added or changed each figure, and the indicator's target and judgement, newest first. 2 queries."""
    figures = IndicatorValue.history.filter(indicator_id=indicator.pk).select_related("history_user")
    settings = Indicator.history.filter(id=indicator.pk).select_related("history_user")
    return merge(
        figure_history(indicator, figures.order_by("-history_date", "-history_id")[:HISTORY_LIMIT]),
        diff_history(
            settings.order_by("-history_date", "-history_id")[:HISTORY_LIMIT],
            fields=_SETTING_FIELDS,
            display=_setting_display(indicator),
            kinds={"+": "Indicator set up", "~": "Indicator changed"},
        ),
    )


def figure_history(indicator: Indicator, records: Iterable[object]) -> list[HistoryEntry]:
    """Each figure's changes, described against the previous version of the same figure."""
    verbs = {"+": "added", "~": "changed", "-": "removed"}
    return diff_history(
        records,
        fields=_VALUE_FIELDS,
        created_changes=True,
        display=lambda name, value: indicator.format(value) if name == "value" and value is not None else None,
        kinds=lambda record, code: f"{period_label(record.period, indicator.frequency)} {verbs[code]}",
    )


def figure_versions(value: IndicatorValue) -> list[HistoryEntry]:
    """One figure's history, newest first: what a conflict shows. 2 queries."""
    records = IndicatorValue.history.filter(id=value.pk).select_related("history_user")
    return figure_history(Indicator.objects.get(pk=value.indicator_id), records)


def indicator_versions(indicator: Indicator) -> list[HistoryEntry]:
    """An indicator's settings history, newest first: what a conflict shows. 1 query."""
    records = Indicator.history.filter(id=indicator.pk).select_related("history_user")
    return diff_history(
        records,
        fields=_SETTING_FIELDS + _OTHER_SETTINGS,
        display=_setting_display(indicator),
        kinds={"+": "Indicator set up", "~": "Indicator changed"},
    )


def _setting_display(indicator: Indicator) -> Display:
    # Earlier owners' names would cost a query; the current owner is on the page.
    def display(name: str, value: object) -> str | None:
        if name == "owner_organisation" and value is not None:
            return (
                str(indicator.owner_organisation)
                if value == indicator.owner_organisation_id
                else "another organisation"
            )
        return None

    return display


@dataclass
class ReturnRow:
    indicator: Indicator
    current: IndicatorValue | None
    previous: IndicatorValue | None
    period: date  # what the figure is stored against: the month, or the quarter that ends with it

    @property
    def period_label(self) -> str:
        return period_label(self.period, self.indicator.frequency)


def return_period(indicator: Indicator, month: date) -> date | None:
    """The period a monthly return for `month` takes a figure for: the month itself, or for a
    quarterly indicator the quarter that ends with it (none in the quarter's first two months,
    so a figure is never stored against a quarter not yet over)."""
    if indicator.frequency != "quarterly":
        return month
    quarter = add_months(month, -2)
    return quarter if is_period_start(quarter, indicator.frequency) else None


def return_rows(notice: Notice, *, period: date, organisation_id: int | None = None) -> list[ReturnRow]:
    """The indicators due in the return for `period` (only those `organisation_id` owns, if given), with this and the last figure. 2 queries."""
    indicators = (
        Indicator.objects.filter(notice=notice).select_related("owner_organisation").order_by("position", "code")
    )
    if organisation_id is not None:
        indicators = indicators.filter(owner_organisation_id=organisation_id)
    due: dict[Indicator, date] = {}
    for indicator in indicators:
        own = return_period(indicator, period)
        if own is not None:
            due[indicator] = own

    def before(ind: Indicator, own: date) -> date:
        return add_months(own, -3 if ind.frequency == "quarterly" else -1)

    wanted = {own for own in due.values()} | {before(ind, own) for ind, own in due.items()}
    values = IndicatorValue.objects.filter(indicator__in=list(due), period__in=wanted)
    indicator_by_pk = {indicator.pk: indicator for indicator in due}
    by_key = {}
    for row in values:
        row.indicator = indicator_by_pk[row.indicator_id]  # already loaded: saves a query per row
        by_key[(row.indicator_id, row.period)] = row
    return [
        ReturnRow(ind, by_key.get((ind.pk, own)), by_key.get((ind.pk, before(ind, own))), own)
        for ind, own in due.items()
    ]
