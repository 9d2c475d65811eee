"""Breadcrumbs every notice page starts with."""

from __future__ import annotations

from django.urls import reverse


def notice_crumbs(notice, *tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    """Breadcrumbs from the notice list down: the notice itself (its dashboard, the landing page), then `tail`."""
    crumbs: list[tuple[str, str | None]] = [
        ("Notices", reverse("measures:notice-list")),
        (str(notice.authority), reverse("dashboards:dashboard", args=[notice.pk])),
    ]
    crumbs.extend(tail)
    if not tail:
        crumbs[-1] = (crumbs[-1][0], None)
    return crumbs
