"""Granting, changing and removing roles on a notice. History is kept by simple-history."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from measures.models import Membership, Notice, Organisation


@dataclass(frozen=True)
class NewMember:
    membership: Membership
    temporary_password: str | None  # set only when an account was created


@transaction.atomic
def membership_grant(
    *, notice: Notice, username: str, role: str, organisation: Organisation | None,
    can_review_evidence: bool = False, first_name: str = "", last_name: str = "", email: str = "",
) -> NewMember:
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    password = None
    if user is None:
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(
            username=username, password=password, first_name=first_name, last_name=last_name, email=email,
        )
    membership = Membership.objects.create(
        user=user, notice=notice, role=role, organisation=organisation, can_review_evidence=can_review_evidence,
    )
    return NewMember(membership=membership, temporary_password=password)


@transaction.atomic
def membership_change(*, membership: Membership, role: str, organisation: Organisation | None, can_review_evidence: bool) -> Membership:
    membership.role = role
    membership.organisation = organisation
    membership.can_review_evidence = can_review_evidence
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    membership.delete()
