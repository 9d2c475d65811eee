from django.urls import reverse

from measures.tests.url_cases_people import people_url_cases
from tests.permission_matrix import PERSONAS, UrlCase, everyone, only


def url_cases(world) -> list[UrlCase]:
    return notice_url_cases(world) + people_url_cases(world)


def notice_url_cases(world) -> list[UrlCase]:
    notice = world.notice
    return [
        # The list shows each user only their notices, so it is open to every signed-in user.
        UrlCase("measures:notice-list", reverse("measures:notice-list"), {p: 200 for p in PERSONAS}),
        UrlCase("dashboards:notice-detail", reverse("dashboards:notice-detail", args=[notice.pk]), everyone()),
        # Only an administrator records the notice lifted; an empty form comes back with its errors.
        UrlCase("measures:notice-lift", reverse("measures:notice-lift", args=[notice.pk]), only({"administrator"})),
        UrlCase(
            "measures:notice-lift",
            reverse("measures:notice-lift", args=[notice.pk]),
            only({"administrator"}),
            method="post",
        ),
        # The notice is not lifted, so there is no letter for anyone (measures/tests/test_lifting.py reads one).
        UrlCase("measures:lifting-letter", reverse("measures:lifting-letter", args=[notice.pk]), everyone(404)),
    ]
