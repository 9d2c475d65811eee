"""Sign-in pages and the public accessibility statement × every persona.

With two-factor not required (tests, development) nobody has an authenticator yet: the code page
sends everyone to set one up, and the recovery-codes page, having none to show, sends them on.
"""

from django.urls import reverse

from tests.permission_matrix import UrlCase, everyone


def url_cases(world) -> list[UrlCase]:
    return [
        UrlCase("accounts:two-factor", reverse("accounts:two-factor"), everyone(302, outsider=302)),
        UrlCase("accounts:two-factor-setup", reverse("accounts:two-factor-setup"), everyone(200, outsider=200)),
        UrlCase(
            "accounts:two-factor-setup",
            reverse("accounts:two-factor-setup"),
            everyone(200, outsider=200),
            method="post",
            data={"code": "000000"},
        ),
        UrlCase("accounts:recovery-codes", reverse("accounts:recovery-codes"), everyone(302, outsider=302)),
        # Public: anyone may read it before they can sign in (anonymous visitors get it too; see
        # notice_tracker/tests/test_public_pages.py).
        UrlCase("accessibility", reverse("accessibility"), everyone(200, outsider=200), anonymous="public"),
        # Public: a new member's single-use link (this one is not valid: the page says so).
        UrlCase(
            "accounts:set-password",
            reverse("accounts:set-password", args=["MQ", "no-such-token"]),
            everyone(200, outsider=200),
            anonymous="public",
        ),
    ]
