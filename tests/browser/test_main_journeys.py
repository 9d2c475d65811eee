"""Issue 8's three main journeys in a real browser, on one realistic scene (reports' `make_scene`):

(a) an officer updates an existing action, logs progress and submits evidence with a PDF;
(b) the Chair accepts that evidence, sees it in the dashboard's coverage and issues the 3-monthly report;
(c) a DfE observer reads the portfolio, downloads the issued PDF (its SHA-256 matches the verification
    page) and finds no way to change anything.

Each test starts from the database state the one before it leaves (built by fixtures, so each runs
alone too), and every page a journey visits is checked with axe.
"""

import hashlib
import re
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from playwright.sync_api import expect

from actions.models import Action
from evidence.models import EvidenceItem
from evidence.tests import factories as evidence_factories
from measures.models import Requirement
from progress.position import forget_local_positions
from reporting.tests import report_factories
from reports import triggers as report_triggers
from reports.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = date(2014, 8, 27)  # a week after the notice's first 3-monthly period ended
EVIDENCE_TITLE = "Children's panel: minutes and feedback, August 2014"
PDF = evidence_factories.pdf("Children's panel minutes")


@pytest.fixture
def scene(personas, settings, tmp_path, issued_rows_removed_after):
    settings.NOTICE_TRACKER_TODAY = TODAY
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    forget_local_positions()
    return report_factories.make_scene(personas)


@pytest.fixture
def issued_rows_removed_after(transactional_db):
    """As in test_reports_journey.py: the SQLite triggers refuse the flush's row-by-row delete of
    issued reports, so remove them first with the triggers lifted for that moment only."""
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
def submitted(scene, personas) -> EvidenceItem:
    """What journey (a) leaves: the officer's evidence for requirement 3.1, awaiting review."""
    return evidence_factories.make_item(
        scene.notice,
        personas["officer"],
        file=(PDF, "childrens-panel.pdf"),
        title=EVIDENCE_TITLE,
        requirements=[Requirement.objects.get(reference="3.1", measure__notice=scene.notice)],
        covers_from=date(2014, 8, 1),
        covers_to=None,
    )


@pytest.fixture
def issued(scene, personas) -> Report:
    """What journey (b) leaves: the Chair's report for the first period, issued (a real PDF)."""
    report = report_factories.make_report(scene.notice, personas["chair"])
    return report_factories.issue_for_real(report, personas["chair"], on=TODAY)


