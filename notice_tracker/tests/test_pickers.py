"""Checkbox pickers: requirements under their measures, actions in one list; plain checkboxes without JS."""

import re

import pytest
from django.urls import reverse

from actions.tests import factories as action_factories
from measures.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas):
    first = factories.make_measure(personas.notice, "1", heading="Leadership and governance", position=1)
    second = factories.make_measure(personas.notice, "2", heading="Help and protection", position=2)
    requirements = [
        factories.make_requirement(first, "1.1", text="A <strong> plan & a board"),
        factories.make_requirement(second, "2.1"),
        factories.make_requirement(second, "2.2"),
    ]
    action = action_factories.make_action(
        personas.notice,
        owner=personas["officer"],
        organisation=personas.organisation,
        requirements=requirements[:1],
        reference="A-001",
    )
    return personas, requirements, action


def fieldsets(html: str) -> list[str]:
    return re.findall(r'<fieldset class="picker-group" data-picker-group><legend class="picker-legend">([^<]*)<', html)


def test_requirements_are_checkboxes_under_a_legend_per_measure_and_the_field_is_a_fieldset(client, plan):
    personas, requirements, _ = plan
    client.force_login(personas["officer"])
    html = client.get(reverse("actions:action-create", args=[personas.notice.pk])).content.decode()
    assert fieldsets(html) == ["1. Leadership and governance", "2. Help and protection"]
    assert "<select" not in html.split('name="requirements"')[0].rsplit("<fieldset", 1)[-1]
    boxes = re.findall(r'<input class="form-check-input" type="checkbox" name="requirements" value="(\d+)"', html)
    assert boxes == [str(r.pk) for r in requirements]
    # The field's label is the legend of the whole picker; text is escaped, never markup.
    assert re.search(r"<legend[^>]*>\s*Requirements it serves", html)
    assert "A &lt;strong&gt; plan &amp; a board" in html
    # The filter and the "Selected" list wait for the script: without it, the boxes are the picker.
    assert re.search(r'<div class="picker-tools" data-picker-tools hidden>', html)
    assert 'src="/static/js/pickers.js"' in html


def test_a_refused_form_shows_the_boxes_ticked_as_the_user_left_them(client, plan):
    personas, requirements, _ = plan
    client.force_login(personas["officer"])
    data = {
        "title": "Publish the QA framework",
        "requirements": [requirements[1].pk, requirements[2].pk],
        "owner": personas["officer"].pk,
        "lead_organisation": personas.organisation.pk,
        "start_on": "02/06/2014",
        "due_on": "01/06/2014",  # before the start: refused
        "status": "planned",
    }
    response = client.post(reverse("actions:action-create", args=[personas.notice.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    ticked = re.findall(r'name="requirements" value="(\d+)" id="[^"]+" checked', html)
    assert ticked == [str(requirements[1].pk), str(requirements[2].pk)]


def test_no_requirement_ticked_is_refused_with_a_link_to_the_first_box(client, plan):
    personas, _, _ = plan
    client.force_login(personas["officer"])
    data = {
        "title": "Publish the QA framework",
        "owner": personas["officer"].pk,
        "lead_organisation": personas.organisation.pk,
        "start_on": "02/06/2014",
        "due_on": "19/12/2014",
        "status": "planned",
    }
    response = client.post(reverse("actions:action-create", args=[personas.notice.pk]), data)
    html = response.content.decode()
    assert "Tick at least one requirement the action serves." in html
    assert 'href="#id_requirements_0"' in html and 'id="id_requirements_0"' in html


def test_editing_an_action_shows_its_requirements_ticked(client, plan):
    personas, requirements, action = plan
    client.force_login(personas["officer"])
    html = client.get(reverse("actions:action-edit", args=[personas.notice.pk, action.pk])).content.decode()
    assert re.findall(r'name="requirements" value="(\d+)" id="[^"]+" checked', html) == [str(requirements[0].pk)]


def test_evidence_and_meeting_forms_pick_actions_from_checkboxes(client, plan):
    personas, _, action = plan
    client.force_login(personas["administrator"])
    for url, name in [
        (reverse("evidence:item-submit", args=[personas.notice.pk]), "actions"),
        (reverse("meetings:meeting-create", args=[personas.notice.pk]), "actions_arising"),
    ]:
        html = client.get(url).content.decode()
        assert f'type="checkbox" name="{name}" value="{action.pk}"' in html, url
        assert f'<label class="form-check-label" for="id_{name}_0">A-001 {action.title}</label>' in html
        assert 'data-noun="actions"' in html
