"""A forgotten password is reset through a single-use link sent by e-mail; the page never says
whether an account exists for the address given."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db
NEW = "tangerine lighthouse 47"


@pytest.fixture
def officer(personas):
    user = personas["officer"]
    user.email = "sam.patel@medway.example"
    user.save()
    return user


def ask(client, email: str):
    return client.post(reverse("accounts:password-reset"), {"email": email})


def test_the_sign_in_page_offers_a_reset_and_the_reset_page_is_public(client):
    assert reverse("accounts:password-reset") in client.get(reverse("login")).content.decode()
    assert client.get(reverse("accounts:password-reset")).status_code == 200


def reset_link(body: str) -> str:
    found = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", body)
    assert found is not None, body
    return found.group(1)


def test_a_known_and_an_unknown_address_get_the_same_answer(client, officer, settings):
    settings.SITE_URL = "https://tracker.example.gov.uk"
    known, unknown = ask(client, "Sam.Patel@medway.example"), ask(client, "nobody@medway.example")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("accounts:password-reset-done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sam.patel@medway.example"]
    body = str(mail.outbox[0].body)
    assert re.search(r"https://tracker\.example\.gov\.uk/accounts/password/reset/[^/\s]+/[^/\s]+/", body)
    done = client.get(reverse("accounts:password-reset-done")).content.decode()
    assert "If an account uses that address" in done


def test_the_link_sets_a_new_password_once(client, officer):
    ask(client, officer.email)
    link = reset_link(str(mail.outbox[0].body))
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password-reset-complete")
    assert get_user_model().objects.get(pk=officer.pk).check_password(NEW)
    again = client.get(link, follow=True)
    assert "no longer valid" in again.content.decode()


def test_a_weak_new_password_is_refused_through_the_link(client, officer):
    ask(client, officer.email)
    link = reset_link(str(mail.outbox[0].body))
    form_page = client.get(link, follow=True)
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": "short", "new_password2": "short"})
    assert response.status_code == 200 and "This password is too short" in response.content.decode()


def test_reset_e_mails_are_rate_limited_without_changing_the_answer(client, officer):
    answers = {ask(client, officer.email)["Location"] for _ in range(10)}
    assert answers == {reverse("accounts:password-reset-done")}
    assert len(mail.outbox) == 3
