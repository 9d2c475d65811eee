"""An administrator invites a person, sees them listed as invited, resends and cancels, in chromium
with axe (WCAG 2.2 AA) on each page."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_invites_resends_and_cancels(
    personas, sign_in, page, live_server, assert_accessible, mailoutbox
):
    outsider = personas["outsider"]
    outsider.first_name, outsider.last_name, outsider.email = "Olive", "Outsider", "olive@elsewhere.example"
    outsider.save()
    sign_in("administrator")
    page.goto(f"{live_server.url}/notices/{personas.notice.pk}/people/")
    page.get_by_role("link", name="Invite a person").click()
    expect(page.get_by_role("heading", name="Invite a person")).to_be_visible()
    assert_accessible()
    page.get_by_label("Their name").fill("Typed Person")
    page.get_by_label("Their e-mail address").fill("olive@elsewhere")  # the browser allows it; a domain needs a dot
    page.get_by_label("Role").select_option(label="Officer")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a valid email address")
    assert_accessible()
    page.get_by_label("Their e-mail address").fill("olive@elsewhere.example")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Typed Person is invited to be Officer on this notice")).to_be_visible()
    row = page.get_by_role("row", name="Typed Person Invited")
    expect(row).to_contain_text("olive@elsewhere.example")
    expect(page.locator("main")).not_to_contain_text("Olive")
    assert_accessible()
    row.get_by_role("button", name="Resend the invitation to Typed Person").click()
    expect(page.get_by_text("A new invitation has been e-mailed to Typed Person")).to_be_visible()
    page.get_by_role("button", name="Cancel the invitation to Typed Person").click()
    expect(page.get_by_text("The invitation to Typed Person is cancelled")).to_be_visible()
    expect(page.get_by_role("row", name="Typed Person Invited")).to_have_count(0)
    assert_accessible()
    assert [mail.to for mail in mailoutbox] == [["olive@elsewhere.example"]] * 2
