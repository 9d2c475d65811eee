"""The words of a search, and a short piece of a result's text around the first of them.

Highlighting is done here in Python on both databases rather than with PostgreSQL's
`ts_headline`: its output is HTML built from unescaped text, and the template would have to mark
it safe. A `Snippet` is three plain strings; the template escapes each and wraps the middle one
in `<mark>`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_WORDS = 8  # more words than this only narrow a search that is already narrow
SNIPPET_CHARS = 200
_LEAD_CHARS = 60  # how much text comes before the first word found

# A word: letters or digits, joined by hyphens, apostrophes or dots (case-file, child's, 4.1).
_WORD = re.compile(r"\w+(?:['’.\-]\w+)*")
# Endings left off when looking for a word in the text, so "audits" finds "audited" as
# PostgreSQL's English stemmer would; only for longer words, so "as" stays "as".
_ENDINGS = ("ing", "ed", "es", "s")


def search_words(query: str) -> list[str]:
    """The words of `query`, lower case, each once, in order; operators and quotes left out."""
    words: list[str] = []
    for word in _WORD.findall(query.lower()):
        if word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def _stem(word: str) -> str:
    for ending in _ENDINGS:
        if len(word) - len(ending) >= 4 and word.endswith(ending):
            return word[: -len(ending)]
    return word


@dataclass(frozen=True)
class Snippet:
    before: str
    match: str
    after: str

    def __str__(self) -> str:
        return f"{self.before}{self.match}{self.after}"


def make_snippet(text: str, words: list[str], *, width: int = SNIPPET_CHARS) -> Snippet:
    """About `width` characters of `text` around the first of `words` it holds; its start if none."""
    text = " ".join(text.split())
    found = None
    for word in words:
        match = re.search(rf"(?<!\w){re.escape(_stem(word))}\w*", text, flags=re.IGNORECASE)
        if match and (found is None or match.start() < found.start()):
            found = match
    if found is None:
        return Snippet(_clip(text, 0, width), "", "")
    start = 0 if found.start() <= _LEAD_CHARS else text.rfind(" ", 0, found.start() - _LEAD_CHARS) + 1
    before = ("…" if start else "") + text[start : found.start()]
    after = _clip(text, found.end(), max(width - (found.end() - start), 0), lead="")
    return Snippet(before, found.group(), after)


def _clip(text: str, start: int, width: int, *, lead: str = "…") -> str:
    """`text` from `start`, cut at a space before `width` characters, with ellipses where cut."""
    piece = text[start:]
    prefix = lead if start and lead else ""
    if len(piece) <= width:
        return prefix + piece
    cut = piece.rfind(" ", 0, width)
    return prefix + piece[: cut if cut > 0 else width] + "…"
