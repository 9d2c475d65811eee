"""The evidence supporting an action, on the action's page (see actions/panels.py)."""

from __future__ import annotations

from actions.models import Action
from actions.panels import Panel, register
from evidence.access import visibility_filter
from evidence.models import EvidenceItem
from measures.access import NoticeAccess
from measures.roles import Can

# What evidence/_action_evidence.html shows of an item (its link needs the notice).
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
        {"items": list(items), "can_submit": access.can(Can.SUBMIT_EVIDENCE), "action": action},
    )
