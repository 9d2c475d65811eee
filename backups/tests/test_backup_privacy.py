"""A backup holds two-factor secrets and restricted evidence: only its owner may read it, and it
carries no session anyone could resume."""

import json
import os
import sqlite3
import stat
import tarfile

import pytest
from django.contrib.sessions.models import Session
from django.db import connection

from backups.services import backup_create

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="reads the SQLite copy directly")


@pytest.mark.django_db(transaction=True)
def test_a_backup_is_readable_by_its_owner_only_whatever_the_umask(tmp_path, client, personas):
    old = os.umask(0o022)
    try:
        archive = backup_create(directory=tmp_path / "backups")
    finally:
        os.umask(old)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "backups").stat().st_mode) == 0o700


@pytest.mark.django_db(transaction=True)
def test_a_backup_keeps_no_live_session(tmp_path, client, personas):
    client.force_login(personas["chair"])
    assert Session.objects.exists()
    archive = backup_create(directory=tmp_path)
    with tarfile.open(archive) as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None
        manifest = json.load(member)
        tar.extract("database.sqlite3", tmp_path / "out", filter="data")
    copy = sqlite3.connect(tmp_path / "out" / "database.sqlite3")
    assert copy.execute("SELECT COUNT(*) FROM django_session").fetchone()[0] == 0
    assert manifest["row_counts"]["sessions.Session"] == 0
    assert Session.objects.exists(), "the live database keeps its sessions"
