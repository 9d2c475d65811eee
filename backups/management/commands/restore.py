from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.services import BackupError, configured_key, encryption_required, restore


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an EMPTY database (never migrated) and an empty file store (MEDIA_ROOT or bucket), "
        "then check every row count and every file's SHA-256 against the archive's manifest. "
        "An encrypted archive needs BACKUP_ENCRYPTION_KEY and is authenticated in full before anything is restored."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="A notice-tracker-<timestamp>.tar.gz(.enc) made by the backup command.")

    def handle(self, *args, archive, **options):
        try:
            key = configured_key()  # a malformed key is refused before anything is read or written
            report = restore(archive=Path(archive), key=key, require_encryption=encryption_required())
        except BackupError as problem:
            raise CommandError(str(problem)) from None
        if report.encrypted:
            self.stdout.write("The archive was encrypted: decrypted and authenticated with BACKUP_ENCRYPTION_KEY.")
        else:
            self.stdout.write(
                self.style.WARNING(
                    "The archive was not encrypted (restored anyway; set BACKUP_REQUIRE_ENCRYPTION=true to refuse one)."
                )
            )
        self.stdout.write(
            f"Restored {report.rows} rows of {report.models} models and "
            f"{report.files} files ({report.file_bytes / 1e6:.1f} MB)."
        )
        if report.unapplied_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(report.unapplied_migrations)} newer migrations are not applied yet: run `manage.py migrate`."
                )
            )
        if report.mismatches:
            raise CommandError("The restore does not match the backup:\n  " + "\n  ".join(report.mismatches))
        self.stdout.write(self.style.SUCCESS("Every row count and every file's SHA-256 match the backup."))
