from django.urls import reverse

from measures.tests.url_cases_people import people_url_cases
from tests.permission_matrix import PERSONAS, UrlCase, everyone


def url_cases(world) -> list[UrlCase]:
    return notice_url_cases(world) + people_url_cases(world)


def notice_url_cases(world) -> list[UrlCase]:
    notice = world.notice
    return [
        # The list shows each user only their notices, so it is open to every signed-in user.
        UrlCase("measures:notice-list", reverse("measures:notice-list"), {p: 200 for p in PERSONAS}),
        UrlCase("dashboards:notice-detail", reverse("dashboards:notice-detail", args=[notice.pk]), everyone()),
    ]
