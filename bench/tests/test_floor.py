import pytest
from django.urls import NoReverseMatch, reverse

from bench.middleware import HEADER


def test_the_floor_view_is_not_served_unless_the_benchmark_asks_for_it():
    with pytest.raises(NoReverseMatch):
        reverse("bench:floor")


@pytest.mark.urls("bench.tests.urls_with_floor")
@pytest.mark.django_db
def test_the_floor_answers_a_signed_in_user_with_almost_nothing(client, personas):
    client.force_login(personas["observer"])
    response = client.get(reverse("bench:floor"))
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.urls("bench.tests.urls_with_floor")
@pytest.mark.django_db
def test_the_floor_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("bench:floor"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.urls("bench.tests.urls_with_floor")
@pytest.mark.django_db
def test_the_query_count_header_counts_the_session_and_user_lookups(client, personas, settings):
    settings.MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *settings.MIDDLEWARE]
    client.force_login(personas["observer"])
    floor = client.get(reverse("bench:floor"))
    page = client.get(reverse("dashboards:notice-detail", args=[personas.notice.pk]))
    assert int(floor[HEADER]) >= 2  # the session, then the user
    assert int(page[HEADER]) > int(floor[HEADER])


@pytest.mark.django_db
def test_the_query_count_header_is_absent_by_default(client):
    assert HEADER not in client.get("/accounts/login/")
