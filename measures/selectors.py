"""Reads for the notice pages, each in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, QuerySet, Value

from measures.models import Measure, Membership, Notice, Organisation, Requirement
from notice_tracker.lib.fragments import content_key
from notice_tracker.lib.sqlonce import values_once


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
    membership, whose SQL is written once per worker; for parts of pages kept under the notice's
    position mark, which covers the rest."""
    return content_key(sorted(values_once("measures.notice_names", _names, notice_pk, notice_pk)))


def _names(members_of: int, organisations_of: int) -> QuerySet[Any]:
    """The names of one notice's members and organisations (the notice given once for each: one
    parameter a key, for `values_once`)."""
    members = Membership.objects.filter(notice_id=members_of).values("user_id")
    people = (
        get_user_model()
        .objects.filter(pk__in=members)
        .annotate(named=Value("person"))
        .values_list("named", "pk", "first_name", "last_name", "username")
        .order_by()  # a part of a UNION may not be ordered (SQLite)
    )
    organisations = (
        Organisation.objects.filter(notice_id=organisations_of)
        .annotate(named=Value("organisation"), none=Value(""), nothing=Value(""))
        .values_list("named", "pk", "name", "none", "nothing")
        .order_by()
    )
    return people.union(organisations, all=True)
