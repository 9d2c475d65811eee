"""The evidence list's rows written in Python are the markup the template's row loop wrote."""

from datetime import date

from django.template import Context, Template
from django.urls import reverse

from evidence import services
from evidence.tests import factories
from measures.tests import factories as measure_factories

# item_list.html's row loop before the rows were written in Python, then its end.
TEMPLATE_ROWS = (
    "{% load days %}"
    + '  {% for item in items %}\n    <tr>\n      <td class="col-title"><a href="{{ item.get_absolute_url }}">{{ item.title }}</a>\n        {% if item.restricted %}<span class="badge text-bg-dark">Restricted</span>{% endif %}\n        <div class="small text-muted">{% if item.current_revision %}{{ item.current_revision.original_name }}{% if item.current_revision.number > 1 %} (revision {{ item.current_revision.number }}){% endif %}{% endif %}{% if item.current_revision and item.link %} · {% endif %}{% if item.link %}Link{% endif %}</div></td>\n      <td>{{ item.get_kind_display }}<div class="small text-muted">{{ item.get_nature_display }}</div></td>\n      <td>{% include "evidence/_period.html" %}</td>\n      <td>{% for r in item.requirements.all %}<span class="requirement-ref">{{ r.reference }}</span>{% if not forloop.last %}, {% endif %}{% empty %}–{% endfor %}</td>\n      <td>{{ item.organisation|default:"–" }}</td>\n      <td class="text-nowrap">{{ item.submitted_at|day }}<div class="small text-muted">{{ item.submitted_by.get_full_name|default:item.submitted_by.username }}</div></td>\n      <td>{% include "evidence/_status.html" %}</td>\n    </tr>\n'
    + "  {% endfor %}"
)


def test_each_row_is_the_markup_the_template_wrote(client, personas):
    measure = measure_factories.make_measure(personas.notice, "2")
    first = measure_factories.make_requirement(measure, "2.1")
    second = measure_factories.make_requirement(measure, "2.2")
    audit = factories.make_item(
        personas.notice, personas["officer"], title="Audit <b>&</b>", requirements=[first, second], restricted=True
    )
    services.evidence_review(
        item=audit, by=personas["chair"], decision="accepted", note="", expected_version=audit.version
    )
    factories.make_item(
        personas.notice,
        personas["officer"],
        title="Figures",
        nature="quantitative",
        kind="dataset",
        covers_from=date(2014, 9, 1),
        covers_to=None,
        link="https://example.org/a?b=1&c=2",
        file=(b"month,cases\n2014-09,40\n", "figures.csv"),
    )
    factories.make_item(personas.notice, personas["officer"], title="Link only", link="https://example.org", file=None)
    factories.make_item(
        personas.notice, personas["officer"], title="Same day", covers_from=date(2014, 7, 1), covers_to=date(2014, 7, 1)
    )
    client.force_login(personas["chair"])
    response = client.get(reverse("evidence:item-list", args=[personas.notice.pk]))
    items = list(response.context["items"])
    assert len(items) == 4
    expected = Template(TEMPLATE_ROWS).render(Context({"items": items}))
    written = Template("  {% for row_html in rows_html %}{{ row_html }}\n  {% endfor %}").render(
        Context({"rows_html": response.context["rows_html"]})
    )
    assert written == expected