def test_an_officer_updates_an_action_logs_progress_and_submits_evidence_with_a_pdf(
    scene,
    personas,
    sign_in,
    page,
    live_server,
    assert_accessible,
):
    sign_in("officer")
    assert_accessible()
    page.goto(live_server.url + reverse("actions:action-list", args=[scene.notice.pk]))
    assert_accessible()
    page.get_by_role("row", name=re.compile("Retrain duty team")).get_by_role("link", name="A-2").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Retrain duty team")
    assert_accessible()

    page.get_by_role("link", name="Edit action").click()
    assert_accessible()
    page.get_by_label("Due date").fill("30/09/2014")
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_text("Action A-2 saved.")).to_be_visible()
    assert_accessible()

    page.get_by_label("Percent complete").fill("80")
    page.get_by_label("Progress note").fill("Four of five duty social workers retrained; the last in September.")
    page.get_by_role("button", name="Log progress").click()
    expect(page.get_by_text("Four of five duty social workers retrained").first).to_be_visible()
    assert_accessible()
    action = Action.objects.get(notice=scene.notice, reference="A-2")
    assert (action.due_on, action.percent_complete) == (date(2014, 9, 30), 80)

    page.get_by_role("link", name="Evidence", exact=True).first.click()
    assert_accessible()
    page.get_by_role("link", name="Submit evidence").click()
    page.get_by_label("Title").fill(EVIDENCE_TITLE)
    page.get_by_label("File", exact=True).set_input_files(
        files=[{"name": "childrens-panel.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_label("Kind").select_option(index=1)
    page.get_by_label("Qualitative or quantitative").select_option(label="Qualitative")
    page.get_by_label("Covers from").fill("01/08/2014")
    requirement = Requirement.objects.get(reference="3.1", measure__notice=scene.notice)
    page.get_by_role("checkbox", name=re.compile(rf"^{re.escape(requirement.reference)} ")).check()
    assert_accessible()
    page.get_by_role("button", name=re.compile("Submit")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(EVIDENCE_TITLE)
    expect(page.get_by_role("link", name="childrens-panel.pdf")).to_be_visible()
    assert_accessible()
    item = EvidenceItem.objects.get(title=EVIDENCE_TITLE)
    assert item.review_status == EvidenceItem.Status.SUBMITTED
    assert list(item.requirements.values_list("reference", flat=True)) == ["3.1"]


@pytest.mark.pdf  # issues the report: WeasyPrint builds its PDF
def test_the_chair_accepts_the_evidence_sees_it_on_the_dashboard_and_issues_the_report(
    scene,
    submitted,
    personas,
    sign_in,
    page,
    live_server,
    assert_accessible,
):
    sign_in("chair")
    dashboard = live_server.url + reverse("dashboards:dashboard", args=[scene.notice.pk])
    page.goto(dashboard)
    measure_3 = page.locator("tr", has=page.get_by_role("link", name=re.compile(r"^3\. Strengthen the voice")))
    expect(measure_3.locator("td").last).to_have_text("0 of 1")
    assert_accessible()
    page.get_by_role("link", name=EVIDENCE_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(EVIDENCE_TITLE)
    assert_accessible()

    page.get_by_role("link", name="Review", exact=True).click()
    page.get_by_label("Accept").check()
    page.get_by_label("Note").fill("Clear record of the children's own words; accepted for 3.1.")
    assert_accessible()
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("cell", name="Clear record of the children's own words; accepted for 3.1.")).to_be_visible()
    assert_accessible()
    submitted.refresh_from_db()
    assert submitted.review_status == EvidenceItem.Status.ACCEPTED

    page.goto(dashboard)
    expect(measure_3.locator("td").last).to_have_text("1 of 1")
    expect(page.get_by_role("link", name=EVIDENCE_TITLE)).to_have_count(0)  # no longer awaiting review
    assert_accessible()

    _chair_issues_the_first_report(
        page, live_server.url + reverse("reports:report-list", args=[scene.notice.pk]), assert_accessible
    )
    report = Report.objects.get(notice=scene.notice)
    assert report.issued_on == TODAY and len(report.pdf_sha256) == 64


def _chair_issues_the_first_report(page, reports: str, assert_accessible) -> None:
    page.goto(reports)
    assert_accessible()
    page.get_by_role("link", name="Start a report").click()
    page.get_by_label("Report").select_option(value="chair_report")
    page.get_by_label("Period from").fill("21/05/2014")
    page.get_by_label("Period to").fill("20/08/2014")
    assert_accessible()
    page.get_by_role("button", name="Start the draft").click()
    page.get_by_label("Executive summary").fill("The Council has responded to the notice with seriousness.")
    page.get_by_role("group", name=re.compile("^Measure 3")).get_by_label("Narrative").fill(
        "Children's views are now heard directly through the new panel."
    )
    assert_accessible()
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("Your changes to the draft are saved.")).to_be_visible()
    assert_accessible()
    page.get_by_role("link", name="Preview").click()
    expect(page.get_by_text("DRAFT – not issued. This preview")).to_be_visible()
    expect(page.get_by_text(EVIDENCE_TITLE).first).to_be_visible()
    assert_accessible()
    page.get_by_role("link", name="Back to the report").click()
    page.get_by_role("link", name="Issue…").click()
    # Due on 21 August, issued on the 27th: the page asks why, and the reason is printed in the report.
    expect(page.get_by_text("This report is late.")).to_be_visible()
    assert_accessible()
    page.get_by_label("Why is the report issued late?").fill("The July figures were validated late.")
    page.get_by_role("button", name="Issue the report").click()
    expect(page.get_by_text(re.compile("issued\\. Its PDF is stored with its SHA-256"))).to_be_visible()
    assert_accessible()


READ_PAGES: list[tuple[str, list[object]]] = [  # (URL name, arguments after the notice's pk)
    ("dashboards:notice-detail", []),
    ("dashboards:dashboard", []),
    ("actions:action-list", []),
    ("evidence:item-list", []),
    ("evidence:coverage", []),
    ("indicators:indicator-list", []),
    ("meetings:meeting-list", []),
    ("reports:report-list", []),
]
WRITE_WORDS = re.compile(r"^(Add|Edit|Start a|Issue|Submit|Review|Log|Import|Record|Delete|Correct|Enter|Override)\b")


@pytest.mark.pdf  # issues the report: WeasyPrint builds its PDF
def test_a_dfe_observer_downloads_the_issued_report_verifies_it_and_can_change_nothing(
    scene,
    issued,
    personas,
    sign_in,
    page,
    live_server,
    assert_accessible,
):
    sign_in("observer")
    page.get_by_role("link", name="Portfolio").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Portfolio")
    assert_accessible()
    page.goto(live_server.url + reverse("reports:report-list", args=[scene.notice.pk]))
    assert_accessible()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^Download")).first.click()
    assert re.fullmatch(r"medway-council-chair-report-\d{4}-\d{2}-\d{2}\.pdf", download.value.suggested_filename)
    copy = download.value.path().read_bytes()
    assert copy.startswith(b"%PDF")
    page.get_by_role("link", name="Chair's 3-monthly report to the Minister", exact=True).click()
    assert_accessible()
    page.get_by_role("link", name="Verify a copy").click()
    assert_accessible()
    assert hashlib.sha256(copy).hexdigest() == page.locator("#sha256").inner_text().strip() == issued.pdf_sha256
    _assert_read_only(page, page.url, verify_page=True)
    page.get_by_label("Your copy of the PDF").set_input_files(
        files=[{"name": "copy.pdf", "mimeType": "application/pdf", "buffer": copy}]
    )
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("status")).to_contain_text("It matches.")
    assert_accessible()

    notice = scene.notice
    action = Action.objects.get(notice=notice, reference="A-2")
    item = EvidenceItem.objects.get(title=scene.open_title)
    pages = [reverse(name, args=[notice.pk, *args]) for name, args in READ_PAGES] + [
        action.get_absolute_url(),
        item.get_absolute_url(),
        scene.measure_a.get_absolute_url(),
        reverse("indicators:indicator-detail", args=[notice.pk, scene.failing.code]),
        reverse("reports:report-detail", args=[notice.pk, issued.pk]),
        reverse("dashboards:portfolio"),
    ]
    for path in pages:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert_accessible()
        _assert_read_only(page, path)

    for path in [
        reverse("actions:action-create", args=[notice.pk]),
        reverse("actions:action-edit", args=[notice.pk, action.pk]),
        reverse("evidence:item-submit", args=[notice.pk]),
        reverse("evidence:item-review", args=[notice.pk, item.pk]),
        reverse("reports:report-create", args=[notice.pk]),
        reverse("indicators:indicator-return", args=[notice.pk]),
    ]:
        assert page.goto(live_server.url + path).status in (403, 404), path


def _assert_read_only(page, path: str, *, verify_page: bool = False) -> None:
    """No form that posts inside <main> (the verification page's upload-a-copy check stores nothing)
    and no link or button whose name offers to change something."""
    main = page.locator("main")
    expect(main).to_be_visible()
    posting = main.locator("form[method=post], form[method=POST]")
    if verify_page:
        expect(posting).to_have_count(1)
        expect(posting.locator("button")).to_have_text("Compare")
    else:
        assert posting.count() == 0, path
    offers = [
        name
        for name in main.get_by_role("link").all_inner_texts() + main.get_by_role("button").all_inner_texts()
        if WRITE_WORDS.match(name.strip())
    ]
    assert offers == [], (path, offers)
