"""The search page's hits written in Python: the same markup results.html's hit loop wrote.

A full page of every kind lists 40 hits, each about 15 template look-ups; this writes each with one
escape per value (search/tests/test_hit_rows.py checks it against the template's loop).
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search.selectors import Hit


def hit_html(hit: Hit, *, show_notice: bool) -> SafeString:
    reference = (
        f'<span class="requirement-ref">{escape(hit.reference)}</span> '
        if hit.reference and hit.kind != "requirements"
        else ""
    )
    restricted = '<span class="badge text-bg-warning">Restricted</span>' if hit.restricted else ""
    notice = f"{escape(hit.notice.authority.name)} · " if show_notice else ""
    snippet = hit.snippet
    text = ""
    if snippet.before or snippet.match:
        match = f"<mark>{escape(snippet.match)}</mark>" if snippet.match else ""
        text = f'<p class="mb-0 small">{escape(snippet.before)}{match}{escape(snippet.after)}</p>'
    return mark_safe(  # noqa: S308 - every value is escaped above or here
        '\n    <li class="border-bottom py-2">\n'
        f'      <a href="{escape(hit.url)}" class="fw-semibold">{reference}{escape(hit.title)}</a>\n'
        f"      {restricted}\n"
        f'      <div class="small text-muted">{notice}{escape(hit.detail)}</div>\n'
        f"      {text}\n"
        "    </li>\n    "
    )
