"""Backup and restore: the demo data survives a round trip into an empty instance, row for row and byte for byte."""

import hashlib
import io
import json
import os
import tarfile
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from backups.services import BackupError, backup_create, counted_models, restore
from backups.tests.instances import EmptyInstance
from evidence.tests import factories as evidence_factories


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def empty_instance(tmp_path):
    instance = EmptyInstance(tmp_path)
    yield instance
    instance.drop()


@pytest.fixture
def demo(transactional_db, settings):
    """The Medway demo, committed (pg_dump reads from its own connection)."""
    settings.NOTICE_TRACKER_TODAY = date(2015, 2, 27)
    call_command("load_demo", "--allow-debug-off", stdout=open(os.devnull, "w"))
    yield
    _empty_with_issued_reports_unfrozen()


def _empty_with_issued_reports_unfrozen() -> None:
    """The demo issues reports, which database triggers forbid deleting. PostgreSQL empties the test
    database with TRUNCATE, which fires no row trigger; SQLite uses DELETE, so the triggers are
    lifted for the moment it takes to empty it, then put back."""
    if connection.vendor != "sqlite":
        return
    from reports import triggers as report_triggers

    with connection.schema_editor() as editor:
        report_triggers.drop(None, editor)
    call_command("flush", interactive=False, verbosity=0)
    with connection.schema_editor() as editor:
        report_triggers.create(None, editor)


@pytest.mark.pdf
def test_the_demo_data_round_trips_with_every_row_and_every_files_checksum_intact(
    demo, tmp_path, empty_instance, media_root
):
    from evidence.models import EvidenceRevision

    archive = backup_create(directory=tmp_path / "backups")  # no key: a plain tar.gz
    assert archive.name.startswith("notice-tracker-") and archive.name.endswith(".tar.gz")
    expected_counts = {m._meta.db_table: m._base_manager.count() for m in counted_models()}
    revisions = dict(EvidenceRevision.objects.values_list("file", "sha256"))
    assert len(revisions) >= 10 and sum(expected_counts.values()) > 1000

    with tarfile.open(archive) as tar:
        stored = tar.extractfile("manifest.json")
        assert stored is not None
        manifest = json.load(stored)
        names = tar.getnames()
    assert manifest["database_vendor"] == connection.vendor and manifest["django_version"].startswith("5.2")
    assert "0001_initial" in manifest["migrations"]["evidence"]
    assert {
        table: manifest["row_counts"][m._meta.label] for m in counted_models() for table in [m._meta.db_table]
    } == expected_counts
    assert all(f"media/{rel}" in names and len(facts["sha256"]) == 64 for rel, facts in manifest["files"].items())

    result = empty_instance.manage("restore", str(archive), BACKUP_ENCRYPTION_KEY="")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The archive was not encrypted" in result.stdout
    assert "Every row count and every file's SHA-256 match the backup." in result.stdout

    restored_counts = {
        table: empty_instance.query(f'SELECT COUNT(*) FROM "{table}"')[0][0] for table in expected_counts
    }
    assert restored_counts == expected_counts
    restored_revisions = dict(empty_instance.query("SELECT file, sha256 FROM evidence_evidencerevision"))
    assert restored_revisions == revisions
    for name, recorded in restored_revisions.items():
        assert sha256(empty_instance.media / name) == recorded, name
    originals = sorted(p.relative_to(media_root) for p in Path(media_root).rglob("*") if p.is_file())
    assert (
        sorted(p.relative_to(empty_instance.media) for p in empty_instance.media.rglob("*") if p.is_file()) == originals
    )


def test_restore_refuses_a_database_that_is_not_empty_before_reading_the_archive(db, tmp_path):
    with pytest.raises(BackupError, match="already has .* tables. Restore only into an empty database"):
        restore(archive=tmp_path / "never-read.tar.gz")


def test_restore_refuses_a_damaged_archive_before_writing_anything(
    transactional_db, personas, tmp_path, empty_instance
):
    evidence_factories.make_item(personas.notice, personas["officer"], file=(evidence_factories.pdf(), "audit.pdf"))
    archive = backup_create(directory=tmp_path)
    damaged = tmp_path / "damaged.tar.gz"
    evidence_damaged = None
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            stored = source.extractfile(member) if member.isfile() else None
            data = stored.read() if stored is not None else None
            if member.name.startswith("media/evidence/") and data is not None and b"damaged" not in data:
                data, member.size = data + b"damaged", member.size + 7
                evidence_damaged = member.name
            target.addfile(member, io.BytesIO(data) if data is not None else None)
    assert evidence_damaged, "the demo's evidence files are in the archive"
    result = empty_instance.manage("restore", str(damaged))
    assert result.returncode != 0
    assert "missing or damaged" in result.stderr and "Nothing was restored" in result.stderr
    assert not empty_instance.media.exists() or not any(empty_instance.media.iterdir())
