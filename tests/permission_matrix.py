"""The permission matrix: every URL of the app × every persona → the answer it must get.

Each app lists its URLs in `<app>/tests/url_cases.py`, as a function `url_cases(world)`
returning `UrlCase`s, and, in `BUILDS_PDF`, the URL names whose requests build a PDF (those
tests carry the `pdf` mark). `tests/test_permission_matrix.py` runs one test per URL name,
checking its cases for every persona, and fails when a URL name exists that no app lists, so a
new page cannot skip the matrix.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from measures.models import Membership

ROLES = [role.value for role in Membership.Role]
PERSONAS = [*ROLES, "outsider"]  # outsider: a member of another notice only
LOGIN = "login"  # expected answer for anonymous visitors: a redirect to sign in
# Or a status code, for addresses that answer it themselves instead of redirecting (the API: 401).


@dataclass
class UrlCase:
    name: str  # the URL name, e.g. "dashboards:notice-detail"
    url: str
    expect: dict[str, int]  # persona -> status code; every persona in PERSONAS must be given
    method: str = "get"
    data: dict = field(default_factory=dict)
    anonymous: str | int = LOGIN


def everyone(status: int = 200, *, outsider: int = 404) -> dict[str, int]:
    """Every member gets `status`; a member of another notice gets 404."""
    return {**{role: status for role in ROLES}, "outsider": outsider}


def only(roles: Collection[str], status: int = 200, *, others: int = 403, outsider: int = 404) -> dict[str, int]:
    """`roles` get `status`, other members `others` (403: they are members without the right)."""
    return {**{role: (status if role in roles else others) for role in ROLES}, "outsider": outsider}
