"""The plan's rows written in Python are the markup the template's row loop wrote."""

from datetime import date
from typing import Any

import pytest
from django.template import Context, Template

from actions.plan_rows import plan_row_html
from actions.selectors import ActionRow

# action_list.html's row loop before the rows were written in Python.
TEMPLATE_ROWS = (
    "{% load days %}"
    + '  {% for row in page.object_list %}\n    <tr>\n      <td>{{ row.measures|join:", " }}</td>\n      <td class="requirement-ref">{{ row.requirements|join:", " }}</td>\n      <th scope="row" class="text-nowrap"><a href="{{ row.url }}">{{ row.reference }}</a></th>\n      <td class="col-title">{{ row.title }}</td>\n      <td>{{ row.owner }}</td>\n      <td>{{ row.organisation }}</td>\n      <td class="text-nowrap">{{ row.start_on|day }}</td>\n      <td class="text-nowrap">{{ row.due_on|day }}{% if row.overdue %} <span class="badge text-bg-danger">Overdue</span>{% endif %}</td>\n      <td>{{ row.status_label }}</td>\n      <td>{{ row.rag|rag:row.rag_override }}</td>\n      <td class="text-end">{{ row.percent_complete }}%</td>\n      <td class="small col-title">{% if row.latest_update_on %}{{ row.latest_update_on|day }}: {{ row.latest_update_note|clip:140 }}{% else %}<span class="text-muted">None yet</span>{% endif %}</td>\n    </tr>\n  {% endfor %}\n'
)


def make_row(**changes) -> ActionRow:
    values: dict[str, Any] = dict(
        pk=7,
        notice_id=3,
        reference="A<1>",
        title='Fix "the" <plan> & more',
        owner="Ann O'Neil",
        organisation="Children & Families",
        start_on=date(2014, 5, 1),
        due_on=date(2014, 11, 30),
        status="in_progress",
        completed_on=None,
        percent_complete=40,
        rag_override="",
        latest_update_on=date(2015, 1, 2),
        latest_update_note="A long note <b>bold</b> " * 10,
        requirements=["1.1", "2.3<"],
        measures=["1", "2&"],
        rag="amber",
        overdue=False,
    )
    values.update(changes)
    return ActionRow(**values)


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"overdue": True, "rag": "red", "rag_override": "red"},
        {"latest_update_on": None, "latest_update_note": "", "rag": ""},
        {"requirements": [], "measures": [], "status": "complete", "percent_complete": 100, "rag": "green"},
        {"latest_update_note": "short"},
    ],
)
def test_a_row_is_the_markup_the_template_wrote(changes):
    rows = [make_row(**changes), make_row(pk=8, reference="B2")]
    expected = Template(TEMPLATE_ROWS).render(Context({"page": {"object_list": rows}}))
    written = Template("  {% for row_html in rows_html %}{{ row_html }}{% endfor %}\n").render(
        Context({"rows_html": [plan_row_html(row) for row in rows]})
    )
    assert written == expected
