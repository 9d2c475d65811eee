"""Action and ActionUpdate now live in the actions app (actions 0001), on the same tables: state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_actions_moved_to_actions_app"),
        ("evidence", "0002_actions_moved_to_actions_app"),
        ("measures", "0003_snapshots_and_visits"),
    ]

    operations = [
        # State only: the tables stay where they are (see the models' db_table).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="historicalaction_requirements",
                    name="action",
                ),
                migrations.RemoveField(
                    model_name="actionupdate",
                    name="action",
                ),
                migrations.RemoveField(
                    model_name="historicalactionupdate",
                    name="action",
                ),
                migrations.RemoveField(
                    model_name="actionupdate",
                    name="author",
                ),
                migrations.RemoveField(
                    model_name="historicalaction",
                    name="created_by",
                ),
                migrations.RemoveField(
                    model_name="historicalaction",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalaction",
                    name="lead_organisation",
                ),
                migrations.RemoveField(
                    model_name="historicalaction",
                    name="notice",
                ),
                migrations.RemoveField(
                    model_name="historicalaction",
                    name="owner",
                ),
                migrations.RemoveField(
                    model_name="historicalaction",
                    name="rag_override_by",
                ),
                migrations.RemoveField(
                    model_name="historicalaction_requirements",
                    name="history",
                ),
                migrations.RemoveField(
                    model_name="historicalaction_requirements",
                    name="requirement",
                ),
                migrations.RemoveField(
                    model_name="historicalactionupdate",
                    name="author",
                ),
                migrations.RemoveField(
                    model_name="historicalactionupdate",
                    name="history_user",
                ),
                migrations.DeleteModel(
                    name="Action",
                ),
                migrations.DeleteModel(
                    name="ActionUpdate",
                ),
                migrations.DeleteModel(
                    name="HistoricalAction",
                ),
                migrations.DeleteModel(
                    name="HistoricalAction_requirements",
                ),
                migrations.DeleteModel(
                    name="HistoricalActionUpdate",
                ),
            ]
        ),
    ]
