"""The improvement-plan list: filters, RAG as at today, sorting, pagination, fixed query count."""

from datetime import timedelta

import pytest
from django.db import models
from django.urls import reverse
from django.utils import timezone

from actions.tests import factories as action_factories
from measures.tests import factories
from notice_tracker.lib import clock
from progress.position import current_position

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def board(personas):
    """Two measures; an overdue action, one due soon and barely started, one complete."""
    notice = personas.notice
    qa = factories.make_requirement(factories.make_measure(notice, "8", heading="Quality assurance"), "8.1")
    workforce = factories.make_requirement(factories.make_measure(notice, "9", heading="Workforce"), "9.1")
    police = factories.make_member(notice, "officer", username="pc", organisation=personas.partner)
    overdue = action_factories.make_action(
        notice,
        owner=personas["officer"],
        organisation=personas.organisation,
        requirements=[qa],
        reference="A-001",
        title="Audit case files",
        start_on=TODAY - timedelta(days=90),
        due_on=TODAY - timedelta(days=1),
        status="in_progress",
    )
    action_factories.make_update(
        overdue, on=TODAY - timedelta(days=10), percent_complete=60, note="Half the files done"
    )
    soon = action_factories.make_action(
        notice,
        owner=police,
        organisation=personas.partner,
        requirements=[workforce],
        reference="A-002",
        title="Recruit permanent staff",
        start_on=TODAY - timedelta(days=3),
        due_on=TODAY + timedelta(days=10),
    )
    done = action_factories.make_action(
        notice,
        owner=police,
        organisation=personas.partner,
        requirements=[qa, workforce],
        reference="A-010",
        title="Agree the QA framework",
        start_on=TODAY - timedelta(days=60),
        due_on=TODAY - timedelta(days=5),
        status="complete",
    )
    return personas, {
        "overdue": overdue,
        "soon": soon,
        "done": done,
        "qa": qa,
        "workforce": workforce,
        "police": police,
    }


def listed(client, personas, **params) -> list[str]:
    client.force_login(personas["observer"])
    response = client.get(reverse("actions:action-list", args=[personas.notice.pk]), params)
    assert response.status_code == 200
    return [row.reference for row in response.context["page"].object_list]


def test_list_shows_rag_as_at_today_and_the_latest_update(client, board):
    personas, _ = board
    client.force_login(personas["observer"])
    body = client.get(reverse("actions:action-list", args=[personas.notice.pk])).content.decode()
    assert "Audit case files" in body and "Half the files done" in body
    assert body.count('rag rag-red">Red<') == 1 and "Amber" in body and "Green" in body
    assert "Overdue</span>" in body


def test_list_filters_by_measure_requirement_owner_organisation_and_status(client, board):
    personas, w = board
    measure_9 = w["workforce"].measure
    assert listed(client, personas, measure=measure_9.pk) == ["A-010", "A-002"]
    assert listed(client, personas, requirement=w["qa"].pk) == ["A-010", "A-001"]
    assert listed(client, personas, owner=w["police"].pk) == ["A-010", "A-002"]
    assert listed(client, personas, organisation=personas.organisation.pk) == ["A-001"]
    assert listed(client, personas, status="complete") == ["A-010"]


def test_list_filters_by_rag_and_overdue_computed_for_today(client, board):
    personas, _ = board
    assert listed(client, personas, rag="red") == ["A-001"]
    assert listed(client, personas, rag="amber") == ["A-002"]
    assert listed(client, personas, rag="green") == ["A-010"]
    assert listed(client, personas, overdue="yes") == ["A-001"]
    assert listed(client, personas, overdue="no") == ["A-010", "A-002"]


def test_a_manual_override_changes_what_the_rag_filter_finds(client, board):
    personas, w = board
    w["overdue"].rag_override, w["overdue"].rag_override_reason = "green", "Audit finished; update pending"
    w["overdue"].save()
    assert listed(client, personas, rag="red") == []
    assert listed(client, personas, rag="green") == ["A-010", "A-001"]


