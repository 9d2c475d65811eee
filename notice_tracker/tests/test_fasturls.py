"""`detail_url` gives exactly what `reverse` gives for a row's page, whatever the id."""

import pytest
from django.urls import reverse

from notice_tracker.lib.fasturls import detail_url


@pytest.mark.parametrize(
    ("view_name", "args"),
    [
        ("actions:action-detail", [1, 3]),
        ("actions:action-detail", [12, 987654]),
        ("evidence:item-detail", [5, 1]),
        ("evidence:item-detail", [5, 20000]),
        ("meetings:meeting-detail", [2, 77]),
    ],
)
def test_detail_url_is_reverse(view_name, args):
    assert detail_url(view_name, *args) == reverse(view_name, args=args)


def test_detail_url_follows_the_script_prefix():
    from django.urls import set_script_prefix

    try:
        set_script_prefix("/tracker/")
        assert detail_url("evidence:item-detail", 5, 9) == reverse("evidence:item-detail", args=[5, 9])
        assert detail_url("evidence:item-detail", 5, 9).startswith("/tracker/")
    finally:
        set_script_prefix("/")
