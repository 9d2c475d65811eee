"""Month-end snapshots of the roll-up: the service, the command, and what the demo stores."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from actions.tests import factories as action_factories
from dashboards.tests.dashboard_data import TODAY, make_item, populate
from measures.tests import factories
from notice_tracker.lib.dates import last_month_end
from progress.models import MeasureSnapshot, NoticeSnapshot
from progress.services import month_ends, snapshot_take


@pytest.fixture(autouse=True)
def _pinned_today(settings):
    settings.NOTICE_TRACKER_TODAY = TODAY


def test_month_ends_run_from_the_issue_month_to_the_last_complete_month():
    assert month_ends(start=date(2014, 5, 21), end=date(2014, 8, 31)) == [
        date(2014, 5, 31),
        date(2014, 6, 30),
        date(2014, 7, 31),
        date(2014, 8, 31),
    ]
    assert last_month_end(date(2015, 2, 27)) == date(2015, 1, 31)
    assert last_month_end(date(2015, 3, 1)) == date(2015, 2, 28)


def test_a_snapshot_stores_the_roll_up_per_measure(personas):
    populate(personas, size=2)
    snapshot = snapshot_take(notice=personas.notice, as_at=date(2015, 1, 31))
    assert snapshot.rag == "red"
    assert (snapshot.actions_overdue, snapshot.actions_complete) == (2, 2)  # due 30 January, still open on the 31st
    rows = list(MeasureSnapshot.objects.filter(snapshot=snapshot).order_by("measure__position"))
    assert [row.measure.reference for row in rows] == ["2", "3"]
    assert all(row.requirements == 2 for row in rows)


def test_taking_the_same_month_again_replaces_it(personas):
    populate(personas)
    snapshot_take(notice=personas.notice, as_at=date(2015, 1, 31))
    snapshot_take(notice=personas.notice, as_at=date(2015, 1, 31))
    assert NoticeSnapshot.objects.filter(notice=personas.notice).count() == 1
    assert MeasureSnapshot.objects.filter(snapshot__notice=personas.notice).count() == 1


def test_a_snapshot_is_only_taken_at_a_month_end(personas):
    with pytest.raises(ValueError):
        snapshot_take(notice=personas.notice, as_at=date(2015, 1, 30))


def test_a_snapshot_counts_progress_and_evidence_as_they_stood_at_the_month_end(personas):
    notice, officer, org = personas.notice, personas["officer"], personas.organisation
    measure = factories.make_measure(notice, "3")
    req = factories.make_requirement(measure)
    action = action_factories.make_action(
        notice,
        owner=officer,
        organisation=org,
        requirements=[req],
        status="complete",
        due_on=date(2014, 12, 19),
        completed_on=date(2014, 12, 1),
    )
    action_factories.make_update(action, on=date(2014, 12, 1), percent_complete=100)
    make_item(notice, by=officer, requirements=[req], covers_from=date(2014, 12, 1), covers_to=date(2014, 12, 31))
    october = snapshot_take(notice=notice, as_at=date(2014, 10, 31))
    january = snapshot_take(notice=notice, as_at=date(2015, 1, 31))
    assert (october.actions_complete, october.requirements_with_evidence) == (0, 0)
    assert (january.actions_complete, january.requirements_with_evidence) == (1, 1)


def test_snapshots_never_count_restricted_evidence(personas):
    notice, officer = personas.notice, personas["officer"]
    req = factories.make_requirement(factories.make_measure(notice, "3"))
    make_item(notice, by=officer, requirements=[req], restricted=True, covers_from=date(2014, 12, 1))
    assert snapshot_take(notice=notice, as_at=date(2015, 1, 31)).requirements_with_evidence == 0


def test_the_command_takes_last_month_end_by_default_and_can_backfill(personas):
    out = StringIO()
    call_command("take_snapshots", stdout=out)
    assert list(NoticeSnapshot.objects.filter(notice=personas.notice).values_list("as_at", flat=True)) == [
        date(2015, 1, 31)
    ]
    call_command("take_snapshots", "--backfill", "--as-at", "2014-08-31", f"--notice={personas.notice.pk}", stdout=out)
    assert NoticeSnapshot.objects.filter(notice=personas.notice).count() == 5  # May to August, and January
    assert "4 month-end snapshots up to 31 August 2014" in out.getvalue()


def test_the_command_refuses_a_date_that_is_not_a_month_end(personas):
    with pytest.raises(CommandError, match="month end"):
        call_command("take_snapshots", "--as-at", "2015-01-15", stdout=StringIO())


def test_the_command_refuses_a_month_end_not_yet_passed_and_says_which_day_it_is(personas):
    with pytest.raises(
        CommandError, match=r"28 February 2015 has not passed: today is 27 February 2015 \(NOTICE_TRACKER_TODAY\)"
    ):
        call_command("take_snapshots", "--as-at", "2015-02-28", stdout=StringIO())
    assert not NoticeSnapshot.objects.exists()


def test_the_command_refuses_an_unknown_notice(personas):
    with pytest.raises(CommandError, match="No active notice has the id 999999"):
        call_command("take_snapshots", "--notice", "999999", stdout=StringIO())
