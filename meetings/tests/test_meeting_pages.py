"""The Board meeting pages: list with the cadence panel, detail, record, edit (with the stale-edit 409), minutes."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.tests import factories as action_factories
from evidence.tests.factories import EXE, ooxml
from measures.models import Membership
from measures.tests import factories as measures_factories
from meetings.models import BoardMeeting, BoardMeetingAttendance
from meetings.tests.factories import make_meeting, minutes_pdf, post_data, with_guests

TODAY = date(2015, 2, 27)


@pytest.fixture(autouse=True)
def pinned_today(settings):
    settings.NOTICE_TRACKER_TODAY = TODAY


@pytest.fixture
def chair_client(client, personas):
    client.force_login(personas["chair"])
    return client


def url(name, notice, *args):
    return reverse(f"meetings:{name}", args=[notice.pk, *args])


def test_the_list_flags_a_gap_in_words_and_counts_dfe_attendance(chair_client, personas):
    notice = personas.notice
    for held_on, dfe in [
        (date(2014, 6, 20), True),
        (date(2014, 7, 18), False),
        (date(2014, 11, 18), True),
        (date(2015, 1, 6), True),
        (date(2015, 2, 3), True),
    ]:
        make_meeting(notice, personas["chair"], held_on=held_on, dfe_attended=dfe)
    page = chair_client.get(url("meeting-list", notice)).content.decode()
    assert "No meeting between 18 July 2014 and 18 November 2014 (123 days)." in " ".join(page.split())
    assert "No meeting between 18 November 2014 and 6 January 2015 (49 days)." in " ".join(page.split())
    assert "4 of 5 meetings" in page
    assert "Next meeting due by</dt>" in page and "3 March 2015" in page
    assert "Record a meeting" in page


def test_the_list_says_when_the_board_is_overdue(chair_client, personas):
    make_meeting(personas.notice, personas["chair"], held_on=date(2015, 1, 6))
    page = " ".join(chair_client.get(url("meeting-list", personas.notice)).content.decode().split())
    assert '6 February 2015 <span class="rag rag-red">Overdue</span>' in page
    assert "No meeting since 6 January 2015: 52 days to today, 27 February 2015." in page


def test_the_list_takes_six_queries_however_many_meetings(client, personas, django_assert_num_queries):
    observer = personas["observer"]
    client.force_login(observer)
    make_meeting(personas.notice, personas["chair"], held_on=date(2014, 6, 20))
    client.get(url("meeting-list", personas.notice))  # warm up the session
    with django_assert_num_queries(6):  # session, user, membership, the cadence, the pager's count, the page
        client.get(url("meeting-list", personas.notice))
    for day in (1, 2, 3, 4, 5):
        make_meeting(personas.notice, personas["chair"], held_on=date(2014, 8, day), members=[observer])
    with django_assert_num_queries(6):
        response = client.get(url("meeting-list", personas.notice))
    assert response.status_code == 200
    assert "Record a meeting" not in response.content.decode()


def test_the_list_shows_25_meetings_a_page_newest_first_with_their_counts(client, personas):
    observer = personas["observer"]
    client.force_login(observer)
    for n in range(27):
        make_meeting(
            personas.notice,
            personas["chair"],
            held_on=date(2013, 1, 1).replace(month=1 + n % 12, year=2013 + n // 12),
            members=[observer] if n == 0 else [],
        )
    first = " ".join(client.get(url("meeting-list", personas.notice)).content.decode().split())
    second = " ".join(client.get(url("meeting-list", personas.notice), {"page": 2}).content.decode().split())
    assert "27 meetings recorded, showing 1–25, newest first." in first
    assert "27 meetings recorded, showing 26–27, newest first." in second
    assert 'aria-label="Pages of Board meetings"' in first and ">Next</a>" in first and ">Previous</a>" in second
    assert "1 March 2015" in first and "1 February 2013" in second and "1 January 2013" in second
    assert "1 January 2013" not in first
    oldest = second[second.index("1 January 2013</a>") :]
    assert "<td>1</td>" in oldest[:400]  # the observer attended the first one: its count is its own


def test_the_detail_shows_attendees_decisions_actions_arising_and_history(chair_client, personas):
    notice, chair = personas.notice, personas["chair"]
    action = action_factories.make_action(
        notice, owner=personas["officer"], organisation=personas.organisation, reference="A-7"
    )
    meeting = make_meeting(
        notice,
        chair,
        held_on=date(2014, 6, 20),
        members=[chair, personas["observer"]],
        actions_arising=[action],
        decisions="Adopt the new threshold document.",
        minutes=minutes_pdf(),
        guests=[{"name": "Dr Asha Rao", "organisation": personas.partner, "capacity": "adviser"}],
    )
    page = chair_client.get(meeting.get_absolute_url()).content.decode()
    for text in [
        "Adopt the new threshold document.",
        "Dr Asha Rao",
        "Adviser",
        "Kent Police",
        "DfE observer",
        "A-7 Run monthly multi-agency case audits",
        action.get_absolute_url(),
        meeting.get_minutes_url(),
        "History of changes",
        "Created",
    ]:
        assert text in page


def test_the_detail_takes_ten_queries_however_long_its_history(client, personas, django_assert_num_queries):
    notice, chair = personas.notice, personas["chair"]
    client.force_login(chair)
    meeting = make_meeting(notice, chair, held_on=date(2014, 6, 20), members=[chair])
    client.get(meeting.get_absolute_url())
    actions = [action_factories.make_action(notice, owner=chair, organisation=personas.organisation) for _ in range(4)]
    members = [personas[r] for r in ("officer", "observer", "lead_member", "mscb_chair")]
    for n in range(3):
        form = {
            "held_on": meeting.held_on,
            "actions_arising": actions[: n + 2],
            "members": members[: n + 2],
            "decisions": f"Decision {n}",
        }
        meeting = _update(meeting, chair, **form)
    # Session, user, membership, meeting, attendees, actions arising, and four for the history.
    with django_assert_num_queries(10):
        client.get(meeting.get_absolute_url())


def _update(meeting, by, **changes):
    from meetings import services
    from meetings.tests.factories import meeting_data

    memberships = list(
        Membership.objects.filter(notice=meeting.notice, user__in=changes.pop("members", [])).select_related(
            "user", "organisation"
        )
    )
    return services.meeting_update(
        meeting=meeting, by=by, form_data=meeting_data(members=memberships, **changes), expected_version=meeting.version
    )


def test_the_chair_records_a_meeting_with_members_guests_actions_and_minutes(chair_client, personas):
    notice = personas.notice
    action = action_factories.make_action(notice, owner=personas["officer"], organisation=personas.organisation)
    members = Membership.objects.filter(notice=notice, user__in=[personas["chair"], personas["observer"]])
    data = with_guests(
        post_data(members=[m.pk for m in members], actions_arising=[action.pk]),
        {"name": "Dr Asha Rao", "organisation": personas.partner.pk, "capacity": "adviser"},
        {"name": "", "capacity": "guest"},  # an empty row is skipped
    )
    data["minutes"] = SimpleUploadedFile("Board minutes June.pdf", minutes_pdf())
    response = chair_client.post(url("meeting-create", notice), data)
    meeting = BoardMeeting.objects.get(notice=notice)
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.held_on == date(2014, 6, 17) and meeting.created_by == personas["chair"]
    # The DfE observer was ticked as present, so the DfE attended and is named.
    assert meeting.dfe_attended and meeting.dfe_attendee_name == personas["observer"].username
    assert sorted(meeting.attendances.values_list("name", "capacity")) == [
        ("Dr Asha Rao", "adviser"),
        ("chair", "member"),
        ("observer", "dfe_observer"),
    ]
    assert list(meeting.actions_arising.all()) == [action]
    assert meeting.minutes_name == "Board minutes June.pdf" and len(meeting.minutes_sha256) == 64


def test_bad_input_is_shown_again_with_the_errors_and_nothing_is_saved(chair_client, personas):
    data = with_guests(
        post_data(held_on="31/02/2015", dfe_attendee_name="Someone", location="Kept location"),
        {"organisation": personas.partner.pk, "name": "", "capacity": "guest"},
    )
    data["minutes"] = SimpleUploadedFile("minutes.exe", EXE)
    response = chair_client.post(url("meeting-create", personas.notice), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There are problems with what you entered" in page
    assert "Enter the date of the meeting as a date, for example 21/05/2014." in page
    assert "Files ending .exe are not accepted" in page
    assert "Give the attendee&#x27;s name." in page
    assert 'value="Kept location"' in page
    assert BoardMeeting.objects.count() == 0


def test_a_future_date_and_a_date_already_recorded_are_refused(chair_client, personas):
    make_meeting(personas.notice, personas["chair"], held_on=date(2014, 6, 17))
    page = chair_client.post(url("meeting-create", personas.notice), post_data()).content.decode()
    assert "A Board meeting on 17 June 2014 is already recorded." in page
    page = chair_client.post(url("meeting-create", personas.notice), post_data(held_on="28/02/2015")).content.decode()
    assert "this date is in the future" in page
    assert BoardMeeting.objects.count() == 1


def test_minutes_must_be_pdf_word_or_text(chair_client, personas):
    data = post_data()
    data["minutes"] = SimpleUploadedFile("minutes.xlsx", ooxml("xl/"))
    page = chair_client.post(url("meeting-create", personas.notice), data).content.decode()
    assert "Minutes must be PDF, Word or plain text; this is a Excel workbook." in page
    data["minutes"] = SimpleUploadedFile("minutes.docx", ooxml("word/"))
    assert chair_client.post(url("meeting-create", personas.notice), data).status_code == 302


def test_actions_of_another_notice_cannot_be_chosen(chair_client, personas):
    other = measures_factories.make_notice("Elsewhere")
    foreign = action_factories.make_action(
        other, owner=personas["chair"], organisation=measures_factories.make_organisation(other)
    )
    page = chair_client.post(
        url("meeting-create", personas.notice), post_data(actions_arising=[foreign.pk])
    ).content.decode()
    assert "Select a valid choice" in page
    assert BoardMeeting.objects.count() == 0


def test_editing_replaces_attendees_and_records_the_change_in_the_history(chair_client, personas):
    notice, chair = personas.notice, personas["chair"]
    meeting = make_meeting(
        notice,
        chair,
        held_on=date(2014, 6, 17),
        members=[chair],
        guests=[{"name": "Dr Asha Rao", "organisation": None, "capacity": "adviser"}],
    )
    officer = Membership.objects.get(notice=notice, user=personas["officer"])
    data = with_guests(post_data(version=meeting.version, members=[officer.pk], decisions="Changed decision"))
    response = chair_client.post(url("meeting-edit", notice, meeting.pk), data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.version == 2 and meeting.decisions == "Changed decision"
    assert list(meeting.attendances.values_list("name", flat=True)) == ["officer"]
    page = " ".join(chair_client.get(meeting.get_absolute_url()).content.decode().split())
    assert "Decisions: <del>Agree the improvement plan.</del> → <ins>Changed decision</ins>" in page
    assert "Attendee: <del>—</del> → <ins>officer</ins>" in page
    assert "Attendee: <del>Dr Asha Rao</del> → <ins>—</ins>" in page


def test_the_edit_form_starts_with_the_saved_attendees_and_guests(chair_client, personas):
    notice, chair = personas.notice, personas["chair"]
    meeting = make_meeting(
        notice,
        chair,
        held_on=date(2014, 6, 17),
        members=[chair],
        guests=[{"name": "Dr Asha Rao", "organisation": None, "capacity": "adviser"}],
    )
    response = chair_client.get(url("meeting-edit", notice, meeting.pk))
    chair_membership = Membership.objects.get(notice=notice, user=chair)
    assert response.context["form"]["members"].value() == [chair_membership.pk]
    assert 'value="Dr Asha Rao"' in response.content.decode()


def test_a_stale_edit_is_refused_with_409_showing_both_versions(chair_client, personas):
    notice, chair = personas.notice, personas["chair"]
    meeting = make_meeting(notice, chair, held_on=date(2014, 6, 17))
    _update(meeting, personas["administrator"], held_on=meeting.held_on, decisions="The administrator's decision")
    data = post_data(version=1, decisions="My decision")
    response = chair_client.post(url("meeting-edit", notice, meeting.pk), data)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this meeting after you opened it" in page
    assert "The administrator&#x27;s decision" in page  # theirs, as saved
    assert "My decision</textarea>" in page  # mine, kept in the form
    assert response.context["form"]["version"].value() == "2"
    meeting.refresh_from_db()
    assert meeting.decisions == "The administrator's decision"


def test_minutes_download_as_an_attachment_that_is_never_sniffed_or_cached(client, personas):
    meeting = make_meeting(personas.notice, personas["chair"], held_on=date(2014, 6, 17), minutes=minutes_pdf())
    client.force_login(personas["observer"])
    response = client.get(meeting.get_minutes_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_a_meeting_without_minutes_has_nothing_to_download(client, personas):
    meeting = make_meeting(personas.notice, personas["chair"], held_on=date(2014, 6, 17))
    client.force_login(personas["chair"])
    assert client.get(meeting.get_minutes_url()).status_code == 404


def test_outsiders_get_404_and_members_without_the_right_403(client, personas):
    meeting = make_meeting(personas.notice, personas["chair"], held_on=date(2014, 6, 17), minutes=minutes_pdf())
    client.force_login(personas["outsider"])
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert client.get(meeting.get_minutes_url()).status_code == 404
    client.force_login(personas["officer"])
    assert client.get(url("meeting-edit", personas.notice, meeting.pk)).status_code == 403
    assert client.post(url("meeting-create", personas.notice), post_data(held_on="01/07/2014")).status_code == 403
    assert BoardMeeting.objects.count() == 1


def test_a_meeting_of_another_notice_is_not_found_under_this_one(client, personas):
    other = measures_factories.make_notice("Elsewhere")
    measures_factories.make_member(other, "chair", username="other-chair")
    meeting = make_meeting(other, personas["outsider"], held_on=date(2014, 6, 17))
    client.force_login(personas["chair"])
    assert client.get(reverse("meetings:meeting-detail", args=[personas.notice.pk, meeting.pk])).status_code == 404


def test_each_member_is_recorded_once_per_meeting(personas):
    from django.db import IntegrityError, transaction

    meeting = make_meeting(personas.notice, personas["chair"], held_on=date(2014, 6, 17), members=[personas["chair"]])
    with pytest.raises(IntegrityError), transaction.atomic():
        BoardMeetingAttendance.objects.create(meeting=meeting, user=personas["chair"], name="Again")


@pytest.mark.parametrize("typed", ["17/06/2014", "2014-06-17", "17 June 2014"])
def test_the_meeting_date_saves_typed_the_british_way_iso_or_in_words(chair_client, personas, typed):
    response = chair_client.post(url("meeting-create", personas.notice), post_data(held_on=typed))
    assert response.status_code == 302
    meeting = BoardMeeting.objects.get()
    assert meeting.held_on == date(2014, 6, 17)
    assert 'value="17 June 2014"' in chair_client.get(url("meeting-edit", personas.notice, meeting.pk)).content.decode()


def test_a_minutes_download_is_written_to_the_security_log(client, personas):
    # Security review (issue 13), finding 9.
    from audit.models import SecurityEvent

    meeting = make_meeting(personas.notice, personas["chair"], held_on=date(2014, 6, 17), minutes=minutes_pdf())
    client.force_login(personas["observer"])
    assert client.get(meeting.get_minutes_url()).status_code == 200
    event = SecurityEvent.objects.get(kind="minutes_download")
    assert event.user == personas["observer"] and event.notice == personas.notice
    assert event.object_ref == f"meetings.BoardMeeting:{meeting.pk}" and event.detail == meeting.minutes_name
