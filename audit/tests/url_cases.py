"""The security event pages × every persona: administrators of the notice only."""

from django.urls import reverse

from tests.permission_matrix import UrlCase, only


def url_cases(world) -> list[UrlCase]:
    n = world.notice.pk
    return [
        UrlCase("audit:events", reverse("audit:events", args=[n]), only({"administrator"})),
        UrlCase("audit:events", reverse("audit:events", args=[n]) + "?kind=sign_in", only({"administrator"})),
        UrlCase("audit:events-export", reverse("audit:events-export", args=[n]), only({"administrator"})),
    ]
