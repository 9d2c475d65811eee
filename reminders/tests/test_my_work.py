"""The 'My work' page: the signed-in person's own list, the same one the digest sends."""

from datetime import date

import pytest
from django.urls import reverse

from actions.tests import factories as action_factories
from meetings.tests.factories import make_meeting

ON = date(2015, 2, 27)


@pytest.fixture(autouse=True)
def pinned_today(settings):
    settings.NOTICE_TRACKER_TODAY = ON


def test_my_work_shows_only_my_own_actions(client, personas):
    action_factories.make_action(
        personas.notice,
        owner=personas["officer"],
        organisation=personas.organisation,
        reference="A-1",
        title="Mine and overdue",
        due_on=date(2015, 1, 31),
    )
    action_factories.make_action(
        personas.notice,
        owner=personas["chair"],
        organisation=personas.organisation,
        reference="A-2",
        title="The chair's",
        due_on=date(2015, 1, 31),
    )
    client.force_login(personas["officer"])
    page = " ".join(client.get(reverse("reminders:my-work")).content.decode().split())
    assert "A-1 Mine and overdue" in page and "27 days overdue" in page and "Red" in page
    assert "The chair&#x27;s" not in page


def test_the_chair_sees_the_board_meeting_due(client, personas):
    make_meeting(personas.notice, personas["chair"], held_on=date(2015, 2, 3))
    client.force_login(personas["chair"])
    page = " ".join(client.get(reverse("reminders:my-work")).content.decode().split())
    assert "Improvement Board meeting" in page and "3 March 2015" in page


def test_someone_with_nothing_to_do_is_told_so(client, personas):
    client.force_login(personas["observer"])
    assert "Nothing is due" in client.get(reverse("reminders:my-work")).content.decode()


def test_the_navbar_links_to_my_work(client, personas):
    client.force_login(personas["observer"])
    page = client.get(reverse("measures:notice-list")).content.decode()
    assert f'href="{reverse("reminders:my-work")}"' in page


def test_my_work_takes_a_fixed_number_of_queries(client, personas, django_assert_num_queries):
    chair = personas["chair"]
    client.force_login(chair)
    for n in range(4):
        action_factories.make_action(
            personas.notice, owner=chair, organisation=personas.organisation, due_on=date(2015, 3, 1 + n)
        )
        make_meeting(personas.notice, chair, held_on=date(2015, 1, 1 + n))
    # session, user, then work_for's six (see reminders/tests/test_work_for.py)
    client.get(reverse("reminders:my-work"))
    with django_assert_num_queries(8):
        assert client.get(reverse("reminders:my-work")).status_code == 200
