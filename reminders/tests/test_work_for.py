"""work_for(): what each person has to do, per notice — the 'My work' page and the digest read it."""

from datetime import date

from actions.tests import factories as action_factories
from indicators.tests.factories import add_values, make_indicator
from measures.models import Duty
from measures.tests import factories
from meetings.tests.factories import make_meeting
from reminders.selectors import expected_periods, work_for

ON = date(2015, 2, 27)


def action(personas, owner="officer", **extra):
    return action_factories.make_action(
        personas.notice, owner=personas[owner], organisation=personas.organisation, **extra
    )


def test_an_owner_sees_their_overdue_and_soon_due_actions_but_not_later_closed_or_others(personas):
    overdue = action(personas, reference="A-1", start_on=date(2014, 6, 2), due_on=date(2015, 1, 31))
    soon = action(personas, reference="A-2", due_on=date(2015, 3, 13))  # 14 days ahead: still in
    action(personas, reference="A-3", due_on=date(2015, 3, 14))  # 15 days ahead: not yet
    action(personas, reference="A-4", due_on=date(2015, 1, 31), status="complete")
    action(personas, reference="A-5", due_on=date(2015, 1, 31), status="cancelled")
    action(personas, owner="chair", reference="A-6", due_on=date(2015, 1, 31))
    [work] = work_for(personas["officer"], on=ON)
    assert [a.action for a in work.overdue_actions] == [overdue]
    assert [a.action for a in work.due_actions] == [soon]
    assert work.overdue_actions[0].days == -27 and work.overdue_actions[0].rag == "red"
    assert work.item_count == 2


def test_officers_of_the_owning_organisation_see_periods_with_no_figure(personas):
    monthly = make_indicator(personas.notice, "ASSESS-45", owner=personas.organisation)
    add_values(monthly, [60, None, 62, 63, 64, 65, 66], start=date(2014, 6, 1))  # July 2014 and January 2015 missing
    quarterly = make_indicator(personas.notice, "VOICE", owner=personas.organisation, frequency="quarterly")
    add_values(quarterly, [50], start=date(2014, 7, 1))  # October to December 2014 missing
    make_indicator(personas.notice, "POLICE-1", owner=personas.partner)  # another organisation's
    [work] = work_for(personas["officer"], on=ON)
    assert [(m.indicator.code, m.labels) for m in work.missing_figures] == [
        ("ASSESS-45", ["July 2014", "January 2015"]),
        ("VOICE", ["October to December 2014"]),
    ]
    assert work_for(personas["chair"], on=ON) == [] or all(
        not w.missing_figures for w in work_for(personas["chair"], on=ON)
    )


def test_figures_are_owed_for_periods_that_began_after_the_notice_and_have_ended():
    issued = date(2014, 5, 21)
    assert expected_periods("monthly", issued_on=issued, on=date(2014, 8, 1)) == [date(2014, 6, 1), date(2014, 7, 1)]
    assert expected_periods("monthly", issued_on=issued, on=date(2014, 7, 31)) == [date(2014, 6, 1)]
    assert expected_periods("quarterly", issued_on=issued, on=date(2015, 1, 1)) == [date(2014, 7, 1), date(2014, 10, 1)]
    assert expected_periods("quarterly", issued_on=date(2014, 7, 1), on=date(2015, 1, 1)) == [date(2014, 10, 1)]


def test_the_chair_sees_duties_due_within_14_days_or_overdue_and_the_next_board_meeting(personas):
    notice, chair = personas.notice, personas["chair"]
    factories.make_duty(
        notice, Duty.Code.CHAIR_REPORT, title="Chair's report", cadence_months=3, starts_on=date(2014, 12, 10)
    )
    factories.make_duty(
        notice, Duty.Code.DFE_REVIEW, title="DfE review", cadence_months=6, starts_on=date(2014, 11, 21)
    )
    factories.make_duty(
        notice,
        Duty.Code.REPORT_TO_DFE,
        title="Report to DfE",
        cadence_months=None,
        starts_on=None,
        due_on=date(2014, 10, 31),
    )
    factories.make_duty(
        notice,
        Duty.Code.EXTERNAL_VALIDATION,
        title="Validated",
        cadence_months=None,
        starts_on=None,
        due_on=date(2014, 9, 30),
        completed_on=date(2014, 9, 29),
    )
    factories.make_duty(notice, Duty.Code.BOARD_MEETING, title="Board meets monthly", cadence_months=1)
    make_meeting(notice, chair, held_on=date(2015, 2, 3))
    [work] = work_for(chair, on=ON)
    assert [(d.duty.title, d.due_on, d.overdue) for d in work.duties] == [("Report to DfE", date(2014, 10, 31), True)]
    # The Chair's report is listed once, as the report she writes (with its period), not again as a duty.
    assert [(r.row.kind_label, r.row.due_on, r.overdue) for r in work.reports] == [
        ("Chair's 3-monthly report to the Minister", date(2015, 3, 10), False)
    ]
    assert work.board_meeting is not None
    assert (work.board_meeting.due_on, work.board_meeting.days, work.board_meeting.overdue) == (
        date(2015, 3, 3),
        4,
        False,
    )
    assert work.item_count == 3


