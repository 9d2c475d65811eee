from django.core.management.base import BaseCommand

from backups.crypto import generate_key


class Command(BaseCommand):
    help = (
        "Print a new random key for BACKUP_ENCRYPTION_KEY (32 bytes, URL-safe base64). Keep it apart from "
        "the backups, and keep a copy: without it an encrypted backup cannot be restored."
    )

    requires_system_checks: list[str] = []

    def handle(self, *args, **options):
        self.stdout.write(generate_key())
