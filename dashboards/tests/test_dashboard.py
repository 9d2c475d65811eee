"""The notice dashboard (the notice's landing page) and the measure page's rating."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.tests import factories as action_factories
from dashboards.changes import changes_since
from dashboards.models import NoticeVisit
from dashboards.rag_history import snapshots_mark
from dashboards.tests.dashboard_data import TODAY, make_item, populate, visit
from measures.tests import factories
from meetings.models import BoardMeeting
from notice_tracker.lib import clock
from progress.position import current_position, forget_local_positions


@pytest.fixture(autouse=True)
def _pinned_today_and_empty_cache(settings):
    settings.NOTICE_TRACKER_TODAY = TODAY
    cache.clear()
    forget_local_positions()


def dashboard(client, user, notice):
    client.force_login(user)
    return client.get(reverse("dashboards:dashboard", args=[notice.pk]))


def test_the_notice_list_links_to_the_dashboard(client, personas):
    client.force_login(personas["chair"])
    body = client.get(reverse("measures:notice-list")).content.decode()
    assert reverse("dashboards:dashboard", args=[personas.notice.pk]) in body


def test_every_member_sees_the_dashboard_and_outsiders_get_404(client, personas):
    for role in ("chair", "observer", "officer", "lead_member"):
        assert dashboard(client, personas[role], personas.notice).status_code == 200
    assert dashboard(client, personas["outsider"], personas.notice).status_code == 404


def test_dashboard_shows_the_overall_rating_and_the_rule(client, personas):
    populate(personas)
    body = dashboard(client, personas["chair"], personas.notice).content.decode()
    assert "Overall rating" in body
    assert "A measure is red when half or more of its requirements are off track" in body
    assert "Since the end of last month" in body


def test_dashboard_lists_an_overdue_action_with_owner_and_days_late(client, personas):
    notice, officer = personas.notice, personas["officer"]
    officer.first_name, officer.last_name = "Sam", "Patel"
    officer.save()
    req = factories.make_requirement(factories.make_measure(notice, "3"))
    action_factories.make_action(
        notice,
        owner=officer,
        organisation=personas.organisation,
        requirements=[req],
        reference="A-042",
        title="Recruit permanent team managers",
        due_on=date(2015, 2, 17),
        status="in_progress",
    )
    body = dashboard(client, personas["observer"], notice).content.decode()
    assert "A-042 Recruit permanent team managers" in body
    assert "Sam Patel" in body
    assert "10 days late" in body


def test_dashboard_shows_failing_indicators_with_trend_and_sparkline(client, personas):
    populate(personas)
    body = dashboard(client, personas["chair"], personas.notice).content.decode()
    assert "Indicator IND-0" in body
    assert 'class="sparkline"' in body


def test_dashboard_counts_evidence_awaiting_review(client, personas):
    populate(personas)
    body = dashboard(client, personas["chair"], personas.notice).content.decode()
    assert '<span data-fact="awaiting-review">1</span> item submitted and not yet reviewed' in body


def test_dashboard_shows_days_to_the_deadline_and_the_next_board_meeting(client, personas):
    notice = personas.notice
    notice.delivery_deadline = date(2015, 3, 9)
    notice.save()
    BoardMeeting.objects.create(notice=notice, held_on=date(2015, 2, 10), created_by=personas["chair"])
    body = dashboard(client, personas["chair"], notice).content.decode()
    assert "10</span> days to the delivery deadline (9 March 2015)" in body
    assert "1 held, last 10 February 2015" in body


def test_first_visit_says_so_and_the_next_one_lists_what_changed(client, personas):
    notice, officer = personas.notice, personas["officer"]
    body = dashboard(client, personas["chair"], notice).content.decode()
    assert "This is your first visit" in body
    visit(client, personas["chair"], notice, ago=timedelta(hours=2))
    req = factories.make_requirement(factories.make_measure(notice, "3"))
    action = action_factories.make_action(
        notice,
        owner=officer,
        organisation=personas.organisation,
        requirements=[req],
        reference="A-009",
        title="Open the leaving care service",
        due_on=date(2015, 6, 1),
    )
    action_factories.make_update(action, on=date(2015, 2, 20), percent_complete=50)
    make_item(notice, by=officer, requirements=[req], title="Care leavers' survey", status="submitted")
    body = dashboard(client, personas["chair"], notice).content.decode()
    assert "Actions added or changed: 1" in body and "A-009 Open the leaving care service (new)" in body
    assert "Progress updates: 1" in body and "A-009: 50% on 20 February 2015" in body
    assert "Evidence submitted: 1" in body and "Care leavers&#x27; survey" in body


def test_restricted_evidence_is_not_listed_as_a_change_for_an_observer(client, personas):
    notice = personas.notice
    visit(client, personas["observer"], notice, ago=timedelta(hours=2))
    make_item(
        notice, by=personas["officer"], requirements=[], title="Named case audit", restricted=True, status="submitted"
    )
    body = dashboard(client, personas["observer"], notice).content.decode()
    assert "Named case audit" not in body


def test_changes_since_the_last_visit_follow_the_item_as_it_is_now_not_as_it_was_submitted(client, personas):
    # Security review (issue 13), finding 1: an item submitted open, then restricted and renamed.
    from evidence import services as evidence_services

    notice, officer = personas.notice, personas["officer"]
    for persona in ("observer", "chair"):
        visit(client, personas[persona], notice, ago=timedelta(hours=2))
    item = make_item(notice, by=officer, requirements=[], title="Audit of Jane Doe's case", status="submitted")
    evidence_services.evidence_review(
        item=item, by=personas["chair"], decision="more_needed", note="Add the plan.", expected_version=item.version
    )
    item.refresh_from_db()
    evidence_services.evidence_update(
        item=item,
        by=officer,
        form_data={**{f: getattr(item, f) for f in evidence_services.ITEM_FIELDS}, "title": "Case audit 14"}
        | {"restricted": True},
        expected_version=item.version,
    )
    body = dashboard(client, personas["observer"], notice).content.decode()
    assert "Jane Doe" not in body and "Case audit 14" not in body
    assert f"/evidence/{item.pk}/" not in body
    assert "Evidence submitted" not in body and "Evidence reviewed" not in body
    body = dashboard(client, personas["chair"], notice).content.decode()  # who may see it sees it as it is now
    assert "Jane Doe" not in body and "Case audit 14" in body


def test_viewing_the_dashboard_remembers_the_visit_and_the_one_before(client, personas):
    notice, chair = personas.notice, personas["chair"]
    visit(client, chair, notice, ago=timedelta(days=3))
    before = NoticeVisit.objects.get(user=chair, notice=notice).last_seen_at
    dashboard(client, chair, notice)
    visit_row = NoticeVisit.objects.get(user=chair, notice=notice)
    assert visit_row.previous_seen_at == before
    assert visit_row.last_seen_at > before
    dashboard(client, chair, notice)  # a reload is the same sitting: still counting from three days ago
    assert NoticeVisit.objects.get(user=chair, notice=notice).previous_seen_at == before


def test_dashboard_shows_each_measures_rating_month_by_month(client, personas):
    from progress.services import snapshot_take

    populate(personas)
    snapshot_take(notice=personas.notice, as_at=date(2014, 12, 31))
    snapshot_take(notice=personas.notice, as_at=date(2015, 1, 31))
    body = dashboard(client, personas["chair"], personas.notice).content.decode()
    assert "Dec 2014" in body and "Jan 2015" in body
    assert '<span aria-hidden="true">R</span><span class="visually-hidden">Red</span>' in body


def count_queries(client, user, url) -> int:
    cache.clear()
    forget_local_positions()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_dashboard_query_count_does_not_grow_with_the_data(client, personas):
    notice, chair = personas.notice, personas["chair"]
    url = reverse("dashboards:dashboard", args=[notice.pk])
    visit(client, chair, notice, ago=timedelta(days=1))
    populate(personas, size=1)
    small = count_queries(client, chair, url)
    visit(client, chair, notice, ago=timedelta(days=1))
    populate(personas, size=2)
    doubled = count_queries(client, chair, url)
    # 28; 10 for last month's roll-up the trends compare with; judgements; drafts; DfE reviews; whether anything
    # was written since the last visit; the snapshots' mark
    assert small == doubled == 43


def test_a_stored_roll_up_saves_the_dashboard_its_queries(client, personas):
    notice, chair = personas.notice, personas["chair"]
    populate(personas)
    url = reverse("dashboards:dashboard", args=[notice.pk])
    client.force_login(chair)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    # session, user, membership, the visit (read and write), the stored position, the snapshots' mark,
    # evidence awaiting review, changes since the last visit
    assert len(queries) == 7


def test_since_you_last_looked_is_one_query_when_nothing_was_written_since(personas):
    from django.utils import timezone

    from dashboards import changes
    from measures.access import get_notice_access

    notice, chair = personas.notice, personas["chair"]
    populate(personas)
    access = get_notice_access(chair, notice.pk)
    since = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        quiet = changes_since(access, since=since)
    assert len(queries) == 1
    assert quiet == changes._changes(notice.pk, since, *changes._change_rows(access, since=since))
    assert quiet.total == 0 and len(quiet.kinds) == 5
    make_item(notice, by=personas["officer"], requirements=[], title="Audit after the visit", status="submitted")
    with CaptureQueriesContext(connection) as queries:
        changed = changes_since(access, since=since)
    assert len(queries) == 6
    assert changed.total == 1 and changed.kinds[2].examples[0][0] == "Audit after the visit"


def test_measure_page_shows_the_rating_with_its_reasons_and_the_requirements_work(client, personas):
    notice, officer = personas.notice, personas["officer"]
    measure = factories.make_measure(notice, "3")
    req = factories.make_requirement(measure, "3.1", text="Assess within timescales")
    action_factories.make_action(
        notice,
        owner=officer,
        organisation=personas.organisation,
        requirements=[req],
        reference="A-001",
        title="Weekly timeliness report",
        due_on=date(2015, 1, 30),
        status="in_progress",
    )
    make_item(notice, by=officer, requirements=[req], title="Audit of 40 assessments")
    make_item(notice, by=officer, requirements=[req], title="Draft not yet reviewed", status="submitted")
    client.force_login(personas["observer"])
    body = client.get(reverse("dashboards:measure-detail", args=[notice.pk, "3"])).content.decode()
    assert "Rating as at 27 February 2015" in body
    assert "Action rated red (overdue or behind plan): A-001." in body
    assert "A-001 Weekly timeliness report" in body
    assert "Audit of 40 assessments" in body
    assert "Draft not yet reviewed" not in body


def test_measure_page_query_count_does_not_grow_with_the_data(client, personas):
    notice, chair = personas.notice, personas["chair"]
    populate(personas, size=1)
    url = reverse("dashboards:measure-detail", args=[notice.pk, "2"])
    client.force_login(chair)
    small = count_queries(client, chair, url)
    measure = notice.measures.get(reference="2")
    for _ in range(2):
        action_factories.make_action(
            notice,
            owner=personas["officer"],
            organisation=personas.organisation,
            requirements=list(measure.requirements.all()),
            due_on=date(2015, 6, 1),
        )
        make_item(notice, by=personas["officer"], requirements=list(measure.requirements.all()))
    assert count_queries(client, chair, url) == small


def test_dashboard_names_the_next_report_due_and_the_late_ones(client, personas, settings):
    from datetime import date

    from measures.models import Duty
    from measures.tests import factories

    settings.NOTICE_TRACKER_TODAY = date(2014, 12, 1)
    factories.make_duty(
        personas.notice,
        Duty.Code.CHAIR_REPORT,
        title="Chair reports to the Minister",
        cadence_months=3,
        starts_on=date(2014, 5, 21),
    )
    client.force_login(personas["observer"])
    body = client.get(reverse("dashboards:dashboard", args=[personas.notice.pk])).content.decode()
    # Due 21 August and 21 November 2014 with nothing issued; the next is due 21 February 2015.
    assert body.count("Late</span>") == 2
    assert "due 21 August 2014: not issued" in body and "due 21 November 2014: not issued" in body
    assert "Next due: <strong>Chair" in body and 'due <span data-fact="next-report">21 February 2015</span>' in body


def test_the_rating_history_is_kept_until_a_snapshot_is_taken_or_retaken(client, personas):
    from progress.services import snapshot_take

    populate(personas)
    notice, chair = personas.notice, personas["chair"]
    snapshot_take(notice=notice, as_at=date(2014, 12, 31))
    current_position(notice, on=clock.today())  # stored, as the write's commit would have it
    assert "Dec 2014" in dashboard(client, chair, notice).content.decode()
    with CaptureQueriesContext(connection) as kept:
        dashboard(client, chair, notice)
    assert not [q for q in kept.captured_queries if "measures_measuresnapshot" in q["sql"]]  # the table was kept
    snapshot_take(notice=notice, as_at=date(2015, 1, 31))
    body = dashboard(client, chair, notice).content.decode()
    assert "Dec 2014" in body and "Jan 2015" in body
    retaken = snapshots_mark(notice.pk)
    snapshot_take(notice=notice, as_at=date(2015, 1, 31))  # the same month again: its ratings may differ
    assert snapshots_mark(notice.pk) != retaken
