"""The evidence coverage matrix: every requirement against its accepted evidence and linked indicators.

Four queries however much evidence there is: the requirements, the accepted items counted per
requirement and kind, the newest few items of each cell (a window function), and the indicator
links. Only accepted items the viewer may see are counted (evidence.access.visibility_filter),
so a restricted item counts only for the people allowed to open it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from evidence.access import visibility_filter
from evidence.models import EvidenceItem
from indicators.models import Indicator
from measures.access import NoticeAccess
from measures.models import Measure, Organisation, Requirement

CELL_ITEMS = 3
Nature = EvidenceItem.Nature


@dataclass(frozen=True)
class CellItem:
    pk: int
    title: str
    covers_from: date
    restricted: bool
    url: str


@dataclass
class CoverageCell:
    count: int = 0
    items: list[CellItem] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.count - len(self.items)


@dataclass
class CoverageRow:
    requirement: Requirement
    qualitative: CoverageCell
    quantitative: CoverageCell
    indicators: list[tuple[str, str, str]]  # (code, name, url)

    @property
    def is_gap(self) -> bool:
        return not (self.qualitative.count or self.quantitative.count)

    @property
    def lacks_one(self) -> bool:
        """An impact requirement with only one of the two kinds of evidence the notice asks for."""
        return (
            self.requirement.kind == Requirement.Kind.IMPACT
            and not self.is_gap
            and not (self.qualitative.count and self.quantitative.count)
        )


@dataclass
class CoverageGroup:
    measure: Measure
    rows: list[CoverageRow]

    @property
    def gaps(self) -> int:
        return sum(1 for row in self.rows if row.is_gap)


def coverage_matrix(
    access: NoticeAccess, *, measure: Measure | None = None, organisation: Organisation | None = None
) -> list[CoverageGroup]:
    """Requirements grouped by measure, each with its accepted evidence (only `organisation`'s, if given)."""
    notice = access.notice
    requirements = (
        Requirement.objects.filter(measure__notice=notice)
        .select_related("measure")
        .order_by("measure__position", "position")
    )
    if measure is not None:
        requirements = requirements.filter(measure=measure)
    accepted = EvidenceItem.objects.accepted().filter(visibility_filter(access), notice=notice)
    if organisation is not None:
        accepted = accepted.filter(organisation=organisation)
    links = EvidenceItem.requirements.through.objects.filter(
        requirement__in=requirements.values("pk"), evidenceitem__in=accepted.values("pk")
    )
    cells: dict[tuple[int, str], CoverageCell] = {}
    for row in links.values("requirement_id", "evidenceitem__nature").annotate(n=Count("evidenceitem_id")).order_by():
        cells[(row["requirement_id"], row["evidenceitem__nature"])] = CoverageCell(count=row["n"])
    newest = (
        links.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("requirement_id"), F("evidenceitem__nature")],
                order_by=[F("evidenceitem__covers_from").desc(), F("evidenceitem_id").desc()],
            )
        )
        .filter(rank__lte=CELL_ITEMS)  # type: ignore[misc]  # the stubs plugin misses annotations on an m2m through model
        .order_by("requirement_id", "rank")
    )
    for link in newest.values(
        "requirement_id",
        "evidenceitem_id",
        "evidenceitem__title",
        "evidenceitem__nature",
        "evidenceitem__covers_from",
        "evidenceitem__restricted",
    ):
        cell = cells.setdefault((link["requirement_id"], link["evidenceitem__nature"]), CoverageCell())
        cell.items.append(
            CellItem(
                pk=link["evidenceitem_id"],
                title=link["evidenceitem__title"],
                covers_from=link["evidenceitem__covers_from"],
                restricted=link["evidenceitem__restricted"],
                url=reverse("evidence:item-detail", args=[notice.pk, link["evidenceitem_id"]]),
            )
        )
    indicators: dict[int, list[tuple[str, str, str]]] = {}
    for requirement_id, code, name in (
        Indicator.requirements.through.objects.filter(requirement__in=requirements.values("pk"))
        .order_by("indicator__position", "indicator__code")
        .values_list("requirement_id", "indicator__code", "indicator__name")
    ):
        indicators.setdefault(requirement_id, []).append(
            (code, name, reverse("indicators:indicator-detail", args=[notice.pk, code]))
        )
    groups: list[CoverageGroup] = []
    for requirement in requirements:
        if not groups or groups[-1].measure.pk != requirement.measure_id:
            groups.append(CoverageGroup(measure=requirement.measure, rows=[]))
        groups[-1].rows.append(
            CoverageRow(
                requirement=requirement,
                qualitative=cells.get((requirement.pk, Nature.QUALITATIVE), CoverageCell()),
                quantitative=cells.get((requirement.pk, Nature.QUANTITATIVE), CoverageCell()),
                indicators=indicators.get(requirement.pk, []),
            )
        )
    return groups
