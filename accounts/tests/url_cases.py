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
        # Public, for people who cannot sign in; a signed-in person may use them too.
        UrlCase(
            "accounts:password-reset",
            reverse("accounts:password-reset"),
            everyone(200, outsider=200),
            anonymous="public",
        ),
        UrlCase(
            "accounts:password-reset-done",
            reverse("accounts:password-reset-done"),
            everyone(200, outsider=200),
            anonymous="public",
        ),
        UrlCase(
            "accounts:password-reset-confirm",
            reverse("accounts:password-reset-confirm", args=["MQ", "not-a-token"]),
            everyone(200, outsider=200),  # "this link is no longer valid"
            anonymous="public",
        ),
        UrlCase(
            "accounts:password-reset-complete",
            reverse("accounts:password-reset-complete"),
            everyone(200, outsider=200),
            anonymous="public",
        ),
        # "Stay signed in" (the timeout warning): every signed-in person; POST only, with CSRF.
        UrlCase("session-refresh", reverse("session-refresh"), everyone(200, outsider=200), method="post"),
        UrlCase("session-refresh", reverse("session-refresh"), everyone(405, outsider=405)),
        # Public: anyone may read it before they can sign in (anonymous visitors get it too; see
        # notice_tracker/tests/test_public_pages.py).
        UrlCase("accessibility", reverse("accessibility"), everyone(200, outsider=200), anonymous="public"),
        # The load balancer's health check: public, and it shows no data (notice_tracker/tests/test_health.py).
        UrlCase("health", reverse("health"), everyone(200, outsider=200), anonymous="public"),
        # Public: a new member's single-use link (this one is not valid: the page says so).
        UrlCase(
            "accounts:set-password",
            reverse("accounts:set-password", args=["MQ", "no-such-token"]),
            everyone(200, outsider=200),
            anonymous="public",
        ),
        # Single sign-on's start and return: public (they sign people in), and 404 while it is not
        # configured, as here; configured, accounts/tests/test_sso.py drives them against a real provider.
        UrlCase("accounts:sso-start", reverse("accounts:sso-start"), everyone(404, outsider=404), anonymous="public"),
        UrlCase(
            "accounts:sso-callback", reverse("accounts:sso-callback"), everyone(404, outsider=404), anonymous="public"
        ),
    ]
