"""The dashboard, portfolio and measure pages in the permission matrix (see tests/permission_matrix.py)."""

from django.urls import reverse

from tests.permission_matrix import PERSONAS, UrlCase, everyone


def dashboard_url_cases(world) -> list[UrlCase]:
    notice = world.notice
    return [
        UrlCase("measures:dashboard", reverse("measures:dashboard", args=[notice.pk]), everyone()),
        # Every signed-in user has a portfolio: the notices they belong to (possibly none).
        UrlCase("measures:portfolio", reverse("measures:portfolio"), {p: 200 for p in PERSONAS}),
    ]
