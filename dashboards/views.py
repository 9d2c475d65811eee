"""The notice dashboard (a notice's landing page), the measure page and the portfolio of every notice a user has a role on."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dashboards import selectors
from measures.access import get_notice_access
from measures.selectors import measure_with_requirements
from dashboards.services import notice_visit_record
from progress.selectors import cached_measure_rollups
from notice_tracker.lib.crumbs import notice_crumbs
from notice_tracker.lib import clock
from reports.selectors import due_next, late_reports, report_schedule


@login_required
def dashboard(request: HttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk)
    notice, today = access.notice, clock.today()
    since = notice_visit_record(user=request.user, notice=notice, at=timezone.now())
    rollup = cached_measure_rollups(notice, on=today, viewer_access=access)
    history = selectors.rag_history(notice)
    return render(request, "dashboards/dashboard.html", {
        "access": access, "notice": notice, "today": today, "rollup": rollup,
        "history": history, "history_rows": selectors.history_rows(history, rollup.measures),
        "history_overall": selectors.rag_cells([*history.overall, rollup.overall_rag]),
        "duties": selectors.next_duties(notice, on=today),
        "reports_due": _reports_due(notice, on=today),
        "awaiting": selectors.evidence_awaiting_review(access),
        "changes": selectors.changes_since(access, since=since),
        "breadcrumbs": notice_crumbs(notice),
    })


def _reports_due(notice, *, on) -> dict:
    """Section 13–14 reports: the next one due and any whose date passed without an issued report."""
    schedule = report_schedule(notice, on=on)
    upcoming = due_next(schedule)
    return {
        "next": upcoming, "next_days": (upcoming.due_on - on).days if upcoming else None,
        "late": late_reports(schedule),
    }


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    return render(request, "dashboards/portfolio.html", {
        "rows": selectors.portfolio_rows(request.user, on=today), "today": today,
    })


@login_required
def measure_detail(request: HttpRequest, notice_pk: int, reference: str) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk)
    measure = measure_with_requirements(access.notice, reference)
    if measure is None:
        raise Http404("No such measure in this notice.")
    today = clock.today()
    rollup = cached_measure_rollups(access.notice, on=today, viewer_access=access)
    return render(
        request,
        "dashboards/measure_detail.html",
        {
            "access": access,
            "notice": access.notice,
            "measure": measure,
            "today": today,
            "rollup": rollup.for_measure(measure.pk),
            "rule_text": rollup.rule_text,
            "panels": selectors.measure_panels(access, measure, on=today),
            "breadcrumbs": notice_crumbs(access.notice, (f"Measure {measure.reference}", None)),
        },
    )
