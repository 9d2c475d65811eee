"""Every refusal (a 403 answer, whether from our access helpers, CSRF or Django admin) is logged."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from audit.models import SecurityEvent
from audit.services import record_event
from measures.models import Notice


class PermissionRefusalMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403:
            record_event(
                kind=SecurityEvent.Kind.PERMISSION_DENIED,
                request=request,
                notice=_notice_of(request),
                detail=f"{request.method} refused"
                + (f" ({request.resolver_match.view_name})" if request.resolver_match else ""),
            )
        return response


def _notice_of(request: HttpRequest) -> int | None:
    """The notice the refused URL belongs to, if it names one that exists."""
    match = request.resolver_match
    notice_pk = match.kwargs.get("notice_pk") if match else None
    if notice_pk is None:
        return None
    return Notice.objects.filter(pk=notice_pk).values_list("pk", flat=True).first()
