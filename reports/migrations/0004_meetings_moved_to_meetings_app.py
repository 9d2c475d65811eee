"""Board meetings now live in the meetings app (meetings 0001), on the same tables: state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("reports", "0003_actions_moved_to_actions_app"),
    ]

    operations = [
        # State only: the tables stay where they are (see the models' db_table).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="historicalboardmeetingattendance",
                    name="meeting",
                ),
                migrations.RemoveField(
                    model_name="historicalboardmeeting_actions_arising",
                    name="boardmeeting",
                ),
                migrations.RemoveField(
                    model_name="boardmeetingattendance",
                    name="meeting",
                ),
                migrations.RemoveField(
                    model_name="boardmeetingattendance",
                    name="organisation",
                ),
                migrations.RemoveField(
                    model_name="boardmeetingattendance",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="historicalboardmeeting",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="historicalboardmeeting",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalboardmeeting",
                    name="notice",
                ),
                migrations.RemoveField(
                    model_name="historicalboardmeeting_actions_arising",
                    name="history",
                ),
                migrations.RemoveField(
                    model_name="historicalboardmeeting_actions_arising",
                    name="action",
                ),
                migrations.RemoveField(
                    model_name="historicalboardmeetingattendance",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalboardmeetingattendance",
                    name="organisation",
                ),
                migrations.RemoveField(
                    model_name="historicalboardmeetingattendance",
                    name="user",
                ),
                migrations.DeleteModel(
                    name="BoardMeeting",
                ),
                migrations.DeleteModel(
                    name="BoardMeetingAttendance",
                ),
                migrations.DeleteModel(
                    name="HistoricalBoardMeeting",
                ),
                migrations.DeleteModel(
                    name="HistoricalBoardMeeting_actions_arising",
                ),
                migrations.DeleteModel(
                    name="HistoricalBoardMeetingAttendance",
                ),
            ]
        ),
    ]
