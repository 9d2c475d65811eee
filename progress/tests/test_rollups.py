"""The roll-up rule (progress/rules.py) on constructed cases, and the selector that feeds it."""

from datetime import date

import pytest
from django.core.cache import cache
from hypothesis import assume, given
from hypothesis import strategies as st

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
    measure_rating,
    overall_rag,
    trend,
)
from progress.selectors import measure_rollups

GREEN_ACTION = ActionSignal("A-1", "green", "in_progress", False)


def req(reference="3.2", kind="action", *, actions=(), indicators=(), qualitative=0, quantitative=0):
    """A requirement with the actions and indicators serving it."""
    return RequirementEvidence(
        reference,
        kind,
        qualitative=qualitative,
        quantitative=quantitative,
        indicators=len(indicators),
        actions=sum(1 for a in actions if a.status != "cancelled"),
        actions_open=sum(1 for a in actions if a.status not in ("complete", "cancelled")),
        action_signals=tuple(a for a in actions if a.status != "cancelled"),
        indicator_signals=tuple(indicators),
    )


PROVED = req("3.1", "impact", qualitative=1, quantitative=1)


def rate(*requirements, evidence_due=True):
    rating = measure_rating(requirements=list(requirements), evidence_due=evidence_due)
    return rating.rag, rating.reasons


def on_track(n):
    return [req(f"3.{i + 10}", actions=[GREEN_ACTION]) for i in range(n)]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    forget_local_positions()


def test_everything_on_track_and_proved_is_green():
    assert rate(PROVED, req(actions=[GREEN_ACTION])) == (
        GREEN,
        ["2 of 2 requirements on track, 0 at risk, 0 off track."],
    )


def test_a_red_action_puts_its_requirements_off_track_and_is_named():
    late = ActionSignal("A-7", "red", "in_progress", True)
    rag, reasons = rate(PROVED, *on_track(2), req(actions=[GREEN_ACTION, late]))
    assert rag == AMBER  # one of four requirements off track
    assert reasons[0] == "3 of 4 requirements on track, 0 at risk, 1 off track."
    assert "A-7" in reasons[1]


def test_half_the_requirements_off_track_make_the_measure_red():
    late = ActionSignal("A-7", "red", "in_progress", True)
    assert rate(PROVED, req(actions=[late]))[0] == RED


def test_an_amber_action_puts_its_requirement_at_risk():
    amber = ActionSignal("A-2", "amber", "in_progress", False)
    assert rate(PROVED, req(actions=[amber]))[0] == AMBER
    assert rate(PROVED, *on_track(2), req(actions=[amber]))[0] == GREEN  # three in four on track, none off


def test_a_failing_indicator_puts_its_requirement_off_track():
    failing = IndicatorSignal("CP-1", "red", True, True)
    assert rate(PROVED, req(actions=[GREEN_ACTION], indicators=[failing]))[0] == RED


def test_an_indicator_not_projected_to_meet_its_target_is_at_risk_even_when_green_now():
    drifting = IndicatorSignal("CP-1", "green", False, True)
    assert rate(PROVED, req(actions=[GREEN_ACTION], indicators=[drifting]))[0] == AMBER


def test_an_indicator_without_a_rating_does_not_count():
    unrated = IndicatorSignal("CTX", "none", False, False)
    assert rate(PROVED, req(actions=[GREEN_ACTION], indicators=[unrated]))[0] == GREEN


def test_an_impact_requirement_with_no_accepted_evidence_is_off_track_once_evidence_is_due():
    rag, reasons = rate(req("3.3", "impact"), req(actions=[GREEN_ACTION]))
    assert rag == RED
    assert any("3.3" in reason for reason in reasons)


def test_the_same_gap_is_only_at_risk_before_the_first_three_monthly_report():
    assert rate(req("3.3", "impact"), req(actions=[GREEN_ACTION]), evidence_due=False)[0] == AMBER


def test_evidence_falls_due_three_months_after_the_notice():
    assert not evidence_is_due(issued_on=date(2014, 5, 21), on=date(2014, 8, 20))
    assert evidence_is_due(issued_on=date(2014, 5, 21), on=date(2014, 8, 21))


def test_an_impact_requirement_with_only_one_kind_of_evidence_is_at_risk():
    rag, reasons = rate(req("3.3", "impact", qualitative=2), req(actions=[GREEN_ACTION]))
    assert rag == AMBER
    assert any("3.3" in reason for reason in reasons)


def test_finished_actions_without_evidence_are_listed_to_follow_up_but_do_not_count_against():
    done = ActionSignal("A-3", "green", "complete", False)
    rag, reasons = rate(PROVED, req("3.4", actions=[done]))
    assert rag == GREEN
    assert reasons[-1].startswith("To follow up:") and "3.4" in reasons[-1]


def test_a_requirement_nothing_addresses_is_at_risk():
    assert rate(PROVED, req("3.5"))[0] == AMBER


def test_a_measure_with_nothing_to_rate_is_not_rated():
    cancelled = ActionSignal("A-9", "", "cancelled", False)
    rag, reasons = rate(req("3.1", "impact", actions=[cancelled]))
    assert rag == NONE
    assert "Nothing to rate" in reasons[0]


