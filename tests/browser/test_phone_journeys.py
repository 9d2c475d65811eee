"""Issue 17: the journeys on a phone, 390 px wide, with a touch screen (taps, not clicks).

(a) an officer logs progress on an action and submits evidence, choosing its requirement and action
    with the pickers' filter boxes and checking what is selected;
(b) the Chair reviews a piece of evidence from its preview (the page drawn on the server as a picture)
    and accepts it.
Every page the journeys visit is checked with axe at this width.
"""

import re

import pytest
from playwright.sync_api import expect

from actions.models import Action
from actions.tests import factories as action_factories
from demo.evidence import tiny_pdf
from evidence.models import EvidenceItem
from evidence.tests import factories as evidence_factories
from measures.tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def browser_context_args(browser_context_args):
    """A phone: 390 px wide, touch, a high-density screen."""
    return {**browser_context_args, "viewport": PHONE, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}


@pytest.fixture
def plan(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    voice = factories.make_measure(personas.notice, "4", heading="Strengthen the voice of the child", position=1)
    plans = factories.make_measure(personas.notice, "5", heading="Plans and reviews", position=2)
    requirements = {
        "4.1": factories.make_requirement(voice, "4.1", text="the views of children are recorded on case files"),
        "4.2": factories.make_requirement(voice, "4.2", text="children attend their reviews"),
        "5.1": factories.make_requirement(plans, "5.1", text="every child in need has a plan"),
    }
    action = action_factories.make_action(
        personas.notice,
        owner=personas["officer"],
        organisation=personas.organisation,
        requirements=[requirements["4.1"]],
        reference="A-7",
        title="Audit case files for the child's voice",
        status="in_progress",
    )
    action_factories.make_action(
        personas.notice,
        owner=personas["officer"],
        organisation=personas.organisation,
        reference="A-8",
        title="Train duty social workers",
    )
    return requirements, action


def assert_fits(page, locator) -> None:
    """The element sits within the phone's width."""
    box = locator.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5, box


def test_an_officer_on_a_phone_logs_progress_and_submits_evidence(
    personas, plan, sign_in, page, live_server, assert_accessible
):
    requirements, action = plan
    sign_in("officer")
    page.goto(f"{live_server.url}{action.get_absolute_url()}")
    assert_accessible()
    page.get_by_label("Percent complete").fill("60")
    page.get_by_label("Progress note").fill("Twelve files audited; the child's views recorded in nine.")
    page.get_by_role("button", name="Log progress").tap()
    expect(page.get_by_text("Twelve files audited; the child's views recorded in nine.").first).to_be_visible()
    action.refresh_from_db()
    assert action.percent_complete == 60

    page.goto(f"{live_server.url}/notices/{personas.notice.pk}/evidence/new/")
    page.get_by_label("Title").fill("Case-file audit: the child's voice, June 2014")
    page.get_by_label("File", exact=True).set_input_files(
        files=[{"name": "voice-audit.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf("Voice audit")}]
    )
    page.get_by_label("Kind").select_option(label="Case-file audit")
    page.get_by_label("Qualitative or quantitative").select_option(label="Qualitative")
    page.get_by_label("Covers from").fill("01/06/2014")

    # Requirements: the filter hides what does not match, a measure's name included; the count says so.
    requirement_filter = page.get_by_label("Filter the requirements")
    assert_fits(page, requirement_filter)
    requirement_filter.fill("case files")
    expect(page.get_by_text("Showing 1 of 3 requirements.")).to_be_visible()
    expect(page.get_by_role("checkbox", name=re.compile(r"^5\.1 "))).to_be_hidden()
    expect(page.get_by_role("group", name="5. Plans and reviews")).to_be_hidden()
    requirement_filter.press("Enter")  # filters; does not send the form
    assert "/evidence/new/" in page.url
    page.get_by_role("checkbox", name=re.compile(r"^4\.1 ")).tap()
    requirement_filter.fill("plans")  # the measure's heading matches its requirements
    expect(page.get_by_text("Showing 1 of 3 requirements.")).to_be_visible()
    page.get_by_role("checkbox", name=re.compile(r"^5\.1 ")).tap()
    requirement_filter.fill("nothing like this")
    expect(page.get_by_text("No requirements match “nothing like this”.")).to_be_visible()
    # What is chosen stays in view however the list is filtered, and each choice can be taken back.
    chosen = page.locator("#id_requirements [data-picker-selected]")
    expect(chosen).to_contain_text("Selected (2):")
    chosen.get_by_role("button", name=re.compile(r"^Remove 5\.1 ")).tap()
    expect(chosen).to_contain_text("Selected (1):")
    expect(chosen.get_by_role("button", name=re.compile(r"^Remove 4\.1 "))).to_be_visible()
    requirement_filter.fill("")
    expect(page.get_by_role("checkbox", name=re.compile(r"^5\.1 "))).not_to_be_checked()

    # Actions: one list with its own filter.
    page.get_by_label("Filter the actions").fill("voice")
    expect(page.get_by_role("checkbox", name="A-8 Train duty social workers")).to_be_hidden()
    page.get_by_role("checkbox", name="A-7 Audit case files for the child's voice").tap()
    expect(page.locator("#id_actions [data-picker-selected]")).to_contain_text("Selected (1):")
    assert_accessible()
    page.get_by_role("button", name=re.compile("Submit")).tap()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Case-file audit: the child's voice")
    preview = page.get_by_role("img", name="voice-audit.pdf, the whole file")
    expect(preview).to_be_visible()
    assert_fits(page, preview)
    assert_accessible()
    item = EvidenceItem.objects.get(title="Case-file audit: the child's voice, June 2014")
    assert list(item.requirements.values_list("reference", flat=True)) == ["4.1"]
    assert list(item.actions.all()) == list(Action.objects.filter(reference="A-7"))


def test_the_chair_on_a_phone_reviews_evidence_from_its_preview_and_accepts_it(
    personas, plan, sign_in, page, live_server, assert_accessible
):
    requirements, _ = plan
    item = evidence_factories.make_item(
        personas.notice,
        personas["officer"],
        title="Children's panel minutes, June 2014",
        file=(tiny_pdf("Children's panel minutes"), "panel-minutes.pdf"),
    )
    item.requirements.set([requirements["4.2"]])
    sign_in("chair")
    page.goto(f"{live_server.url}{item.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Preview of version 1: panel-minutes.pdf")).to_be_visible()
    preview = page.get_by_role("img", name="panel-minutes.pdf, the whole file")
    expect(preview).to_be_visible()
    # The page image really arrives and is drawn (it loads lazily, when scrolled to): a PNG made on the
    # server, 1240 px wide, scaled down to the phone.
    preview.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=preview.element_handle())
    assert preview.evaluate("img => img.naturalWidth") == 1240
    assert_fits(page, preview)
    assert_accessible()

    page.get_by_role("link", name="Review", exact=True).tap()
    expect(page.get_by_role("img", name="panel-minutes.pdf, the whole file")).to_be_visible()
    assert_accessible()
    page.get_by_label("Accept", exact=True).tap()
    page.get_by_label("Note").fill("The panel's own words, clearly minuted; accepted for 4.2.")
    page.get_by_role("button", name="Record decision").tap()
    expect(page.get_by_text("Review recorded.")).to_be_visible()
    expect(page.get_by_role("cell", name="The panel's own words, clearly minuted; accepted for 4.2.")).to_be_visible()
    assert_accessible()
    item.refresh_from_db()
    assert item.review_status == EvidenceItem.Status.ACCEPTED
