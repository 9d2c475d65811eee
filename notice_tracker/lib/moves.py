"""Migration helpers for a model that moves to another app and keeps its table.

The move itself is state-only (SeparateDatabaseAndState); what the database does hold under
the old app's name is each model's content type row, which permissions, admin log entries and
anything else pointing at a content type follow. `move_content_types` relabels those rows.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import migrations


def _relabel(apps, schema_editor, *, old: str, new: str, models: list[str]) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    rows = content_type.objects.using(schema_editor.connection.alias)
    for model in models:
        # A row already under the new label (none unless migrate ran in between) is left alone.
        if not rows.filter(app_label=new, model=model).exists():
            rows.filter(app_label=old, model=model).update(app_label=new)
    ContentType.objects.clear_cache()  # the cache of the real model, which post_migrate reads


def move_content_types(old: str, new: str, models: list[str]) -> migrations.RunPython:
    """A reversible RunPython relabelling the content types of `models` from app `old` to `new`."""

    def forwards(apps, schema_editor):
        _relabel(apps, schema_editor, old=old, new=new, models=models)

    def backwards(apps, schema_editor):
        _relabel(apps, schema_editor, old=new, new=old, models=models)

    return migrations.RunPython(forwards, backwards)
