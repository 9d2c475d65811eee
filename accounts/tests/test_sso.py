"""Single sign-on against a real OpenID Connect provider in another process (tests/oidc_provider/):
the code flow over HTTP, ID tokens signed with the provider's own RSA key, checked by our backend.

Each refusal is shown on the sign-in page and written to the security log; nobody is signed in.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from accounts.models import ProviderMFADevice
from audit.models import SecurityEvent
from measures.tests import factories
from tests.oidc_provider.fixture import provider_sign_in, sso_sign_in
from tests.oidc_provider.names import EXPIRED_CLIENT, OTHER_AUDIENCE_CLIENT

pytestmark = pytest.mark.django_db

Kind = SecurityEvent.Kind


@pytest.fixture
def sso(settings, oidc_provider):
    oidc_provider.configure(settings)
    return oidc_provider


@pytest.fixture
def chair(personas):
    user = personas["chair"]
    user.email = "Chair@Medway.example"  # matched whatever the case
    user.save()
    return user


def refusal(client, response) -> str:
    """The sign-in page the refused person is sent back to, and its message."""
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert SESSION_KEY not in client.session, "nobody may be signed in after a refusal"
    return page.content.decode()


def last_failure() -> SecurityEvent:
    return SecurityEvent.objects.filter(kind=Kind.SIGN_IN_FAILED).latest("pk")


def test_the_chair_signs_in_with_her_council_account_and_goes_where_she_was_going(client, sso, chair, notice):
    client.get(reverse("login"))  # a session before sign-in: it must not be the one after
    before = client.session.session_key

    response = sso_sign_in(client, "c.holt", next_url=notice.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"] == notice.get_absolute_url()
    assert client.session[SESSION_KEY] == str(chair.pk)
    assert client.session.session_key != before  # a new session key at sign-in
    assert DEVICE_ID_SESSION_KEY not in client.session  # no MFA claim configured: our own TOTP is still due
    assert client.get(notice.get_absolute_url()).status_code == 200
    event = SecurityEvent.objects.filter(kind=Kind.SIGN_IN).latest("pk")
    assert (event.user, event.detail) == (chair, "single sign-on")


def test_the_id_token_alone_is_enough_without_the_userinfo_endpoint(client, settings, oidc_provider, chair):
    oidc_provider.configure(settings, OIDC_USE_USERINFO=False)
    sso_sign_in(client, "c.holt")
    assert client.session[SESSION_KEY] == str(chair.pk)


def test_a_next_address_on_another_site_is_not_followed(client, sso, chair):
    response = sso_sign_in(client, "c.holt", next_url="https://evil.example/phish")
    assert response["Location"] == reverse("measures:notice-list")


def test_the_sign_in_page_offers_single_sign_on_only_when_configured(client, settings, oidc_provider):
    assert "Sign in with your council account" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("accounts:sso-start")).status_code == 404
    assert client.get(reverse("accounts:sso-callback")).status_code == 404

    oidc_provider.configure(settings)
    page = client.get(reverse("login") + "?next=/my-work/").content.decode()
    assert 'href="/accounts/sso/start/?next=%2Fmy-work%2F"' in page
    assert 'name="password"' in page  # both ways in until password sign-in is switched off


def test_with_the_provider_mfa_claim_the_session_is_verified_as_after_a_code(client, sso, settings, chair):
    settings.OTP_REQUIRED = True
    settings.OIDC_MFA_CLAIM, settings.OIDC_MFA_VALUES = "amr", ["mfa"]

    response = sso_sign_in(client, "c.holt")  # her council's sign-in says amr: pwd, mfa

    device = ProviderMFADevice.objects.get(user=chair)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(response["Location"]).status_code == 200  # not sent to the code page
    event = SecurityEvent.objects.filter(kind=Kind.SIGN_IN).latest("pk")
    assert event.detail == "single sign-on with the provider's multi-factor authentication"


def test_without_the_mfa_claim_the_existing_code_step_is_asked(client, sso, settings, personas):
    settings.OTP_REQUIRED = True
    settings.OIDC_MFA_CLAIM, settings.OIDC_MFA_VALUES = "amr", ["mfa"]
    officer = personas["officer"]
    officer.email = "officer@medway.example"
    officer.save()

    response = sso_sign_in(client, "o.fficer")  # amr: pwd only

    assert DEVICE_ID_SESSION_KEY not in client.session
    page = client.get(response["Location"])
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("accounts:two-factor-setup"))
    assert not ProviderMFADevice.objects.exists()


def test_the_mfa_claim_counts_only_when_the_council_configures_it(client, sso, settings, chair):
    settings.OTP_REQUIRED = True  # OIDC_MFA_CLAIM unset: the provider's word is not taken for it

    response = sso_sign_in(client, "c.holt")

    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(response["Location"])["Location"].startswith(reverse("accounts:two-factor-setup"))


def test_an_unknown_person_is_refused_and_no_account_is_made(client, sso, personas):
    from django.contrib.auth.models import User

    accounts = User.objects.count()
    page = refusal(client, sso_sign_in(client, "s.tranger"))
    assert "No Notice Tracker account uses the e-mail address stranger@medway.example" in page
    assert "must invite you first" in page
    assert User.objects.count() == accounts
    event = last_failure()
    assert (event.username, event.detail) == (
        "stranger@medway.example",
        "single sign-on refused: no account uses this e-mail address",
    )


def test_an_unverified_email_address_is_refused(client, sso, personas):
    user = personas["officer"]
    user.email = "unverified@medway.example"
    user.save()
    page = refusal(client, sso_sign_in(client, "u.nverified"))
    assert "has not verified the e-mail address unverified@medway.example" in page
    assert last_failure().detail == "single sign-on refused: e-mail address not verified"


def test_a_deactivated_account_is_refused(client, sso, personas):
    user = factories.make_user("former", email="former@medway.example", is_active=False)
    page = refusal(client, sso_sign_in(client, "f.ormer"))
    assert "The Notice Tracker account for former@medway.example is deactivated" in page
    assert (last_failure().username, last_failure().detail) == (
        user.email,
        "single sign-on refused: account deactivated",
    )


def test_an_id_token_for_another_audience_is_refused(client, settings, oidc_provider, chair):
    oidc_provider.configure(settings, client=OTHER_AUDIENCE_CLIENT)
    page = refusal(client, sso_sign_in(client, "c.holt"))
    assert "a sign-in meant for another service, not Notice Tracker" in page
    assert last_failure().detail == "single sign-on refused: ID token for another audience"


def test_an_expired_id_token_is_refused(client, settings, oidc_provider, chair):
    oidc_provider.configure(settings, client=EXPIRED_CLIENT)
    page = refusal(client, sso_sign_in(client, "c.holt"))
    assert "a sign-in that had already expired" in page
    assert last_failure().detail == "single sign-on refused: expired ID token"


def test_a_callback_replayed_or_from_another_browser_is_refused(client, sso, chair):
    from django.test import Client

    response = client.get(reverse("accounts:sso-start"))
    back = provider_sign_in(response["Location"], "c.holt").removeprefix("http://testserver")

    stranger = Client()  # the same link in a browser that did not start the sign-in
    stranger.get(reverse("login"))
    refusal(stranger, stranger.get(back))

    assert client.get(back)["Location"] == reverse("measures:notice-list")  # the right browser, once
    client.logout()
    client.get(reverse("accounts:sso-start"))  # another sign-in under way in this browser
    refusal(client, client.get(back))  # but that state was spent
    assert last_failure().detail == "single sign-on refused: unknown or spent state"


def test_a_person_who_cancels_at_the_provider_is_told_so(client, sso):
    client.get(reverse("accounts:sso-start"))
    state = next(iter(client.session["oidc_states"]))
    page = refusal(client, client.get(reverse("accounts:sso-callback"), {"error": "access_denied", "state": state}))
    assert "did not sign you in (you cancelled, or were not allowed)" in page


def test_a_forged_code_is_refused_by_the_provider_and_then_by_us(client, sso):
    client.get(reverse("accounts:sso-start"))
    state = next(iter(client.session["oidc_states"]))
    page = refusal(client, client.get(reverse("accounts:sso-callback"), {"code": "forged", "state": state}))
    assert "sign-in service could not be reached, or did not answer as expected" in page
    assert last_failure().detail == "single sign-on refused: provider unavailable or refused the code: HTTPError"


def test_with_password_sign_in_off_the_form_is_gone_and_a_posted_password_is_refused(
    client, settings, oidc_provider, chair
):
    oidc_provider.configure(settings, PASSWORD_SIGN_IN=False)
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with your council account" in page
    assert 'name="password"' not in page

    response = client.post(reverse("login"), {"username": "chair", "password": factories.PASSWORD})
    assert response.status_code == 403
    assert "Signing in with a password is switched off here" in response.content.decode()
    assert SESSION_KEY not in client.session
    # Single sign-on still works.
    assert sso_sign_in(client, "c.holt").status_code == 302
    assert client.session[SESSION_KEY] == str(chair.pk)


@pytest.mark.parametrize(
    ("variables", "says"),
    [
        ({"PASSWORD_SIGN_IN": "false"}, "PASSWORD_SIGN_IN=false needs single sign-on"),
        ({"OIDC_RP_CLIENT_ID": "tracker"}, "OIDC_RP_CLIENT_SECRET must be set"),
        (
            {"OIDC_RP_CLIENT_ID": "tracker", "OIDC_RP_CLIENT_SECRET": "s", "OIDC_OP_TOKEN_ENDPOINT": "https://x/t"},
            "Single sign-on needs OIDC_OP_DISCOVERY_URL, or else OIDC_OP_ISSUER, OIDC_OP_AUTHORIZATION_ENDPOINT",
        ),
        (
            {
                "OIDC_RP_CLIENT_ID": "tracker",
                "OIDC_RP_CLIENT_SECRET": "s",
                "OIDC_OP_DISCOVERY_URL": "http://login.example/.well-known/openid-configuration",
                "DJANGO_ENV": "production",
                "SECRET_KEY": "k" + "abcdefghijklmnopqrstuvwxyz0123456789" * 2,
                "ALLOWED_HOSTS": "tracker.example",
                "DATABASE_URL": "sqlite:////tmp/never-opened.sqlite3",
            },
            "must start with https:// in production",
        ),
    ],
)
def test_settings_refuse_a_half_configured_sign_in(variables, says):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={"DJANGO_SETTINGS_MODULE": "notice_tracker.settings", "PYTEST_VERSION": "1", **variables},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert says in result.stderr
