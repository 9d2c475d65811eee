"""The roll-up rule (progress/rules.py) on constructed cases, and the selector that feeds it."""

from datetime import date

import pytest
from django.core.cache import cache

from actions.tests import factories as action_factories
from dashboards.tests.dashboard_data import TODAY, make_item, populate
from measures.models import Requirement
from measures.tests import factories
from progress.position import current_position, forget_local_positions
from progress.rules import (
    AMBER,
    GREEN,
    NONE,
    RED,
    ActionCounts,
    ActionSignal,
    IndicatorSignal,
    RequirementEvidence,
    evidence_is_due,
    measure_rag,
    overall_rag,
)
from progress.selectors import measure_rollups

GREEN_ACTION = ActionSignal("A-1", "green", "in_progress", False)
PROVED = RequirementEvidence("3.1", "impact", qualitative=1, quantitative=1)
DONE_REQ = RequirementEvidence("3.2", "action", qualitative=1, actions=1)


def rate(actions=(GREEN_ACTION,), indicators=(), requirements=(PROVED, DONE_REQ), evidence_due=True):
    return measure_rag(
        actions=list(actions), indicators=list(indicators), requirements=list(requirements), evidence_due=evidence_due
    )


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    forget_local_positions()


def test_everything_on_track_and_proved_is_green():
    assert rate()[0] == GREEN


def test_a_red_action_makes_the_measure_red_and_is_named():
    rag, reasons = rate(actions=[GREEN_ACTION, ActionSignal("A-7", "red", "in_progress", True)])
    assert rag == RED
    assert "A-7" in reasons[0]


def test_an_amber_action_makes_the_measure_amber():
    assert rate(actions=[ActionSignal("A-2", "amber", "in_progress", False)])[0] == AMBER


def test_a_failing_indicator_makes_the_measure_red():
    assert rate(indicators=[IndicatorSignal("CP-1", "red", True, True)])[0] == RED


def test_an_indicator_not_projected_to_meet_its_target_is_amber_even_when_green_now():
    assert rate(indicators=[IndicatorSignal("CP-1", "green", False, True)])[0] == AMBER


def test_an_indicator_without_a_rating_does_not_count():
    assert rate(indicators=[IndicatorSignal("CTX", "none", False, False)])[0] == GREEN


def test_an_impact_requirement_with_no_accepted_evidence_is_red_once_evidence_is_due():
    unproved = RequirementEvidence("3.3", "impact")
    rag, reasons = rate(requirements=[unproved, DONE_REQ])
    assert rag == RED
    assert "3.3" in reasons[0]


def test_the_same_gap_is_only_amber_before_the_first_three_monthly_report():
    assert rate(requirements=[RequirementEvidence("3.3", "impact"), DONE_REQ], evidence_due=False)[0] == AMBER


def test_evidence_falls_due_three_months_after_the_notice():
    assert not evidence_is_due(issued_on=date(2014, 5, 21), on=date(2014, 8, 20))
    assert evidence_is_due(issued_on=date(2014, 5, 21), on=date(2014, 8, 21))


def test_an_impact_requirement_with_only_one_kind_of_evidence_is_amber():
    rag, reasons = rate(requirements=[RequirementEvidence("3.3", "impact", qualitative=2), DONE_REQ])
    assert rag == AMBER
    assert "3.3" in reasons[0]


def test_finished_actions_without_accepted_evidence_are_amber():
    finished = RequirementEvidence("3.4", "action", actions=2, actions_open=0)
    assert rate(requirements=[PROVED, finished])[0] == AMBER


def test_an_action_requirement_still_being_worked_on_needs_no_evidence_yet():
    open_work = RequirementEvidence("3.4", "action", actions=1, actions_open=1)
    assert rate(requirements=[PROVED, open_work])[0] == GREEN


def test_a_requirement_nothing_addresses_is_amber():
    assert rate(requirements=[PROVED, RequirementEvidence("3.5", "action")])[0] == AMBER


def test_a_measure_with_nothing_to_rate_is_not_rated():
    cancelled = ActionSignal("A-9", "", "cancelled", False)
    rag, reasons = rate(actions=[cancelled], requirements=[RequirementEvidence("3.1", "impact")])
    assert rag == NONE
    assert "Nothing to rate" in reasons[0]


def test_one_red_measure_among_several_makes_the_notice_amber_and_two_make_it_red():
    assert overall_rag([RED, GREEN, GREEN])[0] == AMBER
    assert overall_rag([RED, RED, GREEN])[0] == RED
    assert overall_rag([RED, NONE])[0] == RED  # every rated measure is red
    assert overall_rag([GREEN, NONE, GREEN])[0] == GREEN
    assert overall_rag([NONE, NONE])[0] == NONE


