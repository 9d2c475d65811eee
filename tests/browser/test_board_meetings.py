"""Issue 5's Board meetings and 'My work' in a real browser: the Chair records a meeting; every page passes axe."""

from datetime import date

import pytest
from playwright.sync_api import expect

from actions.models import Action
from actions.tests import factories as action_factories
from meetings.models import BoardMeeting
from meetings.tests.factories import make_meeting, minutes_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_chair_records_a_meeting_and_every_page_on_the_way_is_accessible(
    personas,
    sign_in,
    page,
    live_server,
    tmp_path,
    settings,
    assert_accessible,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.NOTICE_TRACKER_TODAY = date(2015, 2, 27)
    notice, chair = personas.notice, personas["chair"]
    action_factories.make_action(
        notice,
        owner=chair,
        organisation=personas.organisation,
        reference="A-1",
        title="Agree the revised plan",
        due_on=date(2015, 3, 6),
    )
    make_meeting(notice, chair, held_on=date(2014, 6, 20), minutes=minutes_pdf(), members=[chair, personas["observer"]])
    sign_in("chair")

    page.goto(f"{live_server.url}/notices/{notice.pk}/meetings/")
    expect(page.get_by_text("No meeting since 20 June 2014: 252 days to today, 27 February 2015.")).to_be_visible()
    assert_accessible()

    page.get_by_role("link", name="Record a meeting").click()
    page.get_by_label("Held on").fill("31/02/2015")
    page.get_by_role("button", name="Record meeting").click()
    expect(page.get_by_text("Enter the date of the meeting as a date, for example 21/05/2014.").first).to_be_visible()
    assert_accessible()

    page.get_by_label("Held on").fill("03/02/2015")
    page.get_by_label("Location").fill("Gun Wharf, Chatham")
    page.get_by_label("observer (DfE observer").check()
    page.get_by_role("checkbox", name="A-1 Agree the revised plan").check()
    page.locator("#id_guests-0-name").fill("Dr Asha Rao")
    page.locator("#id_guests-0-capacity").select_option(label="Adviser")
    page.get_by_label("Minutes file").set_input_files(
        files=[{"name": "minutes.pdf", "mimeType": "application/pdf", "buffer": minutes_pdf("February minutes")}]
    )
    page.get_by_role("button", name="Record meeting").click()
    expect(page.get_by_role("heading", name="Board meeting of 3 February 2015")).to_be_visible()
    expect(page.get_by_text("Dr Asha Rao")).to_be_visible()
    assert_accessible()
    meeting = BoardMeeting.objects.get(notice=notice, held_on=date(2015, 2, 3))
    assert meeting.dfe_attended and meeting.has_minutes
    assert list(meeting.actions_arising.all()) == list(Action.objects.filter(reference="A-1"))

    page.get_by_role("link", name="Edit").click()
    expect(page.locator("#id_guests-0-name")).to_have_value("Dr Asha Rao")
    assert_accessible()

    page.get_by_role("link", name="My work").click()
    expect(page.get_by_text("A-1 Agree the revised plan")).to_be_visible()
    expect(page.get_by_text("Improvement Board meeting")).to_be_visible()
    assert_accessible()
