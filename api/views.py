"""The person's own API tokens page: make one (its secret shown once), see when each was last used, revoke one."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from api.forms import TokenForm
from api.models import AccessToken
from api.services import longest_expiry, token_create, token_revoke
from audit.models import SecurityEvent
from audit.services import record_event
from notice_tracker.lib import clock
from notice_tracker.lib.http import AuthenticatedHttpRequest

DEFAULT_DAYS = 90


@never_cache
def token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = clock.today()
    form = TokenForm(request.POST or None, initial={"expires_on": today + timedelta(days=DEFAULT_DAYS)})
    if request.method == "POST" and form.is_valid():
        try:
            new = token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                expires_on=form.cleaned_data["expires_on"],
                today=today,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            record_event(
                kind=SecurityEvent.Kind.API_TOKEN_CREATED,
                request=request,
                obj=new.token,
                detail=f"“{new.token.name}” ({new.token.hint}…), expires {new.token.expires_on:%d %B %Y}",
            )
            # Shown on this answer only: never stored, never in a URL, a message or the session.
            return render(request, "api/token_created.html", {"token": new.token, "secret": new.secret})
    tokens = list(AccessToken.objects.filter(user=request.user))
    return render(
        request,
        "api/token_list.html",
        {
            "form": form,
            "tokens": tokens,
            "today": today,
            "longest": longest_expiry(today=today),
            "docs_url": reverse("api-docs:docs"),
            "api_url": request.build_absolute_uri(reverse("api:index")),
        },
    )


@require_POST
def token_revoke_view(request: AuthenticatedHttpRequest, token_pk: int) -> HttpResponse:
    token = AccessToken.objects.filter(user=request.user, pk=token_pk).first()
    if token is None:
        raise Http404("No such token of yours.")  # another person's token is not theirs to know of
    token_revoke(token=token, by=request.user)
    record_event(
        kind=SecurityEvent.Kind.API_TOKEN_REVOKED, request=request, obj=token, detail=f"“{token.name}” ({token.hint}…)"
    )
    messages.success(request, f"The token “{token.name}” is revoked: it no longer works.")
    return redirect("api-tokens:token-list")


@require_GET
def api_docs(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The API's documentation, drawn from its OpenAPI document as a page of the site (so it meets the
    site's accessibility checks, which Swagger UI's own markup does not): each operation with its
    parameters and answers, and a link that reads it with the signed-in session."""
    from api.urls import api  # the API object is built with its routes in api/urls.py

    schema = api.get_openapi_schema()
    operations = []
    for address, methods in schema["paths"].items():
        for method, operation in methods.items():
            operations.append(
                {
                    "method": method.upper(),
                    "address": address,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": parameter["in"],
                            "required": parameter.get("required", False),
                            "type": parameter.get("schema", {}).get(
                                "type", parameter.get("schema", {}).get("format", "")
                            ),
                            "description": parameter.get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "answers": sorted(
                        (status, answer.get("description", "")) for status, answer in operation["responses"].items()
                    ),
                    "link": address if "{" not in address else "",
                }
            )
    return render(
        request,
        "api/docs.html",
        {"info": schema["info"], "operations": operations, "openapi_url": reverse("api:openapi-json")},
    )
