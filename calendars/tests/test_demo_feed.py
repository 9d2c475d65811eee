"""Issue 16's acceptance for calendar feeds: the demo Chair's feed, read with a real iCalendar
parser, holds the demo's next Board meeting and its next report deadline, and no duty done."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from django.urls import reverse
from icalendar import Calendar

from calendars.services import feed_reset
from measures.models import Duty
from progress.position import notice_position
from tests.demo import DEMO_TODAY

pytestmark = pytest.mark.pdf  # the demo issues PDFs


@pytest.mark.django_db
@override_settings(NOTICE_TRACKER_TODAY=DEMO_TODAY, SITE_URL="https://tracker.example.gov.uk")
def test_the_demo_chairs_feed_has_the_next_board_meeting_and_report_deadline_and_no_done_duty(client, loaded_demo):
    feed = feed_reset(user=User.objects.get(username="chair"))
    response = client.get(reverse("calendars:feed", args=[feed.token]))  # no sign-in: the address is the key
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    coming = sorted(
        (e.decoded("DTSTART"), str(e["SUMMARY"])) for e in events.values() if e.decoded("DTSTART") >= DEMO_TODAY
    )

    # The Board last met on 3 February 2015: the next meeting is due by 3 March 2015, the first
    # Board meeting in the feed from 27 February on. The position says the same.
    position = notice_position(loaded_demo, on=DEMO_TODAY)
    assert position.next_board_meeting == date(2015, 3, 3)
    board = [(on, summary) for on, summary in coming if summary.startswith("Improvement Board meeting")]
    assert board[0] == (date(2015, 3, 3), "Improvement Board meeting due – Medway Council")

    # The next report deadline: the first report in the feed from 27 February on is the position's next report.
    report = position.next_report
    assert report is not None
    reports = [(on, summary) for on, summary in coming if " report" in summary and "due" in summary]
    assert reports[0] == (report.due_on, f"{report.kind_label} due – Medway Council")
    assert f"report-{report.duty.pk}-{report.due_on:%Y%m%d}@tracker.example.gov.uk" in events

    # The three one-off duties the demo records as done are nowhere in it.
    done = list(Duty.objects.filter(notice=loaded_demo, completed_on__isnull=False))
    assert len(done) == 3
    for duty in done:
        assert not [uid for uid in events if uid.startswith(f"duty-{duty.pk}@") or uid.startswith(f"duty-{duty.pk}-")]
        assert not [e for e in events.values() if duty.title in str(e["SUMMARY"])]
