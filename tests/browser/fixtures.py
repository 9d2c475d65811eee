"""Playwright against Debian's chromium and a live Django server (see RECIPES.md).

A plugin loaded by the root conftest.py, so browser tests in any app get these fixtures."""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

from measures.tests.factories import PASSWORD

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# axe reads colours as painted: a button still fading into its hover colour after a click reads as low
# contrast. Wait for every finite animation and transition to end, so axe judges the page as it settles.
SETTLE_ANIMATIONS = """() => Promise.all(document.getAnimations()
    .filter(animation => animation.effect?.getComputedTiming().endTime !== Infinity)
    .map(animation => animation.finished.catch(() => null)))"""
WCAG_22_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


# Playwright's own fixtures: a test that uses any of them drives chromium.
PLAYWRIGHT_FIXTURES = {"page", "context", "browser"}


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects anything
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every Playwright test `browser`, so `-m "not browser"` leaves out all of them."""
    for item in items:
        if PLAYWRIGHT_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("Debian's chromium is not installed: run scripts/install-system-packages")
    return {**browser_type_launch_args, "executable_path": chromium, "args": CHROMIUM_ARGS}


@pytest.fixture
def page(page):
    page.set_default_timeout(5000)
    return page


@pytest.fixture
def sign_in(page, live_server):
    def _sign_in(username: str, password: str = PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        return page

    return _sign_in


@pytest.fixture
def assert_accessible(page):
    """Run axe-core (shipped inside axe-playwright-python, nothing fetched) against the current page."""
    axe = Axe()

    def _check():
        page.evaluate(SETTLE_ANIMATIONS)
        results = axe.run(page, options=WCAG_22_AA)
        violations = results.response["violations"]
        assert violations == [], f"{page.url}: " + "; ".join(
            f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']})" for v in violations
        )

    return _check
