"""The evidence coverage matrix: every requirement against its accepted evidence and linked indicators.

Three queries however much evidence there is: the requirements, the accepted items per
requirement and kind (summed in the database from the stored `CoverageCount`s, kept current by
evidence.coverage_counts), and the indicator links. Each cell is a count that links
to the evidence list filtered to exactly those items. Only accepted items the viewer may see are
counted (evidence.access.visibility_filter), so a restricted item counts only for the people
allowed to open it — and the list it links to shows the same items to the same person.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Sum
from django.urls import reverse

from evidence.access import visibility_filter
from evidence.models import CoverageCount, EvidenceItem
from indicators.models import Indicator
from measures.access import NoticeAccess
from measures.models import Measure, Organisation, Requirement

Nature = EvidenceItem.Nature


@dataclass(frozen=True)
class CoverageCell:
    count: int = 0
    url: str = ""  # the evidence list showing exactly the items counted


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
        .defer("measure__intro", "measure__closing", "measure__footnotes")  # pages of text, never shown here
        .order_by("measure__position", "position")
    )
    if measure is not None:
        requirements = requirements.filter(measure=measure)
    stored = CoverageCount.objects.filter(visibility_filter(access), notice=notice)
    if measure is not None:
        stored = stored.filter(requirement__measure=measure)
    if organisation is not None:
        stored = stored.filter(organisation=organisation)
    counts = {
        (row["requirement_id"], row["nature"]): row["n"]
        for row in stored.values("requirement_id", "nature").annotate(n=Sum("items")).order_by()
    }
    evidence_list = reverse("evidence:item-list", args=[notice.pk])
    only = f"&{urlencode({'organisation': organisation.pk})}" if organisation is not None else ""
    # Each cell links to the list filtered to it: the same query but for the requirement, written once.
    links: dict[str, str] = {
        nature: f"{evidence_list}?{urlencode({'review_status': EvidenceItem.Status.ACCEPTED, 'nature': nature})}"
        for nature in Nature
    }

    def cell(requirement_pk: int, nature: str) -> CoverageCell:
        count = counts.get((requirement_pk, nature), 0)
        if not count:
            return CoverageCell()
        return CoverageCell(count=count, url=f"{links[nature]}&requirement={requirement_pk}{only}")

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
                qualitative=cell(requirement.pk, Nature.QUALITATIVE),
                quantitative=cell(requirement.pk, Nature.QUANTITATIVE),
                indicators=indicators.get(requirement.pk, []),
            )
        )
    return groups
