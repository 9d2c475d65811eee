"""Improvement Board meetings with attendance, actions arising and minutes files.

Skipped, saying so, while the reports app has no BoardMeeting model (it arrived with issue 5).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.conf import settings

from bench.generate.base import LAST_DAY, Context, Stage, aware, bulk, pick, random_name, scaled, with_history
from bench.generate.evidence import file_pool
from measures.models import Membership
from meetings.models import BoardMeeting, BoardMeetingAttendance

DECISIONS = "The Board agreed the revised plan and asked for the audit results at the next meeting."
SUMMARY = "The Board reviewed progress against each measure, the failing indicators and the evidence accepted."


def generate(ctx: Context) -> None:
    rows = []
    for notice, count in zip(ctx.notices, ctx.share(scaled("board_meetings", ctx.scale)), strict=True):
        rows += _meetings(ctx, notice, count)
    with Stage(ctx, "board meetings") as stage:
        meetings = bulk(BoardMeeting, rows, stage=stage)
    _links(ctx, meetings)


def _days(notice, count: int) -> list:
    """`count` distinct days, as many as possible between the notice and 27 February 2015, the rest before."""
    after = [notice.issued_on + timedelta(days=d) for d in range((LAST_DAY - notice.issued_on).days + 1)]
    before = [notice.issued_on - timedelta(days=d) for d in range(1, max(0, count - len(after)) + 1)]
    return after + before


def _meetings(ctx: Context, notice, count: int) -> list:
    rng, pool = ctx.rng, [blob for blob in file_pool() if blob.content_type == "application/pdf"]
    chair = ctx.chair[notice.pk]
    days = sorted(rng.sample(_days(notice, count), count))
    media = Path(settings.MEDIA_ROOT)
    rows = []
    for held_on in days:
        dfe = rng.random() < 0.8
        meeting = BoardMeeting(
            notice=notice,
            held_on=held_on,
            location="Gun Wharf, Chatham",
            chaired_by=chair.get_full_name(),
            dfe_attended=dfe,
            dfe_attendee_name="DfE adviser" if dfe else "",
            minutes_summary=SUMMARY,
            decisions=DECISIONS,
            created_by=chair,
            created_at=aware(held_on + timedelta(days=2)),
        )
        if rng.random() < 0.7:
            blob = rng.choice(pool)
            name = f"minutes/{notice.pk}/{random_name(rng)}"
            (media / name).parent.mkdir(parents=True, exist_ok=True)
            (media / name).write_bytes(blob.content)
            ctx.files_written.append(str(media / name))
            meeting.minutes_file, meeting.minutes_name = name, f"minutes-{held_on:%Y-%m-%d}.pdf"
            meeting.minutes_content_type, meeting.minutes_size, meeting.minutes_sha256 = (
                blob.content_type,
                len(blob.content),
                blob.sha256,
            )
        rows.append(with_history(meeting, by=chair, on=meeting.created_at))
    return rows


def _links(ctx: Context, meetings: list) -> None:
    rng = ctx.rng
    members: dict[int, list[Membership]] = {}
    for membership in Membership.objects.filter(notice__in=ctx.notices).select_related("user").order_by("pk"):
        members.setdefault(membership.notice_id, []).append(membership)
    arising, attendances = [], []
    for meeting in meetings:
        arising += [
            BoardMeeting.actions_arising.through(boardmeeting_id=meeting.pk, action_id=action.pk)
            for action in pick(rng, ctx.actions.get(meeting.notice_id, []), rng.randint(0, 3))
        ]
        present = [m for m in members[meeting.notice_id] if m.role != Membership.Role.OFFICER]
        present += pick(rng, [m for m in members[meeting.notice_id] if m.role == Membership.Role.OFFICER], 4)
        if not meeting.dfe_attended:
            present = [m for m in present if m.role != Membership.Role.OBSERVER]
        for membership in present:
            capacity = _capacity(membership.role)
            attendances.append(
                with_history(
                    BoardMeetingAttendance(
                        meeting=meeting,
                        user=membership.user,
                        name=membership.user.get_full_name(),
                        organisation_id=membership.organisation_id,
                        capacity=capacity,
                    ),
                    by=meeting.created_by,
                    on=meeting.created_at,
                )
            )
        attendances.append(
            with_history(
                BoardMeetingAttendance(
                    meeting=meeting,
                    name="Independent adviser",
                    capacity=BoardMeetingAttendance.Capacity.ADVISER,
                ),
                by=meeting.created_by,
                on=meeting.created_at,
            )
        )
    with Stage(ctx, "board meeting attendance") as stage:
        BoardMeeting.actions_arising.through.objects.bulk_create(arising, batch_size=5000)
        bulk(BoardMeetingAttendance, attendances, stage=stage)
        stage.rows += len(arising)


def _capacity(role: str) -> str:
    Capacity = BoardMeetingAttendance.Capacity
    if role == Membership.Role.OBSERVER:
        return Capacity.DFE_OBSERVER
    return Capacity.OFFICER if role == Membership.Role.OFFICER else Capacity.MEMBER
