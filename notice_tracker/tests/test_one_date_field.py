"""Guardrail: every date on every form and list filter goes through the one date field."""

import importlib
import pkgutil
import sys
from pathlib import Path

import django_filters
from django import forms
from django.apps import apps
from django.conf import settings

from notice_tracker.lib.datefield import DateField

ROOT = Path(settings.BASE_DIR)


def _project_modules():
    for config in apps.get_app_configs():
        # Our apps only: a virtualenv inside the checkout (as CI makes) holds other people's apps.
        if not Path(config.path).is_relative_to(ROOT) or Path(config.path).is_relative_to(Path(sys.prefix)):
            continue
        yield config.module
        for info in pkgutil.walk_packages([config.path], prefix=f"{config.name}."):
            if not any(part in info.name.split(".") for part in ("tests", "migrations", "management")):
                yield importlib.import_module(info.name)


def _subclasses(base):
    for cls in base.__subclasses__():
        yield cls
        yield from _subclasses(cls)


def test_every_date_field_of_every_form_and_filter_is_the_house_date_field():
    list(_project_modules())  # import every module, so every form class is defined
    offenders = []
    for form in _subclasses(forms.BaseForm):
        if (
            form.__module__.split(".")[0] not in {c.name.split(".")[0] for c in apps.get_app_configs()}
            or "tests" in form.__module__
        ):
            continue
        for name, field in getattr(form, "base_fields", {}).items():
            if isinstance(field, forms.DateField) and not isinstance(field, DateField):
                offenders.append(f"{form.__module__}.{form.__qualname__}.{name}")
    for filterset in _subclasses(django_filters.FilterSet):
        for name, found in filterset.base_filters.items():
            if issubclass(found.field_class, forms.DateField) and not issubclass(found.field_class, DateField):
                offenders.append(f"{filterset.__module__}.{filterset.__qualname__}.{name}")
    assert offenders == []


def test_no_template_offers_a_native_date_picker():
    pickers = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.html")
        if ".venv" not in path.parts and "node_modules" not in path.parts and 'type="date"' in path.read_text()
    ]
    assert pickers == []
