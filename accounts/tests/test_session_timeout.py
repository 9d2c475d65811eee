"""The idle-timeout warning's server side: what a page tells the script, and "Stay signed in".

The warning itself, in a browser: tests/browser/test_session_timeout.py."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client
from django.urls import reverse

from notice_tracker.middleware import LAST_SEEN, SIGNED_IN_AT

pytestmark = pytest.mark.django_db


def _idle_for(client, seconds: float) -> None:
    session = client.session
    session[SIGNED_IN_AT] = session[LAST_SEEN] = time.time() - seconds
    session.save()


def _dialog(page: str) -> dict[str, str]:
    found = re.search(r'<dialog id="session-timeout"(.*?)>', page, re.S)
    assert found, "no timeout warning on the page"
    return dict(re.findall(r'(data-[\w-]+|role|aria-modal)="([^"]*)"', found.group(1)))


def test_a_signed_in_page_carries_the_warning_with_the_time_the_server_counts(client, personas, settings):
    settings.SESSION_WARNING_SECONDS = 120
    client.force_login(personas["officer"])
    _idle_for(client, 50)  # within the minute the server does not re-save the clock in
    page = client.get(reverse("reminders:my-work")).content.decode()
    dialog = _dialog(page)
    assert dialog["role"] == "alertdialog" and dialog["aria-modal"] == "true"
    assert 30 * 60 - 50 - 30 <= int(dialog["data-seconds-left"]) <= 30 * 60 - 50  # (a slow page takes seconds)
    assert dialog["data-warn-seconds"] == "120"
    assert dialog["data-sign-in-url"] == reverse("login")
    assert "Stay signed in" in page and 'src="/static/js/session-timeout.js"' in page


def test_the_sign_in_page_has_no_warning(client, db):
    assert 'id="session-timeout"' not in client.get(reverse("login")).content.decode()


def test_stay_signed_in_starts_the_idle_clock_again(client, personas):
    client.force_login(personas["officer"])
    _idle_for(client, 29 * 60)
    response = client.post(reverse("session-refresh"))
    assert response.status_code == 200
    assert response.json() == {"seconds_left": 30 * 60}
    assert time.time() - client.session[LAST_SEEN] < 5
    assert response["Cache-Control"].startswith("max-age=0")


def test_stay_signed_in_needs_the_csrf_token(personas):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas["officer"])
    assert browser.post(reverse("session-refresh")).status_code == 403
    page = browser.get(reverse("reminders:my-work")).content.decode()
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, "no CSRF token in the warning's form"
    token = found.group(1)
    assert browser.post(reverse("session-refresh"), {"csrfmiddlewaretoken": token}).status_code == 200


def test_too_late_to_stay_the_session_has_ended_and_the_sign_in_page_says_why(client, personas):
    client.force_login(personas["officer"])
    _idle_for(client, 31 * 60)
    response = client.post(reverse("session-refresh"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    page = client.get(response["Location"]).content.decode()
    assert "signed out after 30 minutes without activity" in page


def test_under_a_short_idle_limit_the_server_keeps_its_clock_finer_than_a_minute(client, personas, settings):
    settings.SESSION_IDLE_SECONDS = 100
    client.force_login(personas["officer"])
    _idle_for(client, 20)
    client.get(reverse("reminders:my-work"))
    assert time.time() - client.session[LAST_SEEN] < 5
