"""The Chair opens the notice, sees where the council stands, follows an overdue action, then the coverage matrix."""

from datetime import date

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from actions.tests import factories as action_factories
from dashboards.tests.dashboard_data import TODAY, make_item
from measures.models import Requirement
from measures.tests import factories
from progress.position import forget_local_positions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def medway(personas, settings):
    settings.NOTICE_TRACKER_TODAY = TODAY
    cache.clear()
    forget_local_positions()
    notice, officer = personas.notice, personas["officer"]
    measure = factories.make_measure(
        notice, "3", heading="Continue to improve the quality and consistency of assessments"
    )
    timely = factories.make_requirement(
        measure, "3.1", text="Assessments are completed to the timescales in Working Together"
    )
    factories.make_requirement(
        measure, "3.2", text="Evidence confirms this has made a difference to children", kind=Requirement.Kind.IMPACT
    )
    action_factories.make_action(
        notice,
        owner=officer,
        organisation=personas.organisation,
        requirements=[timely],
        reference="A-003",
        title="Monthly audit of assessment quality",
        due_on=date(2015, 1, 30),
        status="in_progress",
        percent_complete=40,
    )
    make_item(notice, by=officer, requirements=[timely], title="Assessment timeliness audit, January 2015")
    return notice


def test_the_chair_sees_the_position_follows_an_overdue_action_and_opens_the_coverage_matrix(
    medway, sign_in, page, assert_accessible
):
    sign_in("chair")
    page.get_by_role("link", name="Improvement Notice").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Medway Council")
    expect(page.get_by_role("heading", name="Overall rating: Red")).to_be_visible()
    expect(page.get_by_text("28 days late")).to_be_visible()
    assert_accessible()

    page.get_by_role("link", name="A-003 Monthly audit of assessment quality").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Monthly audit of assessment quality")
    page.go_back()

    page.get_by_role("link", name="Coverage", exact=True).click()
    expect(page.get_by_role("heading", name="Evidence coverage")).to_be_visible()
    expect(page.get_by_text("Gap: no accepted evidence")).to_be_visible()
    assert_accessible()
    page.get_by_role("link", name="1 item of accepted qualitative evidence for requirement").click()
    expect(page.get_by_role("link", name="Assessment timeliness audit, January 2015")).to_be_visible()
    page.go_back()

    page.get_by_role("link", name="Measure 3. Continue to improve the quality and consistency of assessments").click()
    expect(page.get_by_role("heading", name="Rating as at 27 February 2015: Red")).to_be_visible()
    assert_accessible()


def test_an_observer_reads_the_portfolio(medway, personas, sign_in, page, assert_accessible):
    sign_in("observer")
    page.get_by_role("link", name="Portfolio").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Portfolio")
    expect(page.get_by_role("row", name="Medway Council")).to_be_visible()
    assert_accessible()
