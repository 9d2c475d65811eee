"""The indicator pages in a real browser, checked with axe-core for WCAG 2.2 AA."""

from datetime import date

import pytest
from playwright.sync_api import expect

from indicators.tests.factories import add_values, make_indicator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chair_reads_indicators_and_is_told_what_is_wrong_with_a_bad_figure(
    personas, sign_in, page, live_server, assert_accessible
):  # noqa: F811
    personas.notice.delivery_deadline = date(2015, 2, 23)
    personas.notice.save()
    indicator = make_indicator(
        personas.notice, "ASSESS-45", owner=personas.organisation, name="Assessments within 45 days"
    )
    add_values(indicator, [60, 64, 69, 72, 75, 79])
    sign_in("chair")
    page.goto(f"{live_server.url}/notices/{personas.notice.pk}/indicators/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Performance indicators")
    assert_accessible()
    page.get_by_role("link", name="Assessments within 45 days").first.click()
    expect(page.get_by_role("img", name="Assessments within 45 days: figures against target")).to_be_visible()
    assert_accessible()
    page.goto(f"{live_server.url}/notices/{personas.notice.pk}/indicators/return/?period=2014-12")
    page.get_by_label("Value (percentage)").fill("120")
    page.get_by_role("button", name="Save figures for December 2014").click()
    expect(page.get_by_role("alert")).to_contain_text("A percentage cannot be over 100")
    assert_accessible()
    page.goto(f"{live_server.url}/notices/{personas.notice.pk}/indicators/import/")
    assert_accessible()
