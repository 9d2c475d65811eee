"""Reads for the notice pages, each in a fixed number of queries."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Value

from measures.models import Measure, Membership, Notice, Organisation, Requirement
from notice_tracker.lib.fragments import content_key


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


def notice_names(notice_pk: int) -> str:
    """A key that moves when a name the notice's lists show changes: its members' and organisations'
    (an owner, a submitter, a lead organisation), as they are now. One query, as long as the notice's
    membership; for parts of pages kept under the notice's position mark, which covers the rest."""
    members = Membership.objects.filter(notice_id=notice_pk).values("user_id")
    people = (
        get_user_model()
        .objects.filter(pk__in=members)
        .annotate(named=Value("person"))
        .values_list("named", "pk", "first_name", "last_name", "username")
        .order_by()  # a part of a UNION may not be ordered (SQLite)
    )
    organisations = (
        Organisation.objects.filter(notice_id=notice_pk)
        .annotate(named=Value("organisation"), none=Value(""), nothing=Value(""))
        .values_list("named", "pk", "name", "none", "nothing")
        .order_by()
    )
    return content_key(sorted(people.union(organisations, all=True)))
