"""The personas every app's tests share: one notice, one user per role, and an outsider.

The root conftest.py's `personas` fixture makes them per test; the permission matrix once per module.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User

from measures.models import Membership, Notice, Organisation
from measures.tests import factories

Role = Membership.Role


@dataclass
class Personas:
    notice: Notice
    organisation: Organisation
    partner: Organisation
    users: dict[str, User]  # role value -> user, plus "outsider" (a member of another notice only)

    def __getitem__(self, role: str) -> User:
        return self.users[role]


def make_personas() -> Personas:
    notice = factories.make_notice("Medway Council")
    council = factories.make_organisation(notice, "Children's Services")
    partner = factories.make_organisation(notice, "Kent Police", kind="police")
    users = {
        role.value: factories.make_member(notice, role.value, username=role.value, organisation=council)
        for role in Role
    }
    other_notice = factories.make_notice("Another Council")
    users["outsider"] = factories.make_member(other_notice, Role.CHAIR, username="outsider")
    return Personas(notice=notice, organisation=council, partner=partner, users=users)
