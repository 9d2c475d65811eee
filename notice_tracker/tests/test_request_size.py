"""Every request body is bounded: one over the largest upload is refused before anything reads it."""

import pytest
from django.conf import settings as live_settings
from django.urls import reverse


def test_upload_limits_are_set_explicitly():
    assert live_settings.REQUEST_MAX_BYTES == live_settings.EVIDENCE_MAX_UPLOAD_BYTES + 1024 * 1024
    assert live_settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 1024 * 1024
    assert live_settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    assert "notice_tracker.middleware.RequestSizeLimitMiddleware" in live_settings.MIDDLEWARE


@pytest.mark.django_db
def test_a_body_over_the_request_limit_is_refused_on_any_path_even_without_an_upload(client, personas, settings):
    settings.REQUEST_MAX_BYTES = 10_000
    client.force_login(personas["chair"])
    url = reverse("actions:action-create", args=[personas.notice.pk])
    response = client.post(url, {"title": "x" * 20_000})
    assert response.status_code == 413
    assert "Uploads can be up to" in response.content.decode()


@pytest.mark.django_db
def test_the_sign_in_page_refuses_a_huge_body_before_reading_it(client, settings):
    settings.REQUEST_MAX_BYTES = 10_000
    response = client.post(reverse("login"), {"username": "x" * 20_000, "password": "y"})
    assert response.status_code == 413
