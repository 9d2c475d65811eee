"""Reads for the notice pages, each in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Prefetch

from measures.models import Measure, Notice, Requirement


def notice_measures(notice: Notice) -> list[Measure]:
    return list(
        Measure.objects.filter(notice=notice).annotate(requirement_count=Count("requirements")).order_by("position")
    )


def measure_with_requirements(notice: Notice, reference: str) -> Measure | None:
    return (
        Measure.objects.filter(notice=notice, reference=reference)
        .prefetch_related(Prefetch("requirements", queryset=Requirement.objects.order_by("position")))
        .first()
    )
