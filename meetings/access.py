"""Getting a Board meeting for a user: the meeting, a 404 or a 403.

Every member of the notice reads meetings and their minutes; recording them is for the
Chair and administrators (Can.RECORD_MEETINGS).
"""

from __future__ import annotations

from typing import NamedTuple

from django.contrib.auth.models import User
from django.http import Http404

from measures.access import NoticeAccess, get_notice_access
from measures.roles import Can
from meetings.models import BoardMeeting


class MeetingAccess(NamedTuple):
    access: NoticeAccess
    meeting: BoardMeeting


def get_meeting_for_user(user: User, notice_pk: int, meeting_pk: int, *, need: Can = Can.VIEW) -> MeetingAccess:
    access = get_notice_access(user, notice_pk, need=need)
    meeting = BoardMeeting.objects.filter(notice=access.notice, pk=meeting_pk).select_related("created_by").first()
    if meeting is None:
        raise Http404("No such Board meeting.")
    meeting.notice = access.notice
    return MeetingAccess(access=access, meeting=meeting)