def test_the_score_counts_on_track_as_one_at_risk_as_a_half_and_off_track_as_nothing():
    late = ActionSignal("A-7", "red", "in_progress", True)
    rating = measure_rating(requirements=[PROVED, req("3.5"), req(actions=[late])], evidence_due=True)
    assert (rating.score, rating.on_track, rating.at_risk, rating.off_track) == (0.5, 1, 1, 1)


def test_the_trend_compares_scores_and_says_nothing_without_both():
    assert [trend(0.6, 0.5), trend(0.5, 0.5), trend(0.4, 0.5), trend(0.5, None)] == [
        "improving",
        "steady",
        "worse",
        "",
    ]


def test_one_red_measure_among_several_makes_the_notice_amber_and_two_make_it_red():
    assert overall_rag([RED, GREEN, GREEN])[0] == AMBER
    assert overall_rag([RED, RED, GREEN])[0] == RED
    assert overall_rag([RED, NONE])[0] == RED  # every rated measure is red
    assert overall_rag([GREEN, NONE, GREEN])[0] == GREEN
    assert overall_rag([NONE, NONE])[0] == NONE


# ------------------------------------------------------- the rule's properties

RANK = {NONE: 3, GREEN: 2, AMBER: 1, RED: 0}  # higher is better; "not rated" only before anything exists

action_signals = st.builds(
    ActionSignal,
    reference=st.sampled_from([f"A-{n}" for n in range(8)]),
    rag=st.sampled_from(["red", "amber", "green"]),
    status=st.sampled_from(["planned", "in_progress", "complete"]),
    overdue=st.booleans(),
).map(lambda a: ActionSignal(a.reference, "green", "complete", False) if a.status == "complete" else a)
indicator_signals = st.builds(
    IndicatorSignal,
    code=st.sampled_from([f"I-{n}" for n in range(5)]),
    rag=st.sampled_from(["red", "amber", "green", "none"]),
    is_failing=st.booleans(),
    off_track=st.booleans(),
)
requirements = st.lists(
    st.builds(
        req,
        reference=st.sampled_from([f"3.{n}" for n in range(1, 7)]),
        kind=st.sampled_from(["action", "impact"]),
        actions=st.lists(action_signals, max_size=3, unique_by=lambda a: a.reference),
        indicators=st.lists(indicator_signals, max_size=2, unique_by=lambda i: i.code),
        qualitative=st.integers(0, 2),
        quantitative=st.integers(0, 2),
    ),
    min_size=1,
    max_size=6,
)


def _same_action_everywhere(requirements, reference, replacement):
    return [
        req(
            r.reference,
            r.kind,
            actions=[replacement if a.reference == reference else a for a in r.action_signals],
            indicators=r.indicator_signals,
            qualitative=r.qualitative,
            quantitative=r.quantitative,
        )
        for r in requirements
    ]


@given(requirements, st.integers(0, 5), st.booleans())
def test_one_more_overdue_action_never_improves_a_rating(requirements, which, evidence_due):
    before = measure_rating(requirements=requirements, evidence_due=evidence_due)
    target = requirements[which % len(requirements)]
    late = ActionSignal("A-late", "red", "in_progress", True)
    after_requirements = [
        req(
            r.reference,
            r.kind,
            actions=[*r.action_signals, late] if r is target else r.action_signals,
            indicators=r.indicator_signals,
            qualitative=r.qualitative,
            quantitative=r.quantitative,
        )
        for r in requirements
    ]
    after = measure_rating(requirements=after_requirements, evidence_due=evidence_due)
    if before.rag != NONE:
        assert before.score is not None and after.score is not None
        assert RANK[after.rag] <= RANK[before.rag]
        assert after.score <= before.score


@given(requirements, st.booleans())
def test_completing_an_action_never_worsens_a_rating(requirements, evidence_due):
    open_actions = [a for r in requirements for a in r.action_signals if a.status != "complete"]
    assume(open_actions)
    chosen = open_actions[0]
    before = measure_rating(requirements=requirements, evidence_due=evidence_due)
    done = ActionSignal(chosen.reference, "green", "complete", False)
    after = measure_rating(
        requirements=_same_action_everywhere(requirements, chosen.reference, done), evidence_due=evidence_due
    )
    assert RANK[after.rag] >= RANK[before.rag]
    assert before.rag == NONE or (after.score or 0) >= (before.score or 0)


@given(requirements, st.booleans())
def test_one_more_failing_indicator_never_improves_a_rating(requirements, evidence_due):
    before = measure_rating(requirements=requirements, evidence_due=evidence_due)
    failing = IndicatorSignal("I-failing", "red", True, True)
    target = requirements[0]
    after = measure_rating(
        requirements=[
            req(
                r.reference,
                r.kind,
                actions=r.action_signals,
                indicators=[*r.indicator_signals, failing] if r is target else r.indicator_signals,
                qualitative=r.qualitative,
                quantitative=r.quantitative,
            )
            for r in requirements
        ],
        evidence_due=evidence_due,
    )
    if before.rag != NONE:
        assert RANK[after.rag] <= RANK[before.rag]


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
