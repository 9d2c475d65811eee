"""The improvement-plan pages: list, detail, add, edit, log progress, override."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from actions.tests import factories as action_factories
from measures.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas):
    measure = factories.make_measure(personas.notice, "8", heading="Quality assurance")
    requirement = factories.make_requirement(measure, "8.1")
    action = action_factories.make_action(
        personas.notice,
        owner=personas["officer"],
        organisation=personas.organisation,
        requirements=[requirement],
        reference="A-001",
    )
    return personas, requirement, action


def form_data(personas, requirement, **changes):
    data = {
        "title": "Publish the QA framework",
        "requirements": [requirement.pk],
        "owner": personas["officer"].pk,
        "lead_organisation": personas.organisation.pk,
        "start_on": "02/06/2014",
        "due_on": "19/12/2014",
        "status": "planned",
        "description": "",
    }
    data.update(changes)
    return data


def test_officer_adds_an_action_and_it_is_numbered_automatically(client, plan):
    personas, requirement, _ = plan
    client.force_login(personas["officer"])
    response = client.post(
        reverse("actions:action-create", args=[personas.notice.pk]), form_data(personas, requirement)
    )
    action = Action.objects.get(title="Publish the QA framework")
    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()
    assert action.reference == "A-002"
    assert list(action.requirements.all()) == [requirement]
    assert action.created_by == personas["officer"]


def test_due_date_before_start_is_refused_with_the_error_at_the_field_and_at_the_top(client, plan):
    personas, requirement, _ = plan
    client.force_login(personas["officer"])
    data = form_data(personas, requirement, title="Kept title", start_on="01/09/2014", due_on="01/08/2014")
    response = client.post(reverse("actions:action-create", args=[personas.notice.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "The due date must be on or after the start date (01/09/2014)." in body
    assert 'id="error-summary"' in body and 'href="#id_due_on"' in body
    assert 'value="Kept title"' in body
    assert Action.objects.count() == 1


def test_choices_offered_are_only_this_notices_requirements_members_and_organisations(client, plan):
    personas, requirement, _ = plan
    other = factories.make_notice("Other Council")
    other_requirement = factories.make_requirement(factories.make_measure(other, "2"), "2.9", text="Elsewhere")
    other_org = factories.make_organisation(other, "Elsewhere Police")
    client.force_login(personas["officer"])
    response = client.get(reverse("actions:action-create", args=[personas.notice.pk]))
    body = response.content.decode()
    assert ">8.1 Do the thing</label>" in body and "Elsewhere" not in body
    assert "Elsewhere Police" not in body and "outsider" not in body
    bad = form_data(
        personas,
        requirement,
        requirements=[other_requirement.pk],
        lead_organisation=other_org.pk,
        owner=personas["outsider"].pk,
    )
    response = client.post(reverse("actions:action-create", args=[personas.notice.pk]), bad)
    assert set(response.context["form"].errors) == {"requirements", "lead_organisation", "owner"}


def test_dates_are_accepted_typed_the_british_way_iso_or_in_words(client, plan):
    personas, requirement, _ = plan
    client.force_login(personas["officer"])
    client.post(
        reverse("actions:action-create", args=[personas.notice.pk]),
        form_data(personas, requirement, start_on="2014-06-02", due_on="21 May 2015"),
    )
    action = Action.objects.get(title="Publish the QA framework")
    assert (action.start_on.isoformat(), action.due_on.isoformat()) == ("2014-06-02", "2015-05-21")
    body = client.get(reverse("actions:action-edit", args=[personas.notice.pk, action.pk])).content.decode()
    assert 'value="2 June 2014"' in body and 'value="21 May 2015"' in body and "For example, 21/05/2014." in body
    assert 'type="date"' not in body


def test_a_date_that_is_not_one_is_refused_naming_the_field(client, plan):
    personas, requirement, _ = plan
    client.force_login(personas["officer"])
    response = client.post(
        reverse("actions:action-create", args=[personas.notice.pk]),
        form_data(personas, requirement, due_on="31/02/2015"),
    )
    assert "Enter the due date as a date, for example 21/05/2014." in response.content.decode()


@pytest.mark.parametrize("typed", ["01/07/2014", "2014-07-01"])
def test_progress_saves_dated_the_british_way_or_iso(client, plan, typed):
    personas, _, action = plan
    client.force_login(personas["officer"])
    response = client.post(
        reverse("actions:action-update-add", args=[personas.notice.pk, action.pk]),
        {"on": typed, "percent_complete": 40, "note": "Framework drafted."},
    )
    assert response.status_code == 302
    assert action.updates.get().on.isoformat() == "2014-07-01"


def test_observer_cannot_edit_action(client, plan):
    personas, requirement, action = plan
    client.force_login(personas["observer"])
    response = client.post(
        reverse("actions:action-edit", args=[personas.notice.pk, action.pk]),
        {**form_data(personas, requirement), "reference": "A-001", "version": 1},
    )
    assert response.status_code == 403


def test_officer_cannot_edit_an_action_another_organisation_leads_and_someone_else_owns(client, plan):
    personas, requirement, _ = plan
    police_officer = factories.make_member(personas.notice, "officer", username="pc", organisation=personas.partner)
    theirs = action_factories.make_action(
        personas.notice, owner=police_officer, organisation=personas.partner, requirements=[requirement]
    )
    client.force_login(personas["officer"])
    assert client.get(reverse("actions:action-edit", args=[personas.notice.pk, theirs.pk])).status_code == 403
    client.force_login(police_officer)
    assert client.get(reverse("actions:action-edit", args=[personas.notice.pk, theirs.pk])).status_code == 200


def test_action_of_another_notice_is_not_found_through_this_notice(client, plan):
    personas, requirement, action = plan
    other = factories.make_notice("Other Council")
    factories.make_member(other, "chair", username="chair2")
    client.force_login(personas["chair"])
    assert client.get(reverse("actions:action-detail", args=[other.pk, action.pk])).status_code == 404


def test_edit_changes_the_action_and_the_history_names_who_changed_what(client, plan):
    personas, requirement, action = plan
    client.force_login(personas["chair"])
    url = reverse("actions:action-edit", args=[personas.notice.pk, action.pk])
    response = client.post(
        url, {**form_data(personas, requirement, due_on="31/01/2015"), "reference": "A-001", "version": 1}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.due_on.isoformat() == "2015-01-31" and action.version == 2
    body = client.get(action.get_absolute_url()).content.decode()
    assert "History of changes" in body and "Due date" in body and "31 January 2015" in body


def test_logging_progress_sets_the_figure_and_starts_a_planned_action(client, plan):
    personas, _, action = plan
    client.force_login(personas["officer"])
    response = client.post(
        reverse("actions:action-update-add", args=[personas.notice.pk, action.pk]),
        {"on": "01/07/2014", "percent_complete": 40, "note": "Framework drafted."},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.percent_complete, action.status) == (40, "in_progress")
    body = client.get(action.get_absolute_url()).content.decode()
    assert "Framework drafted." in body and "1 July 2014" in body


def test_progress_dated_in_the_future_or_over_100_is_refused_and_input_kept(client, plan):
    personas, _, action = plan
    client.force_login(personas["officer"])
    tomorrow = (timezone.localdate() + timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(
        reverse("actions:action-update-add", args=[personas.notice.pk, action.pk]),
        {"on": tomorrow, "percent_complete": 140, "note": "My careful note"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Progress cannot be dated in the future." in body
    assert "less than or equal to 100" in body
    assert "My careful note" in body
    assert action.updates.count() == 0


def test_override_needs_a_reason(client, plan):
    personas, _, action = plan
    client.force_login(personas["chair"])
    response = client.post(
        reverse("actions:action-override", args=[personas.notice.pk, action.pk]),
        {"rag_override": "green", "rag_override_reason": "  ", "version": 1},
    )
    assert response.status_code == 200
    assert "Give the reason for overriding the rating." in response.content.decode()
    action.refresh_from_db()
    assert action.rag_override == ""


def test_override_is_shown_with_who_and_why_and_can_be_cleared(client, plan):
    personas, _, action = plan
    client.force_login(personas["chair"])
    url = reverse("actions:action-override", args=[personas.notice.pk, action.pk])
    client.post(url, {"rag_override": "amber", "rag_override_reason": "Key post vacant", "version": 1})
    body = client.get(action.get_absolute_url()).content.decode()
    assert "Key post vacant" in body and "overridden" in body
    client.post(url, {"rag_override": "", "rag_override_reason": "", "version": 2})
    action.refresh_from_db()
    assert (action.rag_override, action.rag_override_reason, action.rag_override_by) == ("", "", None)


def test_detail_page_takes_the_same_number_of_queries_however_long_its_history(client, plan, django_assert_num_queries):
    personas, requirement, action = plan
    client.force_login(personas["officer"])
    url = action.get_absolute_url()
    client.get(url)
    # session, user, membership+notice, action, requirements, the updates' and history's mark, the
    # evidence panel: the updates and the history are kept under the mark, and not read again.
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
    for day in range(1, 6):
        client.post(
            reverse("actions:action-update-add", args=[personas.notice.pk, action.pk]),
            {
                "on": (action.start_on + timedelta(days=day)).strftime("%d/%m/%Y"),
                "percent_complete": 10 * day,
                "note": "More",
            },
        )
    # The mark moved: the updates and the history (action records, their requirement links, update
    # records; the owner's and organisation's names are the action's own) are read once more.
    with django_assert_num_queries(11):
        page = client.get(url)
    assert page.content.decode().count("More") >= 5
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200


def test_the_kept_updates_and_history_follow_a_renamed_person(client, plan):
    personas, requirement, action = plan
    client.force_login(personas["officer"])
    client.post(
        reverse("actions:action-update-add", args=[personas.notice.pk, action.pk]),
        {"on": action.start_on.strftime("%d/%m/%Y"), "percent_complete": 10, "note": "Started"},
    )
    client.force_login(personas["chair"])

    def sections() -> tuple[str, str]:
        page = client.get(action.get_absolute_url()).content.decode()
        updates = page.split('id="updates-heading"')[1].split("</section>")[0]
        history = page.split('id="history-heading"')[1].split("</section>")[0]
        return updates, history

    assert all("Renamed Person" not in section for section in sections())  # and both are kept now
    personas["officer"].first_name, personas["officer"].last_name = "Renamed", "Person"
    personas["officer"].save()
    assert all("Renamed Person" in section for section in sections())


def test_my_actions_is_one_click_from_the_plan_and_lists_only_mine(client, plan):
    personas, requirement, action = plan
    action_factories.make_action(
        personas.notice,
        owner=personas["chair"],
        organisation=personas.organisation,
        requirements=[requirement],
        reference="A-900",
        title="The Chair's own action",
    )
    client.force_login(personas["officer"])
    listing = client.get(reverse("actions:action-list", args=[personas.notice.pk])).content.decode()
    mine = reverse("actions:action-list", args=[personas.notice.pk]) + f"?owner={personas['officer'].pk}"
    assert f'href="{mine}"' in listing and "My actions" in listing
    page = client.get(mine).content.decode()
    assert action.reference in page and "A-900" not in page
