"""Backing up the database and the evidence files together, and restoring them into an empty instance.

One archive (`notice-tracker-<timestamp>.tar.gz`) holds `manifest.json`, the database and every stored
file: under MEDIA_ROOT, or in the bucket when files are in object storage (AWS_STORAGE_BUCKET_NAME). The manifest records the Django version, the applied migrations, the number of
rows of every model and each file's SHA-256, so a restore can prove it brought everything back.

The database copy is exact in both engines: PostgreSQL's own `pg_dump --format=custom` (restored
with `pg_restore`), and for SQLite the sqlite3 online-backup API, which copies the database page
by page in a consistent state — simpler and more faithful than `dumpdata`, which would re-create
rows through the ORM and lose nothing only as long as every model serialises cleanly.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from backups import crypto

FORMAT = 1
MANIFEST = "manifest.json"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
SESSION_TABLE = "django_session"


def _session_label() -> str:
    from django.contrib.sessions.models import Session

    return Session._meta.label


class BackupError(RuntimeError):
    """A backup or restore cannot go ahead; the message says why and what to do."""


def configured_key() -> bytes | None:
    """BACKUP_ENCRYPTION_KEY's 32 bytes, None when it is unset; BackupError when it is malformed."""
    text = settings.BACKUP_ENCRYPTION_KEY
    if not text:
        return None
    try:
        return crypto.parse_key(text)
    except crypto.KeyFormatError as problem:
        raise BackupError(str(problem)) from None


def encryption_required() -> bool:
    return bool(settings.BACKUP_REQUIRE_ENCRYPTION)


@dataclass
class RestoreReport:
    rows: int = 0
    models: int = 0
    files: int = 0
    file_bytes: int = 0
    mismatches: list[str] = field(default_factory=list)
    unapplied_migrations: list[str] = field(default_factory=list)
    encrypted: bool = False


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def counted_models() -> list:
    """Every model with a table of its own (m2m tables and history tables included), once each.

    Only tables the database has: a backup taken before `migrate` during an upgrade (the safe
    order) must not fail on the tables the new release's migrations are about to create.
    """
    existing = set(connection.introspection.table_names())
    seen, models = set(), []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in seen or meta.db_table not in existing:
            continue
        seen.add(meta.db_table)
        models.append(model)
    return sorted(models, key=lambda m: m._meta.label)


