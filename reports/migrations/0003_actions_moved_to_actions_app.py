"""Board meetings link to actions, which moved from measures to the actions app: state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0001_initial"),
        ("reports", "0002_statutory_reports"),
    ]

    operations = [
        # State only: the tables stay where they are (see the models' db_table).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="boardmeeting",
                    name="actions_arising",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="arising_from_meetings",
                        to="actions.action",
                        verbose_name="actions arising",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalboardmeeting_actions_arising",
                    name="action",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="actions.action",
                    ),
                ),
            ]
        ),
    ]
