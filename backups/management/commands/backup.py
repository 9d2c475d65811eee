from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from backups.services import BackupError, backup_create, configured_key, encryption_required


class Command(BaseCommand):
    help = (
        "Back up the database and every evidence and report file into one archive, "
        "notice-tracker-<timestamp>.tar.gz, with a manifest of row counts and SHA-256 checksums; "
        "encrypted (.tar.gz.enc) with BACKUP_ENCRYPTION_KEY when it is set."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="Folder to write the archive into (default: BACKUP_DIR, ~/notice-tracker-backups unless set).",
        )

    def handle(self, *args, output, **options):
        output = output or settings.BACKUP_DIR
        try:
            key = configured_key()  # a malformed key is refused before anything is written
            archive = backup_create(directory=Path(output), key=key, require_encryption=encryption_required())
        except BackupError as problem:
            raise CommandError(str(problem)) from None
        size = f"{archive.stat().st_size / 1e6:.1f} MB"
        if key:
            self.stdout.write(
                self.style.SUCCESS(f"Backup written, encrypted with BACKUP_ENCRYPTION_KEY: {archive} ({size})")
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Backup written: {archive} ({size})"))
            self.stdout.write(
                self.style.WARNING(
                    "It is NOT encrypted: set BACKUP_ENCRYPTION_KEY (`manage.py backup_key` makes one) to encrypt backups."
                )
            )
