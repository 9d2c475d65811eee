from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.services import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an EMPTY database (never migrated) and an empty MEDIA_ROOT, "
        "then check every row count and every file's SHA-256 against the archive's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="A notice-tracker-<timestamp>.tar.gz made by the backup command.")

    def handle(self, *args, archive, **options):
        try:
            report = restore(archive=Path(archive))
        except BackupError as problem:
            raise CommandError(str(problem)) from None
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
