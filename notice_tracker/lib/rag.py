"""One RAG vocabulary for every rating the product shows: actions, indicators, measures, judgements.

The word is always shown, never colour alone, and a rating a person set over the computed one
always says so: "Amber (override)". Pages use templates/includes/_rag.html; documents and
exports use `label`.
"""

from __future__ import annotations

RED, AMBER, GREEN, NONE = "red", "amber", "green", "none"
WORDS = {RED: "Red", AMBER: "Amber", GREEN: "Green"}
NOT_RATED = "Not rated"
OVERRIDE = "(override)"


def label(rag: str | None, *, override: bool = False) -> str:
    """'Red', 'Amber', 'Green' or 'Not rated'; with ' (override)' when a person set it."""
    word = WORDS.get(str(rag or ""), NOT_RATED)
    return f"{word} {OVERRIDE}" if override and rag in WORDS else word


def css_class(rag: str | None) -> str:
    return f"rag rag-{rag}" if rag in WORDS else "rag rag-none"
