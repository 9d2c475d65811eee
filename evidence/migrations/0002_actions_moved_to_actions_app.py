"""Evidence links to actions, which moved from measures to the actions app: state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0001_initial"),
        ("evidence", "0001_initial"),
    ]

    operations = [
        # State only: the tables stay where they are (see the models' db_table).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="evidenceitem",
                    name="actions",
                    field=models.ManyToManyField(blank=True, related_name="evidence_items", to="actions.action"),
                ),
                migrations.AlterField(
                    model_name="historicalevidenceitem_actions",
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
