"""Time a statutory report's PDF build against WeasyPrint alone: see bench/report_builds.py."""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError

from bench.report_builds import benchmark, draft_for, largest_notice
from measures.models import Notice
from notice_tracker.lib import clock
from notice_tracker.lib.dates import add_months
from reports.models import Report


class Command(BaseCommand):
    help = "Build a report's PDF on the database's largest notice; print total time against WeasyPrint alone."

    def add_arguments(self, parser):
        parser.add_argument("--notice", type=int, help="the notice's id (default: the one with the most actions)")
        parser.add_argument("--kind", default=Report.Kind.CHAIR, choices=Report.Kind.values)
        parser.add_argument("--from", dest="start", type=date.fromisoformat, help="period start, e.g. 2014-12-01")
        parser.add_argument("--to", dest="end", type=date.fromisoformat, help="period end (default: today)")
        parser.add_argument("--repeats", type=int, default=3)

    def handle(self, *args, **options):
        notice = (
            Notice.objects.select_related("authority").filter(pk=options["notice"]).first()
            if options["notice"]
            else largest_notice()
        )
        if notice is None:
            raise CommandError("No notice to build a report for.")
        end = options["end"] or clock.today()
        months = 6 if options["kind"] == Report.Kind.REVIEW_PACK else 3
        start = options["start"] or max(add_months(end, -months) + timedelta(days=1), notice.issued_on)
        report = draft_for(notice, kind=options["kind"], period_start=start, period_end=end)
        self.stdout.write(
            f"{report.get_kind_display()} for {notice}, {start} to {end}; {options['repeats']} runs (medians):"
        )
        r = benchmark(report, repeats=options["repeats"])
        self.stdout.write(
            f"  pages {r['pages']}, PDF {r['bytes'] / 1024:.0f} KiB, HTML {r['html_bytes'] / 1024:.0f} KiB, {r['queries']} queries\n"
            f"  total build                      {r['total_s']:6.2f} s   (runs: {r['runs_total_s']})\n"
            f"    our own work                   {r['own_s']:6.2f} s   = {100 * r['own_share']:.0f}% of the total\n"
            f"      queries, analysis, charts    {r['data_s']:6.2f} s   (charts alone {r['charts_s']:.2f} s)\n"
            f"      templating                   {r['html_s']:6.2f} s\n"
            f"    WeasyPrint, in the build       {r['weasyprint_in_build_s']:6.2f} s\n"
            f"  WeasyPrint alone, same HTML, tagged (PDF/UA-1)  {r['weasyprint_alone_tagged_s']:6.2f} s\n"
            f"  WeasyPrint alone, same HTML, untagged           {r['weasyprint_alone_untagged_s']:6.2f} s"
        )
