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
        # One's own password: every signed-in person, whatever their role.
        UrlCase("accounts:password-change", reverse("accounts:password-change"), everyone(200, outsider=200)),
        UrlCase(
            "accounts:password-change",
            reverse("accounts:password-change"),
            everyone(200, outsider=200),
            method="post",
            data={"old_password": "not it", "new_password1": "x", "new_password2": "y"},
        ),
        # Public: anyone may read it before they can sign in (anonymous visitors get it too; see
        # notice_tracker/tests/test_public_pages.py).
        UrlCase("accessibility", reverse("accessibility"), everyone(200, outsider=200), anonymous="public"),
    ]
