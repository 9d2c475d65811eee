"""A person's calendar: what falls due on the notices they are a member of, as iCalendar (RFC 5545).

Every date comes from the notice's position (progress/position.py), as the dashboard and My
work show them; the Board meetings already fixed for a day to come are the meetings recorded.
Per notice the person is a member of (active notices only; a person removed from a notice loses
its events with the next refresh):

- the Board meetings recorded for today or later, and, unless one is recorded by then (or, when
  the Board is already late, at all), the date the next meeting is due under its monthly cadence;
- the statutory reports called for and not yet issued (the late ones too: they are still owed);
- each other duty's open occurrence (a one-off duty recorded as done has none, so it leaves).

Each event's UID names what it is and, for something that recurs, which occurrence: a calendar
app updates an event in place, and drops it when it is no longer in the feed (met, issued,
cancelled). Events are all-day: meetings, reports and duties carry dates, not times.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse

from measures.models import Duty, Membership, Notice
from meetings.models import BoardMeeting
from progress.position import current_positions
from reports.schedule import DUTY_KINDS

REPORT_DUTIES = set(DUTY_KINDS)  # their occurrences are the reports the schedule lists
PRODID = "-//Notice Tracker//Calendar feed//EN"


@dataclass(frozen=True)
class FeedEvent:
    uid: str
    on: date
    summary: str
    description: str
    url: str
    category: str


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "notice-tracker"


def _link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def feed_events(user: User, *, on: date) -> list[FeedEvent]:
    """The person's events, by date then UID (three queries when the positions are stored)."""
    if not user.is_active:
        return []
    notices = [
        m.notice
        for m in Membership.objects.filter(user=user, notice__status=Notice.Status.ACTIVE)
        .select_related("notice__authority")
        .order_by("notice__issued_on", "notice_id")
    ]
    if not notices:
        return []
    positions = current_positions(notices, on=on)
    scheduled: dict[int, list[BoardMeeting]] = {notice.pk: [] for notice in notices}
    for meeting in BoardMeeting.objects.filter(notice__in=notices, held_on__gte=on).order_by("held_on"):
        scheduled[meeting.notice_id].append(meeting)
    host = _host()
    events: list[FeedEvent] = []
    for notice in notices:
        position, where = positions[notice.pk], notice.authority.name
        dashboard = _link(reverse("dashboards:notice-detail", args=[notice.pk]))
        for meeting in scheduled[notice.pk]:
            events.append(
                FeedEvent(
                    uid=f"meeting-{meeting.pk}@{host}",
                    on=meeting.held_on,
                    summary=f"Improvement Board meeting – {where}",
                    description=meeting.location and f"Location: {meeting.location}",
                    url=_link(meeting.get_absolute_url()),
                    category="Board meeting",
                )
            )
        due, coming = position.next_board_meeting, scheduled[notice.pk]
        # A meeting recorded by the due date meets it; when the Board is already late, the next one recorded does.
        if not (coming and (position.board.is_overdue or coming[0].held_on <= due)):
            last = position.board.last_held_on
            events.append(
                FeedEvent(
                    uid=f"board-{notice.pk}-{due:%Y%m%d}@{host}",
                    on=due,
                    summary=f"Improvement Board meeting due – {where}",
                    description="The Board meets at least monthly"
                    + (f"; it last met on {last.day} {last:%B %Y}." if last else "."),
                    url=_link(reverse("meetings:meeting-list", args=[notice.pk])),
                    category="Board meeting",
                )
            )
        for row in position.reports:
            if row.issued is not None:
                continue
            events.append(
                FeedEvent(
                    uid=f"report-{row.duty.pk}-{row.due_on:%Y%m%d}@{host}",
                    on=row.due_on,
                    summary=f"{row.kind_label} due{' (late)' if row.is_late else ''} – {where}",
                    description=f"For the period {row.period_start.day} {row.period_start:%B %Y} to "
                    f"{row.period_end.day} {row.period_end:%B %Y}.",
                    url=_link(reverse("reports:report-list", args=[notice.pk])),
                    category="Report deadline",
                )
            )
        for duty_position in position.open_duties:
            duty = duty_position.duty
            if duty_position.due_on is None or duty.code == Duty.Code.BOARD_MEETING or duty.code in REPORT_DUTIES:
                continue
            occurrence = f"-{duty_position.due_on:%Y%m%d}" if duty.is_recurring else ""
            details = [f"Notice section {duty.section}." if duty.section else "", duty.responsible]
            events.append(
                FeedEvent(
                    uid=f"duty-{duty.pk}{occurrence}@{host}",
                    on=duty_position.due_on,
                    summary=f"{duty.title}{' (overdue)' if duty_position.is_overdue else ''} – {where}",
                    description=" ".join(d for d in details if d),
                    url=dashboard,
                    category="Duty",
                )
            )
    return sorted(events, key=lambda event: (event.on, event.uid))


def feed_calendar(user: User, *, on: date) -> bytes:
    """The person's events as an iCalendar file.

    DTSTAMP is the start of `on` in UTC rather than the moment of the request, so the same data
    gives the same bytes all day (and the same ETag to a calendar app that asks again).
    """
    # Imported here, not with the URLconf: the library costs every process start ~0.4 s, and only feeds need it.
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Notice Tracker")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    stamp = datetime.combine(on, time(0), tzinfo=UTC)
    for item in feed_events(user, on=on):
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.on)
        event.add("dtend", item.on + timedelta(days=1))
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description)
        event.add("url", item.url)
        event.add("categories", [item.category])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
