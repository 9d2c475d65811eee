"""One RAG vocabulary: the same words everywhere, and an override always labelled as one."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from notice_tracker.lib.rag import label


@pytest.mark.parametrize(
    ("rag", "override", "word"),
    [
        ("red", False, "Red"),
        ("amber", True, "Amber (override)"),
        ("green", False, "Green"),
        ("none", False, "Not rated"),
        ("", True, "Not rated"),
        (None, False, "Not rated"),
    ],
)
def test_a_rating_reads_the_same_in_documents_and_on_pages(rag, override, word):
    assert label(rag, override=override) == word
    html = render_to_string("includes/_rag.html", {"rag": rag, "override": override})
    assert f">{word}</span>" in html


def test_an_overridden_action_reads_as_an_override_on_the_plan_the_meeting_and_my_work(client, personas, settings):
    from datetime import date

    from actions.tests import factories as action_factories
    from meetings.tests.factories import make_meeting

    settings.NOTICE_TRACKER_TODAY = date(2015, 2, 27)
    chair = personas["chair"]
    action = action_factories.make_action(
        personas.notice,
        owner=chair,
        organisation=personas.organisation,
        due_on=date(2015, 3, 5),
        status="in_progress",
        rag_override="amber",
        rag_override_reason="Agreed at the Board",
    )
    meeting = make_meeting(personas.notice, chair, held_on=date(2015, 2, 3))
    meeting.actions_arising.add(action)
    client.force_login(chair)
    pages = {
        "plan": reverse("actions:action-list", args=[personas.notice.pk]),
        "meeting": meeting.get_absolute_url(),
        "my work": reverse("reminders:my-work"),
    }
    for name, url in pages.items():
        body = client.get(url).content.decode()
        assert 'class="rag rag-amber">Amber (override)</span>' in body, name
