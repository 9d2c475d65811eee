"""The plan's table rows written in Python: the same markup action_list.html's row loop wrote.

A page of 25 rows went through about 300 template look-ups and filter calls; this writes each
row with one escape per value (tests/test_plan_rows.py checks it against the template's).
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from actions.selectors import ActionRow
from notice_tracker.lib.days import clip, day, rag


def plan_row_html(row: ActionRow) -> SafeString:
    overdue = ' <span class="badge text-bg-danger">Overdue</span>' if row.overdue else ""
    if row.latest_update_on:
        latest = f"{day(row.latest_update_on)}: {escape(clip(row.latest_update_note, 140))}"
    else:
        latest = '<span class="text-muted">None yet</span>'
    return mark_safe(  # noqa: S308 - every value is escaped above or here
        "\n    <tr>\n"
        f"      <td>{escape(', '.join(row.measures))}</td>\n"
        f'      <td class="requirement-ref">{escape(", ".join(row.requirements))}</td>\n'
        f'      <th scope="row" class="text-nowrap"><a href="{escape(row.url)}">{escape(row.reference)}</a></th>\n'
        f'      <td class="col-title">{escape(row.title)}</td>\n'
        f"      <td>{escape(row.owner)}</td>\n"
        f"      <td>{escape(row.organisation)}</td>\n"
        f'      <td class="text-nowrap">{day(row.start_on)}</td>\n'
        f'      <td class="text-nowrap">{day(row.due_on)}{overdue}</td>\n'
        f"      <td>{escape(row.status_label)}</td>\n"
        f"      <td>{rag(row.rag, row.rag_override)}</td>\n"
        f'      <td class="text-end">{row.percent_complete}%</td>\n'
        f'      <td class="small col-title">{latest}</td>\n'
        "    </tr>\n  "
    )
