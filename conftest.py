"""Personas shared by every app's tests: one notice, one user per role, and an outsider."""

from __future__ import annotations

import pytest

from tests.clients import ReadingClient
from tests.personas import Personas, make_personas

# The Playwright fixtures (chromium, sign_in, assert_accessible) for browser tests in every app.
# The Medway demo loaded once per module (loaded_demo) for tests that read the whole demo.
# The test OpenID Connect provider in its own process (oidc_provider) for the single sign-on tests.
pytest_plugins = ["tests.browser.fixtures", "tests.demo", "tests.oidc_provider.fixture"]


@pytest.fixture
def client() -> ReadingClient:
    """Django's test client, closing every download it is given (tests/clients.py)."""
    return ReadingClient()


@pytest.fixture
def personas(db) -> Personas:
    return make_personas()


@pytest.fixture
def notice(personas):
    return personas.notice


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Tests create many users; the production hasher is slow on purpose."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _pdf_builds_are_marked_pdf(request, monkeypatch):
    """A test that builds a PDF with WeasyPrint must say so (`@pytest.mark.pdf`), or `-m "not pdf"` would run it."""
    if request.node.get_closest_marker("pdf"):
        return
    from weasyprint.document import Document

    def refuse(*args, **kwargs):
        raise AssertionError("This test builds a PDF with WeasyPrint: mark it @pytest.mark.pdf")

    monkeypatch.setattr(Document, "write_pdf", refuse)


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
