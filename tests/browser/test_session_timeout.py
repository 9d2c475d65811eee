"""The idle-timeout warning in the browser (WCAG 2.2.1): it opens before the idle limit as an
alertdialog with focus on "Stay signed in", which keeps the session; left alone, the page goes to
the sign-in page, which says why. And the favicon: no 404 on a first load.

The browser's clock is Playwright's (page.clock), moved on by hand, so nothing waits for real
time; the server's clock is the session's own, set back where a test needs time to have passed.
"""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import expect

from notice_tracker.middleware import LAST_SEEN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IDLE = 180  # a short idle limit for the test: the warning comes after a minute


@pytest.fixture
def short_limit(settings):
    settings.SESSION_IDLE_SECONDS = IDLE
    settings.SESSION_WARNING_SECONDS = 120


def server_session(page) -> SessionStore:
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    return SessionStore(session_key=key)


def idle_on_the_server_for(page, seconds: float) -> None:
    """As if the person's last request had come `seconds` ago."""
    session = server_session(page)
    session[LAST_SEEN] = time.time() - seconds
    session.save()


def test_the_warning_is_announced_reachable_by_keyboard_and_stay_signed_in_keeps_the_session(
    short_limit, personas, sign_in, page, live_server, assert_accessible
):
    page.clock.install()
    sign_in("officer")
    page.goto(f"{live_server.url}/my-work/")
    warning = page.get_by_role("alertdialog", name="You are about to be signed out")
    expect(warning).to_be_hidden()

    page.clock.fast_forward(65_000)  # two minutes before the three-minute limit
    expect(warning).to_be_visible()
    expect(warning).to_have_attribute("aria-modal", "true")
    expect(warning).to_have_accessible_description(re.compile(r"you will be signed out in \d+ (minutes?|seconds?)"))
    stay = warning.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    assert_accessible()

    idle_on_the_server_for(page, IDLE - 40)  # 40 seconds left as the server counts
    page.keyboard.press("Enter")
    expect(warning).to_be_hidden()
    said = page.locator("#session-timeout-status")
    expect(said).to_have_attribute("role", "status")  # a polite live region
    expect(said).to_have_text("You are still signed in.")
    assert_accessible()
    # The server's idle clock started again: the full three minutes from now.
    assert time.time() - server_session(page)[LAST_SEEN] < 30
    page.goto(f"{live_server.url}/my-work/")
    expect(page.get_by_role("heading", name="My work", level=1)).to_be_visible()


def test_when_time_runs_out_the_page_goes_to_sign_in_which_says_why(short_limit, personas, sign_in, page, live_server):
    page.clock.install()
    sign_in("officer")
    page.goto(f"{live_server.url}/my-work/")
    idle_on_the_server_for(page, IDLE + 1)
    page.clock.fast_forward(IDLE * 1000 + 2000)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=%2Fmy-work%2F$"))
    expect(page.get_by_text("You were signed out after 3 minutes without activity.")).to_be_visible()
    expect(page.get_by_role("alertdialog")).to_have_count(0)


def test_the_first_load_asks_for_nothing_that_is_not_there_and_shows_our_icon(page, live_server, db):
    failed = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.wait_for_load_state("networkidle")
    assert failed == []
    icon = page.locator('link[rel="icon"]')
    expect(icon).to_have_attribute("type", "image/svg+xml")
    answer = page.request.get(live_server.url + icon.get_attribute("href"))
    assert answer.status == 200 and answer.headers["content-type"].startswith("image/svg+xml")
    assert b"<title>Notice Tracker</title>" in answer.body()
