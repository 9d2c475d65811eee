"""Natural order for references: A-2 before A-10, as a tuple for Python and as a string for SQL.

`natural_key` is what the plan sorts by in Python. `natural_sort_key` is the same order written
as one string, stored beside a reference (actions.Action.reference_key) so the database can sort
and cut a page itself: compared code point by code point (SQLite's default, PostgreSQL's "C"
collation), two keys compare as the two references' `natural_key` tuples do.

How: the text between numbers, lower-cased, each part ended by \\x01 (below every character a
reference holds, so a shorter part sorts first, as a shorter string does); each number as 20
digits (a reference has at most 20 characters), so numbers compare by value and "007" equals "7".
"""

from __future__ import annotations

import functools
import re

_NUMBERS = re.compile(r"(\d+)")
_END = "\x01"
NUMBER_WIDTH = 20  # actions.Action.reference's max_length: no number in one is longer


@functools.lru_cache(maxsize=16384)
def natural_key(text: str) -> tuple:
    """A-2 before A-10. (Kept: a plan's references come back on every view of its list.)"""
    return tuple(int(part) if part.isdigit() else part.lower() for part in _NUMBERS.split(text))


def natural_sort_key(text: str) -> str:
    """`natural_key(text)` as a string that sorts alike (see the module)."""
    parts = []
    for index, part in enumerate(_NUMBERS.split(text)):
        if index % 2:
            parts.append(str(int(part)).rjust(NUMBER_WIDTH, "0"))
        else:
            parts.append(part.lower() + _END)
    return "".join(parts)
