"""How long a report's PDF takes to build, and how much of that is WeasyPrint.

`manage.py report_benchmark` builds the Chair's 3-monthly report (or the review pack) on the
database's largest notice and prints the total build time — queries, analysis, charts,
templating and WeasyPrint — against WeasyPrint alone on the same HTML, tagged and untagged.
The report is an unsaved draft: nothing is written to the database.

The `*_html` / `*_pdf` functions are the hooks the benchmark harness (bench/pdfs.py) calls.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from indicators import charts
from measures.models import Membership, Notice
from reporting import pdf as report_pdf
from reporting.selectors import report_data
from reports.models import Report

Kind = Report.Kind


def draft_for(notice: Notice, *, kind: str = Kind.CHAIR, period_start: date, period_end: date) -> Report:
    """An unsaved draft of the report: what `report_data` needs, nothing stored."""
    author = (
        Membership.objects.filter(notice=notice, role=Membership.Role.CHAIR).select_related("user").first()
        or Membership.objects.filter(notice=notice).select_related("user").first()
    )
    if author is None:
        raise ValueError(f"{notice} has no members to write its report")
    return Report(notice=notice, kind=kind, period_start=period_start, period_end=period_end, author=author.user)


def chair_report_html(*, notice: Notice, period_start: date, period_end: date) -> str:
    return report_pdf.render_html(report_data(draft_for(notice, period_start=period_start, period_end=period_end)))


def chair_report_pdf(*, notice: Notice, period_start: date, period_end: date) -> bytes:
    return report_pdf.render_pdf(report_data(draft_for(notice, period_start=period_start, period_end=period_end)))


def review_pack_html(*, notice: Notice, period_start: date, period_end: date) -> str:
    draft = draft_for(notice, kind=Kind.REVIEW_PACK, period_start=period_start, period_end=period_end)
    return report_pdf.render_html(report_data(draft))


def review_pack_pdf(*, notice: Notice, period_start: date, period_end: date) -> bytes:
    draft = draft_for(notice, kind=Kind.REVIEW_PACK, period_start=period_start, period_end=period_end)
    return report_pdf.render_pdf(report_data(draft))


def largest_notice() -> Notice:
    notice = Notice.objects.annotate(n=Count("actions")).select_related("authority").order_by("-n", "pk").first()
    if notice is None:
        raise ValueError("No notices: generate the benchmark data first")
    return notice


@dataclass
class Run:
    data_s: float  # queries, analysis and charts
    charts_s: float  # of which drawing the charts
    html_s: float  # templating
    weasyprint_s: float  # WeasyPrint on that HTML, tagged
    queries: int
    pages: int
    size: int

    @property
    def total_s(self) -> float:
        return self.data_s + self.html_s + self.weasyprint_s

    @property
    def own_s(self) -> float:
        return self.data_s + self.html_s


class _ChartClock:
    """Adds up the time spent drawing charts while it is installed (the benchmark only).

    Reports draw their charts through `indicators.charts.indicator_chart_svg` (the module's
    attribute, looked up at each call), so timing it there times every chart a report draws.
    """

    def __init__(self):
        self.seconds, self._original = 0.0, charts.indicator_chart_svg

    def __enter__(self):
        original, clock = self._original, self

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                clock.seconds += time.perf_counter() - started

        charts.indicator_chart_svg = timed  # timed for this block, put back on exit
        return self

    def __exit__(self, *exc):
        charts.indicator_chart_svg = self._original


def build_once(report: Report, *, tagged: bool = True) -> tuple[Run, str]:
    from io import BytesIO

    from pypdf import PdfReader

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries, _ChartClock() as charts:
        data = report_data(report)
    data_done = time.perf_counter()
    html = report_pdf.render_html(data)
    html_done = time.perf_counter()
    pdf = report_pdf.pdf_from_html(html, tagged=tagged)
    finished = time.perf_counter()
    run = Run(
        data_s=data_done - started,
        charts_s=charts.seconds,
        html_s=html_done - data_done,
        weasyprint_s=finished - html_done,
        queries=len(queries),
        pages=len(PdfReader(BytesIO(pdf)).pages),
        size=len(pdf),
    )
    return run, html


def weasyprint_alone(html: str, *, tagged: bool) -> float:
    started = time.perf_counter()
    report_pdf.pdf_from_html(html, tagged=tagged)
    return time.perf_counter() - started


def benchmark(report: Report, *, repeats: int = 3) -> dict:
    """Medians over `repeats` cold builds, after one warm-up (fonts, imports).

    Cold: indicators.charts keeps each chart it draws (a preview, then a draft, then the issued PDF
    draw them once); here nothing is kept, so every run draws every chart — the worst case.
    """
    charts.CHART_CACHE_SECONDS = 0  # this process only: a timeout of 0 keeps nothing
    report_pdf.pdf_from_html('<html lang="en-GB"><title>Warm-up</title><p>Warm-up</p></html>')
    runs, html = [], ""
    for _ in range(repeats):
        run, html = build_once(report)
        runs.append(run)
    tagged, untagged = [], []
    for _ in range(repeats):  # alternated, so a change in the machine's speed hits both alike
        tagged.append(weasyprint_alone(html, tagged=True))
        untagged.append(weasyprint_alone(html, tagged=False))
    median = lambda values: statistics.median(values)  # noqa: E731
    total = median([r.total_s for r in runs])
    own = median([r.own_s for r in runs])
    return {
        "total_s": total,
        "own_s": own,
        "own_share": own / total,
        "data_s": median([r.data_s for r in runs]),
        "charts_s": median([r.charts_s for r in runs]),
        "html_s": median([r.html_s for r in runs]),
        "weasyprint_in_build_s": median([r.weasyprint_s for r in runs]),
        "weasyprint_alone_tagged_s": median(tagged),
        "weasyprint_alone_untagged_s": median(untagged),
        "queries": runs[0].queries,
        "pages": runs[0].pages,
        "bytes": runs[0].size,
        "html_bytes": len(html),
        "runs_total_s": [round(r.total_s, 2) for r in runs],
    }
