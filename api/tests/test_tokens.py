"""Personal access tokens: made on one's own page and shown once, stored hashed, expiring,
revocable, refused for a deactivated owner, throttled, and each use written to the security log."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.urls import reverse

from api.models import AccessToken
from api.services import token_create
from api.tests.helpers import bearer, body, get, is_problem, make_token
from audit.models import SecurityEvent
from measures.tests import factories
from notice_tracker.lib import clock

NOTICES = "/api/v1/notices/"


@pytest.mark.django_db
def test_a_token_made_on_the_page_is_shown_once_and_stored_only_as_its_digest(client, personas):
    officer = personas["officer"]
    client.force_login(officer)
    expires = (clock.today() + timedelta(days=30)).isoformat()
    response = client.post(reverse("api-tokens:token-list"), {"name": "Power BI", "expires_on": expires})
    assert response.status_code == 200
    shown = re.search(r'value="(ntk_[A-Za-z0-9_-]+)"', response.content.decode())
    assert shown is not None
    secret = shown.group(1)
    token = AccessToken.objects.get(user=officer)
    assert token.secret_sha256 == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.name, token.hint, token.secret_sha256}
    assert token.hint == secret[:10]
    # The list shows its name and first characters, never the secret again.
    page = client.get(reverse("api-tokens:token-list")).content.decode()
    assert "Power BI" in page and token.hint in page and secret not in page
    # And it works, as its owner.
    client.logout()
    answer = get(client, NOTICES, secret)
    assert answer.status_code == 200
    assert [n["my_role"] for n in body(answer)["results"]] == ["officer"]


@pytest.mark.django_db
def test_the_page_refuses_a_token_without_a_name_or_beyond_the_longest_life(client, personas, settings):
    settings.API_TOKEN_MAX_DAYS = 30
    client.force_login(personas["officer"])
    too_late = (clock.today() + timedelta(days=31)).isoformat()
    response = client.post(reverse("api-tokens:token-list"), {"name": "", "expires_on": too_late})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a name for the token." in page
    assert AccessToken.objects.count() == 0
    response = client.post(reverse("api-tokens:token-list"), {"name": "Excel", "expires_on": too_late})
    assert "A token can last at most 30 days" in response.content.decode()
    assert AccessToken.objects.count() == 0


@pytest.mark.django_db
def test_an_expired_token_is_refused(client, personas):
    today = clock.today()
    secret = token_create(user=personas["chair"], name="old", expires_on=today, today=today).secret
    assert get(client, NOTICES, secret).status_code == 200  # the expiry day is its last day
    AccessToken.objects.update(expires_on=today - timedelta(days=1))
    assert is_problem(get(client, NOTICES, secret), 401)


@pytest.mark.django_db
def test_a_revoked_token_is_refused_and_only_its_owner_can_revoke_it(client, personas):
    secret = make_token(personas["officer"])
    token = AccessToken.objects.get()
    client.force_login(personas["chair"])
    assert client.post(reverse("api-tokens:token-revoke", args=[token.pk])).status_code == 404
    assert get(client, NOTICES, secret).status_code == 200
    client.force_login(personas["officer"])
    assert client.post(reverse("api-tokens:token-revoke", args=[token.pk])).status_code == 302
    client.logout()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert is_problem(get(client, NOTICES, secret), 401)


@pytest.mark.django_db
def test_a_deactivated_users_token_is_refused(client, personas):
    officer = personas["officer"]
    secret = make_token(officer)
    officer.is_active = False
    officer.save()
    response = get(client, NOTICES, secret)
    assert is_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_anything_but_a_valid_token_is_401_problem_details_and_logged_as_a_failure(client, personas):
    for header in ["Bearer ntk_not-a-real-one", "Basic dXNlcjpwYXNz", "Bearer ", "Bearer nonsense"]:
        response = client.get(NOTICES, HTTP_AUTHORIZATION=header)
        assert is_problem(response, 401), header
    failures = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SIGN_IN_FAILED, detail__startswith="API:")
    assert failures.count() == 2  # the two that looked like tokens; the others are not attempts at one


@pytest.mark.django_db
def test_each_use_of_a_token_is_written_to_the_security_log(client, personas):
    secret = make_token(personas["observer"], name="DfE dashboard")
    token = AccessToken.objects.get()
    get(client, NOTICES, secret)
    get(client, f"/api/v1/actions/?notice={personas.notice.pk}", secret)
    events = SecurityEvent.objects.filter(object_ref=f"api.AccessToken:{token.pk}").order_by("at", "pk")
    assert [(e.kind, e.user, e.path) for e in events] == [
        (SecurityEvent.Kind.API_READ, personas["observer"], NOTICES),
        (SecurityEvent.Kind.API_READ, personas["observer"], f"/api/v1/actions/?notice={personas.notice.pk}"),
    ]
    assert "DfE dashboard" in events[0].detail
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.django_db
def test_token_use_is_throttled(client, personas, settings):
    settings.API_THROTTLE_PER_MINUTE = 3
    secret = make_token(personas["officer"])
    answers = [get(client, NOTICES, secret) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert is_problem(answers[-1], 429)
    assert 1 <= int(answers[-1]["Retry-After"]) <= 60
    # Another person's token is counted apart.
    assert get(client, NOTICES, make_token(personas["chair"])).status_code == 200


@pytest.mark.django_db
def test_a_token_has_its_owners_rights_and_no_more(client, personas):
    outsider = make_token(personas["outsider"])
    notice = personas.notice
    assert is_problem(get(client, f"/api/v1/notices/{notice.pk}/", outsider), 404)
    assert is_problem(get(client, f"/api/v1/actions/?notice={notice.pk}", outsider), 404)
    assert body(get(client, "/api/v1/notices/", outsider))["count"] == 1  # their own notice only
    observer = make_token(personas["observer"])
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(f"/api/v1/notices/{notice.pk}/", **bearer(observer))
        assert is_problem(response, 405), method
        assert response["Allow"] == "GET"


@pytest.mark.django_db
def test_a_superuser_can_revoke_anyones_token_in_admin_but_never_see_its_secret(client, personas):
    secret = make_token(personas["officer"])
    token = AccessToken.objects.get()
    admin = factories.make_user("root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("admin:api_accesstoken_change", args=[token.pk])).content.decode()
    assert token.hint in page and secret not in page
    response = client.post(
        reverse("admin:api_accesstoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert response.status_code == 302
    client.logout()
    assert is_problem(get(client, NOTICES, secret), 401)


@pytest.mark.django_db
def test_making_and_revoking_a_token_are_written_to_the_security_log_without_the_secret(client, personas):
    user = personas["officer"]
    client.force_login(user)
    expires = clock.today() + timedelta(days=30)
    page = client.post(reverse("api-tokens:token-list"), {"name": "Power BI", "expires_on": expires.isoformat()})
    shown = re.search(r"ntk_[A-Za-z0-9_-]+", page.content.decode())
    assert shown is not None
    secret = shown.group(0)
    token = AccessToken.objects.get(user=user)
    client.post(reverse("api-tokens:token-revoke", args=[token.pk]))
    events = SecurityEvent.objects.filter(object_ref=f"api.AccessToken:{token.pk}").order_by("pk")
    assert [(e.kind, e.user) for e in events] == [
        (SecurityEvent.Kind.API_TOKEN_CREATED, user),
        (SecurityEvent.Kind.API_TOKEN_REVOKED, user),
    ]
    assert "Power BI" in events[0].detail and expires.strftime("%d %B %Y") in events[0].detail
    assert all(secret not in e.detail for e in events)
