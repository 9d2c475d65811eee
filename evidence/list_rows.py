"""The evidence list's rows written in Python: the same markup item_list.html's row loop wrote.

Each row included two templates and made some 40 look-ups; this writes it with one escape per
value (evidence/tests/test_list_rows.py checks it against the template's).
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from evidence.models import EvidenceItem
from notice_tracker.lib.days import day

_BADGES = {"accepted": "text-bg-success", "rejected": "text-bg-danger", "more_needed": "text-bg-warning"}


def _period(item: EvidenceItem) -> str:
    if item.covers_to and item.covers_to != item.covers_from:
        return f"{day(item.covers_from)} to {day(item.covers_to)}"
    return day(item.covers_from)


def evidence_row_html(item: EvidenceItem) -> SafeString:
    revision = item.current_revision
    file = ""
    if revision:
        file = escape(revision.original_name)
        if revision.number > 1:
            file += f" (revision {revision.number})"
    if revision and item.link:
        file += " · "
    if item.link:
        file += "Link"
    restricted = '<span class="badge text-bg-dark">Restricted</span>' if item.restricted else ""
    references = [f'<span class="requirement-ref">{escape(r.reference)}</span>' for r in item.requirements.all()]
    person = item.submitted_by
    who = (person.get_full_name() or person.username) if person is not None else ""
    organisation = escape(str(item.organisation)) if item.organisation else "–"
    badge = _BADGES.get(item.review_status, "text-bg-secondary")
    return mark_safe(  # noqa: S308 - every value is escaped above or here
        "\n    <tr>\n"
        f'      <td class="col-title"><a href="{escape(item.get_absolute_url())}">{escape(item.title)}</a>\n'
        f"        {restricted}\n"
        f'        <div class="small text-muted">{file}</div></td>\n'
        f'      <td>{escape(item.get_kind_display())}<div class="small text-muted">{escape(item.get_nature_display())}</div></td>\n'
        f"      <td>\n{_period(item)}\n</td>\n"
        f"      <td>{', '.join(references) or '–'}</td>\n"
        f"      <td>{organisation}</td>\n"
        f'      <td class="text-nowrap">{day(item.submitted_at)}<div class="small text-muted">{escape(who)}</div></td>\n'
        f'      <td>\n<span class="badge {badge}">{escape(item.get_review_status_display())}</span>\n</td>\n'
        "    </tr>"
    )
