"""PDF builds, in the request or on the job queue.

With REDIS_URL set, a build is put on the RQ queue "default" (django-rq) and a worker
(`manage.py rqworker default`) runs `run_build`; the report's page polls the build status the
row keeps. Without REDIS_URL, `run_build` runs in the request, so a first run needs nothing
extra. Either way the same function builds the PDF, from the same data selector.
"""

from __future__ import annotations

import logging
import uuid
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from notice_tracker.lib import jobs
from reporting import services
from reporting.pdf import render_pdf
from reporting.selectors import report_data
from reporting.types import snapshot_of
from reports.models import IssuedReportError, Report

logger = logging.getLogger(__name__)
JOB_TIMEOUT = 600  # seconds: a review pack on a large notice takes well under a minute
queue_enabled = jobs.queue_enabled


def request_build(*, report: Report, by, final: bool, on: date) -> Report:
    """Ask for a draft PDF, or (final=True) for the PDF that issues the report on `on`.

    Raises ValidationError if a build is already under way or the report cannot change. A queue
    that cannot be reached marks the build failed, with the reason, for the page to show.
    """
    job_id = f"report-{report.pk}-{uuid.uuid4().hex[:12]}" if queue_enabled() else ""
    report = services.build_requested(report=report, by=by, final=final, job_id=job_id)
    if not job_id:
        run_build(report.pk, final=final, by_pk=by.pk, on=on.isoformat())
        return report
    # Queued once the request is committed, so that the worker finds the row as recorded here.
    transaction.on_commit(lambda: _enqueue(report.pk, final=final, by_pk=by.pk, on=on, job_id=job_id))
    return report


def _enqueue(report_pk: int, *, final: bool, by_pk: int, on: date, job_id: str) -> None:
    try:
        # This already runs after the commit, and a failure must be caught here.
        jobs.enqueue(
            run_build, report_pk, final=final, by_pk=by_pk, on=on.isoformat(), job_id=job_id, job_timeout=JOB_TIMEOUT
        )
    except Exception as error:  # Redis unreachable: the page says so rather than show the build "queued" for ever
        logger.exception("Could not queue the PDF build of report %s", report_pk)
        services.build_failed(
            report_pk,
            error=f"The job queue could not be reached ({error.__class__.__name__}); "
            "try again, or ask an administrator to check Redis.",
        )


def run_build(report_pk: int, *, final: bool, by_pk: int, on: str) -> str:
    """Build the PDF and store it: a draft's latest PDF, or the issued report's one and only PDF.

    Returns what happened, for the queue's record. A failure is recorded on the report, so the
    page can show it, and is not raised again: there is nothing a retry would do differently.
    """
    report = services.build_started(report_pk)
    if report is None:
        return "nothing to build: the report was issued or deleted"
    try:
        issue_on = date.fromisoformat(on)
        data = report_data(report, issuing_on=issue_on if final else None)
        pdf = render_pdf(data)
        if final:
            by = get_user_model().objects.get(pk=by_pk)
            services.report_issue(report_pk=report_pk, by=by, on=issue_on, pdf=pdf, snapshot=snapshot_of(data))
            return f"issued, {len(pdf)} bytes"
        services.draft_pdf_store(report_pk=report_pk, pdf=pdf)
        return f"draft built, {len(pdf)} bytes"
    except IssuedReportError as error:
        return str(error)
    except Exception as error:
        logger.exception("PDF build of report %s failed", report_pk)
        services.build_failed(report_pk, error=f"{error.__class__.__name__}: {error}")
        return "failed"
