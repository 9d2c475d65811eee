"""Sentences in the tense of the day a report speaks from.

The position is worked out at the period's end, so its sentences about the delivery deadline
are in the tense of that day ("will be missed"). A report issued after the deadline says the
same things as they read on its issue date ("was missed"): the facts are the position's, only
the wording moves. Each phrase the indicator analysis writes about the deadline has its
past-tense form here; a sentence without one is left as it is.
"""

from __future__ import annotations

from datetime import date

PAST: list[tuple[str, str]] = [
    ("will be missed", "was missed"),
    ("it is not projected to meet the target by {deadline}", "it was not projected to meet the target by {deadline}"),
    (", before {deadline}.", ", before {deadline}, which has since passed."),
]


def deadline_words(deadline: date) -> str:
    """As indicators.analysis names the deadline."""
    return f"the delivery deadline of {deadline.day} {deadline:%B %Y}"


def told(sentence: str, *, deadline: date | None, on: date | None) -> str:
    """`sentence` as it reads on `on`: in the past tense once the deadline has passed by then."""
    if not sentence or deadline is None or on is None or on <= deadline:
        return sentence
    words = deadline_words(deadline)
    for future, past in PAST:
        sentence = sentence.replace(future.format(deadline=words), past.format(deadline=words))
    return sentence
