"""Calendar feeds × every persona.

The page and its reset are one's own: every signed-in person, outsiders included. The feed
address needs no sign-in (calendar apps cannot sign in): its secret is the credential, so it
answers whoever holds it, signed in or not, and 404 to a wrong secret.
"""

from django.urls import reverse

from calendars.services import feed_reset
from tests.permission_matrix import UrlCase, everyone


def url_cases(world) -> list[UrlCase]:
    chairs = feed_reset(user=world["chair"])
    return [
        UrlCase("calendars:feed-page", reverse("calendars:feed-page"), everyone(200, outsider=200)),
        UrlCase("calendars:feed-reset", reverse("calendars:feed-reset"), everyone(302, outsider=302), method="post"),
        # GET only: a reset is a POST from the page.
        UrlCase("calendars:feed-reset", reverse("calendars:feed-reset"), everyone(405, outsider=405)),
        UrlCase(
            "calendars:feed",
            reverse("calendars:feed", args=[chairs.token]),
            everyone(200, outsider=200),
            anonymous="public",
        ),
        UrlCase(
            "calendars:feed",
            reverse("calendars:feed", args=["not-the-secret"]),
            everyone(404, outsider=404),
            anonymous="public",
        ),
    ]
