"""The frame's links and files (context_processors.frame): reversed once, the same as the tags would give."""

from __future__ import annotations

import pytest
from django.templatetags.static import static
from django.test import override_settings
from django.urls import reverse

from notice_tracker.context_processors import _ASSETS, _LINKS, frame


def test_the_frame_holds_what_the_url_and_static_tags_give(rf):
    found = frame(rf.get("/"))
    assert found["links"] == {key: reverse(name) for key, name in _LINKS.items()}
    assert found["assets"] == {key: static(path) for key, path in _ASSETS.items()}


def test_a_change_of_settings_is_followed_not_the_kept_frame(rf):
    before = frame(rf.get("/"))["assets"]["site_css"]
    with override_settings(STATIC_URL="/elsewhere/"):
        assert frame(rf.get("/"))["assets"]["site_css"] == "/elsewhere/css/notice-tracker.css"
    assert frame(rf.get("/"))["assets"]["site_css"] == before


@pytest.mark.django_db
def test_every_page_draws_its_frame_from_it(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader"))
    page = client.get(reverse("measures:notice-list")).content.decode()
    found = frame(None)  # type: ignore[arg-type]  # the request is not read
    assert f'href="{found["links"]["my_work"]}">My work</a>' in page
    assert f'<link rel="stylesheet" href="{found["assets"]["bootstrap_css"]}">' in page
    assert f'action="{found["links"]["sign_out"]}"' in page
