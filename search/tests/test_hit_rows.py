"""The search hits written in Python are the markup the template's hit loop wrote."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse

from measures.models import Membership
from measures.tests import factories

# results.html's hit loop before the hits were written in Python.
TEMPLATE_HITS = """{% for hit in group.hits %}
    <li class="border-bottom py-2">
      <a href="{{ hit.url }}" class="fw-semibold">{% if hit.reference and hit.kind != "requirements" %}<span class="requirement-ref">{{ hit.reference }}</span> {% endif %}{{ hit.title }}</a>
      {% if hit.restricted %}<span class="badge text-bg-warning">Restricted</span>{% endif %}
      <div class="small text-muted">{% if found.scope|length > 1 %}{{ hit.notice.authority.name }} · {% endif %}{{ hit.detail }}</div>
      {% if hit.snippet.before or hit.snippet.match %}<p class="mb-0 small">{{ hit.snippet.before }}{% if hit.snippet.match %}<mark>{{ hit.snippet.match }}</mark>{% endif %}{{ hit.snippet.after }}</p>{% endif %}
    </li>
    {% endfor %}"""


@pytest.mark.parametrize("notices", [1, 2])
def test_each_hit_is_the_markup_the_template_wrote(client, personas, scene, notices):
    if notices == 2:  # hits then name their notice
        other = factories.make_notice("Northbridge <Borough> & Co")
        factories.make_requirement(factories.make_measure(other, "1"), "1.1", text="Missing & <found> children")
        Membership.objects.create(user=personas["chair"], notice=other, role=Membership.Role.CHAIR)
    client.force_login(personas["chair"])
    for query in ("missing", "children", "A-012", "case"):
        response = client.get(reverse("search:results"), {"q": query})
        found = response.context["found"]
        assert len(found.scope) == notices
        written = [html for _, hits_html in response.context["groups"] for html in hits_html]
        expected = [Template(TEMPLATE_HITS).render(Context({"group": group, "found": found})) for group in found.groups]
        assert "".join(written) == "".join(expected)
        assert written or query == "A-012"
