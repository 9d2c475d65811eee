"""Board meetings move here from reports, keeping their tables; their content types follow."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import meetings.models
from notice_tracker.lib.moves import move_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("reports", "0003_actions_moved_to_actions_app"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("actions", "0001_initial"),
        ("measures", "0004_actions_moved_to_actions_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # State only: the tables stay where they are (see the models' db_table).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="BoardMeeting",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("held_on", models.DateField(verbose_name="held on")),
                        ("location", models.CharField(blank=True, max_length=200)),
                        ("chaired_by", models.CharField(blank=True, max_length=200, verbose_name="chaired by")),
                        ("dfe_attended", models.BooleanField(default=False, verbose_name="DfE official attended")),
                        (
                            "dfe_attendee_name",
                            models.CharField(blank=True, max_length=200, verbose_name="DfE official's name"),
                        ),
                        ("minutes_summary", models.TextField(blank=True, verbose_name="summary of the minutes")),
                        ("decisions", models.TextField(blank=True)),
                        (
                            "minutes_file",
                            models.FileField(blank=True, max_length=200, upload_to=meetings.models.minutes_upload_to),
                        ),
                        (
                            "minutes_name",
                            models.CharField(blank=True, max_length=255, verbose_name="minutes file name"),
                        ),
                        ("minutes_content_type", models.CharField(blank=True, max_length=100)),
                        ("minutes_size", models.PositiveBigIntegerField(blank=True, null=True)),
                        ("minutes_sha256", models.CharField(blank=True, max_length=64, verbose_name="minutes SHA-256")),
                        ("version", models.PositiveIntegerField(default=1)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "actions_arising",
                            models.ManyToManyField(
                                blank=True,
                                db_table="reports_boardmeeting_actions_arising",
                                related_name="arising_from_meetings",
                                to="actions.action",
                                verbose_name="actions arising",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "notice",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="board_meetings",
                                to="measures.notice",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "reports_boardmeeting",
                        "ordering": ["-held_on"],
                    },
                ),
                migrations.CreateModel(
                    name="BoardMeetingAttendance",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=200)),
                        (
                            "capacity",
                            models.CharField(
                                choices=[
                                    ("member", "Board member"),
                                    ("dfe_observer", "DfE observer"),
                                    ("adviser", "Adviser"),
                                    ("officer", "Officer in attendance"),
                                    ("guest", "Guest"),
                                ],
                                default="member",
                                max_length=20,
                            ),
                        ),
                        (
                            "meeting",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="attendances",
                                to="meetings.boardmeeting",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="measures.organisation",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "reports_boardmeetingattendance",
                        "ordering": ["meeting", "name"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalBoardMeeting",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("held_on", models.DateField(verbose_name="held on")),
                        ("location", models.CharField(blank=True, max_length=200)),
                        ("chaired_by", models.CharField(blank=True, max_length=200, verbose_name="chaired by")),
                        ("dfe_attended", models.BooleanField(default=False, verbose_name="DfE official attended")),
                        (
                            "dfe_attendee_name",
                            models.CharField(blank=True, max_length=200, verbose_name="DfE official's name"),
                        ),
                        ("minutes_summary", models.TextField(blank=True, verbose_name="summary of the minutes")),
                        ("decisions", models.TextField(blank=True)),
                        ("minutes_file", models.TextField(blank=True, max_length=200)),
                        (
                            "minutes_name",
                            models.CharField(blank=True, max_length=255, verbose_name="minutes file name"),
                        ),
                        ("minutes_content_type", models.CharField(blank=True, max_length=100)),
                        ("minutes_size", models.PositiveBigIntegerField(blank=True, null=True)),
                        ("minutes_sha256", models.CharField(blank=True, max_length=64, verbose_name="minutes SHA-256")),
                        ("version", models.PositiveIntegerField(default=1)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
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
                    ],
                    options={
                        "verbose_name": "historical board meeting",
                        "verbose_name_plural": "historical board meetings",
                        "db_table": "reports_historicalboardmeeting",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalBoardMeeting_actions_arising",
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
                            "boardmeeting",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                db_tablespace="",
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="meetings.boardmeeting",
                            ),
                        ),
                        (
                            "history",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                to="meetings.historicalboardmeeting",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "HistoricalBoardMeeting_actions_arising",
                        "db_table": "reports_historicalboardmeeting_actions_arising",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalBoardMeetingAttendance",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("name", models.CharField(max_length=200)),
                        (
                            "capacity",
                            models.CharField(
                                choices=[
                                    ("member", "Board member"),
                                    ("dfe_observer", "DfE observer"),
                                    ("adviser", "Adviser"),
                                    ("officer", "Officer in attendance"),
                                    ("guest", "Guest"),
                                ],
                                default="member",
                                max_length=20,
                            ),
                        ),
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
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "meeting",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="meetings.boardmeeting",
                            ),
                        ),
                        (
                            "organisation",
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
                            "user",
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
                        "verbose_name": "historical board meeting attendance",
                        "verbose_name_plural": "historical board meeting attendances",
                        "db_table": "reports_historicalboardmeetingattendance",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddConstraint(
                    model_name="boardmeeting",
                    constraint=models.UniqueConstraint(fields=("notice", "held_on"), name="boardmeeting_unique_date"),
                ),
                migrations.AddConstraint(
                    model_name="boardmeeting",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("dfe_attended", True), ("dfe_attendee_name", ""), _connector="OR"),
                        name="boardmeeting_dfe_name_only_if_attended",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="boardmeeting",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("minutes_file", ""), ("minutes_sha256", "")),
                            models.Q(
                                models.Q(("minutes_file", ""), _negated=True),
                                models.Q(("minutes_sha256", ""), _negated=True),
                                models.Q(("minutes_name", ""), _negated=True),
                            ),
                            _connector="OR",
                        ),
                        name="boardmeeting_minutes_checksummed",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="boardmeetingattendance",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("user__isnull", False)),
                        fields=("meeting", "user"),
                        name="boardmeetingattendance_unique_member",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="boardmeetingattendance",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("name", ""), _negated=True), name="boardmeetingattendance_named"
                    ),
                ),
            ]
        ),
        move_content_types(
            "reports",
            "meetings",
            [
                "boardmeeting",
                "boardmeetingattendance",
                "historicalboardmeeting",
                "historicalboardmeetingattendance",
                "historicalboardmeeting_actions_arising",
            ],
        ),
    ]
