"""An officer creates an action from scratch in a real browser (the main journeys, including the
observer who can change nothing, are in test_main_journeys.py)."""

import re

import pytest
from playwright.sync_api import expect

from actions.models import Action
from evidence.models import EvidenceItem
from measures.tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def plan(personas):
    measure = factories.make_measure(personas.notice, "4", heading="Strengthen the voice of the child")
    requirement = factories.make_requirement(
        measure,
        "4.1",
        text="the views of children and young people are recorded on case files",
    )
    return requirement


def test_an_officer_adds_an_action_logs_progress_and_submits_evidence_with_a_file(
    personas,
    plan,
    sign_in,
    page,
    live_server,
    tmp_path,
    settings,
    assert_accessible,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    sign_in("officer")
    page.goto(f"{live_server.url}/notices/{personas.notice.pk}/actions/")
    page.get_by_role("link", name="Add an action").first.click()
    page.get_by_label("Action").fill("Audit twenty case files for the child's voice")
    page.get_by_role("checkbox", name=re.compile(r"^4\.1 ")).check()
    page.get_by_label("Owner").select_option(value=str(personas["officer"].pk))
    page.get_by_label("Lead organisation").select_option(label="Children's Services")
    page.get_by_label("Start date").fill("01/06/2014")
    page.get_by_label("Due date").fill("30 September 2014")
    assert_accessible()
    page.get_by_role("button", name=re.compile("Save|Add|Create")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Audit twenty case files")
    action = Action.objects.get(title="Audit twenty case files for the child's voice")

    page.get_by_label("Percent complete").fill("40")
    page.get_by_label("Progress note").fill("Eight files audited; voice recorded in six.")
    page.get_by_role("button", name="Log progress").click()
    expect(page.get_by_text("Eight files audited; voice recorded in six.").first).to_be_visible()
    assert_accessible()
    action.refresh_from_db()
    assert action.percent_complete == 40

    page.goto(f"{live_server.url}/notices/{personas.notice.pk}/evidence/")
    page.get_by_role("link", name="Submit evidence").click()
    page.get_by_label("Title").fill("Case-file audit of the child's voice, June 2014")
    page.get_by_label("File", exact=True).set_input_files(
        files=[{"name": "audit-june.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_label("Kind").select_option(label="Case-file audit")
    page.get_by_label("Qualitative or quantitative").select_option(label="Qualitative")
    page.get_by_label("Covers from").fill("01/06/2014")
    page.get_by_role("checkbox", name=re.compile(r"^4\.1 ")).check()
    assert_accessible()
    page.get_by_role("button", name=re.compile("Submit")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Case-file audit of the child's voice")
    expect(page.get_by_role("link", name="audit-june.pdf")).to_be_visible()
    assert_accessible()
    item = EvidenceItem.objects.get(title="Case-file audit of the child's voice, June 2014")
    assert item.review_status == EvidenceItem.Status.SUBMITTED
    assert list(item.requirements.values_list("reference", flat=True)) == ["4.1"]
