"""An action's page lists the evidence that supports it, as far as the reader may see it."""

from datetime import date

from django.template import Context, Template
from django.urls import reverse

from actions.tests import factories as action_factories
from dashboards.tests.dashboard_data import make_item
from evidence.panels import item_line
from measures.tests import factories


def scene(personas):
    notice, officer = personas.notice, personas["officer"]
    requirement = factories.make_requirement(factories.make_measure(notice, "3"))
    action = action_factories.make_action(
        notice, owner=officer, organisation=personas.organisation, requirements=[requirement], due_on=date(2015, 6, 1)
    )
    open_item = make_item(notice, by=officer, requirements=[requirement], title="Audit of 40 case files")
    secret = make_item(
        notice,
        by=officer,
        requirements=[requirement],
        title="Case of Child A",
        restricted=True,
        organisation=personas.organisation,
    )
    unrelated = make_item(notice, by=officer, requirements=[requirement], title="Unrelated minutes")
    open_item.actions.add(action)
    secret.actions.add(action)
    return action, unrelated


def test_the_action_page_lists_its_evidence_and_hides_restricted_items_from_those_not_allowed(client, personas):
    action, unrelated = scene(personas)
    client.force_login(personas["chair"])
    page = client.get(action.get_absolute_url()).content.decode()
    assert "Evidence for this action" in page
    assert "Audit of 40 case files" in page and "Case of Child A" in page
    assert unrelated.title not in page
    client.force_login(personas["observer"])
    page = client.get(action.get_absolute_url()).content.decode()
    assert "Audit of 40 case files" in page and "Case of Child A" not in page
    assert "Submit evidence for" not in page  # observers submit nothing


def test_submit_evidence_from_the_action_page_starts_the_form_linked_to_the_action(client, personas):
    action, _ = scene(personas)
    client.force_login(personas["officer"])
    page = client.get(action.get_absolute_url()).content.decode()
    link = reverse("evidence:item-submit", args=[action.notice_id]) + f"?action={action.pk}"
    assert link in page
    form = client.get(link).context["form"]
    assert form.initial["actions"] == [action.pk]


# The line each item had when the panel's template wrote it, kept to check the Python that writes it now.
TEMPLATE_LINE = (
    '<li class="mb-1"><a href="{{ item.get_absolute_url }}">{{ item.title }}</a> <span class="text-muted small">'
    "{{ item.get_nature_display|lower }}, {{ item.get_review_status_display|lower }}, submitted "
    "{{ item.submitted_at|date }}{% if item.restricted %}, restricted{% endif %}</span></li>"
)


def test_each_line_is_what_the_template_wrote_with_every_value_escaped(personas):
    notice, officer = personas.notice, personas["officer"]
    plain = make_item(notice, by=officer, requirements=[], title="Audit of 40 case files")
    odd = make_item(
        notice,
        by=officer,
        requirements=[],
        title='<b>"Child A" & B</b>',
        restricted=True,
        organisation=personas.organisation,
    )
    for item in (plain, odd):
        assert str(item_line(item)) == Template(TEMPLATE_LINE).render(Context({"item": item}))
    assert "&lt;b&gt;&quot;Child A&quot; &amp; B&lt;/b&gt;" in item_line(odd) and ", restricted</span>" in item_line(
        odd
    )
