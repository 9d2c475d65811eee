"""Where password sign-in is switched off (PASSWORD_SIGN_IN=false), nobody chooses, changes or resets a
password: the password pages are not found, and an invited person makes an account with a username only,
then signs in with their council account (matched by the invitation's e-mail; tests in test_sso.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from measures.models import Membership
from measures.tests.test_people import _invite, _link

pytestmark = pytest.mark.django_db

PASSWORD_PAGES = [
    reverse("accounts:password-change"),
    reverse("accounts:password-reset"),
    reverse("accounts:password-reset-done"),
    reverse("accounts:password-reset-complete"),
    reverse("accounts:password-reset-confirm", args=["MQ", "set-password"]),
    reverse("accounts:set-password", args=["MQ", "set-password"]),
]


@pytest.mark.parametrize("url", PASSWORD_PAGES)
def test_the_password_pages_are_there_with_password_sign_in_and_gone_without(client, settings, personas, url):
    client.force_login(personas["officer"])
    assert client.get(url).status_code in (200, 302)
    settings.PASSWORD_SIGN_IN = False
    assert client.get(url).status_code == 404
    client.logout()
    if url == reverse("accounts:password-change"):
        assert client.get(url)["Location"].startswith(reverse("login"))  # one's own password: signed in first
    else:
        assert client.get(url).status_code == 404


def test_an_invited_person_makes_an_account_without_a_password_when_sign_in_is_single_sign_on_only(
    client, settings, personas, mailoutbox, django_capture_on_commit_callbacks
):
    settings.PASSWORD_SIGN_IN = False
    client.force_login(personas["administrator"])
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, personas.notice)
    client.logout()
    link = _link(mailoutbox[0])
    page = client.get(link).content.decode()
    assert 'name="password1"' not in page and "sign in with your council account" in page
    assert "jo.smith@example.org" in page

    done = client.post(link, {"username": "jo.s"}, follow=True)
    assert "Sign in with your council account." in done.content.decode()
    user = get_user_model().objects.get(username="jo.s")
    assert not user.has_usable_password() and user.email == "jo.smith@example.org"
    assert Membership.objects.get(user=user, notice=personas.notice).role == "officer"
