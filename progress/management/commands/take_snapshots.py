"""Store month-end roll-ups: run monthly from cron, e.g. at 02:00 on the 1st of each month."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from measures.models import Notice
from notice_tracker.lib import clock
from notice_tracker.lib.dates import last_month_end, month_end
from progress.services import snapshot_take, snapshots_backfill


class Command(BaseCommand):
    help = "Store each active notice's roll-up as at a month end (default: the last month end)."

    def add_arguments(self, parser):
        parser.add_argument("--as-at", type=date.fromisoformat, help="A month end, YYYY-MM-DD (default: the last one).")
        parser.add_argument("--backfill", action="store_true", help="Every month end from each notice's issue date.")
        parser.add_argument("--notice", type=int, help="Only this notice (its id).")

    def handle(self, *args, as_at=None, backfill=False, notice=None, **options):
        today = clock.today()
        as_at = as_at or last_month_end(today)
        if as_at != month_end(as_at):
            raise CommandError(f"--as-at must be a month end, e.g. {month_end(as_at).isoformat()}.")
        if as_at >= today:
            # A month end not yet passed would store a position that can still change.
            raise CommandError(
                f"{as_at:%-d %B %Y} has not passed: today is {today:%-d %B %Y}"
                f"{' (NOTICE_TRACKER_TODAY)' if clock.is_pinned() else ''}. Give a month end before it."
            )
        notices = Notice.objects.active().select_related("authority")
        if notice is not None:
            notices = notices.filter(pk=notice)
            if not notices:
                raise CommandError(f"No active notice has the id {notice}.")
        if not notices:
            self.stdout.write("No active notices: nothing stored.")
        self.stdout.write(f"Today is {today:%-d %B %Y}; storing roll-ups as at {as_at:%-d %B %Y}.")
        for each in notices:
            if backfill:
                taken = snapshots_backfill(notice=each, until=as_at)
                self.stdout.write(f"{each}: {len(taken)} month-end snapshots up to {as_at:%-d %B %Y}.")
            else:
                snapshot = snapshot_take(notice=each, as_at=as_at)
                self.stdout.write(f"{each}: {snapshot.get_rag_display()} as at {as_at:%-d %B %Y}.")
