"""A representative report made from our own data, so WeasyPrint's floor can be measured before the
reports app's PDFs exist: the improvement plan, every indicator's chart and an evidence appendix,
in the shape the DESIGN gives the Chair's 3-monthly report (running header, page X of Y, OFFICIAL).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.template.loader import render_to_string
from weasyprint import HTML

from actions.models import Action
from actions.selectors import action_rows
from evidence.selectors import evidence_list, publishable_evidence
from indicators.selectors import indicator_rows
from measures.models import Notice
from notice_tracker.lib import clock

PERIOD = (date(2014, 12, 1), date(2015, 2, 28))  # the quarter the sample report covers
APPENDIX_FROM = date(2015, 2, 1)
TAGGED = {"pdf_variant": "pdf/ua-1"}  # tagged for screen readers, as every issued PDF must be


def sample_html(*, notice: Notice) -> str:
    today = clock.today()
    start, end = PERIOD
    indicators = indicator_rows(notice)
    # The report's share of the plan: actions due in the quarter, and any still overdue at its end.
    actions = Action.objects.filter(notice=notice).filter(
        Q(due_on__range=PERIOD) | Q(due_on__lt=start, completed_on=None)
    )
    # Its appendix: accepted evidence for the quarter's last month.
    evidence = evidence_list(
        publishable_evidence(notice).accepted().filter(covers_from__gte=APPENDIX_FROM, covers_from__lte=end)
    )
    return render_to_string(
        "bench/sample_report.html",
        {
            "notice": notice,
            "start": start,
            "end": end,
            "today": today,
            "actions": action_rows(actions.exclude(status=Action.Status.CANCELLED), on=today, sort="due"),
            "indicators": [
                (row, row.chart_svg(chart_id=f"chart-{index}", size=(6.5, 3.0))) for index, row in enumerate(indicators)
            ],
            "evidence": evidence,
        },
    )


def sample_pdf(*, notice: Notice, tagged: bool = True) -> bytes:
    """The whole build: selectors, charts, template and WeasyPrint, as a report build would do it."""
    return HTML(string=sample_html(notice=notice)).write_pdf(**(TAGGED if tagged else {}))