def backup_create(
    *, directory: Path, name: str | None = None, key: bytes | None = None, require_encryption: bool = False
) -> Path:
    """Write one archive of the database and the stored files into `directory`; return its path.

    With `key` the archive is encrypted as it is written (`.tar.gz.enc`); `require_encryption`
    refuses to write one without.
    """
    if connection.vendor not in DUMPS:
        raise BackupError(f"Backing up a {connection.vendor} database is not supported.")
    if key is None and require_encryption:
        raise BackupError(
            "BACKUP_REQUIRE_ENCRYPTION is on but BACKUP_ENCRYPTION_KEY is not set: "
            "set the key (`manage.py backup_key` makes one) to write an encrypted backup."
        )
    # The archive holds two-factor secrets and restricted evidence: its folder and file are the owner's
    # alone (0700, 0600), whatever the umask.
    if not directory.exists():
        directory.mkdir(parents=True, mode=0o700)
        directory.chmod(0o700)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = directory / (name or f"notice-tracker-{stamp}.tar.gz{'.enc' if key else ''}")
    with tempfile.TemporaryDirectory(prefix="nt-backup-") as work:
        dump = Path(work) / DUMPS[connection.vendor]
        # The database first, then the files: a file is saved before its row commits, so every
        # row in the copy finds its file (a file uploaded meanwhile is merely extra).
        row_counts = _dump_database(dump)
        files = _media_files(Path(work) / "media")
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "django_version": django.get_version(),
            "database_vendor": connection.vendor,
            "database_file": dump.name,
            "database_sha256": sha256_of(dump),
            "migrations": _applied_migrations(),
            "row_counts": row_counts,
            "files": {rel: {"sha256": sha256_of(path), "size": path.stat().st_size} for rel, path in files.items()},
        }
        (Path(work) / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
        partial = target.with_name(target.name + ".partial")
        with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as raw:
            os.fchmod(raw.fileno(), 0o600)  # also when a stale .partial was there before
            # Encrypted, the tar.gz stream goes through the cipher a chunk at a time: no plaintext
            # copy of the archive is ever on disk, and memory stays about one chunk.
            sealer = crypto.EncryptingWriter(raw, key) if key else None
            archive = tarfile.open(fileobj=sealer or raw, mode="w:gz")  # type: ignore[call-overload]
            with archive:
                archive.add(Path(work) / MANIFEST, arcname=MANIFEST)
                archive.add(dump, arcname=dump.name)
                for rel, path in files.items():
                    archive.add(path, arcname=f"media/{rel}")
            if sealer:
                sealer.finish()
        partial.replace(target)
    return target


def _dump_database(dump: Path) -> dict[str, int]:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with closing(sqlite3.connect(dump)) as copy:
            connection.connection.backup(copy)  # a consistent copy even while others write
            # Live sessions would let whoever holds the archive resume them: a restore signs everyone out.
            copy.execute("PRAGMA secure_delete = ON")  # their bytes are overwritten, not left in free pages
            copy.execute(f'DELETE FROM "{SESSION_TABLE}"')
            copy.commit()
            # Counted in the copy itself, so the manifest describes exactly what was saved.
            return {
                m._meta.label: copy.execute(f'SELECT COUNT(*) FROM "{m._meta.db_table}"').fetchone()[0]
                for m in counted_models()
            }
    # PostgreSQL: count the rows and dump them from one snapshot, so the manifest matches the dump.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = {m._meta.label: m._base_manager.count() for m in counted_models()}
        counts[_session_label()] = 0
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--exclude-table-data={SESSION_TABLE}",  # no live session travels in a backup
                f"--snapshot={snapshot}",
                f"--file={dump}",
            ]
        )
    return counts


def on_local_disk() -> bool:
    """Files are in MEDIA_ROOT on this machine (else in object storage, read through the storage API)."""
    return isinstance(default_storage, FileSystemStorage)


def _media_files(staging: Path) -> dict[str, Path]:
    """Stored name -> a file on this machine holding its bytes.

    On local disk, the files themselves. In object storage, each is copied into `staging` (in the
    backup's private work folder) first, so its checksum and the archive's copy are the same bytes.
    """
    if on_local_disk():
        root = Path(settings.MEDIA_ROOT)
        if not root.exists():
            return {}
        return {path.relative_to(root).as_posix(): path for path in sorted(root.rglob("*")) if path.is_file()}
    files = {}
    for name in _stored_names():
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, target.open("wb") as copy:
            for chunk in source.chunks():
                copy.write(chunk)
        files[name] = target
    return files


def _stored_names(folder: str = "") -> list[str]:
    """Every name in the (object) storage under `folder`, sorted."""
    folders, names = default_storage.listdir(folder)
    found = [f"{folder}{name}" for name in names]
    for sub in folders:
        found += _stored_names(f"{folder}{sub}/")
    return sorted(found)


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _pg_environment() -> dict[str, str]:
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _run(command: list[str]) -> None:
    try:
        subprocess.run(command, env=_pg_environment(), check=True, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is not installed; install the PostgreSQL client (postgresql-client-15)."
        ) from None
    except subprocess.CalledProcessError as failure:
        raise BackupError(f"{command[0]} failed: {failure.stderr.strip()}") from None


# --- restore ---------------------------------------------------------------------------------


