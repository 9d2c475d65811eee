"""The Medway demo loaded once per test module (`loaded_demo`), rolled back after it.

A plugin of the root conftest: modules that read facts off the whole demo (the consistency test,
My work against the digest) share one loader instead of each keeping a copy.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from measures.models import Notice
from progress.position import forget_local_positions

DEMO_TODAY = date(2015, 2, 27)


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The Medway notice with the demo's data as at 27 February 2015 (the demo issues PDFs: mark the module `pdf`)."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, NOTICE_TRACKER_TODAY=DEMO_TODAY):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", "--allow-debug-off", stdout=io.StringIO())
            yield Notice.objects.get(authority__name="Medway Council")
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            forget_local_positions()
