"""The pages the harness measures: one entry each, (label, URL name, args factory).

Add a page by adding a line. A URL name that does not resolve yet is reported as
"not built yet", not an error, so the list can name pages other issues are still building.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count
from django.urls import NoReverseMatch, reverse

from actions.models import Action
from bench.generate.base import AUTHORITY, USERNAME
from measures.models import Notice

FLOOR = "bench:floor"


@dataclass(frozen=True)
class Subject:
    """The objects the measured pages show: notice 1 of the data set and its busiest records."""

    notice_pk: int
    action_pk: int | None
    indicator_code: str | None
    meeting_pk: int | None


@dataclass(frozen=True)
class Page:
    label: str
    url_name: str
    args: Callable[[Subject], list]
    goal: float = 5.0  # the median may be at most this many times the floor's (issue 11, "Speed")
    query: str = ""  # appended to the path, for pages that show nothing without one (search)


def _notice(s: Subject) -> list:
    return [s.notice_pk]


PAGES: list[Page] = [
    Page("Floor: login-protected no-op view", FLOOR, lambda s: [], goal=1.0),
    Page("Notice dashboard", "dashboards:dashboard", _notice),
    Page("Notice overview", "dashboards:notice-detail", _notice),
    Page("Coverage matrix", "evidence:coverage", _notice),
    Page("Action list", "actions:action-list", _notice),
    Page("Action detail (most updates)", "actions:action-detail", lambda s: [s.notice_pk, s.action_pk]),
    Page("Evidence list", "evidence:item-list", _notice),
    Page("Indicator list", "indicators:indicator-list", _notice),
    Page("Indicator detail", "indicators:indicator-detail", lambda s: [s.notice_pk, s.indicator_code]),
    Page("Board meetings", "meetings:meeting-list", _notice),
    Page("DfE reviews", "meetings:review-list", _notice),
    Page("Portfolio", "dashboards:portfolio", lambda s: []),
    # A word in many actions' titles in every notice: every kind has a full first page.
    Page("Search (all notices)", "search:results", lambda s: [], query="?q=audit"),
]

MEASURED_USER = USERNAME.format(1)  # Chair of every notice: sees every page and every restricted item


def subject() -> Subject:
    notice = Notice.objects.filter(authority__name=AUTHORITY.format(1)).first()
    if notice is None:
        raise LookupError("No benchmark data: run `manage.py generate_benchmark_data --scale 1` first.")
    action = (
        Action.objects.filter(notice=notice)
        .annotate(n=Count("updates"))
        .order_by("-n", "reference")
        .values_list("pk", flat=True)
        .first()
    )
    indicator = notice.indicators.order_by("position", "code").values_list("code", flat=True).first()
    meeting = None
    if hasattr(notice, "board_meetings"):
        meeting = notice.board_meetings.order_by("-held_on").values_list("pk", flat=True).first()
    return Subject(notice_pk=notice.pk, action_pk=action, indicator_code=indicator, meeting_pk=meeting)


def resolve(page: Page, s: Subject) -> tuple[str | None, str]:
    """The page's path, or None and why not ("not built yet" when the URL name does not exist)."""
    args = page.args(s)
    if any(arg is None for arg in args):
        return None, "no data to show (generator made none)"
    try:
        return reverse(page.url_name, args=args) + page.query, ""
    except NoReverseMatch as error:
        message = str(error)
        if "not a valid view function or pattern name" in message or "is not a registered namespace" in message:
            return None, "not built yet"
        return None, f"URL takes other arguments than {args}: update its entry in bench/pages.py"
