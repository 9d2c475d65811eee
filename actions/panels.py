"""Parts other apps add to an action's page, without the plan importing them.

The evidence app sits above the plan (evidence names actions), so the action page cannot ask
it for the items that support an action. Instead, an app above registers a panel when it
starts (`AppConfig.ready`), and the action page shows every registered panel's answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from actions.models import Action
from measures.access import NoticeAccess


@dataclass(frozen=True)
class Panel:
    template: str  # rendered with `panel` in its context
    context: dict[str, Any] = field(default_factory=dict)


PanelMaker = Callable[[NoticeAccess, Action], "Panel | None"]
_PANELS: list[PanelMaker] = []


def register(maker: PanelMaker) -> PanelMaker:
    if maker not in _PANELS:
        _PANELS.append(maker)
    return maker


def panels_for(access: NoticeAccess, action: Action) -> list[Panel]:
    return [panel for maker in _PANELS if (panel := maker(access, action)) is not None]
