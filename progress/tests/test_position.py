"""The one position source: duties matched to what fulfils them, stored positions kept per notice,
and refreshed when a write commits — in the request, or on the job queue when there is one."""

from __future__ import annotations

from datetime import date

import django_rq
import pytest
from django.core.cache import cache
from django.db import transaction
from redis import Redis

from actions.tests import factories as action_factories
from measures.models import Duty
from measures.tests import factories
from meetings.models import BoardMeeting
from progress.position import current_position, current_positions, data_marks, forget_local_positions, notice_position
from progress.refresh import notice_ids_of

ON = date(2015, 2, 27)
REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture(autouse=True)
def _today(settings):
    settings.NOTICE_TRACKER_TODAY = ON
    cache.clear()
    forget_local_positions()


@pytest.fixture
def two_notices(personas):
    other = factories.make_notice("Northbridge Borough Council")
    return personas.notice, other


def add_action(notice, personas, **extra):
    return action_factories.make_action(notice, owner=personas["officer"], organisation=personas.organisation, **extra)


def test_a_one_off_duty_recorded_as_done_is_met_and_never_overdue(personas):
    duty = factories.make_duty(
        personas.notice,
        Duty.Code.EXTERNAL_VALIDATION,
        title="External validation",
        cadence_months=None,
        starts_on=None,
        due_on=date(2014, 9, 30),
    )
    late = notice_position(personas.notice, on=ON).duty(Duty.Code.EXTERNAL_VALIDATION)
    assert late is not None and late.is_overdue and late.due_on == date(2014, 9, 30) and late.late == 1
    duty.completed_on = date(2014, 10, 2)
    duty.save()
    done = notice_position(personas.notice, on=ON).duty(Duty.Code.EXTERNAL_VALIDATION)
    assert done is not None and done.is_met and not done.is_overdue and done.met_on == date(2014, 10, 2)
    # Before it was done, it was late then.
    before = notice_position(personas.notice, on=date(2014, 10, 1)).duty(Duty.Code.EXTERNAL_VALIDATION)
    assert before is not None and before.is_overdue


def test_the_board_meeting_duty_is_due_a_month_after_the_last_meeting_held(personas):
    factories.make_duty(personas.notice, Duty.Code.BOARD_MEETING, title="Board meets monthly", cadence_months=1)
    BoardMeeting.objects.create(notice=personas.notice, held_on=date(2015, 2, 3), created_by=personas["chair"])
    position = notice_position(personas.notice, on=ON)
    board = position.duty(Duty.Code.BOARD_MEETING)
    assert board is not None and board.due_on == position.next_board_meeting == date(2015, 3, 3)


def test_a_late_report_is_the_next_duty_until_a_report_answers_it(personas):
    factories.make_duty(personas.notice, Duty.Code.CHAIR_REPORT, title="Chair's report", cadence_months=3)
    position = notice_position(personas.notice, on=ON)
    assert position.next_duty is not None and position.next_duty.duty.code == Duty.Code.CHAIR_REPORT
    assert position.next_duty.due_on == date(2014, 8, 21) and position.next_duty.late == 3
    assert [row.due_on for row in position.late_reports] == [date(2014, 8, 21), date(2014, 11, 21), date(2015, 2, 21)]
    assert position.next_report is not None and position.next_report.due_on == date(2015, 5, 21)


def test_each_notice_has_its_own_mark_so_a_change_to_one_keeps_the_others_stored(two_notices, personas):
    medway, northbridge = two_notices
    before = data_marks([medway.pk, northbridge.pk])
    add_action(northbridge, personas)
    after = data_marks([medway.pk, northbridge.pk])
    assert after[medway.pk] == before[medway.pk] and after[northbridge.pk] != before[northbridge.pk]


def test_a_stored_position_is_read_in_one_query_for_any_number_of_notices(two_notices, django_assert_num_queries):
    current_positions(list(two_notices), on=ON)
    with django_assert_num_queries(1):
        current_positions(list(two_notices), on=ON)


def test_a_committed_write_stores_its_notices_position_before_anyone_reads_it(
    personas, django_capture_on_commit_callbacks, django_assert_num_queries
):
    notice = personas.notice
    # The test's own transaction already waits to commit the personas; a request's transaction is this one.
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        add_action(notice, personas, due_on=date(2015, 1, 30), status="in_progress")
        add_action(notice, personas, due_on=date(2015, 1, 31), status="in_progress")
    assert len(callbacks) == 1  # one refresh for the whole transaction
    with django_assert_num_queries(1):  # the mark only: the position was stored on commit
        position = current_position(notice, on=ON)
    assert position.rollup.action_counts.overdue == 2


def test_records_that_name_their_notice_through_a_parent_find_it(personas):
    action = add_action(personas.notice, personas)
    update = action_factories.make_update(action, on=date(2014, 7, 1), percent_complete=10)
    requirement = factories.make_requirement(factories.make_measure(personas.notice, "9"))
    assert notice_ids_of(type(update), [update]) == {personas.notice.pk}
    assert notice_ids_of(type(requirement), [requirement]) == {personas.notice.pk}


def test_with_redis_the_refresh_goes_on_the_job_queue(personas, settings, django_capture_on_commit_callbacks):
    settings.REDIS_URL = REDIS_URL
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    Redis.from_url(REDIS_URL).flushdb()
    try:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            add_action(personas.notice, personas)
        queue = django_rq.get_queue("default")
        [job] = queue.jobs
        assert job.func_name == "progress.refresh.store_positions" and job.args == ([personas.notice.pk],)
    finally:
        Redis.from_url(REDIS_URL).flushdb()


def test_a_change_to_another_notice_costs_a_stored_position_one_query_not_its_work(
    two_notices, personas, django_assert_num_queries
):
    medway, northbridge = two_notices
    current_positions([medway], on=ON)
    add_action(northbridge, personas)
    with django_assert_num_queries(2):  # everything's mark moved; Medway's own did not
        current_positions([medway], on=ON)
    with django_assert_num_queries(1):
        current_positions([medway], on=ON)


def test_a_fragment_is_kept_under_the_positions_mark_and_rendered_again_when_it_moves(personas):
    from notice_tracker.lib.fragments import remembered_fragment
    from progress.position import position_mark

    renders: list[int] = []

    def render() -> str:
        renders.append(1)
        return f"{current_position(personas.notice, on=ON).rollup.action_counts.total} actions"

    position, mark = position_mark(personas.notice, on=ON)
    assert mark.startswith(f"{personas.notice.pk}:{ON.isoformat()}:")
    assert remembered_fragment(mark, "figures", render) == remembered_fragment(mark, "figures", render) == "0 actions"
    assert len(renders) == 1
    add_action(personas.notice, personas)
    _, moved = position_mark(personas.notice, on=ON)
    assert moved != mark
    assert remembered_fragment(moved, "figures", render) == "1 actions" and len(renders) == 2
    # With no mark (nothing to key on), rendered every time.
    remembered_fragment("", "figures", render)
    remembered_fragment("", "figures", render)
    assert len(renders) == 4
