"""The Chair makes an API token on her own page (shown once), reads the API with it, revokes it, and
browses the API's documentation page, all in chromium under the site's CSP, with axe (WCAG 2.2 AA)
on our pages."""

import json
import re
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _call(url: str, secret: str) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {secret}"})
    try:
        with urllib.request.urlopen(request) as answer:  # noqa: S310 - the test's own live server
            json.loads(answer.read())
            return answer.status
    except urllib.error.HTTPError as error:
        assert error.headers["Content-Type"] == "application/problem+json"
        return error.code


def test_the_chair_makes_uses_and_revokes_a_token_and_browses_the_docs(
    personas, sign_in, page, live_server, assert_accessible
):
    refused: list[str] = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    sign_in("chair")
    page.get_by_role("button", name=re.compile(r"^Signed in as ")).click()  # the account menu
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", name="API tokens")).to_be_visible()
    assert_accessible()
    page.get_by_label("Name").fill("Power BI board pack")
    page.get_by_role("button", name="Make token").click()
    expect(page.get_by_text("this is the only time it is shown")).to_be_visible()
    assert_accessible()
    secret = page.get_by_label("Token").input_value()
    assert secret.startswith("ntk_")
    assert _call(f"{live_server.url}/api/v1/notices/", secret) == 200
    page.get_by_role("link", name="Back to your API tokens").click()
    expect(page.get_by_role("row", name="Power BI board pack")).to_contain_text("Active")
    expect(page.locator("main")).not_to_contain_text(secret)
    page.get_by_role("button", name="Revoke Power BI board pack").click()
    expect(page.get_by_text("is revoked: it no longer works")).to_be_visible()
    assert _call(f"{live_server.url}/api/v1/notices/", secret) == 401
    # The documentation page: every operation from the OpenAPI document, read with her session.
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.get_by_role("heading", name="GET /api/v1/actions/{action_id}/")).to_be_visible()
    assert_accessible()
    page.get_by_role("link", name="Read it (/api/v1/notices/)").click()
    expect(page.get_by_text("Medway Council").first).to_be_visible()
    assert refused == []
