from datetime import date

from django.core.management.base import BaseCommand, CommandError

from notice_tracker.lib import clock
from reminders.services import send_reminders


class Command(BaseCommand):
    help = "E-mail each member a digest of their actions, missing indicator figures and duties due. Run daily."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as of this date (YYYY-MM-DD) instead of today.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say who would be e-mailed; send and record nothing."
        )

    def handle(self, *args, **options):
        try:
            on = date.fromisoformat(options["date"]) if options["date"] else clock.today()
        except ValueError:
            raise CommandError(f"--date must be a date like 2015-02-27, not {options['date']!r}.") from None
        summary = send_reminders(on=on, dry_run=options["dry_run"])
        verb = "Would send" if summary.dry_run else "Sent"
        self.stdout.write(f"Reminders for {on.day} {on:%B %Y}:")
        self.stdout.write(
            f"  {verb} {len(summary.sent)} digest{'s' if len(summary.sent) != 1 else ''}"
            + (f": {', '.join(summary.sent)}" if summary.sent else "")
        )
        self.stdout.write(f"  Already sent today: {len(summary.already_sent)}")
        self.stdout.write(f"  Nothing to do: {summary.nothing_to_do}")
        if summary.no_address:
            self.stdout.write(f"  No e-mail address: {', '.join(summary.no_address)}")
        if summary.failed:
            raise CommandError(f"Sending failed for {', '.join(summary.failed)}; run again to retry them.")
