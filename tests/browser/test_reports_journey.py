"""Issue 6 in a real browser: the Chair drafts, previews and issues the report to the Minister; a DfE
observer downloads it, and its SHA-256 matches the one the verification page shows."""

import hashlib
import re

import pytest
from django.db import connection
from playwright.sync_api import expect

from measures.tests import factories
from reports import report_triggers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def issued_rows_removed_after(transactional_db):
    """Issued reports cannot be deleted, not even by the flush that ends a transactional test on
    SQLite (it deletes row by row, and the triggers refuse). Remove them first, the triggers lifted
    for that moment only and put back at once."""
    yield
    create, drop = report_triggers.STATEMENTS[connection.vendor]
    with connection.cursor() as cursor:
        for statement in drop:
            cursor.execute(statement)
        cursor.execute("DELETE FROM reports_reportsection")
        cursor.execute("DELETE FROM reports_report")
        for statement in create:
            cursor.execute(statement)


@pytest.fixture
def notice(personas):
    measure = factories.make_measure(personas.notice, "4", heading="Strengthen the voice of the child")
    factories.make_requirement(measure, "4.1", text="the views of children are recorded on case files")
    return personas.notice


def test_the_chair_issues_a_report_and_an_observer_downloads_and_verifies_it(
    notice, issued_rows_removed_after, sign_in, page, live_server, settings, tmp_path, assert_accessible, browser,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    reports = f"{live_server.url}/notices/{notice.pk}/reports/"
    sign_in("chair")
    page.goto(reports)
    assert_accessible()
    page.get_by_role("link", name="Start a report").click()
    page.get_by_label("Report").select_option(value="chair_report")
    page.get_by_label("Period from").fill("21/05/2014")
    page.get_by_label("Period to").fill("20/08/2014")
    assert_accessible()
    page.get_by_role("button", name="Start the draft").click()

    page.get_by_label("Executive summary").fill("The Council has responded to the notice with seriousness.")
    page.get_by_label("Narrative").fill("Children's views are now recorded in most audited case files.")
    assert_accessible()
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("Your changes to the draft are saved.")).to_be_visible()

    page.get_by_role("link", name="Preview").click()
    expect(page.get_by_text("DRAFT – not issued. This preview")).to_be_visible()
    expect(page.get_by_role("heading", name="Measure 4: Strengthen the voice of the child")).to_be_visible()
    expect(page.get_by_text("Children's views are now recorded in most audited case files.")).to_be_visible()
    assert_accessible()

    page.get_by_role("link", name="Back to the report").click()
    page.get_by_role("link", name="Issue…").click()
    assert_accessible()
    page.get_by_role("button", name="Issue the report").click()
    expect(page.get_by_text(re.compile("issued\\. Its PDF is stored with its SHA-256"))).to_be_visible()
    assert_accessible()
    shown = page.locator("code").first.inner_text().strip()
    assert re.fullmatch(r"[0-9a-f]{64}", shown)

    observer = browser.new_page()
    observer.set_default_timeout(5000)
    observer.goto(f"{live_server.url}/accounts/login/")
    observer.get_by_label("Username").fill("observer")
    observer.get_by_label("Password").fill(factories.PASSWORD)
    observer.get_by_role("button", name="Sign in").click()
    observer.goto(reports)
    with observer.expect_download() as download:
        observer.get_by_role("link", name=re.compile("^Download")).first.click()
    assert re.fullmatch(r"medway-council-chair-report-\d{4}-\d{2}-\d{2}\.pdf", download.value.suggested_filename)
    copy = download.value.path().read_bytes()
    observer.get_by_role("link", name="Chair's 3-monthly report to the Minister", exact=True).click()
    observer.get_by_role("link", name="Verify a copy").click()
    on_page = observer.locator("#sha256").inner_text().strip()
    assert hashlib.sha256(copy).hexdigest() == on_page == shown
    observer.close()
