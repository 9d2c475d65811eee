"""The portfolio: one row per notice the user has a role on, for DfE observers above all."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from measures.models import Duty, Membership
from progress.services import snapshot_take
from actions.tests import factories as action_factories
from measures.tests import factories
from dashboards.tests.dashboard_data import TODAY

URL = reverse("dashboards:portfolio")


@pytest.fixture(autouse=True)
def _pinned_today_and_empty_cache(settings):
    settings.NOTICE_TRACKER_TODAY = TODAY
    cache.clear()


def observed_notice(observer, name: str, *, overdue: int = 0):
    notice = factories.make_notice(name)
    org = factories.make_organisation(notice)
    owner = factories.make_member(notice, Membership.Role.OFFICER, organisation=org)
    Membership.objects.create(user=observer, notice=notice, role=Membership.Role.OBSERVER)
    factories.make_duty(notice, Duty.Code.DFE_REVIEW, title="DfE progress review every 6 months", cadence_months=6)
    requirement = factories.make_requirement(factories.make_measure(notice, "2"))
    for _ in range(overdue):
        action_factories.make_action(notice, owner=owner, organisation=org, requirements=[requirement],
                              due_on=date(2015, 1, 30), status="in_progress")
    return notice


def test_an_observer_sees_one_row_per_notice_with_overdue_actions_and_next_duty(client, personas):
    observer = personas["observer"]
    observed_notice(observer, "Northbridge Borough Council", overdue=3)
    client.force_login(observer)
    body = client.get(URL).content.decode()
    assert "Medway Council" in body and "Northbridge Borough Council" in body
    assert '<td class="text-end">3</td>' in body
    assert "DfE progress review every 6 months" in body and "21 May 2015" in body


def test_the_rating_comes_from_the_last_month_end_when_no_current_one_is_stored(client, personas):
    populate_notice = personas.notice
    snapshot_take(notice=populate_notice, as_at=date(2015, 1, 31))
    client.force_login(personas["observer"])
    body = client.get(URL).content.decode()
    assert "as at 31 January 2015" in body


def test_the_rating_is_the_current_one_once_the_dashboard_has_worked_it_out(client, personas):
    client.force_login(personas["observer"])
    client.get(reverse("dashboards:dashboard", args=[personas.notice.pk]))
    body = client.get(URL).content.decode()
    assert "Not rated" in body and ">now<" in body


def test_a_user_with_no_role_is_told_how_to_get_one(client, db):
    client.force_login(factories.make_user("newcomer"))
    assert "no role on any notice" in client.get(URL).content.decode()


def test_an_outsider_sees_only_their_own_notice(client, personas):
    client.force_login(personas["outsider"])
    body = client.get(URL).content.decode()
    assert "Another Council" in body and "Medway Council" not in body


def count(client) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_portfolio_query_count_does_not_grow_with_the_number_of_notices(client, personas):
    observer = personas["observer"]
    client.force_login(observer)
    observed_notice(observer, "Council A", overdue=1)
    snapshot_take(notice=personas.notice, as_at=date(2015, 1, 31))
    two = count(client)
    for name in ("Council B", "Council C"):
        notice = observed_notice(observer, name, overdue=2)
        snapshot_take(notice=notice, as_at=date(2015, 1, 31))
    assert count(client) == two == 7
