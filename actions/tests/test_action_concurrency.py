"""No lost updates: an edit based on an old copy of an action is refused, never silently applied."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from actions import services
from actions.models import Action
from actions.tests import factories as action_factories
from measures.tests import factories
from notice_tracker.lib.concurrency import StaleEdit

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(personas):
    requirement = factories.make_requirement(factories.make_measure(personas.notice, "8"), "8.1")
    action = action_factories.make_action(
        personas.notice,
        owner=personas["officer"],
        organisation=personas.organisation,
        requirements=[requirement],
        reference="A-001",
        title="Adopt the QA framework",
        due_on=date(2014, 12, 19),
    )
    return personas, requirement, action


def edit_data(personas, requirement, version: int, **changes) -> dict:
    data = {
        "reference": "A-001",
        "title": "Adopt the QA framework",
        "description": "",
        "requirements": [requirement.pk],
        "owner": personas["officer"].pk,
        "lead_organisation": personas.organisation.pk,
        "start_on": "02/06/2014",
        "due_on": "19/12/2014",
        "status": "planned",
        "version": version,
    }
    data.update(changes)
    return data


def test_two_concurrent_edits_keep_the_first_and_refuse_the_second_with_both_shown(scene):
    personas, requirement, action = scene
    url = reverse("actions:action-edit", args=[personas.notice.pk, action.pk])
    sam, helen = Client(), Client()
    sam.force_login(personas["officer"])
    helen.force_login(personas["chair"])
    # Both open the form on version 1.
    assert 'name="version" value="1"' in sam.get(url).content.decode()
    assert 'name="version" value="1"' in helen.get(url).content.decode()

    assert sam.post(url, edit_data(personas, requirement, 1, title="Sam's title")).status_code == 302
    response = helen.post(
        url, edit_data(personas, requirement, 1, due_on="31/01/2015", description="Helen's careful notes")
    )

    assert response.status_code == 409
    body = response.content.decode()
    assert "Your changes have not been saved" in body
    assert "officer saved it on" in body  # who saved in between, and when
    assert "Sam&#x27;s title" in body  # their saved value in the panel
    assert "Helen&#x27;s careful notes" in body and 'value="31/01/2015"' in body  # her own input, kept
    assert 'name="version" value="2"' in body  # saving again is now a deliberate, informed choice
    action.refresh_from_db()
    assert (action.title, action.due_on, action.description) == ("Sam's title", date(2014, 12, 19), "")


def test_saving_again_after_seeing_the_conflict_applies_the_second_edit(scene):
    personas, requirement, action = scene
    url = reverse("actions:action-edit", args=[personas.notice.pk, action.pk])
    client = Client()
    client.force_login(personas["chair"])
    services.action_edit(
        action=action,
        by=personas["officer"],
        expected_version=1,
        data={**_clean(personas, requirement), "title": "Sam's title"},
    )
    refused = client.post(url, edit_data(personas, requirement, 1, title="Helen's title"))
    assert refused.status_code == 409
    assert client.post(url, edit_data(personas, requirement, 2, title="Helen's title")).status_code == 302
    action.refresh_from_db()
    assert action.title == "Helen's title"
    assert [r.title for r in action.history.order_by("history_id")][-2:] == ["Sam's title", "Helen's title"]


def test_progress_logged_while_someone_edits_is_not_overwritten_by_their_save(scene):
    personas, requirement, action = scene
    client = Client()
    client.force_login(personas["chair"])
    services.action_add_update(
        action=action, by=personas["officer"], on=date(2014, 7, 1), note="Drafted", percent_complete=40
    )
    response = client.post(
        reverse("actions:action-edit", args=[personas.notice.pk, action.pk]),
        edit_data(personas, requirement, 1, status="planned"),
    )
    assert response.status_code == 409
    action.refresh_from_db()
    assert (action.status, action.percent_complete) == ("in_progress", 40)


def test_a_stale_rating_override_is_refused_with_the_saved_one_shown(scene):
    personas, requirement, action = scene
    services.action_override_rag(
        action=action, by=personas["officer"], rag="green", reason="On track really", expected_version=1
    )
    client = Client()
    client.force_login(personas["chair"])
    response = client.post(
        reverse("actions:action-override", args=[personas.notice.pk, action.pk]),
        {"rag_override": "red", "rag_override_reason": "Board worried", "version": 1},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "On track really" in body and "Board worried" in body
    action.refresh_from_db()
    assert action.rag_override == "green"


def test_edit_service_refuses_an_old_version_and_changes_nothing(scene):
    personas, requirement, action = scene
    services.action_edit(
        action=action,
        by=personas["officer"],
        expected_version=1,
        data={**_clean(personas, requirement), "title": "First"},
    )
    with pytest.raises(StaleEdit) as refused:
        services.action_edit(
            action=action,
            by=personas["chair"],
            expected_version=1,
            data={**_clean(personas, requirement), "title": "Second"},
        )
    assert isinstance(refused.value.current, Action) and refused.value.current.title == "First"
    assert Action.objects.get(pk=action.pk).title == "First"


def _clean(personas, requirement) -> dict:
    return {
        "reference": "A-001",
        "title": "Adopt the QA framework",
        "description": "",
        "owner": personas["officer"],
        "lead_organisation": personas.organisation,
        "start_on": date(2014, 6, 2),
        "due_on": date(2014, 12, 19),
        "status": "planned",
        "completed_on": None,
        "requirements": [requirement],
    }


@pytest.mark.django_db(transaction=True)
def test_two_edits_racing_in_parallel_leave_one_saved_and_the_other_refused(personas):
    """Real parallel transactions: the row lock makes the second wait, then see the new version."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (row locks): skipped on SQLite; set DATABASE_URL=postgres://… to run it")
    requirement = factories.make_requirement(factories.make_measure(personas.notice, "8"), "8.1")
    action = action_factories.make_action(
        personas.notice,
        owner=personas["officer"],
        organisation=personas.organisation,
        requirements=[requirement],
        reference="A-001",
    )
    barrier, outcomes = threading.Barrier(2), {}

    def edit(user, title):
        try:
            barrier.wait()
            services.action_edit(
                action=action, by=user, expected_version=1, data={**_clean(personas, requirement), "title": title}
            )
            outcomes[title] = "saved"
        except StaleEdit:
            outcomes[title] = "refused"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=edit, args=(personas[role], f"{role} title")) for role in ("officer", "chair")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["refused", "saved"]
    saved = next(title for title, outcome in outcomes.items() if outcome == "saved")
    action.refresh_from_db()
    assert (action.title, action.version) == (saved, 2)
