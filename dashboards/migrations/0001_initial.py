"""Dashboard visits move here from measures, keeping their table; the content type follows."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from notice_tracker.lib.moves import move_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("measures", "0005_snapshots_moved_to_progress_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # State only: the tables stay where they are (see the models' db_table).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="NoticeVisit",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("last_seen_at", models.DateTimeField()),
                        ("previous_seen_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "notice",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="visits", to="measures.notice"
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notice_visits",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "measures_noticevisit",
                        "constraints": [
                            models.UniqueConstraint(fields=("user", "notice"), name="noticevisit_one_per_user_notice"),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("previous_seen_at__isnull", True),
                                    ("previous_seen_at__lte", models.F("last_seen_at")),
                                    _connector="OR",
                                ),
                                name="noticevisit_previous_before_last",
                            ),
                        ],
                    },
                ),
            ]
        ),
        move_content_types("measures", "dashboards", ["noticevisit"]),
    ]
