"""Dashboard visits now live in the dashboards app (dashboards 0001), on the same table: state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dashboards", "0001_initial"),
        ("measures", "0005_snapshots_moved_to_progress_app"),
    ]

    operations = [
        # State only: the tables stay where they are (see the models' db_table).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name="NoticeVisit",
                ),
            ]
        ),
    ]
