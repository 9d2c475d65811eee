"""Build a draft of a statutory report from the data, as PDF or Word, for scripts, scheduled builds
and checks. Nothing is stored: the file goes where --output says.

    manage.py build_report 1 --kind chair --period-end 2015-02-20 --format pdf --output chair.pdf
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from measures.models import Notice
from notice_tracker.lib import clock
from reporting.pdf import render_pdf
from reporting.selectors import NoSuchReport, draft_from_data, report_data
from reporting.word import render_docx
from reports.models import Report

KINDS = {
    "chair": Report.Kind.CHAIR,
    "review": Report.Kind.REVIEW_PACK,
    "lead-member": Report.Kind.LEAD_MEMBER,
    "mscb": Report.Kind.MSCB,
}


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Not a date: {text!r}. Write it as YYYY-MM-DD, e.g. 2015-02-20.") from None


class Command(BaseCommand):
    help = "Build a draft of a report from the data (PDF or Word) and write it to a file. Stores nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("notice_id", help="the notice's id")
        parser.add_argument("--kind", required=True, help="chair, review, lead-member or mscb")
        parser.add_argument("--period-end", required=True, help="the period's last day, YYYY-MM-DD")
        parser.add_argument("--period-start", help="the period's first day (default: as the notice's duty sets it)")
        parser.add_argument("--format", default="pdf", help="pdf or docx")
        parser.add_argument("--output", required=True, help="the file to write")

    def handle(self, *args, **options) -> None:
        kind = KINDS.get(options["kind"])
        if kind is None:
            raise CommandError(f"Unknown kind {options['kind']!r}: choose one of {', '.join(KINDS)}.")
        if options["format"] not in ("pdf", "docx"):
            raise CommandError(f"Unknown format {options['format']!r}: choose pdf or docx.")
        try:
            notice_id = int(options["notice_id"])
        except ValueError:
            raise CommandError(f"Not a notice id: {options['notice_id']!r}.") from None
        notice = Notice.objects.select_related("authority").filter(pk=notice_id).first()
        if notice is None:
            raise CommandError(f"No notice with id {notice_id}.")
        end = _day(options["period_end"])
        start = _day(options["period_start"]) if options["period_start"] else None
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"No such folder for the output: {output.parent}.")
        try:
            report = draft_from_data(notice, kind=kind, period_end=end, period_start=start, today=clock.today())
        except NoSuchReport as error:
            raise CommandError(str(error)) from None
        data = report_data(report)
        content = render_pdf(data) if options["format"] == "pdf" else render_docx(data)
        output.write_bytes(content)
        words = "the words of the draft already started" if report.pk else "no words yet (no draft started)"
        self.stdout.write(
            f"{report.get_kind_display()}, {report.period_label}: draft with {words}, "
            f"{len(content) // 1024} KiB written to {output}"
        )
