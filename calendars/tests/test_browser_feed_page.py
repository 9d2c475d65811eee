"""The calendar feed page in the browser: make the address, copy it, reset it; axe finds nothing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from calendars.models import CalendarFeed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_chair_makes_copies_and_resets_her_calendar_address(
    personas, sign_in, page, live_server, assert_accessible, settings
):
    settings.SITE_URL = live_server.url
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    sign_in("chair")
    page.get_by_role("button", name=re.compile(r"^Signed in as ")).click()  # the account menu
    page.get_by_role("link", name="Calendar feed").click()
    expect(page.get_by_role("heading", name="Your calendar feed", level=1)).to_be_visible()
    assert_accessible()
    page.get_by_role("button", name="Make my calendar feed address").click()
    expect(page.get_by_text("Your calendar feed address is made.")).to_be_visible()

    address = page.get_by_label("Your calendar feed address")
    first = CalendarFeed.objects.get(user=personas["chair"]).token
    expect(address).to_have_value(f"{live_server.url}/calendar/feed/{first}.ics")
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("status").filter(has_text="Copied.")).to_have_count(1)
    assert page.evaluate("navigator.clipboard.readText()") == address.input_value()
    assert_accessible()

    page.get_by_role("button", name="Reset the address").click()
    expect(page.get_by_text("The old address no longer works")).to_be_visible()
    second = CalendarFeed.objects.get(user=personas["chair"]).token
    assert second != first
    expect(address).to_have_value(f"{live_server.url}/calendar/feed/{second}.ics")
    assert page.request.get(f"{live_server.url}/calendar/feed/{first}.ics").status == 404
    calendar = page.request.get(f"{live_server.url}/calendar/feed/{second}.ics")
    assert calendar.status == 200 and calendar.text().startswith("BEGIN:VCALENDAR")
