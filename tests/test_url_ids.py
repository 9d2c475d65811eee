"""An id too large for the database in a URL is a page that does not exist (404), never a server error."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db
BIGINT_MAX = 2**63 - 1


def routes(patterns=None, prefix: str = "") -> list[str]:
    """Every URL route of the project, includes joined, as written (`notices/<id:notice_pk>/...`)."""
    found = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            found.append(route)
    return found


# Our own pages; the admin (staff only) is Django's and django-rq's.
ID_ROUTES = sorted({r for r in routes() if ("<int:" in r or "<id:" in r) and not r.startswith("admin/")})


def with_ids(route: str, number: int) -> str:
    path = re.sub(r"<(?:int|id):\w+>", str(number), route)
    return "/" + re.sub(r"<(?:\w+:)?\w+>", "x", path).lstrip("^").rstrip("$")


def test_every_route_with_an_id_is_covered():
    assert len(ID_ROUTES) > 30


@pytest.mark.parametrize("number", [10**30, BIGINT_MAX + 1])
def test_an_id_too_large_for_the_database_is_not_found_on_every_page(client, personas, number):
    client.force_login(personas["chair"])
    client.raise_request_exception = False
    answers = {route: client.get(with_ids(route, number)).status_code for route in ID_ROUTES}
    assert {route: status for route, status in answers.items() if status != 404} == {}


def test_the_largest_id_the_database_holds_is_still_looked_up_and_not_found(client, personas):
    client.force_login(personas["chair"])
    client.raise_request_exception = False
    route = next(r for r in ID_ROUTES if r.startswith("notices/<id:notice_pk>/actions/<id:"))
    assert client.get(with_ids(route, BIGINT_MAX)).status_code == 404
