from django.urls import reverse

from measures.models import Membership
from tests.permission_matrix import UrlCase, only

ADMIN = {"administrator"}


def people_url_cases(world) -> list[UrlCase]:
    notice = world.notice
    target = Membership.objects.get(notice=notice, user=world["lead_member"])
    args = [notice.pk, target.pk]
    return [
        UrlCase("measures:people", reverse("measures:people", args=[notice.pk]), only(ADMIN)),
        UrlCase("measures:person-add", reverse("measures:person-add", args=[notice.pk]), only(ADMIN)),
        UrlCase(
            "measures:person-add",
            reverse("measures:person-add", args=[notice.pk]),
            only(ADMIN, 302),
            method="post",
            data={
                "username": "newbie",
                "email": "newbie@example.org",
                "role": "officer",
                "organisation": world.organisation.pk,
            },
        ),
        UrlCase("measures:person-edit", reverse("measures:person-edit", args=args), only(ADMIN)),
        UrlCase(
            "measures:person-edit",
            reverse("measures:person-edit", args=args),
            only(ADMIN, 302),
            method="post",
            data={"role": "officer", "organisation": world.organisation.pk},
        ),
        UrlCase(
            "measures:person-remove", reverse("measures:person-remove", args=args), only(ADMIN, 302), method="post"
        ),
    ]