def test_action_counts_put_overdue_before_at_risk_and_leave_out_cancelled():
    counts = ActionCounts.of(
        [
            ActionSignal("1", "red", "in_progress", True),
            ActionSignal("2", "red", "in_progress", False),
            ActionSignal("3", "amber", "planned", False),
            ActionSignal("4", "green", "complete", False),
            ActionSignal("5", "green", "planned", False),
            ActionSignal("6", "", "cancelled", False),
        ]
    )
    assert counts == ActionCounts(complete=1, on_track=1, at_risk=2, overdue=1)


# ---------------------------------------------------------------- the selector


@pytest.fixture
def scene(personas, settings):
    settings.NOTICE_TRACKER_TODAY = TODAY
    notice, officer, org = personas.notice, personas["officer"], personas.organisation
    measure = factories.make_measure(notice, "3")
    doing = factories.make_requirement(measure, "3.1")
    impact = factories.make_requirement(measure, "3.2", kind=Requirement.Kind.IMPACT)
    return notice, officer, org, measure, doing, impact


def test_the_selector_rates_a_measure_red_for_an_overdue_action(scene):
    notice, officer, org, measure, doing, impact = scene
    action_factories.make_action(
        notice,
        owner=officer,
        organisation=org,
        requirements=[doing],
        reference="A-1",
        due_on=date(2015, 1, 30),
        status="in_progress",
    )
    make_item(notice, by=officer, requirements=[impact], nature="qualitative")
    make_item(notice, by=officer, requirements=[impact], nature="quantitative")
    rollup = measure_rollups(notice, on=TODAY)
    row = rollup.for_measure(measure.pk)
    assert row is not None
    assert (row.rag, row.action_counts.overdue) == (RED, 1)
    assert rollup.attention[0].reference == "A-1" and rollup.attention[0].days_late == 28


def test_the_rating_counts_only_accepted_evidence_that_may_be_published_whoever_looks(scene, personas):
    notice, officer, org, measure, doing, impact = scene
    action_factories.make_action(
        notice, owner=officer, organisation=org, requirements=[doing], due_on=date(2015, 6, 30)
    )
    make_item(notice, by=officer, requirements=[impact], nature="qualitative", restricted=True, organisation=org)
    make_item(notice, by=officer, requirements=[impact], nature="quantitative", status="rejected")
    make_item(notice, by=officer, requirements=[impact], nature="quantitative", status="submitted")
    make_item(notice, by=officer, requirements=[impact], nature="quantitative")
    rollup = measure_rollups(notice, on=TODAY)
    assert (rollup.coverage.with_qualitative, rollup.coverage.with_quantitative) == (0, 1)


def test_an_earlier_date_uses_the_progress_recorded_by_then(scene):
    notice, officer, org, measure, doing, impact = scene
    action = action_factories.make_action(
        notice,
        owner=officer,
        organisation=org,
        requirements=[doing],
        status="complete",
        start_on=date(2014, 6, 2),
        due_on=date(2014, 12, 19),
        completed_on=date(2014, 12, 1),
    )
    action_factories.make_update(action, on=date(2014, 7, 1), percent_complete=10)
    action_factories.make_update(action, on=date(2014, 12, 1), percent_complete=100)
    then = measure_rollups(notice, on=date(2014, 10, 31))
    assert then.action_counts.complete == 0
    assert then.attention[0].percent_complete == 10  # behind plan in October: red, at risk
    assert measure_rollups(notice, on=TODAY).action_counts.complete == 1


def test_the_roll_up_takes_a_fixed_number_of_queries(personas, settings, django_assert_num_queries):
    settings.NOTICE_TRACKER_TODAY = TODAY
    notice = personas.notice
    populate(personas, size=2)  # with no indicators at all, Django skips the two prefetch queries
    with django_assert_num_queries(9):
        measure_rollups(notice, on=TODAY)
    with django_assert_num_queries(10):
        measure_rollups(notice, on=date(2014, 10, 31))


def test_the_stored_position_is_recomputed_after_any_change(scene):
    notice, officer, org, measure, doing, impact = scene
    first = current_position(notice, on=TODAY)
    assert first.rollup.action_counts.total == 0
    action_factories.make_action(
        notice, owner=officer, organisation=org, requirements=[doing], due_on=date(2015, 6, 30)
    )
    assert current_position(notice, on=TODAY).rollup.action_counts.total == 1


def test_a_stored_roll_up_is_read_with_one_query(scene, django_assert_num_queries):
    notice = scene[0]
    current_position(notice, on=TODAY)
    with django_assert_num_queries(1):
        current_position(notice, on=TODAY)
