"""The load balancer's health check: public, honest about each part, and silent about everything else."""

import json
import logging

import pytest
from django.test import Client

from notice_tracker import health
from notice_tracker.lib.jsonlog import JsonFormatter


@pytest.mark.django_db
def test_healthy_answers_200_without_signing_in_and_leaves_no_file(client: Client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "queue": "ok", "storage": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")
    assert not any(tmp_path.rglob("*.*")) and not list((tmp_path / "health").iterdir())


@pytest.mark.django_db
def test_a_failing_part_answers_503_naming_it_and_nothing_more(client: Client, monkeypatch, caplog):
    def unreachable() -> None:
        raise OSError("connection refused to storage.internal:9000 with key AKIA-secret")

    monkeypatch.setitem(health.CHECKS, "storage", unreachable)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "queue": "ok", "storage": "unavailable"}
    assert b"storage.internal" not in response.content and b"secret" not in response.content
    assert "Health check failed: storage" in caplog.text  # the detail goes to the log


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "state"), [("redis://127.0.0.1:6379/0", "ok"), ("redis://127.0.0.1:1/0", "unavailable")]
)
def test_the_queue_is_checked_when_there_is_one(client: Client, settings, url, state):
    settings.REDIS_URL = url  # Redis runs on 6379 here and in CI; nothing listens on port 1
    response = client.get("/health/")
    assert response.json()["queue"] == state


def test_only_get_is_answered(client: Client):
    assert client.post("/health/").status_code == 405


def test_json_logs_carry_the_message_the_exception_and_the_extras():
    record = logging.LogRecord("notice_tracker.security", logging.WARNING, __file__, 1, "refused %s", ("chair",), None)
    record.notice = 7
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "refused chair" and entry["level"] == "WARNING" and entry["notice"] == 7
    assert entry["logger"] == "notice_tracker.security" and entry["time"].endswith("+00:00")
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        failing = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    assert "ValueError: boom" in json.loads(JsonFormatter().format(failing))["exception"]