def restore(*, archive: Path, key: bytes | None = None, require_encryption: bool = False) -> RestoreReport:
    """Restore `archive` into this instance's empty database and empty file store, then verify.

    An encrypted archive is decrypted with `key` and authenticated in full before anything is read
    from it; an unencrypted one is refused when `require_encryption`.
    """
    _refuse_unless_empty()
    report = RestoreReport()
    with tempfile.TemporaryDirectory(prefix="nt-restore-") as work:  # mkdtemp: 0700, this user's alone
        os.chmod(work, 0o700)
        unpacked = Path(work) / "unpacked"
        unpacked.mkdir(mode=0o700)
        report.encrypted = _is_encrypted(archive)
        if report.encrypted:
            readable = _decrypt(archive, Path(work) / "archive.tar.gz", key)
        elif require_encryption:
            raise BackupError(
                f"{archive} is not encrypted, and BACKUP_REQUIRE_ENCRYPTION is on: only an encrypted backup "
                "can be restored here. Nothing was restored."
            )
        else:
            readable = archive
        manifest = _unpack(readable, unpacked, name=archive)
        _check_compatible(manifest)
        _verify_unpacked(manifest, unpacked)
        _restore_database(unpacked / manifest["database_file"])
        _restore_media(manifest, unpacked / "media", report)
    _verify_rows(manifest, report)
    report.unapplied_migrations = _unapplied_migrations()
    return report


def _refuse_unless_empty() -> None:
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} already has {len(tables)} tables. Restore only into an "
            "empty database: create a new one (createdb, or a new SQLite file) and do not run migrate first."
        )
    if not on_local_disk():
        if _stored_names():
            raise BackupError(
                f"The bucket {settings.AWS_STORAGE_BUCKET_NAME} already holds files. Restore only into an empty bucket."
            )
        return
    media = Path(settings.MEDIA_ROOT)
    if media.exists() and any(media.iterdir()):
        raise BackupError(f"MEDIA_ROOT ({media}) is not empty. Restore only into an empty folder.")


def _is_encrypted(archive: Path) -> bool:
    try:
        return crypto.is_encrypted(archive)
    except OSError as problem:
        raise BackupError(f"{archive} cannot be read as a backup: {problem}") from None


