from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from notice_tracker.lib import clock
from measures import selectors
from measures.access import get_notice_access, notices_for_user
from measures.dashboard_selectors import measure_panels
from progress.position import current_position
from notice_tracker.lib.crumbs import notice_crumbs


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    notices = notices_for_user(request.user).select_related("supersedes").order_by("-issued_on")
    return render(request, "measures/notice_list.html", {"notices": notices})


@login_required
def notice_detail(request: HttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk)
    today = clock.today()
    return render(
        request,
        "measures/notice_detail.html",
        {
            "access": access,
            "notice": access.notice,
            "measures": selectors.notice_measures(access.notice),
            "position": current_position(access.notice, on=today),
            "source_reports": list(access.notice.source_reports.all()),
            "today": today,
            "breadcrumbs": notice_crumbs(access.notice, ("About this notice", None)),
        },
    )


@login_required
def measure_detail(request: HttpRequest, notice_pk: int, reference: str) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk)
    measure = selectors.measure_with_requirements(access.notice, reference)
    if measure is None:
        raise Http404("No such measure in this notice.")
    today = clock.today()
    rollup = current_position(access.notice, on=today).rollup
    return render(
        request,
        "measures/measure_detail.html",
        {
            "access": access,
            "notice": access.notice,
            "measure": measure,
            "today": today,
            "rollup": rollup.for_measure(measure.pk),
            "rule_text": rollup.rule_text,
            "panels": measure_panels(access, measure, on=today),
            "breadcrumbs": notice_crumbs(access.notice, (f"Measure {measure.reference}", None)),
        },
    )
