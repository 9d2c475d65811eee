"""The Chair records the external validation done with its report attached; the DfE observer sees it done."""

import re
from datetime import date

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from dashboards.tests.dashboard_data import TODAY
from demo.evidence import tiny_pdf
from measures.models import Duty
from measures.tests import factories
from progress.position import forget_local_positions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def validation_due(personas, settings):
    settings.NOTICE_TRACKER_TODAY = TODAY
    cache.clear()
    forget_local_positions()
    factories.make_duty(
        personas.notice,
        Duty.Code.EXTERNAL_VALIDATION,
        title="External validation of progress",
        section="13",
        cadence_months=None,
        starts_on=None,
        due_on=date(2014, 9, 30),
    )
    return personas.notice


def test_the_chair_attaches_the_validation_report_and_the_observer_sees_it_done(
    validation_due, sign_in, page, live_server, tmp_path, assert_accessible
):
    report = tmp_path / "external-validation-report.pdf"
    report.write_bytes(tiny_pdf("External validation of services for looked after children"))
    sign_in("chair")
    page.goto(f"{live_server.url}/notices/{validation_due.pk}/")
    expect(page.get_by_text("Overdue by", exact=False).first).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Record as done\W+External validation of progress$")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("External validation of progress")
    assert_accessible()
    page.get_by_label("Done on").fill("29/09/2014")
    page.get_by_label("Or upload the document").set_input_files(str(report))
    page.get_by_label("What was done").fill("An LGA-led team validated progress on services for looked after children.")
    page.get_by_role("button", name="Record as done").click()

    expect(page.get_by_text("is recorded as done")).to_be_visible()
    duties = page.locator("section", has=page.get_by_role("heading", name="Duties and when they are next due"))
    expect(duties.get_by_text("Done on 29 September 2014")).to_be_visible()
    expect(duties.get_by_role("link", name="external-validation-report.pdf")).to_be_visible()
    expect(duties.get_by_text("Overdue by")).to_have_count(0)

    page.context.clear_cookies()
    sign_in("observer")
    page.get_by_role("link", name="Portfolio").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Portfolio")
    row = page.get_by_role("row", name="Medway Council")
    expect(row.get_by_text("External validation of progress, 29 September 2014")).to_be_visible()
    assert_accessible()
