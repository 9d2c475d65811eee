"""Calendar feeds read back with a real iCalendar parser: what is in them, who sees it, and the
secret address (reset, deactivation, outsiders)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from icalendar import Calendar

from audit.models import SecurityEvent
from calendars.models import CalendarFeed
from calendars.services import feed_reset
from measures.models import Duty, Membership
from measures.services import membership_remove
from measures.tests.factories import make_duty
from meetings.tests.factories import make_meeting
from progress.services import duty_complete

TODAY = date(2014, 8, 1)  # the personas' notice was issued on 21 May 2014


@pytest.fixture(autouse=True)
def _today(settings):
    settings.NOTICE_TRACKER_TODAY = TODAY
    settings.SITE_URL = "https://tracker.example.gov.uk"


def events(client, feed: CalendarFeed) -> dict[str, dict]:
    response = client.get(reverse("calendars:feed", args=[feed.token]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {
        str(event["UID"]): {
            "summary": str(event["SUMMARY"]),
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
            "url": str(event["URL"]),
        }
        for event in calendar.walk("VEVENT")
    }


@pytest.mark.django_db
def test_a_members_feed_has_the_board_meeting_due_reports_due_and_open_duties_and_no_done_duty(client, personas):
    notice = personas.notice
    report = make_duty(notice, Duty.Code.CHAIR_REPORT, cadence_months=3, starts_on=date(2014, 5, 21))
    open_duty = make_duty(
        notice, Duty.Code.OTHER, title="Publish the plan", cadence_months=None, starts_on=None, due_on=date(2014, 9, 1)
    )
    done = make_duty(
        notice,
        Duty.Code.EXTERNAL_VALIDATION,
        title="Validate progress",
        cadence_months=None,
        starts_on=None,
        due_on=date(2014, 9, 30),
    )
    held = make_meeting(notice, personas["chair"], held_on=date(2014, 7, 30))
    duty_complete(
        duty=done, by=personas["chair"], done_on=date(2014, 7, 30), today=TODAY, meeting=held, expected_version=0
    )

    found = events(client, feed_reset(user=personas["officer"]))

    host = "tracker.example.gov.uk"
    # The Board meets at least monthly: last on 30 July, so next by 30 August; the meeting held is not listed.
    board = found[f"board-{notice.pk}-20140830@{host}"]
    assert board["summary"] == "Improvement Board meeting due – Medway Council"
    assert (board["start"], board["end"]) == (date(2014, 8, 30), date(2014, 8, 31))  # all day
    assert f"meeting-{held.pk}@{host}" not in found
    # The Chair's quarterly report: the one for the first quarter is due on 21 August 2014.
    chair_report = found[f"report-{report.pk}-20140821@{host}"]
    assert chair_report["summary"] == "Chair's 3-monthly report to the Minister due – Medway Council"
    assert chair_report["url"] == f"https://{host}" + reverse("reports:report-list", args=[notice.pk])
    assert found[f"duty-{open_duty.pk}@{host}"]["start"] == date(2014, 9, 1)
    # Met: gone; and a report duty shows as its reports, not twice.
    assert not [uid for uid in found if uid.startswith((f"duty-{done.pk}", f"duty-{report.pk}"))]
    assert not [e for e in found.values() if "Validate progress" in e["summary"]]


@pytest.mark.django_db
def test_a_meeting_recorded_for_a_day_to_come_replaces_the_due_date_and_moves_it_on_once_held(
    client, personas, settings
):
    notice = personas.notice
    meeting = make_meeting(notice, personas["chair"], held_on=date(2014, 8, 5))
    feed = feed_reset(user=personas["observer"])
    found = events(client, feed)
    host = "tracker.example.gov.uk"
    assert found[f"meeting-{meeting.pk}@{host}"]["start"] == date(2014, 8, 5)
    # The Board is late (due by 21 June, not met yet): the meeting recorded is the one to come.
    assert not [uid for uid in found if uid.startswith("board-")]
    # The meeting held: a month on, the next is due; the same meeting's event stays where it was.
    settings.NOTICE_TRACKER_TODAY = date(2014, 8, 6)
    found = events(client, feed)
    assert f"meeting-{meeting.pk}@{host}" not in found
    assert found[f"board-{notice.pk}-20140905@{host}"]["start"] == date(2014, 9, 5)
    # One recorded after that date leaves the due date in place; one recorded by it meets it.
    later = make_meeting(notice, personas["chair"], held_on=date(2014, 9, 20))
    found = events(client, feed)
    assert {f"board-{notice.pk}-20140905@{host}", f"meeting-{later.pk}@{host}"} <= set(found)
    sooner = make_meeting(notice, personas["chair"], held_on=date(2014, 9, 2))
    found = events(client, feed)
    assert {f"meeting-{sooner.pk}@{host}", f"meeting-{later.pk}@{host}"} <= set(found)
    assert not [uid for uid in found if uid.startswith("board-")]


@pytest.mark.django_db
def test_an_outsider_sees_none_of_the_notice_and_a_member_removed_loses_its_events(client, personas):
    make_duty(personas.notice, Duty.Code.CHAIR_REPORT)
    outsider = events(client, feed_reset(user=personas["outsider"]))
    assert outsider  # their own notice's Board meeting due
    assert not [e for e in outsider.values() if "Medway Council" in e["summary"]]

    feed = feed_reset(user=personas["officer"])
    assert [e for e in events(client, feed).values() if "Medway Council" in e["summary"]]
    membership_remove(membership=Membership.objects.get(user=personas["officer"], notice=personas.notice))
    assert events(client, feed) == {}


@pytest.mark.django_db
def test_reset_makes_a_new_address_the_old_one_answers_404_and_the_history_says_who(client, personas):
    user = personas["chair"]
    client.force_login(user)
    response = client.post(reverse("calendars:feed-reset"))
    assert response.status_code == 302
    first = CalendarFeed.objects.get(user=user)
    old = reverse("calendars:feed", args=[first.token])
    client.logout()
    assert client.get(old).status_code == 200

    client.force_login(user)
    client.post(reverse("calendars:feed-reset"))
    client.logout()
    feed = CalendarFeed.objects.get(user=user)
    assert feed.token != first.token and len(feed.token) >= 43
    assert client.get(old).status_code == 404
    assert client.get(reverse("calendars:feed", args=[feed.token])).status_code == 200
    history = list(feed.history.order_by("history_id"))
    assert [(h.history_type, h.history_user, h.resets) for h in history] == [("+", user, 0), ("~", user, 1)]
    assert not hasattr(history[0], "token")  # an old secret is kept nowhere
    events = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.CALENDAR_FEED_RESET).order_by("pk")
    assert [(e.user, e.detail) for e in events] == [(user, "made"), (user, "reset")]
    assert first.token not in "".join(e.detail + e.object_ref for e in events)


@pytest.mark.django_db
def test_a_deactivated_persons_feed_answers_404(client, personas):
    user = personas["chair"]
    feed = feed_reset(user=user)
    url = reverse("calendars:feed", args=[feed.token])
    assert client.get(url).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_feed_may_be_kept_privately_for_a_while_and_answers_304_when_unchanged(client, personas):
    url = reverse("calendars:feed", args=[feed_reset(user=personas["chair"]).token])
    response = client.get(url)
    assert response["Cache-Control"] == "private, max-age=900"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    again = client.get(url, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    make_duty(personas.notice, Duty.Code.CHAIR_REPORT)  # something new due: a new answer
    assert client.get(url, headers={"If-None-Match": response["ETag"]}).status_code == 200


@pytest.mark.django_db
def test_the_page_shows_the_address_to_copy_and_a_reset_button(client, personas):
    user = personas["officer"]
    client.force_login(user)
    page = client.get(reverse("calendars:feed-page")).content.decode()
    assert "Make my calendar feed address" in page and "/calendar/feed/" not in page
    client.post(reverse("calendars:feed-reset"))
    page = client.get(reverse("calendars:feed-page")).content.decode()
    token = CalendarFeed.objects.get(user=user).token
    assert f'value="https://tracker.example.gov.uk/calendar/feed/{token}.ics"' in page
    assert 'data-copy-from="calendar-feed-address"' in page
    assert "Reset the address" in page
