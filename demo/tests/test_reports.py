"""The demo's Board meetings: monthly with one deliberate winter gap, the DfE at most, minutes as real PDFs."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from demo import notices as demo
from demo.meetings import load_meetings
from demo.plan import load_actions
from meetings.cadence import MeetingGap
from meetings.models import BoardMeeting
from meetings.selectors import board_cadence


@pytest.fixture
def context(db):
    context = demo.load_people(demo.import_medway_notice())
    load_actions(context)
    return context


def test_demo_meetings_flag_only_the_winter_gap_and_run_again_without_change(context):
    load_meetings(context)
    notice = context.notice
    cadence = board_cadence(notice, on=date(2015, 2, 27))
    assert cadence.meetings_held == 9
    assert cadence.gaps == [MeetingGap(after=date(2014, 11, 18), before=date(2015, 1, 6), days=49)]
    assert not cadence.is_overdue and cadence.next_due_on == date(2015, 3, 3)
    assert 0 < cadence.dfe_attended < cadence.meetings_held
    meetings = list(
        BoardMeeting.objects.filter(notice=notice)
        .order_by("held_on")
        .prefetch_related("attendances", "actions_arising")
    )
    assert all(m.attendances.all() for m in meetings)
    assert any(a.user_id is None for m in meetings for a in m.attendances.all())  # advisers and officers in attendance
    assert sum(len(m.actions_arising.all()) for m in meetings) >= 4
    with_minutes = [m for m in meetings if m.has_minutes]
    assert 0 < len(with_minutes) < len(meetings)
    with with_minutes[0].minutes_file.open("rb") as handle:
        assert "minutes of 20 June 2014" in PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()

    load_meetings(context)
    assert BoardMeeting.objects.filter(notice=notice).count() == 9
    assert context.log[-2].startswith("Board meetings: 0 added (9 already there)")
    assert context.log[-1].startswith("DfE reviews: 0 added (1 already there)")
