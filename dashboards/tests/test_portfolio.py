"""The portfolio: one row per notice the user has a role on, for DfE observers above all."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.tests import factories as action_factories
from dashboards.tests.dashboard_data import TODAY
from measures.models import Duty, Membership
from measures.tests import factories
from progress.position import forget_local_positions

URL = reverse("dashboards:portfolio")


@pytest.fixture(autouse=True)
def _pinned_today_and_empty_cache(settings):
    settings.NOTICE_TRACKER_TODAY = TODAY
    cache.clear()
    forget_local_positions()


def observed_notice(observer, name: str, *, overdue: int = 0):
    notice = factories.make_notice(name)
    org = factories.make_organisation(notice)
    owner = factories.make_member(notice, Membership.Role.OFFICER, organisation=org)
    Membership.objects.create(user=observer, notice=notice, role=Membership.Role.OBSERVER)
    factories.make_duty(notice, Duty.Code.DFE_REVIEW, title="DfE progress review every 6 months", cadence_months=6)
    requirement = factories.make_requirement(factories.make_measure(notice, "2"))
    for _ in range(overdue):
        action_factories.make_action(
            notice,
            owner=owner,
            organisation=org,
            requirements=[requirement],
            due_on=date(2015, 1, 30),
            status="in_progress",
        )
    return notice


def test_an_observer_sees_one_row_per_notice_with_overdue_actions_and_next_duty(client, personas):
    observer = personas["observer"]
    notice = observed_notice(observer, "Northbridge Borough Council", overdue=3)
    client.force_login(observer)
    body = client.get(URL).content.decode()
    assert "Medway Council" in body and "Northbridge Borough Council" in body
    assert f'data-fact="actions-overdue@{notice.pk}">3</td>' in body
    # No review pack answers the review due on 21 November 2014, so that one is still the next duty, overdue.
    assert (
        "DfE progress review every 6 months" in body and f'data-fact="next-duty@{notice.pk}">21 November 2014<' in body
    )


def test_the_rating_is_current_without_anyone_opening_a_dashboard(client, personas):
    observer = personas["observer"]
    notice = observed_notice(observer, "Northbridge Borough Council", overdue=2)
    client.force_login(observer)
    body = client.get(URL).content.decode()
    assert f'data-fact="overall-rag@{notice.pk}" class="rag rag-red">Red<' in body
    assert f'data-fact="overall-rag@{personas.notice.pk}" class="rag rag-none">Not rated<' in body


def test_a_change_shows_on_the_portfolio_at_once(client, personas):
    observer = personas["observer"]
    notice = observed_notice(observer, "Northbridge Borough Council", overdue=1)
    client.force_login(observer)
    assert f'data-fact="actions-overdue@{notice.pk}">1</td>' in client.get(URL).content.decode()
    observed_notice_action = notice.actions.first()
    observed_notice_action.status = "complete"
    observed_notice_action.completed_on = date(2015, 2, 1)
    observed_notice_action.save()
    assert f'data-fact="actions-overdue@{notice.pk}">0</td>' in client.get(URL).content.decode()


def test_a_user_with_no_role_is_told_how_to_get_one(client, db):
    client.force_login(factories.make_user("newcomer"))
    assert "no role on any notice" in client.get(URL).content.decode()


def test_an_outsider_sees_only_their_own_notice(client, personas):
    client.force_login(personas["outsider"])
    body = client.get(URL).content.decode()
    assert "Another Council" in body and "Medway Council" not in body


def count(client) -> int:
    client.get(URL)  # the positions are worked out once and kept until the data changes
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_portfolio_query_count_does_not_grow_with_the_number_of_notices(client, personas):
    observer = personas["observer"]
    client.force_login(observer)
    observed_notice(observer, "Council A", overdue=1)
    two = count(client)
    for name in ("Council B", "Council C"):
        observed_notice(observer, name, overdue=2)
    assert count(client) == two
