"""PDF builds: in the request without REDIS_URL; on the RQ queue, run by a real worker, with it.

The queue tests use the Redis on this machine (database 15, emptied afterwards). The worker is
RQ's SimpleWorker in burst mode: it runs the job in this process, so the job sees the test's
database transaction (a forking worker would start with a connection of its own).
"""

from __future__ import annotations

from datetime import date

import django_rq
import pytest
from django.urls import reverse
from redis import Redis
from rq import SimpleWorker

from reporting import jobs as report_jobs
from reporting.tests.report_factories import make_report, pdf_text
from reports.models import Report

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def notice_with_measure(personas):
    from measures.tests import factories

    factories.make_measure(personas.notice, "2", heading="Improve assessments")
    return personas.notice


@pytest.fixture
def no_queue(settings):
    settings.REDIS_URL = ""
    settings.RQ_QUEUES = {}


@pytest.fixture
def queue(settings):
    settings.REDIS_URL = REDIS_URL
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    connection = Redis.from_url(REDIS_URL)
    connection.flushdb()
    yield django_rq.get_queue("default")
    connection.flushdb()


def work() -> None:
    # rq 2 made SimpleWorker a sibling of Worker; django-rq's hint still names Worker only.
    django_rq.get_worker("default", worker_class=SimpleWorker).work(burst=True)  # type: ignore[arg-type]


@pytest.mark.pdf
def test_without_redis_the_draft_is_built_in_the_request(notice_with_measure, personas, no_queue):
    report = make_report(notice_with_measure, personas["chair"])
    assert not report_jobs.queue_enabled()
    report_jobs.request_build(report=report, by=personas["chair"], final=False, on=date(2014, 8, 21))
    report.refresh_from_db()
    assert report.build_status == "done" and report.build_job_id == ""
    assert all("DRAFT" in page for page in pdf_text(report.draft_file.read()))


@pytest.mark.pdf
def test_with_redis_the_draft_is_queued_shown_in_progress_and_built_by_a_worker(
    client, notice_with_measure, personas, queue, django_capture_on_commit_callbacks
):
    chair = personas["chair"]
    report = make_report(notice_with_measure, chair)
    client.force_login(chair)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:report-draft-build", args=[report.notice_id, report.pk]))
    report.refresh_from_db()
    assert report.build_status == "queued" and not report.draft_file and queue.count == 1
    page = client.get(report.get_absolute_url()).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page and "waiting for a worker" in page

    work()

    report.refresh_from_db()
    assert report.build_status == "done" and report.draft_file and queue.count == 0
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' not in page and "Download the draft PDF" in page


@pytest.mark.pdf
def test_with_redis_issuing_runs_on_the_worker_and_freezes_the_report(
    client, notice_with_measure, personas, queue, settings, django_capture_on_commit_callbacks
):
    settings.NOTICE_TRACKER_TODAY = date(2014, 8, 21)
    chair = personas["chair"]
    report = make_report(notice_with_measure, chair)
    client.force_login(chair)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:report-issue", args=[report.notice_id, report.pk]))
    report.refresh_from_db()
    assert report.status == "draft" and report.is_issuing
    edit = client.post(
        reverse("reports:report-edit", args=[report.notice_id, report.pk]),
        {"version": report.version, "executive_summary": "Changed while issuing."},
    )
    assert "being issued" in edit.content.decode()  # the words cannot change under the final build

    work()

    report = Report.objects.get(pk=report.pk)
    assert report.status == "issued" and report.issued_on == date(2014, 8, 21) and report.executive_summary == ""
    assert not any("DRAFT" in page for page in pdf_text(report.pdf_file.read()))


def test_a_second_build_is_refused_while_one_is_queued(notice_with_measure, personas, queue):
    report = make_report(notice_with_measure, personas["chair"])
    report_jobs.request_build(report=report, by=personas["chair"], final=False, on=date(2014, 8, 21))
    with pytest.raises(Exception, match="already being built"):
        report_jobs.request_build(report=report, by=personas["chair"], final=False, on=date(2014, 8, 21))


def test_an_unreachable_queue_marks_the_build_failed(
    notice_with_measure, personas, settings, django_capture_on_commit_callbacks
):
    settings.REDIS_URL = "redis://127.0.0.1:1/15"  # nothing listens on port 1
    settings.RQ_QUEUES = {"default": {"URL": settings.REDIS_URL}}
    report = make_report(notice_with_measure, personas["chair"])
    with django_capture_on_commit_callbacks(execute=True):
        report_jobs.request_build(report=report, by=personas["chair"], final=False, on=date(2014, 8, 21))
    report.refresh_from_db()
    assert report.build_status == "failed" and "job queue" in report.build_error
