"""Behind the TLS proxy: the client's own address counts, a pause cannot be used as a weapon,
password spraying from one address is slowed, and failures cannot flood the security log."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from audit.models import SecurityEvent
from measures.tests.factories import PASSWORD
from notice_tracker.lib.clientip import client_ip

LOGIN = reverse("login")
PROXY = "10.0.0.254"


def sign_in(client, username: str, password: str, *, forwarded_for: str | None = None, address: str = PROXY):
    extra = {"REMOTE_ADDR": address}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"


def request_from(address: str, forwarded_for: str | None = None):
    request = RequestFactory().get("/", REMOTE_ADDR=address)
    if forwarded_for is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return request


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("192.0.2.7", "203.0.113.9")) == "192.0.2.7"


def test_behind_one_proxy_the_address_it_saw_is_the_client(behind_proxy):
    # A client may send its own X-Forwarded-For; the proxy appends what it really saw.
    assert client_ip(request_from(PROXY, "6.6.6.6, 203.0.113.9")) == "203.0.113.9"
    assert client_ip(request_from(PROXY, "203.0.113.9")) == "203.0.113.9"


def test_behind_two_proxies_the_address_the_outer_one_saw_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from(PROXY, "6.6.6.6, 203.0.113.9, 10.0.0.9")) == "203.0.113.9"


def test_a_missing_or_malformed_header_falls_back_to_the_connection(behind_proxy):
    assert client_ip(request_from(PROXY)) == PROXY
    assert client_ip(request_from(PROXY, "not-an-address")) == PROXY


def test_the_header_name_comes_from_settings(settings):
    settings.TRUSTED_PROXY_COUNT, settings.CLIENT_IP_HEADER = 1, "X-Real-IP"
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="203.0.113.9")
    assert client_ip(request) == "203.0.113.9"


def test_the_settings_are_read_from_the_environment(monkeypatch):
    import importlib

    from notice_tracker import settings as project_settings

    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "1")
    monkeypatch.setenv("CLIENT_IP_HEADER", "X-Real-IP")
    try:
        reloaded = importlib.reload(project_settings)
        assert (reloaded.TRUSTED_PROXY_COUNT, reloaded.CLIENT_IP_HEADER) == (1, "X-Real-IP")
        assert reloaded.AXES_CLIENT_IP_CALLABLE == "notice_tracker.lib.clientip.client_ip"
    finally:
        monkeypatch.delenv("TRUSTED_PROXY_COUNT")
        monkeypatch.delenv("CLIENT_IP_HEADER")
        importlib.reload(project_settings)


@pytest.mark.django_db
def test_behind_the_proxy_a_stranger_cannot_pause_someone_elses_sign_in(personas, behind_proxy):
    stranger = Client()
    for _ in range(10):
        sign_in(stranger, "officer", "wrong password", forwarded_for="198.51.100.66")
    assert sign_in(stranger, "officer", PASSWORD, forwarded_for="198.51.100.66").status_code == 429
    # The officer, at their own address behind the same proxy, is not affected.
    assert sign_in(Client(), "officer", PASSWORD, forwarded_for="203.0.113.9").status_code == 302
    assert SecurityEvent.objects.filter(kind="sign_in_failed", ip_address="198.51.100.66").exists()


@pytest.mark.django_db
def test_the_pause_grows_with_each_failure_and_hammering_during_it_does_not_renew_it(personas, settings):
    client = Client()
    for _ in range(5):
        response = sign_in(client, "officer", "wrong password", address="10.0.0.1")
    assert response.status_code == 429
    assert "paused for 1 minute." in " ".join(response.content.decode().split())
    # Hammering during the pause is refused without being counted.
    for _ in range(20):
        assert sign_in(client, "officer", PASSWORD, address="10.0.0.1").status_code == 429
    assert AccessAttempt.objects.get(username="officer").failures_since_start == 5
    # After the pause: one more failure, and the next pause is twice as long.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=1, seconds=5))
    response = sign_in(client, "officer", "wrong password", address="10.0.0.1")
    assert response.status_code == 429
    assert "paused for 2 minutes." in " ".join(response.content.decode().split())
    # And the right password after the pause still works.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=2, seconds=5))
    assert sign_in(client, "officer", PASSWORD, address="10.0.0.1").status_code == 302


@pytest.mark.django_db
def test_the_longest_pause_is_capped(personas):
    client = Client()
    AccessAttempt.objects.create(
        username="officer", ip_address="10.0.0.1", user_agent="", failures_since_start=40, attempt_time=timezone.now()
    )
    response = sign_in(client, "officer", PASSWORD, address="10.0.0.1")
    assert response.status_code == 429
    assert "paused for 15 minutes." in " ".join(response.content.decode().split())


@pytest.mark.django_db
def test_password_spraying_from_one_address_is_paused(personas, settings):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 12
    client = Client()
    for n in range(11):
        assert sign_in(client, f"guess{n}", "Winter2015!", address="10.6.6.6").status_code == 200
    assert sign_in(client, "guess11", "Winter2015!", address="10.6.6.6").status_code == 429
    response = sign_in(client, "officer", PASSWORD, address="10.6.6.6")
    assert response.status_code == 429
    assert "too many failed sign-ins from your network for different usernames" in " ".join(
        response.content.decode().split()
    )
    # Another address is unaffected.
    assert sign_in(Client(), "officer", PASSWORD, address="10.0.0.1").status_code == 302


@pytest.mark.django_db
def test_failures_write_a_bounded_number_of_log_rows_a_minute(personas, settings):
    settings.SECURITY_LOG_FAILURES_PER_MINUTE = 10
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 1000
    client = Client()
    for n in range(40):
        sign_in(client, f"user{n}", "wrong password", address="10.7.7.7")
    assert SecurityEvent.objects.filter(ip_address="10.7.7.7").count() <= 11
