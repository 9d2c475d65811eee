"""Action and ActionUpdate move here from measures, keeping their tables; their content types follow."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from notice_tracker.lib.moves import move_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("measures", "0003_snapshots_and_visits"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # State only: the tables stay where they are (see the models' db_table).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Action",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "reference",
                            models.CharField(help_text="The plan's own reference, e.g. A-012.", max_length=20),
                        ),
                        ("title", models.CharField(max_length=300)),
                        ("description", models.TextField(blank=True)),
                        ("start_on", models.DateField()),
                        ("due_on", models.DateField()),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("planned", "Planned"),
                                    ("in_progress", "In progress"),
                                    ("complete", "Complete"),
                                    ("cancelled", "Cancelled"),
                                ],
                                default="planned",
                                max_length=20,
                            ),
                        ),
                        ("completed_on", models.DateField(blank=True, null=True)),
                        ("percent_complete", models.PositiveSmallIntegerField(default=0)),
                        (
                            "rag_override",
                            models.CharField(
                                blank=True,
                                choices=[("red", "Red"), ("amber", "Amber"), ("green", "Green")],
                                max_length=10,
                            ),
                        ),
                        ("rag_override_reason", models.TextField(blank=True)),
                        ("rag_override_at", models.DateTimeField(blank=True, null=True)),
                        ("version", models.PositiveIntegerField(default=1)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "lead_organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="led_actions",
                                to="measures.organisation",
                            ),
                        ),
                        (
                            "notice",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="actions",
                                to="measures.notice",
                            ),
                        ),
                        (
                            "owner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="owned_actions",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "rag_override_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "requirements",
                            models.ManyToManyField(
                                db_table="measures_action_requirements",
                                related_name="actions",
                                to="measures.requirement",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "measures_action",
                        "ordering": ["due_on", "reference"],
                    },
                ),
                migrations.CreateModel(
                    name="ActionUpdate",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("on", models.DateField(help_text="The date the progress refers to.")),
                        ("note", models.TextField()),
                        ("percent_complete", models.PositiveSmallIntegerField()),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "action",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="updates", to="actions.action"
                            ),
                        ),
                        (
                            "author",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "measures_actionupdate",
                        "ordering": ["-on", "-created_at"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalAction",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        (
                            "reference",
                            models.CharField(help_text="The plan's own reference, e.g. A-012.", max_length=20),
                        ),
                        ("title", models.CharField(max_length=300)),
                        ("description", models.TextField(blank=True)),
                        ("start_on", models.DateField()),
                        ("due_on", models.DateField()),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("planned", "Planned"),
                                    ("in_progress", "In progress"),
                                    ("complete", "Complete"),
                                    ("cancelled", "Cancelled"),
                                ],
                                default="planned",
                                max_length=20,
                            ),
                        ),
                        ("completed_on", models.DateField(blank=True, null=True)),
                        ("percent_complete", models.PositiveSmallIntegerField(default=0)),
                        (
                            "rag_override",
                            models.CharField(
                                blank=True,
                                choices=[("red", "Red"), ("amber", "Amber"), ("green", "Green")],
                                max_length=10,
                            ),
                        ),
                        ("rag_override_reason", models.TextField(blank=True)),
                        ("rag_override_at", models.DateTimeField(blank=True, null=True)),
                        ("version", models.PositiveIntegerField(default=1)),
                        ("created_at", models.DateTimeField(blank=True, editable=False)),
                        ("updated_at", models.DateTimeField(blank=True, editable=False)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "lead_organisation",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="measures.organisation",
                            ),
                        ),
                        (
                            "notice",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="measures.notice",
                            ),
                        ),
                        (
                            "owner",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "rag_override_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical action",
                        "verbose_name_plural": "historical actions",
                        "db_table": "measures_historicalaction",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalAction_requirements",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                        (
                            "action",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                db_tablespace="",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="actions.action",
                            ),
                        ),
                        (
                            "history",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                to="actions.historicalaction",
                            ),
                        ),
                        (
                            "requirement",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                db_tablespace="",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="measures.requirement",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "HistoricalAction_requirements",
                        "db_table": "measures_historicalaction_requirements",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalActionUpdate",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("on", models.DateField(help_text="The date the progress refers to.")),
                        ("note", models.TextField()),
                        ("percent_complete", models.PositiveSmallIntegerField()),
                        ("created_at", models.DateTimeField(blank=True, editable=False)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "action",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="actions.action",
                            ),
                        ),
                        (
                            "author",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical action update",
                        "verbose_name_plural": "historical action updates",
                        "db_table": "measures_historicalactionupdate",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddIndex(
                    model_name="action",
                    index=models.Index(fields=["notice", "status", "due_on"], name="action_notice_status_due"),
                ),
                migrations.AddConstraint(
                    model_name="action",
                    constraint=models.UniqueConstraint(fields=("notice", "reference"), name="action_unique_reference"),
                ),
                migrations.AddConstraint(
                    model_name="action",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("due_on__gte", models.F("start_on"))), name="action_due_after_start"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="action",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("percent_complete__lte", 100)), name="action_percent_at_most_100"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="action",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("completed_on__isnull", False), ("status", "complete")),
                            models.Q(models.Q(("status", "complete"), _negated=True), ("completed_on__isnull", True)),
                            _connector="OR",
                        ),
                        name="action_completed_on_iff_complete",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="action",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("rag_override", ""), models.Q(("rag_override_reason", ""), _negated=True), _connector="OR"
                        ),
                        name="action_override_needs_reason",
                    ),
                ),
                migrations.AddIndex(
                    model_name="actionupdate",
                    index=models.Index(fields=["action", "-on", "-created_at"], name="actionupdate_latest"),
                ),
                migrations.AddConstraint(
                    model_name="actionupdate",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("percent_complete__lte", 100)), name="actionupdate_percent_at_most_100"
                    ),
                ),
            ]
        ),
        move_content_types(
            "measures",
            "actions",
            ["action", "actionupdate", "historicalaction", "historicalactionupdate", "historicalaction_requirements"],
        ),
    ]
