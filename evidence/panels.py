"""The evidence supporting an action, on the action's page (see actions/panels.py)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from actions.models import Action
from actions.panels import Panel, register
from evidence.access import visibility_filter
from evidence.models import EvidenceItem
from measures.access import NoticeAccess
from measures.roles import Can
from notice_tracker.lib.days import day

# What an item's line on the action's page shows (its link needs the notice).
PANEL_COLUMNS = ("id", "notice_id", "title", "nature", "review_status", "submitted_at", "restricted")


@register
def action_evidence(access: NoticeAccess, action: Action) -> Panel:
    """The items linked to the action that this member may see, newest first. One query, of the columns shown."""
    items = (
        EvidenceItem.objects.filter(visibility_filter(access), actions=action)
        .only(*PANEL_COLUMNS)
        .order_by("-submitted_at", "-pk")
    )
    return Panel(
        "evidence/_action_evidence.html",
        {"items": [item_line(item) for item in items], "can_submit": access.can(Can.SUBMIT_EVIDENCE), "action": action},
    )


def item_line(item: EvidenceItem) -> SafeString:
    """One item's line, written in Python: the busiest actions list dozens, each five template look-ups."""
    restricted = ", restricted" if item.restricted else ""
    return mark_safe(  # noqa: S308 - every value is escaped here
        f'<li class="mb-1"><a href="{escape(item.get_absolute_url())}">{escape(item.title)}</a> '
        f'<span class="text-muted small">{escape(item.get_nature_display().lower())}, '
        f"{escape(item.get_review_status_display().lower())}, submitted {day(item.submitted_at)}{restricted}</span></li>"
    )
