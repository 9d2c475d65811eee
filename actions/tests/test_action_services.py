"""Action services: the rules they keep, and the history entry every write path leaves."""

from datetime import date

import pytest
from django.utils import timezone

from actions import services
from actions.importing import PlanRow
from actions.models import Action
from actions.selectors import action_history
from actions.tests import factories as action_factories
from measures.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(personas):
    requirement = factories.make_requirement(factories.make_measure(personas.notice, "8"), "8.1")
    return personas, requirement


def data(personas, requirement, **changes) -> dict:
    values = {
        "reference": "",
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
    values.update(changes)
    return values


def history_users(action) -> list[str]:
    return [record.history_user.username for record in action.history.order_by("history_id")]


def test_create_numbers_actions_in_sequence_after_the_highest_automatic_reference(scene):
    personas, requirement = scene
    action_factories.make_action(
        personas.notice, owner=personas["officer"], organisation=personas.organisation, reference="A-041"
    )
    action = services.action_create(notice=personas.notice, by=personas["officer"], data=data(personas, requirement))
    assert action.reference == "A-042"


def test_a_reference_taken_after_the_form_checked_it_is_refused_and_nothing_stored(scene):
    personas, requirement = scene
    action_factories.make_action(
        personas.notice, owner=personas["officer"], organisation=personas.organisation, reference="QA-1"
    )
    with pytest.raises(services.ReferenceTaken):
        services.action_create(
            notice=personas.notice, by=personas["officer"], data=data(personas, requirement, reference="QA-1")
        )
    assert Action.objects.count() == 1


def test_create_leaves_a_history_entry_naming_the_creator(scene):
    personas, requirement = scene
    action = services.action_create(notice=personas.notice, by=personas["officer"], data=data(personas, requirement))
    assert set(history_users(action)) == {"officer"}
    assert action.history.first().history_type in {"+", "~"}
    assert action.history.earliest("history_id").history_type == "+"


def test_edit_bumps_the_version_and_records_the_change_once(scene):
    personas, requirement = scene
    action = services.action_create(notice=personas.notice, by=personas["officer"], data=data(personas, requirement))
    before = action.history.count()
    other = factories.make_requirement(requirement.measure, "8.2")
    services.action_edit(
        action=action,
        by=personas["chair"],
        expected_version=1,
        data=data(personas, requirement, reference=action.reference, title="Renamed", requirements=[other]),
    )
    action.refresh_from_db()
    assert (action.title, action.version, list(action.requirements.all())) == ("Renamed", 2, [other])
    assert action.history.count() == before + 1
    latest = action_history(action)[0]
    assert latest.who == "chair"
    assert {c.field for c in latest.changes} == {"Action", "Requirements"}


def test_status_change_to_complete_sets_the_date_and_full_progress_and_is_recorded(scene):
    personas, requirement = scene
    action = services.action_create(notice=personas.notice, by=personas["officer"], data=data(personas, requirement))
    services.action_edit(
        action=action,
        by=personas["officer"],
        expected_version=1,
        data=data(personas, requirement, reference=action.reference, status="complete"),
    )
    action.refresh_from_db()
    assert (action.status, action.completed_on, action.percent_complete) == ("complete", timezone.localdate(), 100)
    changed = {c.field for c in action_history(action)[0].changes}
    assert {"Status", "Completed on", "Percent complete"} <= changed
    services.action_edit(
        action=action,
        by=personas["officer"],
        expected_version=2,
        data=data(personas, requirement, reference=action.reference, status="in_progress"),
    )
    action.refresh_from_db()
    assert (action.status, action.completed_on) == ("in_progress", None)


def test_override_records_who_and_when_and_clearing_it_is_recorded_too(scene):
    personas, requirement = scene
    action = services.action_create(notice=personas.notice, by=personas["officer"], data=data(personas, requirement))
    services.action_override_rag(
        action=action, by=personas["chair"], rag="red", reason="Board concerned", expected_version=1
    )
    action.refresh_from_db()
    assert (action.rag_override, action.rag_override_by, action.version) == ("red", personas["chair"], 2)
    assert action.rag_override_at is not None
    services.action_override_rag(action=action, by=personas["chair"], rag="", reason="", expected_version=2)
    action.refresh_from_db()
    assert (action.rag_override, action.rag_override_reason, action.rag_override_at) == ("", "", None)
    entries = action_history(action)
    assert [c.field for c in entries[0].changes] == ["RAG override", "Override reason"]
    assert entries[1].changes[0].new == "Red" and entries[0].who == "chair"


def test_override_without_a_reason_is_refused(scene):
    personas, requirement = scene
    action = services.action_create(notice=personas.notice, by=personas["officer"], data=data(personas, requirement))
    with pytest.raises(services.ActionRefused):
        services.action_override_rag(action=action, by=personas["chair"], rag="red", reason=" ", expected_version=1)


def test_progress_update_sets_the_figure_starts_the_action_and_is_recorded_on_both(scene):
    personas, requirement = scene
    action = services.action_create(notice=personas.notice, by=personas["officer"], data=data(personas, requirement))
    update = services.action_add_update(
        action=action, by=personas["officer"], on=date(2014, 7, 1), note="Drafted", percent_complete=30
    )
    action.refresh_from_db()
    assert (action.percent_complete, action.status, action.version) == (30, "in_progress", 2)
    assert update.history.get().history_user == personas["officer"]
    kinds = [e.kind for e in action_history(action)]
    assert "Progress update added" in kinds
    assert action.history.latest("history_id").history_user == personas["officer"]


def test_a_back_dated_update_does_not_replace_the_latest_figure(scene):
    personas, requirement = scene
    action = services.action_create(notice=personas.notice, by=personas["officer"], data=data(personas, requirement))
    services.action_add_update(
        action=action, by=personas["officer"], on=date(2014, 9, 1), note="Later", percent_complete=60
    )
    services.action_add_update(
        action=action, by=personas["officer"], on=date(2014, 7, 1), note="Earlier", percent_complete=20
    )
    action.refresh_from_db()
    assert action.percent_complete == 60


def test_an_update_at_100_percent_completes_the_action_on_its_date(scene):
    personas, requirement = scene
    action = services.action_create(notice=personas.notice, by=personas["officer"], data=data(personas, requirement))
    services.action_add_update(
        action=action, by=personas["officer"], on=date(2014, 11, 3), note="Done", percent_complete=100
    )
    action.refresh_from_db()
    assert (action.status, action.completed_on) == ("complete", date(2014, 11, 3))


def test_a_complete_action_takes_no_more_updates(scene):
    personas, requirement = scene
    action = services.action_create(
        notice=personas.notice, by=personas["officer"], data=data(personas, requirement, status="complete")
    )
    with pytest.raises(services.ActionRefused, match="change its status"):
        services.action_add_update(
            action=action, by=personas["officer"], on=date(2014, 11, 3), note="More", percent_complete=50
        )
    assert action.updates.count() == 0


def test_import_commit_creates_every_row_with_history_or_none(scene):
    personas, requirement = scene
    row = dict(
        row=2,
        reference="",
        title="Imported",
        description="",
        requirement_ids=[requirement.pk],
        requirement_refs=["8.1"],
        owner_id=personas["officer"].pk,
        owner_name="",
        organisation_id=personas.organisation.pk,
        organisation_name="",
        start_on=date(2014, 6, 2),
        due_on=date(2014, 9, 30),
        status="planned",
        completed_on=None,
    )
    created = services.plan_import_commit(
        notice=personas.notice, by=personas["administrator"], rows=[PlanRow(**row), PlanRow(**{**row, "row": 3})]
    )
    assert [a.reference for a in created] == ["A-001", "A-002"]
    assert all(history_users(a)[0] == "administrator" for a in created)
    outsider_row = PlanRow(**{**row, "row": 4, "owner_id": personas["outsider"].pk})
    with pytest.raises(services.ActionRefused, match="Row 4, column Owner"):
        services.plan_import_commit(
            notice=personas.notice, by=personas["administrator"], rows=[PlanRow(**row), outsider_row]
        )
    assert Action.objects.count() == 2


def test_queryset_update_of_actions_also_writes_history(scene):
    personas, requirement = scene
    action = services.action_create(notice=personas.notice, by=personas["officer"], data=data(personas, requirement))
    before = action.history.count()
    Action.objects.filter(pk=action.pk).update(title="Bulk renamed")
    assert action.history.count() == before + 1


@pytest.mark.django_db(transaction=True)
def test_two_actions_created_at_once_get_different_automatic_references(personas):
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (concurrent writers): skipped on SQLite; set DATABASE_URL=postgres://… to run it")
    requirement = factories.make_requirement(factories.make_measure(personas.notice, "8"), "8.1")
    barrier, errors = threading.Barrier(2), []

    def create(user):
        try:
            barrier.wait()
            services.action_create(notice=personas.notice, by=user, data=data(personas, requirement))
        except Exception as exc:  # reported below; a thread's exception would otherwise be lost
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create, args=(personas[role],)) for role in ("officer", "chair")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(Action.objects.values_list("reference", flat=True)) == ["A-001", "A-002"]


def test_history_names_every_owner_as_they_are_named_now_whether_or_not_the_owner_changed(scene):
    from actions.models import Action
    from notice_tracker.lib.historydiff import who

    personas, requirement = scene
    action = services.action_create(notice=personas.notice, by=personas["officer"], data=data(personas, requirement))
    read = Action.objects.select_related("owner", "lead_organisation").get(pk=action.pk)
    # Only the current owner: named from the action in hand, as a read of the user would name them.
    assert action_history(read)[0].who == "officer"
    services.action_edit(
        action=action,
        by=personas["chair"],
        expected_version=1,
        data=data(personas, requirement, reference=action.reference, owner=personas["chair"]),
    )
    personas["officer"].first_name = "Renamed"
    personas["officer"].save()
    read = Action.objects.select_related("owner", "lead_organisation").get(pk=action.pk)
    change = next(c for c in action_history(read)[0].changes if c.field == "Owner")
    assert (change.old, change.new) == (who(personas["officer"]), who(personas["chair"]))
