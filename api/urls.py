"""The API, version 1, at /api/v1/: django-ninja's views, each passed through api.gate.

Every path under /api/v1/ answers problem details on error, a path that names nothing included.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from api.endpoints import router
from api.gate import gated
from api.problems import PROBLEM_TYPE, problem
from api.schemas import IndexOut

logger = logging.getLogger(__name__)

SECURITY_SCHEMES = {
    "token": {"type": "http", "scheme": "bearer", "description": "A personal access token, ntk_…"},
    "session": {"type": "apiKey", "in": "cookie", "name": "sessionid", "description": "A signed-in browser"},
}


# Every operation may answer these, as problem details (RFC 9457); api.gate and the handlers below.
PROBLEMS = {
    400: "A query value is not valid: each is named in `errors`",
    401: "No valid personal access token or signed-in session",
    404: "Not there, or not on a notice the caller is a member of",
    405: "Any method but GET: the API is read-only",
    429: "Too many requests: wait `Retry-After` seconds",
}
PROBLEM_SCHEMA = {
    "type": "object",
    "title": "Problem",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "reason": {"type": "string"}},
            },
        },
    },
}


class ReadOnlyAPI(NinjaAPI):
    """django-ninja's API, its OpenAPI document naming how callers authenticate (api.gate checks it)."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["components"]["securitySchemes"] = SECURITY_SCHEMES
        schema["components"]["schemas"]["Problem"] = PROBLEM_SCHEMA
        schema["security"] = [{"token": []}, {"session": []}]
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, description in PROBLEMS.items():
                    operation["responses"].setdefault(
                        status,
                        {
                            "description": description,
                            "content": {PROBLEM_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
                        },
                    )
        return schema


api = ReadOnlyAPI(
    title="Notice Tracker API",
    version="1",
    description=(
        "Read-only access to the notices you are a member of, with the rights your role gives you on the "
        "site. Authenticate with a personal access token (`Authorization: Bearer ntk_…`, made on your "
        "“API tokens” page) or a signed-in session. Lists are paged (`limit`, `offset`) and filtered by "
        "`notice` and `changed_since`; answers carry an ETag (send `If-None-Match` for 304). Errors are "
        "problem details (RFC 9457)."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,  # our own documentation page (api/docs_urls.py): Swagger UI fails axe (contrast, nesting)
)
api.add_router("/", router)

RESOURCES = {
    "notices": "api:notice-list",
    "portfolio": "api:portfolio",
    "measures": "api:measure-list",
    "requirements": "api:requirement-list",
    "actions": "api:action-list",
    "evidence": "api:evidence-list",
    "indicators": "api:indicator-list",
    "indicator_values": "api:indicator-value-list",
    "duties": "api:duty-list",
    "meetings": "api:meeting-list",
    "reports": "api:report-list",
}


@api.get("/", response=IndexOut, url_name="index", tags=["index"])
def index(request: HttpRequest) -> dict[str, Any]:
    """What the API offers: each resource's address, the OpenAPI document and its documentation page."""
    absolute = request.build_absolute_uri
    return {
        "version": "1",
        "resources": {name: absolute(reverse(url_name)) for name, url_name in RESOURCES.items()},
        "openapi": absolute(reverse("api:openapi-json")),
        "docs": absolute(reverse("api-docs:docs")),
    }


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    wrong = [
        {
            "name": ".".join(str(part) for part in item.get("loc", ())[1:]) or "request",
            "reason": str(item.get("msg", "")).removeprefix("Value error, "),
        }
        for item in error.errors
    ]
    names = ", ".join(item["name"] for item in wrong)
    return problem(request, 400, f"Check {names}: " + "; ".join(item["reason"] for item in wrong), errors=wrong)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return problem(request, 404, str(error) or "Nothing here.")


@api.exception_handler(PermissionDenied)
def _refused(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return problem(request, 403, str(error) or "Your role on this notice does not allow that.")


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return problem(request, 401, "Sign in, or send a personal access token.")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    return problem(request, error.status_code, str(error))


@api.exception_handler(Exception)
def _failed(request: HttpRequest, error: Exception) -> HttpResponse:
    """Our fault, never the caller's input: logged with its traceback, answered as problem details, not HTML."""
    if isinstance(error, OperationalError) and "database is locked" in str(error):
        response = problem(request, 503, "The database is busy: try again in a moment.")
        response["Retry-After"] = "2"
        return response
    logger.exception("API request failed: %s", request.path, exc_info=error)
    return problem(request, 500, "Something went wrong on our side; it has been logged.")


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return problem(request, 404, "The API has nothing at this address: see /api/v1/ for what it offers.")


def _gate_all(patterns: list[Any]) -> list[Any]:
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = gated(pattern.callback)
    return patterns


_patterns, _app_name, _namespace = api.urls
urlpatterns = [
    *_gate_all(list(_patterns)),
    path("<path:rest>", gated(not_found), name="not-found"),
]
app_name = "api"
