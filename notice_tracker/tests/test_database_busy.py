"""Concurrent writes on SQLite wait for each other (busy timeout) and, if the wait runs out, the
writer is told to try again (409), never shown a server error."""

import pytest
from django.conf import settings as live_settings
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from notice_tracker.middleware import DatabaseBusyMiddleware


@pytest.mark.skipif(live_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="SQLite only")
def test_sqlite_waits_for_a_concurrent_writer_and_takes_its_write_lock_at_the_start():
    options = live_settings.DATABASES["default"]["OPTIONS"]
    assert options["timeout"] >= 10
    assert options["transaction_mode"] == "IMMEDIATE"


def busy_view(request):
    raise OperationalError("database is locked")


def test_a_database_that_stays_locked_answers_409_asking_to_try_again():
    middleware = DatabaseBusyMiddleware(lambda request: HttpResponse())
    request = RequestFactory().post("/notices/1/reports/2/issue/")
    try:
        busy_view(request)
    except OperationalError as error:
        response = middleware.process_exception(request, error)
    assert response is not None
    assert response.status_code == 409
    assert "busy" in response.content.decode() and "try again" in response.content.decode()
    assert response["Retry-After"] == "2"


def test_other_database_errors_are_not_hidden():
    middleware = DatabaseBusyMiddleware(lambda request: HttpResponse())
    assert middleware.process_exception(RequestFactory().get("/"), OperationalError("no such table: x")) is None


@pytest.mark.django_db
def test_a_locked_database_through_the_whole_stack_is_a_409(client, personas, monkeypatch):
    from evidence import views

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(views, "get_notice_access", locked)
    client.force_login(personas["chair"])
    client.raise_request_exception = False
    response = client.get(f"/notices/{personas.notice.pk}/evidence/")
    assert response.status_code == 409
