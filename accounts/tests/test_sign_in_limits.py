"""Failed-sign-in throttling, password rules and how long a session lasts."""

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import SecurityEvent
from measures.tests.factories import PASSWORD
from notice_tracker.middleware import LAST_SEEN, SIGNED_IN_AT

LOGIN = reverse("login")


def sign_in(client, username: str, password: str, *, address: str = "10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail_five_times(client, username: str, *, address: str = "10.0.0.1"):
    for _ in range(5):
        response = sign_in(client, username, "wrong password", address=address)
    return response


def test_five_wrong_passwords_pause_that_username_from_that_address_and_say_until_when(client, personas):
    response = fail_five_times(client, "officer")
    page = " ".join(response.content.decode().split())
    assert response.status_code == 429
    assert "too many failed sign-ins for this username from your network" in page
    assert "paused for 1 minute. Try again after" in page  # the first pause; each further failure doubles it
    # Even the right password waits now.
    assert sign_in(client, "officer", PASSWORD).status_code == 429
    assert SecurityEvent.objects.filter(kind="sign_in_locked", username="officer").exists()


def test_a_pause_does_not_stop_colleagues_behind_the_same_council_proxy(client, personas):
    fail_five_times(client, "officer", address="10.0.0.1")
    assert sign_in(Client(), "chair", PASSWORD, address="10.0.0.1").status_code == 302


def test_a_pause_does_not_stop_the_same_person_from_another_address(client, personas):
    fail_five_times(client, "officer", address="10.0.0.1")
    assert sign_in(Client(), "officer", PASSWORD, address="10.9.9.9").status_code == 302


def test_the_pause_ends_after_the_cool_off(client, personas):
    fail_five_times(client, "officer")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, "officer", PASSWORD).status_code == 302


def test_four_wrong_passwords_then_the_right_one_sign_in(client, personas):
    for _ in range(4):
        assert sign_in(client, "officer", "wrong password").status_code == 200
    assert sign_in(client, "officer", PASSWORD).status_code == 302


@pytest.mark.parametrize("password", ["short-pass1", "password1234", "123456789012"])
def test_passwords_shorter_than_twelve_characters_or_common_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_uncommon_password_is_accepted():
    validate_password("tangerine lighthouse 47")


def _age_session(client, *, signed_in_ago: float, last_seen_ago: float) -> None:
    session = client.session
    now = time.time()
    session[SIGNED_IN_AT], session[LAST_SEEN] = now - signed_in_ago, now - last_seen_ago
    session.save()


def test_a_session_idle_for_over_thirty_minutes_is_ended_with_a_message(client, personas):
    client.force_login(personas["officer"])
    _age_session(client, signed_in_ago=31 * 60, last_seen_ago=31 * 60)
    response = client.get(reverse("measures:notice-list"), follow=True)
    assert response.redirect_chain[0][0].startswith(LOGIN)
    assert "signed out after 30 minutes without activity" in response.content.decode()


def test_a_session_is_ended_twelve_hours_after_sign_in_however_active(client, personas):
    client.force_login(personas["officer"])
    _age_session(client, signed_in_ago=12 * 3600 + 5, last_seen_ago=60)
    response = client.get(reverse("measures:notice-list"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_an_active_session_within_both_limits_carries_on_and_is_refreshed(client, personas):
    client.force_login(personas["officer"])
    _age_session(client, signed_in_ago=11 * 3600, last_seen_ago=29 * 60)
    assert client.get(reverse("measures:notice-list")).status_code == 200
    assert time.time() - client.session[LAST_SEEN] < 5


def test_deactivating_a_user_ends_their_sessions_at_once(personas):
    officer, chair = personas["officer"], personas["chair"]
    browsers = [Client(), Client()]
    for browser in browsers:
        browser.force_login(officer)
    colleague = Client()
    colleague.force_login(chair)
    officer.is_active = False
    officer.save()
    assert not Session.objects.filter(session_key__in=[b.session.session_key for b in browsers]).exists()
    assert Session.objects.filter(session_key=colleague.session.session_key).exists()
    event = SecurityEvent.objects.get(kind="user_deactivated")
    assert event.user == officer and event.detail == "2 session(s) ended"


def test_saving_an_active_user_ends_no_session(personas):
    browser = Client()
    browser.force_login(personas["officer"])
    personas["officer"].first_name = "Olive"
    personas["officer"].save()
    assert Session.objects.filter(session_key=browser.session.session_key).exists()
