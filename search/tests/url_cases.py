"""The search page in the permission matrix (see tests/permission_matrix.py): every signed-in person
searches their own notices, outsiders included; naming a notice they are not on is a 404."""

from django.urls import reverse

from tests.permission_matrix import PERSONAS, UrlCase, everyone


def url_cases(world) -> list[UrlCase]:
    url = reverse("search:results")
    return [
        UrlCase("search:results", f"{url}?q=audit", {p: 200 for p in PERSONAS}),
        UrlCase("search:results", f"{url}?q=audit&notice={world.notice.pk}", everyone()),
        UrlCase("search:results", f"{url}?q=audit&kind=evidence&notice={world.notice.pk}", everyone()),
    ]
