from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.services import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database and every evidence and report file into one archive, "
        "notice-tracker-<timestamp>.tar.gz, with a manifest of row counts and SHA-256 checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default="backups", help="Folder to write the archive into (default: ./backups)."
        )

    def handle(self, *args, output, **options):
        try:
            archive = backup_create(directory=Path(output))
        except BackupError as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(self.style.SUCCESS(f"Backup written: {archive} ({archive.stat().st_size / 1e6:.1f} MB)"))
