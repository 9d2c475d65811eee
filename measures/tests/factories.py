"""Small builders for tests: each makes a valid object with sensible defaults."""

from __future__ import annotations

import itertools
from datetime import date

from django.contrib.auth import get_user_model

from measures.models import Authority, Duty, Measure, Membership, Notice, Organisation, Requirement

_counter = itertools.count(1)
PASSWORD = "correct-horse-battery-staple"


def make_user(username: str | None = None, **extra):
    username = username or f"user{next(_counter)}"
    return get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)


def make_notice(authority_name: str | None = None, *, issued_on: date = date(2014, 5, 21), **extra) -> Notice:
    authority, _ = Authority.objects.get_or_create(name=authority_name or f"Council {next(_counter)}")
    return Notice.objects.create(authority=authority, issued_on=issued_on, **extra)


def make_measure(
    notice: Notice, reference: str = "2", *, heading: str = "Improve assessments", position: int | None = None
) -> Measure:
    return Measure.objects.create(
        notice=notice,
        reference=reference,
        printed_number=reference.rstrip("AB"),
        heading=heading,
        position=position or Measure.objects.filter(notice=notice).count() + 1,
    )


def make_requirement(
    measure: Measure, reference: str | None = None, *, text: str = "Do the thing", **extra
) -> Requirement:
    position = Requirement.objects.filter(measure=measure).count() + 1
    return Requirement.objects.create(
        measure=measure, reference=reference or f"{measure.reference}.{position}", text=text, position=position, **extra
    )


def make_organisation(notice: Notice, name: str | None = None, **extra) -> Organisation:
    return Organisation.objects.create(notice=notice, name=name or f"Organisation {next(_counter)}", **extra)


def make_member(
    notice: Notice, role: str, *, username: str | None = None, organisation: Organisation | None = None, **extra
):
    user = make_user(username)
    Membership.objects.create(user=user, notice=notice, role=role, organisation=organisation, **extra)
    return user


def make_duty(notice: Notice, code: str = Duty.Code.CHAIR_REPORT, **extra) -> Duty:
    defaults = {"title": "Chair reports to the Minister", "cadence_months": 3, "starts_on": notice.issued_on}
    defaults.update(extra)
    return Duty.objects.create(notice=notice, code=code, **defaults)
