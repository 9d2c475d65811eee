"""A database made before the apps were split moves to the new layout with every row and file intact,
and a backup taken before the move restores after it.

The instance holds the demo, an admin log entry and a user's permission that point at a moved
model's content type. It is then migrated back to the migrations the version before the split
shipped (each app's last one below: the tables as that version had them, content types under
the old app labels), backed up, and migrated forward by today's code.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from backups.tests.instances import EmptyInstance

# The last migration of each app in the version before the split (commit 181aa7d).
BEFORE_THE_MOVE = {
    "measures": "0003",
    "reports": "0002",
    "evidence": "0001",
    "indicators": "0001",
    "audit": "0001",
    "reminders": "0001",
}
# The apps the split created: they did not exist before it.
NEW_APPS = {"actions", "meetings", "progress", "dashboards"}
# Models that changed app: (old label, new label, model).
MOVED = [
    ("measures", "actions", "action"),
    ("measures", "actions", "actionupdate"),
    ("reports", "meetings", "boardmeeting"),
    ("reports", "meetings", "boardmeetingattendance"),
    ("measures", "progress", "noticesnapshot"),
    ("measures", "progress", "measuresnapshot"),
    ("measures", "dashboards", "noticevisit"),
]


UNDO_THE_MOVE = """
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

executor = MigrationExecutor(connection)
targets = [(app, executor.loader.get_migration_by_prefix(app, prefix).name) for app, prefix in {before!r}]
targets += [(app, None) for app in {new!r}]
executor.migrate(targets)
"""


def migrated_back_before_the_move(instance: EmptyInstance) -> None:
    """Back to the last migration each app had before the split, and the new apps to zero, in one plan.

    One plan, run by the executor itself: `manage.py migrate` app by app would let its post-migrate
    step create content types for the in-between states, which no real deployment ever had.
    """
    script = UNDO_THE_MOVE.format(before=sorted(BEFORE_THE_MOVE.items()), new=sorted(NEW_APPS))
    run(instance, "shell", "-c", script)


def same_rows(after: dict[str, int], before: dict[str, int]) -> bool:
    """Every table the move found holds what it held (tables later releases add are theirs to fill)."""
    return {name: after.get(name) for name in before} == before


def run(instance: EmptyInstance, *args: str) -> str:
    result = instance.manage(*args, NOTICE_TRACKER_TODAY="2015-02-27")
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def tables(instance: EmptyInstance) -> dict[str, int]:
    """Every table's row count, but the migration log's (the move adds to it)."""
    names = [
        row[0]
        for row in instance.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            if instance.is_sqlite
            else "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        )
    ]
    return {
        name: instance.query(f'SELECT COUNT(*) FROM "{name}"')[0][0] for name in names if name != "django_migrations"
    }


def files(media: Path) -> dict[str, str]:
    return {
        str(p.relative_to(media)): hashlib.sha256(p.read_bytes()).hexdigest() for p in media.rglob("*") if p.is_file()
    }


def content_types(instance: EmptyInstance) -> dict[tuple[str, str], int]:
    return {
        (label, model): pk
        for pk, label, model in instance.query("SELECT id, app_label, model FROM django_content_type")
    }


@pytest.fixture
def old_instance(tmp_path):
    instance = EmptyInstance(tmp_path / "old")
    yield instance
    instance.drop()


@pytest.fixture
def restored_instance(tmp_path):
    instance = EmptyInstance(tmp_path / "restored")
    yield instance
    instance.drop()


@pytest.mark.pdf  # the demo issues reports
def test_a_database_from_before_the_split_moves_with_every_row_file_and_reference_intact(
    db, old_instance, restored_instance, tmp_path
):
    run(old_instance, "migrate")
    run(old_instance, "load_demo", "--allow-debug-off")
    action_type = content_types(old_instance)[("actions", "action")]
    # What points at a content type: a permission given to a user, and an admin log entry.
    old_instance.execute(
        "INSERT INTO auth_user_user_permissions (user_id, permission_id) "
        "SELECT (SELECT MIN(id) FROM auth_user), id FROM auth_permission "
        f"WHERE content_type_id = {int(action_type)} AND codename = 'view_action'"
    )
    old_instance.execute(
        "INSERT INTO django_admin_log "
        "(action_time, object_id, object_repr, action_flag, change_message, content_type_id, user_id) "
        f"VALUES (CURRENT_TIMESTAMP, '1', 'A-001', 2, '[]', {int(action_type)}, (SELECT MIN(id) FROM auth_user))"
    )
    migrated_back_before_the_move(old_instance)
    before_types = content_types(old_instance)
    for old, new, model in MOVED:
        assert (old, model) in before_types and (new, model) not in before_types, (old, new, model)
    assert before_types[("measures", "action")] == action_type
    rows, media = tables(old_instance), files(old_instance.media)
    assert rows["measures_action"] > 20 and rows["reports_boardmeeting"] > 3 and len(media) > 10

    archive_dir = tmp_path / "archives"
    run(old_instance, "backup", "--output", str(archive_dir))
    [archive] = archive_dir.glob("notice-tracker-*.tar.gz")

    run(old_instance, "migrate")
    assert same_rows(tables(old_instance), rows)
    assert files(old_instance.media) == media
    after_types = content_types(old_instance)
    for old, new, model in MOVED:
        assert after_types[(new, model)] == before_types[(old, model)] and (old, model) not in after_types
    assert old_instance.query("SELECT content_type_id FROM django_admin_log") == [(action_type,)]
    assert old_instance.query(
        "SELECT p.codename FROM auth_user_user_permissions up JOIN auth_permission p ON p.id = up.permission_id"
    ) == [("view_action",)]
    assert "Your models have changes" not in run(old_instance, "makemigrations", "--check", "--dry-run")
    run(old_instance, "check")

    # The backup from before the move restores with today's code, then migrates the same way.
    restored = run(restored_instance, "restore", str(archive))
    assert "Every row count and every file's SHA-256 match the backup." in restored
    run(restored_instance, "migrate")
    assert same_rows(tables(restored_instance), rows)
    assert files(restored_instance.media) == media
    assert content_types(restored_instance) == after_types
