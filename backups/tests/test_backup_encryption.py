"""Encrypted backups: with BACKUP_ENCRYPTION_KEY the archive on disk holds nothing readable, restores
row for row and byte for byte with the key, and is refused with nothing written when the key is
missing or wrong or the archive was altered or cut short."""

import gzip
import hashlib
import io
import stat
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from backups import crypto
from backups.services import BackupError, backup_create, counted_models, restore
from backups.tests.instances import EmptyInstance
from evidence.tests import factories as evidence_factories

KEY_TEXT = crypto.generate_key()
KEY = crypto.parse_key(KEY_TEXT)
USERNAME = "marker-username-7f3a9c"
TOTP_KEY = "7f3a9c0badc0ffee" * 2 + "7f3a9c0b"  # 40 hex digits, as django-otp stores them


@pytest.fixture
def empty_instance(tmp_path):
    instance = EmptyInstance(tmp_path / "instance")
    yield instance
    instance.drop()


@pytest.fixture
def secrets(transactional_db, personas):
    """A person with a TOTP device, and an evidence file: what a backup must not show to whoever holds it."""
    user = get_user_model().objects.create_user(username=USERNAME, password="x" * 20)
    TOTPDevice.objects.create(user=user, name="Authenticator", key=TOTP_KEY, confirmed=True)
    evidence_factories.make_item(personas.notice, personas["officer"], file=(evidence_factories.pdf(), "audit.pdf"))


def _counts() -> dict[str, int]:
    return {m._meta.db_table: m._base_manager.count() for m in counted_models() if m._meta.db_table != "django_session"}


