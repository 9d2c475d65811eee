"""Every API error as problem details (RFC 9457, `application/problem+json`): never HTML, never a 500 for bad input."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from django.http import HttpRequest, HttpResponse

PROBLEM_TYPE = "application/problem+json"


def problem(request: HttpRequest, status: int, detail: str, **extra: Any) -> HttpResponse:
    body = {
        "type": "about:blank",  # RFC 9457: the status code says it all; "title" is its phrase
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": request.path,
        **extra,
    }
    response = HttpResponse(json.dumps(body), status=status, content_type=PROBLEM_TYPE)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="Notice Tracker API"'
    return response
