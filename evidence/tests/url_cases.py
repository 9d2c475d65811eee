"""Every evidence URL × every persona. The personas all belong to the notice's council organisation.

The item here is submitted by the officer and not restricted; restricted items, other
organisations and delegated reviewers are covered in test_access.py.
"""

from django.urls import reverse

from evidence.tests import factories
from measures.models import Membership
from tests.permission_matrix import ROLES, UrlCase, everyone, only

Role = Membership.Role
WRITERS = set(ROLES) - {Role.OBSERVER}


def url_cases(world) -> list[UrlCase]:
    notice = world.notice
    item = factories.make_item(notice, world["officer"], file=(factories.pdf(), "audit.pdf"))
    n, i = notice.pk, item.pk
    url = lambda name, *args: reverse(f"evidence:{name}", args=[n, *args])  # noqa: E731
    link_only = {
        "title": "Policy",
        "kind": "policy",
        "nature": "qualitative",
        "covers_from": "01/06/2014",
        "link": "https://example.org/policy",
    }
    return [
        UrlCase("evidence:item-list", url("item-list"), everyone()),
        UrlCase("evidence:coverage", url("coverage"), everyone()),
        UrlCase("evidence:item-export", url("item-export", "csv"), everyone()),
        UrlCase("evidence:item-export", url("item-export", "xlsx"), everyone()),
        UrlCase("evidence:item-detail", url("item-detail", i), everyone()),
        UrlCase("evidence:revision-download", url("revision-download", i, 1), everyone()),
        # Page 1 of the PDF drawn as a PNG, for whoever may download the version.
        UrlCase("evidence:revision-preview", url("revision-preview", i, 1, 1), everyone()),
        # Version 1 is current: editors are told it follows the item, and sent back to the item.
        UrlCase(
            "evidence:revision-visibility",
            url("revision-visibility", i, 1),
            only(WRITERS, 302),
            method="post",
            data={"visibility": "withdrawn"},
        ),
        UrlCase("evidence:item-submit", url("item-submit"), only(WRITERS)),
        UrlCase("evidence:item-submit", url("item-submit"), only(WRITERS, 302), method="post", data=link_only),
        # Every writer here shares the officer's organisation, so every writer may edit the item.
        UrlCase("evidence:item-edit", url("item-edit", i), only(WRITERS)),
        UrlCase(
            "evidence:item-edit",
            url("item-edit", i),
            only(WRITERS, 302),
            method="post",
            data={**link_only, "version": item.version},
        ),
        UrlCase("evidence:item-revise", url("item-revise", i), only(WRITERS)),
        # No file chosen: allowed personas see the form again with the error (no file is written in the matrix).
        UrlCase(
            "evidence:item-revise",
            url("item-revise", i),
            only(WRITERS, 200),
            method="post",
            data={"version": item.version},
        ),
        UrlCase("evidence:item-review", url("item-review", i), only({Role.CHAIR})),
        UrlCase(
            "evidence:item-review",
            url("item-review", i),
            only({Role.CHAIR}, 302),
            method="post",
            data={"decision": "accepted", "note": "", "version": item.version},
        ),
    ]
