"""Anyone signed in changes their own password; their other sessions end, this one carries on."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from measures.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
NEW = "tangerine lighthouse 47"


def password_is(username: str, password: str) -> bool:
    return get_user_model().objects.get(username=username).check_password(password)


def change(client, old: str, new: str, again: str | None = None):
    return client.post(
        reverse("accounts:password-change"),
        {"old_password": old, "new_password1": new, "new_password2": again or new},
    )


def test_a_member_changes_their_own_password_and_is_told(client, personas):
    client.force_login(personas["officer"])
    assert client.get(reverse("accounts:password-change")).status_code == 200
    response = change(client, PASSWORD, NEW)
    assert response.status_code == 302
    assert password_is("officer", NEW) and not password_is("officer", PASSWORD)
    page = client.get(response["Location"])
    assert "Your password has been changed." in page.content.decode()


def test_changing_the_password_ends_the_other_sessions_but_not_this_one(client, personas):
    elsewhere = Client()
    elsewhere.force_login(personas["officer"])
    client.force_login(personas["officer"])
    change(client, PASSWORD, NEW)
    assert client.get(reverse("measures:notice-list")).status_code == 200
    assert elsewhere.get(reverse("measures:notice-list")).status_code == 302


@pytest.mark.parametrize(
    ("old", "new", "again", "message"),
    [
        ("wrong password", NEW, NEW, "Your old password was entered incorrectly"),
        (PASSWORD, "short", "short", "This password is too short"),
        (PASSWORD, NEW, NEW + "x", "The two password fields didn’t match"),
    ],
)
def test_a_wrong_old_password_or_a_weak_new_one_is_reshown_with_the_error(client, personas, old, new, again, message):
    client.force_login(personas["officer"])
    response = change(client, old, new, again)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert password_is("officer", PASSWORD)


def test_the_page_is_linked_from_every_signed_in_page(client, personas):
    client.force_login(personas["observer"])
    assert reverse("accounts:password-change") in client.get(reverse("measures:notice-list")).content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("accounts:password-change"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
