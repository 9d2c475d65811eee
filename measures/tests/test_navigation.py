"""The notice's navigation: each link goes to its section and marks the page's own section current."""

import re

from django.urls import reverse


def _current(client, url: str) -> list[str]:
    page = client.get(url).content.decode()
    return re.findall(r'<a class="nav-link active" href="([^"]+)" aria-current="page">', page)


def test_each_section_is_marked_current_and_only_it(client, personas):
    client.force_login(personas["administrator"])
    pk = personas.notice.pk
    evidence, coverage = reverse("evidence:item-list", args=[pk]), reverse("evidence:coverage", args=[pk])
    dashboard, about = reverse("dashboards:dashboard", args=[pk]), reverse("dashboards:notice-detail", args=[pk])
    assert _current(client, evidence) == [evidence]
    assert _current(client, coverage) == [coverage]  # under the evidence list's URL, yet its own section
    assert _current(client, dashboard) == [dashboard]
    assert _current(client, about) == [about]  # exact: the notice's other pages sit under its URL
    assert _current(client, reverse("actions:action-list", args=[pk]) + "?sort=due") == [
        reverse("actions:action-list", args=[pk])
    ]
    page = client.get(dashboard).content.decode()
    for name in ("actions:action-list", "meetings:meeting-list", "measures:people", "audit:events"):
        assert f'href="{reverse(name, args=[pk])}"' in page
