from django.db import migrations, models

from notice_tracker.lib.natural import natural_sort_key


def fill_reference_keys(apps, schema_editor):
    """Every existing action's key, as save() sets it from now on (historical models have no save())."""
    Action = apps.get_model("actions", "Action")
    actions = list(Action.objects.only("pk", "reference"))
    for action in actions:
        action.reference_key = natural_sort_key(action.reference)
    Action.objects.bulk_update(actions, ["reference_key"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0002_search_document"),
    ]

    operations = [
        migrations.AddField(
            model_name="action",
            name="reference_key",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_reference_keys, migrations.RunPython.noop),
    ]
