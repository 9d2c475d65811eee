"""The Chair opens her dashboard's bookmark, signs in with her council account at the council's
provider (tests/oidc_provider/, in another process) and lands on the dashboard she asked for.

The deployment a council on Microsoft Entra ID would run: password sign-in off, two-factor
required, and the provider's MFA claim standing for our code.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.test_chair_dashboard import medway  # noqa: F401  (the fixture: the notice, as the Chair sees it)
from tests.oidc_provider.fixture import PROVIDER_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_chair_signs_in_with_her_council_account_and_reaches_her_dashboard(
    medway,  # noqa: F811
    personas,
    settings,
    oidc_provider,
    live_server,
    page,
    assert_accessible,
):
    oidc_provider.configure(
        settings, PASSWORD_SIGN_IN=False, OTP_REQUIRED=True, OIDC_MFA_CLAIM="amr", OIDC_MFA_VALUES=["mfa"]
    )
    chair = personas["chair"]
    chair.email = "chair@medway.example"
    chair.save()
    blocked = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    dashboard = f"{live_server.url}/notices/{medway.pk}/dashboard/"

    page.goto(dashboard)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_label("Password")).to_have_count(0)  # password sign-in is off here
    assert_accessible()
    page.get_by_role("link", name="Sign in with your council account").click()

    expect(page.get_by_role("heading", name="Council sign-in")).to_be_visible()  # the provider's own page
    page.get_by_label("Council username").fill("c.holt")
    page.get_by_label("Council password").fill(PROVIDER_PASSWORD)
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(dashboard)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Medway Council")
    expect(page.get_by_role("heading", name="Overall rating: Red")).to_be_visible()
    assert_accessible()
    assert blocked == []
