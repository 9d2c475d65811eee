"""Personas shared by every app's tests: one notice, one user per role, and an outsider."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User

from measures.models import Membership, Notice, Organisation
from measures.tests import factories

# The Playwright fixtures (chromium, sign_in, assert_accessible) for browser tests in every app.
pytest_plugins = ["tests.browser.fixtures"]

Role = Membership.Role


@dataclass
class Personas:
    notice: Notice
    organisation: Organisation
    partner: Organisation
    users: dict[str, User]  # role value -> user, plus "outsider" (a member of another notice only)

    def __getitem__(self, role: str) -> User:
        return self.users[role]


@pytest.fixture
def personas(db) -> Personas:
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


@pytest.fixture
def notice(personas):
    return personas.notice


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Tests create many users; the production hasher is slow on purpose."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test stores files (evidence, issued reports) in its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _empty_cache():
    """Stored roll-ups are keyed by ids, which SQLite reuses after a rolled-back test."""
    from django.core.cache import cache

    from progress.position import forget_local_positions

    cache.clear()
    forget_local_positions()
    yield
    cache.clear()
