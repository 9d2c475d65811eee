"""`detail_url(view_name, *args)`: `reverse()` for the many rows of one list, worked out once per list.

A list page links each of its 50 rows to the row's own page; `reverse()` matches the pattern
again for each. Every such URL ends with the row's integer id, so the URL is reversed once with
a stand-in id and the rest only substitute theirs. The result is exactly `reverse()`'s (the
test compares them); the stand-in is kept per URL configuration and script prefix.
"""

from __future__ import annotations

import functools

from django.urls import get_script_prefix, get_urlconf, reverse

_STAND_IN = 987654321987


@functools.lru_cache(maxsize=512)
def _parts(view_name: str, head_args: tuple, urlconf, prefix: str) -> tuple[str, str]:
    url = reverse(view_name, args=[*head_args, _STAND_IN], urlconf=urlconf)
    before, marker, after = url.rpartition(str(_STAND_IN))
    if not marker:  # a pattern that does not take the id as written: no shortcut
        raise ValueError(view_name)
    return before, after


def detail_url(view_name: str, *args) -> str:
    """`reverse(view_name, args=args)` where the last argument is an integer id."""
    *head, last = args
    try:
        before, after = _parts(view_name, tuple(head), get_urlconf(), get_script_prefix())
    except ValueError:
        return reverse(view_name, args=args)
    return f"{before}{int(last)}{after}"
