"""meetings.services: the rules every caller meets, form or not, and the files a failed write leaves behind (none)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from actions.tests import factories as action_factories
from demo.evidence import checked
from evidence.tests.helpers import stored_files
from measures.tests import factories as measures_factories
from meetings import services
from meetings.models import BoardMeeting
from meetings.tests.factories import make_meeting, meeting_data, minutes_pdf


def test_a_write_that_fails_leaves_no_minutes_file_behind(personas, media_root):
    make_meeting(personas.notice, personas["chair"], held_on=date(2014, 6, 17))
    data = meeting_data(held_on=date(2014, 6, 17), minutes=checked(minutes_pdf(), "minutes.pdf"))
    with pytest.raises(ValidationError):
        services.meeting_create(notice=personas.notice, by=personas["chair"], form_data=data)
    assert stored_files(media_root) == []


def test_a_stored_file_is_removed_when_the_database_refuses_a_later_row(personas, media_root):
    from django.db import IntegrityError

    # An unnamed guest passes the service's checks but breaks boardmeetingattendance_named,
    # after the meeting row and its minutes file have been written.
    data = meeting_data(
        minutes=checked(minutes_pdf(), "minutes.pdf"), guests=[{"name": "", "organisation": None, "capacity": "guest"}]
    )
    with pytest.raises(IntegrityError):
        services.meeting_create(notice=personas.notice, by=personas["chair"], form_data=data)
    assert BoardMeeting.objects.count() == 0
    assert stored_files(media_root) == []


def test_actions_and_members_of_another_notice_are_refused_without_a_form(personas):
    other = measures_factories.make_notice("Elsewhere")
    foreign = action_factories.make_action(
        other, owner=personas["outsider"], organisation=measures_factories.make_organisation(other)
    )
    with pytest.raises(ValidationError, match="Choose actions of this notice"):
        services.meeting_create(
            notice=personas.notice, by=personas["chair"], form_data=meeting_data(actions_arising=[foreign])
        )
    with pytest.raises(ValidationError, match="DfE official is named"):
        services.meeting_create(
            notice=personas.notice, by=personas["chair"], form_data=meeting_data(dfe_attendee_name="J Fraser")
        )
    assert BoardMeeting.objects.count() == 0


def test_uploading_the_same_minutes_again_changes_nothing_about_the_file(personas):
    meeting = make_meeting(personas.notice, personas["chair"], held_on=date(2014, 6, 17), minutes=minutes_pdf())
    name = meeting.minutes_file.name
    updated = services.meeting_update(
        meeting=meeting,
        by=personas["chair"],
        expected_version=meeting.version,
        form_data=meeting_data(held_on=meeting.held_on, minutes=checked(minutes_pdf(), "again.pdf")),
    )
    assert updated.minutes_file.name == name and updated.minutes_name == "minutes.pdf"


def test_every_write_is_in_the_history_with_who_made_it(personas):
    meeting = make_meeting(personas.notice, personas["chair"], held_on=date(2014, 6, 17))
    services.meeting_update(
        meeting=meeting,
        by=personas["administrator"],
        expected_version=1,
        form_data=meeting_data(held_on=meeting.held_on, location="Rochester"),
    )
    users = list(meeting.history.order_by("history_date").values_list("history_user__username", "version"))
    assert users[0] == ("chair", 1) and users[-1] == ("administrator", 2)
