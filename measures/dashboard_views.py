"""The notice dashboard (a notice's landing page) and the portfolio of every notice a user has a role on."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from measures import dashboard_selectors as selectors
from measures.access import get_notice_access
from measures.dashboard_services import notice_visit_record
from progress.position import current_position
from notice_tracker.lib.crumbs import notice_crumbs
from notice_tracker.lib import clock


@login_required
def dashboard(request: HttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk)
    notice, today = access.notice, clock.today()
    since = notice_visit_record(user=request.user, notice=notice, at=timezone.now())
    position = current_position(notice, on=today)
    rollup = position.rollup
    history = selectors.rag_history(notice)
    return render(request, "measures/dashboard.html", {
        "access": access, "notice": notice, "today": today, "rollup": rollup,
        "history": history, "history_rows": selectors.history_rows(history, rollup.measures),
        "history_overall": selectors.rag_cells([*history.overall, rollup.overall_rag]),
        "position": position,
        "awaiting": selectors.evidence_awaiting_review(access),
        "changes": selectors.changes_since(access, since=since),
        "breadcrumbs": notice_crumbs(notice),
    })


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    return render(request, "measures/portfolio.html", {
        "rows": selectors.portfolio_rows(request.user, on=today), "today": today,
    })
