"""Month-end snapshots move here from measures, keeping their tables; their content types follow."""

import django.db.models.deletion
from django.db import migrations, models

from notice_tracker.lib.moves import move_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("measures", "0004_actions_moved_to_actions_app"),
    ]

    operations = [
        # State only: the tables stay where they are (see the models' db_table).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="NoticeSnapshot",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "rag",
                            models.CharField(
                                choices=[("red", "Red"), ("amber", "Amber"), ("green", "Green"), ("none", "Not rated")],
                                max_length=10,
                            ),
                        ),
                        ("actions_complete", models.PositiveIntegerField(default=0)),
                        ("actions_on_track", models.PositiveIntegerField(default=0)),
                        ("actions_at_risk", models.PositiveIntegerField(default=0)),
                        ("actions_overdue", models.PositiveIntegerField(default=0)),
                        ("requirements", models.PositiveIntegerField(default=0)),
                        ("requirements_with_evidence", models.PositiveIntegerField(default=0)),
                        (
                            "requirements_with_both",
                            models.PositiveIntegerField(
                                default=0, help_text="With accepted qualitative and quantitative evidence."
                            ),
                        ),
                        (
                            "impact_gaps",
                            models.PositiveIntegerField(
                                default=0, help_text="Impact requirements with no accepted evidence."
                            ),
                        ),
                        ("failing_indicators", models.PositiveIntegerField(default=0)),
                        ("as_at", models.DateField(help_text="The month end the roll-up describes.")),
                        ("rag_reason", models.TextField(blank=True)),
                        ("taken_at", models.DateTimeField(auto_now=True)),
                        (
                            "notice",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="snapshots",
                                to="measures.notice",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "measures_noticesnapshot",
                        "ordering": ["notice", "-as_at"],
                    },
                ),
                migrations.CreateModel(
                    name="MeasureSnapshot",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "rag",
                            models.CharField(
                                choices=[("red", "Red"), ("amber", "Amber"), ("green", "Green"), ("none", "Not rated")],
                                max_length=10,
                            ),
                        ),
                        ("actions_complete", models.PositiveIntegerField(default=0)),
                        ("actions_on_track", models.PositiveIntegerField(default=0)),
                        ("actions_at_risk", models.PositiveIntegerField(default=0)),
                        ("actions_overdue", models.PositiveIntegerField(default=0)),
                        ("requirements", models.PositiveIntegerField(default=0)),
                        ("requirements_with_evidence", models.PositiveIntegerField(default=0)),
                        (
                            "requirements_with_both",
                            models.PositiveIntegerField(
                                default=0, help_text="With accepted qualitative and quantitative evidence."
                            ),
                        ),
                        (
                            "impact_gaps",
                            models.PositiveIntegerField(
                                default=0, help_text="Impact requirements with no accepted evidence."
                            ),
                        ),
                        ("failing_indicators", models.PositiveIntegerField(default=0)),
                        ("reasons", models.TextField(blank=True, help_text="The roll-up's reasons, one a line.")),
                        (
                            "measure",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="snapshots",
                                to="measures.measure",
                            ),
                        ),
                        (
                            "snapshot",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="measures",
                                to="progress.noticesnapshot",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "measures_measuresnapshot",
                        "ordering": ["snapshot", "measure__position"],
                    },
                ),
                migrations.AddIndex(
                    model_name="noticesnapshot",
                    index=models.Index(fields=["notice", "-as_at"], name="noticesnapshot_latest"),
                ),
                migrations.AddConstraint(
                    model_name="noticesnapshot",
                    constraint=models.UniqueConstraint(
                        fields=("notice", "as_at"), name="noticesnapshot_one_per_month_end"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="measuresnapshot",
                    constraint=models.UniqueConstraint(
                        fields=("snapshot", "measure"), name="measuresnapshot_one_per_measure"
                    ),
                ),
            ]
        ),
        move_content_types("measures", "progress", ["noticesnapshot", "measuresnapshot"]),
    ]
