"""The demo creates a superuser with a published password: never on a production server."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_load_demo_refuses_production_settings(settings):
    settings.PRODUCTION, settings.DEBUG = True, False
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo", "--allow-debug-off", stdout=io.StringIO())
    assert not get_user_model().objects.exists()


def test_load_demo_refuses_a_server_with_debug_off_unless_told(settings):
    settings.PRODUCTION, settings.DEBUG = False, False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo", stdout=io.StringIO())
    assert not get_user_model().objects.exists()
