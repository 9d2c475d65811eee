"""'My work': the same list the daily reminder e-mail sends, for the signed-in user."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from notice_tracker.lib import clock
from notice_tracker.lib.http import AuthenticatedHttpRequest
from reminders.selectors import REMINDER_WINDOW_DAYS, work_for


@login_required
def my_work(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = clock.today()
    work = work_for(request.user, on=today)
    return render(
        request,
        "reminders/my_work.html",
        {
            "work": work,
            "today": today,
            "window_days": REMINDER_WINDOW_DAYS,
            "item_count": sum(w.item_count for w in work),
        },
    )
