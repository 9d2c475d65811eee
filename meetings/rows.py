"""The Board meetings list's rows written in Python: the same markup meeting_list.html's loop wrote.

A page lists 30 meetings, each about a dozen template look-ups and two links; this writes each
with one escape per value (meetings/tests/test_meeting_rows.py checks it against the loop).
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from meetings.models import BoardMeeting
from notice_tracker.lib.days import day


def meeting_row(meeting: BoardMeeting) -> SafeString:
    """One meeting's row; `meeting` carries `attendee_count` and `action_count` (selectors.meeting_page)."""
    held_on = day(meeting.held_on)
    location = f'<div class="small text-muted fw-normal">{escape(meeting.location)}</div>' if meeting.location else ""
    if meeting.dfe_attended:
        name = f" ({escape(meeting.dfe_attendee_name)})" if meeting.dfe_attendee_name else ""
        dfe = f"Attended{name}"
    else:
        dfe = "Did not attend"
    report = "Presented" if meeting.council_report_received else "Not presented"
    if meeting.has_minutes:
        minutes = (
            f'<a href="{escape(meeting.get_minutes_url())}">Download minutes'
            f'<span class="visually-hidden"> of {held_on}</span></a>'
        )
    else:
        minutes = "Not uploaded"
    return mark_safe(  # noqa: S308 - every value is escaped here
        f'<tr>\n      <th scope="row"><a href="{escape(meeting.get_absolute_url())}">{held_on}</a>\n'
        f"        {location}</th>\n"
        f"      <td>{escape(meeting.chaired_by or '–')}</td>\n"
        f"      <td>{meeting.attendee_count}</td>\n"  # type: ignore[attr-defined]  # annotated by the selector
        f"      <td>{dfe}</td>\n"
        f"      <td>{report}</td>\n"
        f"      <td>{meeting.action_count}</td>\n"  # type: ignore[attr-defined]
        f"      <td>{minutes}</td>\n"
        "    </tr>"
    )
