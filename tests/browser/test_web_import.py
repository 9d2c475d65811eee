"""Importing notices through the web: a superuser uploads a notice's PDF, corrects the one date the
importer could not work out, confirms and finds the notice on their list; then, as its administrator,
imports the revised notice that replaces it, and the plan's actions carry over."""

import re
from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from actions.models import Action
from actions.tests.factories import make_action
from measures.models import Duty, Membership, Notice, Requirement
from measures.tests import factories
from measures.tests.notice_pdf import notice_pdf
from measures.tests.test_web_import import FIRST, REVISED

pytestmark = [pytest.mark.browser, pytest.mark.pdf, pytest.mark.django_db(transaction=True)]


def test_a_notice_pdf_is_imported_corrected_and_then_superseded_by_its_revision(
    page, live_server, sign_in, tmp_path, assert_accessible
):
    factories.make_user("root", is_superuser=True, is_staff=True)
    first_pdf = tmp_path / "holmbury-notice.pdf"
    first_pdf.write_bytes(notice_pdf(FIRST.read_text(encoding="utf-8"), head="Improvement Notice – Holmbury"))
    sign_in("root")

    page.goto(live_server.url + reverse("measures:notice-list"))
    page.get_by_role("link", name="Import a notice").click()
    page.get_by_label("The notice").set_input_files(str(first_pdf))
    page.get_by_role("button", name="Read the notice").click()

    # The notice read from the PDF, beside its text, with the date it could not work out asked about.
    expect(page.get_by_role("heading", name="Check the notice read from holmbury-notice.pdf")).to_be_visible()
    expect(page.get_by_role("heading", name="The notice's text")).to_be_visible()
    expect(page.get_by_role("heading", name="Questions for the administrator")).to_be_visible()
    expect(page.get_by_test_id("import-summary")).to_contain_text("1 question left for you")
    assert_accessible()
    page.get_by_label(re.compile(r"^Date of Requirement 2\.3")).fill("30/04/2016")
    page.get_by_role("button", name="Save corrections and check").click()
    expect(page.get_by_test_id("import-summary")).to_contain_text("0 questions left for you")
    page.get_by_role("button", name="Confirm and import").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Holmbury Metropolitan Borough Council")
    old = Notice.objects.get()
    assert Duty.objects.get(notice=old, code="other").due_on == date(2016, 4, 30)
    page.goto(live_server.url + reverse("measures:notice-list"))
    expect(page.get_by_role("row", name=re.compile("Holmbury Metropolitan Borough Council"))).to_be_visible()

    # The plan gets under way: an action on the first requirement of measure 1.
    council = factories.make_organisation(old, "Children's Services")
    officer = factories.make_member(old, Membership.Role.OFFICER, username="officer", organisation=council)
    first = Requirement.objects.get(measure__notice=old, reference="1.1")
    make_action(old, owner=officer, organisation=council, reference="A-1", requirements=[first])

    # The Department revises the notice: its administrator imports the revision from the notice's page.
    revised_pdf = tmp_path / "holmbury-revised.pdf"
    revised_pdf.write_bytes(notice_pdf(REVISED.read_text(encoding="utf-8"), head="Improvement Notice – Holmbury"))
    page.goto(live_server.url + reverse("dashboards:notice-detail", args=[old.pk]))
    page.get_by_role("link", name="Import the revised notice").click()
    page.get_by_label("The notice").set_input_files(str(revised_pdf))
    page.get_by_role("button", name="Read the notice").click()
    expect(page.get_by_role("heading", name="What each part of the notice it replaces became")).to_be_visible()
    expect(page.get_by_label("Old requirement 1.1 became")).to_have_value("1.1")
    expect(page.get_by_test_id("unmatched")).to_contain_text("Requirement 2.3")
    assert_accessible()
    page.get_by_role("button", name="Confirm and import the revised notice").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Holmbury Metropolitan Borough Council")
    new = Notice.objects.get(issued_on__year=2016)
    action = Action.objects.get(reference="A-1")
    assert action.notice == new and [r.reference for r in action.requirements.all()] == ["1.1"]
    assert action.requirements.get().measure.notice == new
    page.goto(live_server.url + reverse("actions:action-list", args=[new.pk]))
    expect(page.get_by_role("link", name=re.compile("A-1"))).to_be_visible()
    page.goto(live_server.url + reverse("dashboards:notice-detail", args=[old.pk]))
    expect(page.get_by_text("This notice was replaced by a revised notice.")).to_be_visible()
    page.get_by_role("link", name=re.compile("of 1 February 2016")).click()
    expect(page).to_have_url(re.compile(reverse("dashboards:notice-detail", args=[new.pk]) + "$"))
