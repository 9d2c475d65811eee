"""Scenes for the dashboard tests: a notice with `size` times a little of everything."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from actions.tests import factories as action_factories
from evidence.models import EvidenceItem
from indicators.tests.factories import add_values, make_indicator
from measures.models import Requirement
from measures.tests import factories

TODAY = date(2015, 2, 27)


def make_item(
    notice,
    *,
    by,
    requirements,
    nature="qualitative",
    status="accepted",
    restricted=False,
    organisation=None,
    title=None,
    covers_from=date(2014, 9, 1),
    covers_to=None,
) -> EvidenceItem:
    """An item saved directly, link only (no file): for setting the scene."""
    item = EvidenceItem.objects.create(
        notice=notice,
        title=title or f"Evidence {EvidenceItem.objects.count() + 1}",
        kind="case_file_audit",
        nature=nature,
        covers_from=covers_from,
        covers_to=covers_to,
        link="https://example.org/e",
        submitted_by=by,
        organisation=organisation,
        restricted=restricted,
        review_status=status,
    )
    item.requirements.set(requirements)
    return item


def populate(personas, *, size: int = 1) -> None:
    """`size` rounds of: two measures' worth of actions (overdue, at risk, complete), updates, evidence, indicators."""
    notice, officer, org = personas.notice, personas["officer"], personas.organisation
    first = notice.measures.count()
    for round_ in range(first, first + size):
        measure = factories.make_measure(notice, f"{round_ + 2}", heading=f"Measure {round_ + 2}")
        action_req = factories.make_requirement(measure, text="Do it")
        impact_req = factories.make_requirement(measure, text="Prove it", kind=Requirement.Kind.IMPACT)
        overdue = action_factories.make_action(
            notice,
            owner=officer,
            organisation=org,
            requirements=[action_req],
            title="Overdue audit",
            start_on=date(2014, 6, 2),
            due_on=date(2015, 1, 30),
            status="in_progress",
            percent_complete=40,
        )
        action_factories.make_update(overdue, on=date(2014, 9, 1), percent_complete=40)
        done = action_factories.make_action(
            notice,
            owner=officer,
            organisation=org,
            requirements=[action_req, impact_req],
            title="Finished work",
            start_on=date(2014, 6, 2),
            due_on=date(2014, 12, 1),
            status="complete",
            completed_on=date(2014, 11, 20),
        )
        action_factories.make_update(done, on=date(2014, 11, 20), percent_complete=100)
        make_item(notice, by=officer, requirements=[impact_req], nature="qualitative", organisation=org)
        make_item(
            notice, by=officer, requirements=[impact_req], nature="quantitative", status="submitted", organisation=org
        )
        make_item(notice, by=officer, requirements=[action_req], restricted=True, organisation=org)
        indicator = make_indicator(notice, f"IND-{round_}", owner=org, requirements=[impact_req])
        add_values(indicator, [60, 62, 61, 63, 60, 59])


def visit(client, user, notice, *, ago: timedelta):
    """Pretend `user` last opened the dashboard `ago` before now."""
    from dashboards.models import NoticeVisit

    NoticeVisit.objects.update_or_create(user=user, notice=notice, defaults={"last_seen_at": timezone.now() - ago})
    client.force_login(user)
    return client