def test_the_board_meeting_is_left_out_while_more_than_14_days_away(personas):
    make_meeting(personas.notice, personas["chair"], held_on=date(2015, 2, 14))  # next due 14 March: 15 days away
    assert work_for(personas["chair"], on=ON) == []
    meeting = work_for(personas["chair"], on=date(2015, 2, 28))[0].board_meeting
    assert meeting is not None and meeting.days == 14  # a day later: in


def test_only_the_chair_is_reminded_of_duties_and_meetings(personas):
    factories.make_duty(
        personas.notice,
        Duty.Code.REPORT_TO_DFE,
        title="Report to DfE",
        cadence_months=None,
        starts_on=None,
        due_on=date(2014, 10, 31),
    )
    for role in ("administrator", "officer", "lead_member", "mscb_chair", "observer"):
        assert work_for(personas[role], on=ON) == [], role


def test_lifted_notices_and_inactive_people_have_nothing_to_do(personas):
    action(personas, due_on=date(2015, 1, 31))
    officer = personas["officer"]
    officer.is_active = False
    assert work_for(officer, on=ON) == []
    officer.is_active = True
    notice = personas.notice
    notice.status, notice.lifted_on = "lifted", date(2015, 2, 1)
    notice.save()
    assert work_for(officer, on=ON) == []


def test_work_is_read_in_a_fixed_number_of_queries(personas, django_assert_num_queries):
    notice, chair = personas.notice, personas["chair"]
    for n in range(5):
        action_factories.make_action(
            notice, owner=chair, organisation=personas.organisation, due_on=date(2015, 3, 1 + n)
        )
        factories.make_duty(
            notice, f"other{n}", title=f"Duty {n}", cadence_months=None, starts_on=None, due_on=date(2015, 3, 1 + n)
        )
        make_meeting(notice, chair, held_on=date(2015, 1, 1 + n))
    # membership, actions, open actions, evidence to review, evidence returned, the notice's stored
    # position (worked out once, then one query)
    work_for(chair, on=ON)
    with django_assert_num_queries(6):
        [work] = work_for(chair, on=ON)
    assert work.item_count == 11
    officer = personas["officer"]
    for code in ("A", "B", "C"):
        add_values(make_indicator(notice, code, owner=personas.organisation), [1, 2])
    with django_assert_num_queries(6):  # membership, actions, open actions, returned, indicators, their figures
        [work] = work_for(officer, on=ON)
    assert len(work.missing_figures) == 3


def test_a_reviewer_sees_the_evidence_waiting_as_far_as_they_may_see_it(personas):
    from dashboards.tests.dashboard_data import make_item

    notice, officer = personas.notice, personas["officer"]
    requirement = factories.make_requirement(factories.make_measure(notice, "3"))
    waiting = make_item(notice, by=officer, requirements=[requirement], status="submitted", title="Audit to check")
    make_item(
        notice,
        by=officer,
        requirements=[requirement],
        status="submitted",
        title="Case of Child A",
        restricted=True,
        organisation=personas.organisation,
    )
    make_item(notice, by=officer, requirements=[requirement], status="accepted", title="Already decided")
    [work] = work_for(personas["chair"], on=ON)  # the Chair reviews, and sees restricted items
    assert {e.item.title for e in work.to_review} == {"Audit to check", "Case of Child A"}
    police = factories.make_member(
        notice, "officer", username="police.reviewer", organisation=personas.partner, can_review_evidence=True
    )
    [work] = work_for(police, on=ON)
    assert [e.item for e in work.to_review] == [waiting]  # another organisation's restricted item stays hidden


def test_evidence_returned_for_more_reaches_its_submitter_with_the_note(personas):
    from dashboards.tests.dashboard_data import make_item
    from evidence.models import EvidenceReview

    notice, officer = personas.notice, personas["officer"]
    requirement = factories.make_requirement(factories.make_measure(notice, "3"))
    item = make_item(notice, by=officer, requirements=[requirement], status="more_needed", title="Audit summary")
    EvidenceReview.objects.create(
        item=item, reviewer=personas["chair"], decision="more_needed", note="Add the sample size.", item_version=1
    )
    [work] = work_for(officer, on=ON)
    assert [(e.item.title, e.note) for e in work.returned] == [("Audit summary", "Add the sample size.")]


def test_the_mscb_chair_is_told_of_her_late_update(personas):
    factories.make_duty(
        personas.notice, Duty.Code.MSCB_REPORT, title="MSCB update", cadence_months=3, starts_on=date(2014, 5, 21)
    )
    [work] = work_for(personas["mscb_chair"], on=ON)
    # None issued yet: each quarter's update is late, the latest on 21 February 2015.
    assert [(r.row.kind, r.row.due_on, r.overdue) for r in work.reports] == [
        ("mscb_update", date(2014, 8, 21), True),
        ("mscb_update", date(2014, 11, 21), True),
        ("mscb_update", date(2015, 2, 21), True),
    ]
    assert work_for(personas["officer"], on=ON) == []  # officers write no reports
