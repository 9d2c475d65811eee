"""Making tokens and calling the API with them, for the API's tests."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.test import Client

from api.services import token_create
from notice_tracker.lib import clock


def make_token(user, *, name: str = "Power BI", days: int = 30) -> str:
    today = clock.today()
    return token_create(user=user, name=name, expires_on=today + timedelta(days=days), today=today).secret


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def get(client: Client, url: str, secret: str | None = None, **headers: Any):
    extra: dict[str, Any] = {**(bearer(secret) if secret else {}), **headers}
    return client.get(url, **extra)


def body(response) -> Any:
    return json.loads(response.content)


def is_problem(response, status: int) -> bool:
    """A problem details answer (RFC 9457) with this status."""
    data = body(response)
    return (
        response.status_code == status
        and response["Content-Type"] == "application/problem+json"
        and data["status"] == status
        and bool(data["detail"])
    )
