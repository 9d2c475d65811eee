"""Snapshots now live in the progress app (progress 0001), on the same tables: state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0001_initial"),
        ("measures", "0004_actions_moved_to_actions_app"),
    ]

    operations = [
        # State only: the tables stay where they are (see the models' db_table).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="noticesnapshot",
                    name="notice",
                ),
                migrations.DeleteModel(
                    name="MeasureSnapshot",
                ),
                migrations.DeleteModel(
                    name="NoticeSnapshot",
                ),
            ]
        ),
    ]
