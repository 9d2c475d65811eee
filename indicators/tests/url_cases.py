from django.urls import reverse

from indicators.tests.factories import add_values, make_indicator
from tests.permission_matrix import UrlCase, everyone, only

ENTERERS = {"officer", "chair", "administrator"}  # Can.ENTER_INDICATORS
MANAGERS = {"chair", "administrator"}  # Can.MANAGE_INDICATORS


def url_cases(world) -> list[UrlCase]:
    notice = world.notice
    indicator = make_indicator(notice, "CP-MATRIX", owner=world.organisation)
    add_values(indicator, [80, 82, 84])
    args = [notice.pk]
    return_url = reverse("indicators:indicator-return", args=args) + "?period=2014-09"
    return [
        UrlCase("indicators:indicator-list", reverse("indicators:indicator-list", args=args), everyone()),
        UrlCase("indicators:indicator-detail", indicator.get_absolute_url(), everyone()),
        UrlCase("indicators:indicator-return", return_url, only(ENTERERS)),
        # The officer's organisation owns the indicator, so the officer may save its figures too.
        UrlCase(
            "indicators:indicator-return",
            return_url,
            only(ENTERERS, 302),
            method="post",
            data={f"i{indicator.pk}_value": "86"},
        ),
        UrlCase("indicators:indicator-import", reverse("indicators:indicator-import", args=args), only(ENTERERS)),
        # No file: the form comes back with its error.
        UrlCase(
            "indicators:indicator-import",
            reverse("indicators:indicator-import", args=args),
            only(ENTERERS),
            method="post",
        ),
        UrlCase(
            "indicators:indicator-import-confirm",
            reverse("indicators:indicator-import-confirm", args=args),
            only(ENTERERS),
            method="post",
            data={"payload": "tampered"},
        ),
        UrlCase("indicators:indicator-library", reverse("indicators:indicator-library", args=args), only(MANAGERS)),
        UrlCase("indicators:indicator-add", reverse("indicators:indicator-add", args=args), only(MANAGERS)),
        UrlCase(
            "indicators:indicator-add",
            reverse("indicators:indicator-add", args=args),
            only(MANAGERS),
            method="post",
            data={"code": ""},
        ),
        UrlCase(
            "indicators:indicator-edit",
            reverse("indicators:indicator-edit", args=[notice.pk, indicator.code]),
            only(MANAGERS),
        ),
    ]
