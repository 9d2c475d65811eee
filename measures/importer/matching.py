"""Which item of a revised notice each item of the old one became, suggested by text similarity.

A revised notice keeps most of its predecessor's measures and requirements, reworded a little,
renumbered, some dropped and some new. Each old item is matched to at most one new item and each
new item taken at most once, best pairs first (difflib's ratio over the words); pairs less alike
than THRESHOLD are left unmatched for the administrator to decide.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

THRESHOLD = 0.6


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, _words(a), _words(b), autojunk=False).ratio()


def suggest_matches(old: dict[str, str], new: dict[str, str], *, threshold: float = THRESHOLD) -> dict[str, str | None]:
    """For each old key, the new key whose text is most alike (at least `threshold`), or None."""
    old_words = {key: _words(text) for key, text in old.items()}
    new_words = {key: _words(text) for key, text in new.items()}
    pairs: list[tuple[float, int, int, str, str]] = []
    for i, (old_key, a) in enumerate(old_words.items()):
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(a)
        for j, (new_key, b) in enumerate(new_words.items()):
            matcher.set_seq1(b)
            if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
                continue
            score = matcher.ratio()
            if score >= threshold:
                pairs.append((-score, i, j, old_key, new_key))
    matches: dict[str, str | None] = dict.fromkeys(old)
    taken: set[str] = set()
    for _, _, _, old_key, new_key in sorted(pairs):
        if matches[old_key] is None and new_key not in taken:
            matches[old_key] = new_key
            taken.add(new_key)
    return matches
