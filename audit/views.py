"""The security event log of one notice, for its administrators: a page with filters, and a CSV."""

from __future__ import annotations

import csv

from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from audit import selectors
from audit.filters import SecurityEventFilter
from audit.models import SecurityEvent
from audit.services import record_event
from measures.access import get_notice_access
from measures.roles import Can
from notice_tracker.lib.crumbs import notice_crumbs
from notice_tracker.lib.http import AuthenticatedHttpRequest

PAGE_SIZE = 50


def events(request: AuthenticatedHttpRequest, notice_pk: int) -> HttpResponse:
    access = get_notice_access(request.user, notice_pk, need=Can.ADMINISTER)
    filters = SecurityEventFilter(request.GET or None, queryset=selectors.notice_events(access.notice))
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/events.html",
        {
            "access": access,
            "notice": access.notice,
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "breadcrumbs": notice_crumbs(access.notice, ("Security events", None)),
        },
    )


class _Echo:
    """csv.writer writes into this and gets the line back, so rows can be streamed."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(rows):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so Excel opens accented names correctly
    yield writer.writerow(selectors.CSV_HEADER)
    for row in rows:
        yield writer.writerow(row)


def events_export(request: AuthenticatedHttpRequest, notice_pk: int) -> StreamingHttpResponse:
    access = get_notice_access(request.user, notice_pk, need=Can.ADMINISTER)
    filters = SecurityEventFilter(request.GET or None, queryset=selectors.notice_events(access.notice))
    record_event(kind=SecurityEvent.Kind.EXPORT, request=request, notice=access.notice, detail="security events CSV")
    response = StreamingHttpResponse(_csv_lines(selectors.csv_rows(filters.qs)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="security-events-notice-{notice_pk}.csv"'
    return response
