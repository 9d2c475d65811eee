"""Every Board meeting URL × every persona. Every member reads; the Chair and administrators record."""

from django.urls import reverse

from measures.models import Membership
from meetings.tests import factories
from notice_tracker.lib import clock
from tests.permission_matrix import UrlCase, everyone, only

Role = Membership.Role
RECORDERS = {Role.CHAIR, Role.ADMINISTRATOR}


def url_cases(world) -> list[UrlCase]:
    notice = world.notice
    meeting = factories.make_meeting(notice, world["chair"], minutes=factories.minutes_pdf())
    review = factories.make_review(notice, world["chair"])
    n, m = notice.pk, meeting.pk
    url = lambda name, *args: reverse(f"meetings:{name}", args=[n, *args])  # noqa: E731
    new_date = clock.today().replace(day=1).strftime("%d/%m/%Y")
    return [
        UrlCase("meetings:meeting-list", url("meeting-list"), everyone()),
        UrlCase("meetings:meeting-detail", url("meeting-detail", m), everyone()),
        UrlCase("meetings:minutes-download", url("minutes-download", m), everyone()),
        UrlCase("meetings:meeting-create", url("meeting-create"), only(RECORDERS)),
        UrlCase(
            "meetings:meeting-create",
            url("meeting-create"),
            only(RECORDERS, 302),
            method="post",
            data=factories.post_data(held_on=new_date),
        ),
        UrlCase("meetings:meeting-edit", url("meeting-edit", m), only(RECORDERS)),
        UrlCase(
            "meetings:meeting-edit",
            url("meeting-edit", m),
            only(RECORDERS, 302),
            method="post",
            data=factories.post_data(version=meeting.version),
        ),
        UrlCase("meetings:review-list", url("review-list"), everyone()),
        UrlCase("meetings:review-create", url("review-create"), only(RECORDERS)),
        UrlCase(
            "meetings:review-create",
            url("review-create"),
            only(RECORDERS, 302),
            method="post",
            data=factories.review_post_data(held_on=new_date),
        ),
        UrlCase("meetings:review-edit", url("review-edit", review.pk), only(RECORDERS)),
        UrlCase(
            "meetings:review-edit",
            url("review-edit", review.pk),
            only(RECORDERS, 302),
            method="post",
            data=factories.review_post_data(version=review.version),
        ),
    ]