def _decrypt(archive: Path, into: Path, key: bytes | None) -> Path:
    """Decrypt `archive` into `into` (0600, in the private work folder) and authenticate every byte of it."""
    if key is None:
        raise BackupError(
            f"{archive} is encrypted: set BACKUP_ENCRYPTION_KEY to the key it was made with. Nothing was restored."
        )
    try:
        with (
            archive.open("rb") as source,
            os.fdopen(os.open(into, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as target,
        ):
            crypto.decrypt(source, target, key)
    except crypto.WrongKey as problem:
        raise BackupError(
            f"{archive} cannot be decrypted with BACKUP_ENCRYPTION_KEY: {problem}. Nothing was restored."
        ) from None
    except crypto.Truncated as problem:
        raise BackupError(f"{archive} is truncated: {problem}. Nothing was restored.") from None
    except crypto.NotAuthentic as problem:
        raise BackupError(f"{archive} has been altered or damaged: {problem}. Nothing was restored.") from None
    except OSError as problem:
        raise BackupError(f"{archive} cannot be read as a backup: {problem}") from None
    return into


def _unpack(archive: Path, into: Path, *, name: Path) -> dict:
    """Unpack the tar.gz `archive` (`name` is what the user gave, for messages)."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(into, filter="data")  # refuses absolute paths, `..`, links out and devices
    except (OSError, tarfile.TarError) as problem:
        raise BackupError(f"{name} cannot be read as a backup: {problem}") from None
    try:
        manifest = json.loads((into / MANIFEST).read_text())
    except (OSError, ValueError):
        raise BackupError(f"{name} has no readable {MANIFEST}: it is not a Notice Tracker backup.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{name} is backup format {manifest.get('format')}; this version reads format {FORMAT}.")
    return manifest


def _check_compatible(manifest: dict) -> None:
    if manifest["database_vendor"] != connection.vendor:
        raise BackupError(
            f"The backup is of a {manifest['database_vendor']} database; this instance uses {connection.vendor}. "
            "Restore into the same kind of database."
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [
        f"{app}.{name}" for app, names in manifest["migrations"].items() for name in names if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            f"The backup was made by a newer version of Notice Tracker (migrations {', '.join(unknown[:5])}"
            f"{'…' if len(unknown) > 5 else ''} are unknown here). Restore with that version."
        )


def _verify_unpacked(manifest: dict, unpacked: Path) -> None:
    """Every byte is checked against the manifest before anything is written to the instance."""
    if sha256_of(unpacked / manifest["database_file"]) != manifest["database_sha256"]:
        raise BackupError("The database copy in the backup does not match its checksum: the archive is damaged.")
    bad = [
        rel
        for rel, facts in manifest["files"].items()
        if not (unpacked / "media" / rel).is_file() or sha256_of(unpacked / "media" / rel) != facts["sha256"]
    ]
    if bad:
        raise BackupError(
            f"{len(bad)} file(s) in the backup are missing or damaged, e.g. {bad[0]}. Nothing was restored."
        )


def _restore_database(dump: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with closing(sqlite3.connect(dump)) as source:
            source.backup(connection.connection)
        return
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ]
    )


def _restore_media(manifest: dict, source: Path, report: RestoreReport) -> None:
    media = Path(settings.MEDIA_ROOT)
    for rel, facts in manifest["files"].items():
        if on_local_disk():
            target = media / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / rel, target)
            stored = sha256_of(target)
        else:
            with (source / rel).open("rb") as handle:
                name = default_storage.save(rel, File(handle))
            if name != rel:  # the bucket was checked empty: a new name means someone wrote there meanwhile
                report.mismatches.append(f"file {rel}: stored as {name}")
            stored = _stored_sha256(name)
        if stored != facts["sha256"]:
            report.mismatches.append(f"file {rel}: SHA-256 differs after copying")
        report.files += 1
        report.file_bytes += facts["size"]


def _stored_sha256(name: str) -> str:
    """The SHA-256 of the bytes the storage hands back for `name` (read again, not the copy sent)."""
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as stored:
        for chunk in stored.chunks():
            digest.update(chunk)
    return digest.hexdigest()


# Models that moved to another app on the same table: a backup taken before the move counts
# them under their old label. Historical and m2m models are listed as Django labels them.
MOVED_MODELS = (
    {
        f"measures.{name}": f"actions.{name}"
        for name in [
            "Action",
            "ActionUpdate",
            "HistoricalAction",
            "HistoricalActionUpdate",
            "HistoricalAction_requirements",
            "Action_requirements",
        ]
    }
    | {
        f"reports.{name}": f"meetings.{name}"
        for name in [
            "BoardMeeting",
            "BoardMeetingAttendance",
            "HistoricalBoardMeeting",
            "HistoricalBoardMeetingAttendance",
            "HistoricalBoardMeeting_actions_arising",
            "BoardMeeting_actions_arising",
        ]
    }
    | {
        "measures.NoticeSnapshot": "progress.NoticeSnapshot",
        "measures.MeasureSnapshot": "progress.MeasureSnapshot",
        "measures.NoticeVisit": "dashboards.NoticeVisit",
    }
)


def _verify_rows(manifest: dict, report: RestoreReport) -> None:
    by_label = {model._meta.label: model for model in counted_models()}
    for label, expected in manifest["row_counts"].items():
        model = by_label.get(MOVED_MODELS.get(label, label))
        if model is None:
            report.mismatches.append(f"{label}: in the backup but not in this version")
            continue
        found = model._base_manager.count()
        report.models += 1
        report.rows += found
        if found != expected:
            report.mismatches.append(f"{label}: {found} rows restored, {expected} in the backup")


def _unapplied_migrations() -> list[str]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied = set(loader.applied_migrations)
    return sorted(f"{app}.{name}" for app, name in loader.disk_migrations if (app, name) not in applied)