def test_list_sorts_by_any_column_both_ways(client, board):
    personas, _ = board
    assert listed(client, personas, sort="title") == ["A-010", "A-001", "A-002"]
    assert listed(client, personas, sort="-title") == ["A-002", "A-001", "A-010"]
    assert listed(client, personas, sort="reference") == ["A-001", "A-002", "A-010"]
    assert listed(client, personas, sort="rag") == ["A-001", "A-002", "A-010"]
    assert listed(client, personas, sort="-due") == ["A-002", "A-001", "A-010"]
    assert listed(client, personas, sort="nonsense") == ["A-010", "A-001", "A-002"]


def test_a_filter_value_from_another_notice_is_reported_not_applied(client, board):
    personas, _ = board
    client.force_login(personas["observer"])
    other_measure = factories.make_measure(factories.make_notice("Other"), "2")
    response = client.get(reverse("actions:action-list", args=[personas.notice.pk]), {"measure": other_measure.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def make_many(personas, requirement, count: int, *, start: int = 100) -> None:
    for number in range(start, start + count):
        action_factories.make_action(
            personas.notice,
            owner=personas["officer"],
            organisation=personas.organisation,
            requirements=[requirement],
            reference=f"B-{number}",
            title=f"Bulk action {number}",
        )


def test_list_pages_by_twenty_five_and_page_links_keep_the_filters(client, board):
    personas, w = board
    make_many(personas, w["workforce"], 60)
    client.force_login(personas["observer"])
    response = client.get(
        reverse("actions:action-list", args=[personas.notice.pk]),
        {"measure": w["workforce"].measure.pk, "sort": "reference"},
    )
    page = response.context["page"]
    assert (page.paginator.count, len(page.object_list), page.paginator.num_pages) == (62, 25, 3)
    body = response.content.decode()
    assert f"?measure={w['workforce'].measure.pk}&amp;sort=reference&amp;page=2" in body
    second = client.get(
        reverse("actions:action-list", args=[personas.notice.pk]),
        {"measure": w["workforce"].measure.pk, "sort": "reference", "page": 3},
    )
    assert len(second.context["page"].object_list) == 12
    assert "<strong>62</strong> actions match — showing 51 to 62." in second.content.decode()


def test_list_takes_the_same_number_of_queries_when_the_plan_doubles(client, board, django_assert_num_queries):
    personas, w = board
    make_many(personas, w["qa"], 20)
    url = reverse("actions:action-list", args=[personas.notice.pk])
    params = {"measure": w["qa"].measure.pk, "rag": "red", "owner": personas["officer"].pk}
    client.force_login(personas["officer"])
    _store_position(personas.notice)
    client.get(url, params)
    # Kept: session, user, membership; the position's mark and the members' and organisations' names
    # (the kept table's key); filter validation: measure, owner; filter form choices: measures,
    # requirements, owners, organisations.
    with django_assert_num_queries(11):
        assert client.get(url, params).status_code == 200
    make_many(personas, w["qa"], 23, start=500)
    _store_position(personas.notice)
    # The mark moved: the rows and their requirement links are read again.
    with django_assert_num_queries(13):
        response = client.get(url, params)
    assert response.context["page"].paginator.count == 44
    assert response.content.decode().count("<tr>") == 1 + 25  # the head and a full page of the 44
    with django_assert_num_queries(11):
        assert client.get(url, params).status_code == 200


def _store_position(notice) -> None:
    """What a write's commit does (progress.refresh); tests' writes never commit."""
    current_position(notice, on=clock.today())


@pytest.mark.parametrize(
    "sort",
    [
        "",
        "due",
        "-due",
        "reference",
        "-reference",
        "title",
        "owner",
        "-organisation",
        "start",
        "status",
        "-percent",
        "rag",
        "measure",
    ],
)
def test_a_page_chosen_before_its_rows_are_read_is_the_page_of_the_whole_plan(board, sort):
    """The list reads only its page's rows in full; the page is the one cut from every row, sorted alike."""
    from actions.models import Action
    from actions.selectors import action_page, action_rows
    from notice_tracker.lib.pagination import get_page

    personas, w = board
    make_many(personas, w["qa"], 55)
    actions = Action.objects.filter(notice=personas.notice)
    for number in ("1", "2"):
        whole = get_page(action_rows(actions, on=TODAY, sort=sort), number)
        page = action_page(actions, number, on=TODAY, sort=sort)
        assert [r.pk for r in page.object_list] == [r.pk for r in whole.object_list]
        assert page.object_list == whole.object_list  # every field: RAG, latest update, requirements
        assert page.paginator.count == whole.paginator.count == 58


def test_the_default_list_reads_the_same_number_of_queries_for_a_longer_plan(client, board, django_assert_num_queries):
    personas, w = board
    url = reverse("actions:action-list", args=[personas.notice.pk])
    client.force_login(personas["observer"])
    _store_position(personas.notice)
    client.get(url)
    # Kept: session, user, membership; the position's mark, the names; filter form choices: measures,
    # requirements, owners, organisations.
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200
    make_many(personas, w["qa"], 70)
    _store_position(personas.notice)
    # The mark moved: sort keys, the page's rows, their requirement links.
    with django_assert_num_queries(12):
        response = client.get(url)
    assert response.context["page"].paginator.count == 73 and len(response.context["page"].object_list) == 25
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("sort", ["reference", "-reference", "due", "-due", "start", "-start", "status", "-percent"])
def test_the_database_sorts_references_in_their_natural_order_as_python_does(board, sort):
    """The page the database cuts (by the stored reference_key) is the one Python cuts by natural_key."""
    from actions.models import Action
    from actions.selectors import action_page, action_rows
    from notice_tracker.lib.pagination import get_page

    personas, w = board
    references = ["A-2", "A-10", "a-3", "A-1.10", "A-1.2", "A-", "A-.", "A-x", "A-1x", "Z-9", "B-100", "b-20"]
    for index, reference in enumerate(references * 3):
        action_factories.make_action(
            personas.notice,
            owner=personas["officer"],
            organisation=personas.organisation,
            requirements=[w["qa"]],
            reference=f"{reference}{'' if index < len(references) else index}",
            title=f"Tricky {index}",
        )
    actions = Action.objects.filter(notice=personas.notice)
    for number in ("1", "2", "0", "9", "x", None):
        whole = get_page(action_rows(actions, on=TODAY, sort=sort), number)
        page = action_page(actions, number, on=TODAY, sort=sort)
        assert [r.reference for r in page.object_list] == [r.reference for r in whole.object_list], number
        assert (page.number, page.paginator.count) == (whole.number, whole.paginator.count)
    assert whole.paginator.count == 39


def test_an_actions_sort_key_follows_its_reference_whichever_way_it_is_written(board):
    from actions.models import Action
    from notice_tracker.lib.natural import natural_sort_key

    personas, _ = board
    action = Action.objects.filter(notice=personas.notice).earliest("pk")
    assert action.reference_key == natural_sort_key(action.reference)
    action.reference = "Q-12"
    action.save(update_fields=["reference"])
    assert Action.objects.get(pk=action.pk).reference_key == natural_sort_key("Q-12")
    Action.objects.filter(pk=action.pk).update(reference="Q-7")
    assert Action.objects.get(pk=action.pk).reference_key == natural_sort_key("Q-7")
    with pytest.raises(ValueError):
        Action.objects.filter(pk=action.pk).update(reference=models.F("title"))


def test_the_kept_table_follows_a_renamed_owner_or_organisation(client, board):
    personas, w = board
    url = reverse("actions:action-list", args=[personas.notice.pk])
    client.force_login(personas["chair"])
    _store_position(personas.notice)

    def table() -> str:
        return client.get(url).content.decode().split('aria-label="Actions"')[1]

    assert "Renamed Person" not in table() and "Renamed Council" not in table()  # and kept now
    personas["officer"].first_name, personas["officer"].last_name = "Renamed", "Person"
    personas["officer"].save()
    personas.organisation.name = "Renamed Council"
    personas.organisation.save()
    assert "Renamed Person" in table() and "Renamed Council" in table()