def _media(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def test_an_encrypted_backup_restores_every_row_and_file_with_the_key(secrets, tmp_path, empty_instance, media_root):
    archive = backup_create(directory=tmp_path / "backups", key=KEY)
    assert archive.name.startswith("notice-tracker-") and archive.name.endswith(".tar.gz.enc")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert not list((tmp_path / "backups").glob("*.partial"))
    expected = _counts()

    result = empty_instance.manage("restore", str(archive), BACKUP_ENCRYPTION_KEY=KEY_TEXT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "encrypted: decrypted and authenticated with BACKUP_ENCRYPTION_KEY" in result.stdout
    assert "Every row count and every file's SHA-256 match the backup." in result.stdout
    assert {table: empty_instance.query(f'SELECT COUNT(*) FROM "{table}"')[0][0] for table in expected} == expected
    assert empty_instance.query(
        f"SELECT d.key FROM otp_totp_totpdevice d JOIN auth_user u ON u.id = d.user_id WHERE u.username = '{USERNAME}'"
    ) == [(TOTP_KEY,)]
    assert _media(empty_instance.media) == _media(Path(media_root)) != {}


def test_the_encrypted_archive_on_disk_holds_no_plaintext(secrets, tmp_path):
    archive = backup_create(directory=tmp_path, key=KEY)
    sealed = archive.read_bytes()
    assert sealed.startswith(crypto.MAGIC) and not sealed.startswith(b"\x1f\x8b")
    for marker in (USERNAME, TOTP_KEY, "auth_user", "manifest.json", "sqlite"):
        assert marker.encode() not in sealed, marker
    with pytest.raises(tarfile.TarError):
        tarfile.open(archive).close()
    # The markers were in the backup: the decrypted archive shows them (pg_dump's custom format
    # compresses its data again, so only SQLite's page copy shows them as they are).
    plain = io.BytesIO()
    crypto.decrypt(io.BytesIO(sealed), plain, KEY)
    unpacked = gzip.decompress(plain.getvalue())
    assert b"manifest.json" in unpacked
    if connection.vendor == "sqlite":
        assert USERNAME.encode() in unpacked and TOTP_KEY.encode() in unpacked


def _cut(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _cut_at_a_frame(data: bytes) -> bytes:
    # Just the header: every byte left is authentic, but the archive ends before its final part.
    return data[: crypto.HEADER_BYTES]


def _flip(data: bytes) -> bytes:
    altered = bytearray(data)
    altered[len(altered) // 2] ^= 0x20
    return bytes(altered)


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        pytest.param(_flip, KEY_TEXT, "has been altered or damaged", id="a changed byte"),
        pytest.param(_cut, KEY_TEXT, "is truncated: it ends inside part", id="cut in half"),
        pytest.param(_cut_at_a_frame, KEY_TEXT, "is truncated: it ends after part 0", id="cut after its header"),
        pytest.param(lambda d: d + b"more", KEY_TEXT, "has been altered or damaged", id="bytes added"),
        pytest.param(None, crypto.generate_key(), "encrypted with a different key", id="the wrong key"),
        pytest.param(None, "", "is encrypted: set BACKUP_ENCRYPTION_KEY", id="no key"),
        pytest.param(None, "not-a-key", "BACKUP_ENCRYPTION_KEY is not valid base64", id="a malformed key"),
    ],
)
def test_restore_refuses_what_it_cannot_authenticate_and_writes_nothing(
    secrets, tmp_path, empty_instance, change, key, message
):
    archive = backup_create(directory=tmp_path / "backups", key=KEY)
    if change:
        archive.write_bytes(change(archive.read_bytes()))
    result = empty_instance.manage("restore", str(archive), BACKUP_ENCRYPTION_KEY=key)
    assert result.returncode != 0
    assert message in result.stderr, result.stderr
    assert "Nothing was restored" in result.stderr or "manage.py backup_key" in result.stderr
    assert KEY_TEXT not in result.stderr + result.stdout
    assert empty_instance.tables() == 0
    assert empty_instance.media_is_empty()


def test_an_unencrypted_backup_restores_and_says_so_unless_encryption_is_required(secrets, tmp_path, empty_instance):
    archive = backup_create(directory=tmp_path / "backups")
    assert archive.name.endswith(".tar.gz")

    refused = empty_instance.manage("restore", str(archive), BACKUP_REQUIRE_ENCRYPTION="true")
    assert refused.returncode != 0
    assert "is not encrypted, and BACKUP_REQUIRE_ENCRYPTION is on" in refused.stderr
    assert empty_instance.tables() == 0 and empty_instance.media_is_empty()

    result = empty_instance.manage("restore", str(archive), BACKUP_ENCRYPTION_KEY=KEY_TEXT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The archive was not encrypted" in result.stdout
    assert "Every row count and every file's SHA-256 match the backup." in result.stdout


def test_restore_checks_the_database_is_empty_before_asking_for_a_key(db, tmp_path):
    sealed = tmp_path / "never-read.tar.gz.enc"
    with pytest.raises(BackupError, match="already has .* tables"):
        restore(archive=sealed, key=None)


def test_backup_refuses_to_write_an_unencrypted_archive_when_encryption_is_required(db, tmp_path):
    with pytest.raises(BackupError, match="BACKUP_REQUIRE_ENCRYPTION is on but BACKUP_ENCRYPTION_KEY is not set"):
        backup_create(directory=tmp_path / "backups", require_encryption=True)
    assert not (tmp_path / "backups").exists()


def test_the_backup_command_refuses_a_malformed_key_before_writing_anything(tmp_path, empty_instance):
    output = tmp_path / "backups"
    result = empty_instance.manage("backup", "--output", str(output), BACKUP_ENCRYPTION_KEY="c2hvcnQ=")
    assert result.returncode != 0
    assert "BACKUP_ENCRYPTION_KEY decodes to 5 bytes, not 32" in result.stderr
    assert not output.exists()


def test_the_backup_command_says_whether_it_encrypted(transactional_db, tmp_path, settings):
    out = io.StringIO()
    settings.BACKUP_ENCRYPTION_KEY = KEY_TEXT
    call_command("backup", "--output", str(tmp_path / "sealed"), stdout=out)
    assert "encrypted with BACKUP_ENCRYPTION_KEY" in out.getvalue()
    assert [p.suffix for p in (tmp_path / "sealed").iterdir()] == [".enc"]
    settings.BACKUP_ENCRYPTION_KEY = ""
    call_command("backup", "--output", str(tmp_path / "plain"), stdout=out)
    assert "It is NOT encrypted" in out.getvalue()


def test_backup_key_prints_a_new_valid_key():
    first, second = io.StringIO(), io.StringIO()
    call_command("backup_key", stdout=first)
    call_command("backup_key", stdout=second)
    assert len(crypto.parse_key(first.getvalue())) == 32
    assert first.getvalue() != second.getvalue()
