from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from measures.access import notices_for_user


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    notices = notices_for_user(request.user).select_related("supersedes").order_by("-issued_on")
    return render(request, "measures/notice_list.html", {"notices": notices})
