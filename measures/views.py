from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from notice_tracker.lib import clock
from measures import selectors
from measures.access import get_notice_access, notices_for_user
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
            "duty_statuses": selectors.notice_duty_statuses(access.notice, on=today),
            "source_reports": list(access.notice.source_reports.all()),
            "today": today,
            "breadcrumbs": notice_crumbs(access.notice, ("About this notice", None)),
        },
    )
