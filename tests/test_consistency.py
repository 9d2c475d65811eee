"""Every page and report that shows a fact of a notice's position shows the same value.

Like the permission matrix, this walks every page that states a shared fact (a rating, a
count, a next date) on the Medway demo at several dates: a report period's end, the demo's
today and a day mid-month. Pages mark each such fact with `data-fact="name"`; the test reads
the text a person sees there and compares it with what `notice_position` says. A page that
worked a fact out for itself would drift from it, and this test names the page and the fact.
A new page that shows one of these facts joins `PAGES` below.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from measures.models import Measure, Membership, Notice
from notice_tracker.lib.rag import label
from progress.position import NoticePosition, notice_position
from reporting.selectors import report_data
from reports.models import Report
from tests.demo import DEMO_TODAY

# The demo the module loads once issues its reports, each PDF built by WeasyPrint.
pytestmark = pytest.mark.pdf


DATES = [date(2015, 2, 20), DEMO_TODAY, date(2015, 1, 14)]  # a period's end, the demo's today, mid-month


class FactReader(HTMLParser):
    """Collects the visible text of every element carrying data-fact, keyed by the fact's name."""

    def __init__(self) -> None:
        super().__init__()
        self.facts: dict[str, list[str]] = defaultdict(list)
        self._open: list[tuple[str | None, list[str]]] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "input", "meta", "link", "hr"):
            return
        self._open.append((dict(attrs).get("data-fact"), []))

    def handle_endtag(self, tag):
        if not self._open:
            return
        name, parts = self._open.pop()
        text = " ".join("".join(parts).split())
        if name:
            self.facts[name].append(text)
        if self._open:
            self._open[-1][1].append("".join(parts))

    def handle_data(self, data):
        if self._open:
            self._open[-1][1].append(data)


def facts_of(html: str) -> dict[str, list[str]]:
    reader = FactReader()
    reader.feed(html)
    return reader.facts


def day(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def trend_words(rollup) -> str:
    return f"{rollup.trend_arrow} {rollup.trend_label}".strip()


def expected(position: NoticePosition, notice: Notice) -> dict[str, str]:
    """Every fact as the position states it, in the words a page shows."""
    rollup = position.rollup
    facts = {
        "overall-rag": label(rollup.overall_rag),
        "actions-complete": str(rollup.action_counts.complete),
        "actions-on-track": str(rollup.action_counts.on_track),
        "actions-at-risk": str(rollup.action_counts.at_risk),
        "actions-overdue": str(rollup.action_counts.overdue),
        "failing-indicators": str(len(rollup.failing_indicators)),
        "awaiting-review": str(position.awaiting_review),
        "next-board-meeting": day(position.next_board_meeting),
        "next-report": day(position.next_report.due_on) if position.next_report else "",
        "late-reports": str(len(position.late_reports)),
        "next-duty": day(position.next_duty.due_on) if position.next_duty else "",
    }
    facts["overall-trend"] = trend_words(rollup)
    facts |= {f"measure-rag:{m.measure.reference}": label(m.rag) for m in rollup.measures}
    facts |= {f"measure-trend:{m.measure.reference}": trend_words(m) for m in rollup.measures}
    facts |= {
        f"measure-judgement:{m.measure.reference}": label(m.judgement.rag) for m in rollup.measures if m.judgement
    }
    facts["judgements-differ"] = str(rollup.judgements_differ)
    facts |= {f"duty-due:{d.duty.code}-{d.duty.position}": day(d.due_on) for d in position.duties if d.due_on}
    facts |= {f"duty-done:{d.duty.code}": day(d.met_on) for d in position.done_duties}
    # The portfolio shows several notices: its facts carry the notice's id.
    facts |= {f"{name}@{notice.pk}": value for name, value in list(facts.items())}
    return facts


# Each page, with the facts it must show (so a page that stops marking one fails too).
PAGES = {
    "dashboard": (
        lambda n: reverse("dashboards:dashboard", args=[n.pk]),
        {
            "overall-rag",
            "overall-trend",
            "measure-trend:",
            "measure-judgement:",
            "actions-complete",
            "actions-on-track",
            "actions-at-risk",
            "actions-overdue",
            "failing-indicators",
            "awaiting-review",
            "next-board-meeting",
            "next-report",
        },
    ),
    "about": (lambda n: reverse("dashboards:notice-detail", args=[n.pk]), {"duty-due:board_meeting-", "duty-done:"}),
    "portfolio": (
        lambda n: reverse("dashboards:portfolio"),
        {
            "overall-rag@",
            "overall-trend@",
            "judgements-differ@",
            "actions-overdue@",
            "failing-indicators@",
            "next-duty@",
            "duty-done:",
        },
    ),
    "reports": (lambda n: reverse("reports:report-list", args=[n.pk]), {"next-report"}),
}


@pytest.fixture(scope="module")
def demo(loaded_demo):
    return loaded_demo


def read(client, url: str) -> dict[str, list[str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    return facts_of(response.content.decode())


def disagreements(page: str, shown: dict[str, list[str]], want: dict[str, str]) -> list[str]:
    found = []
    for name, values in shown.items():
        if name.split("@")[0] in want or name in want:
            target = want.get(name, want.get(name.split("@")[0]))
            found += [
                f"{page}: {name} shows {value!r}, the position says {target!r}" for value in values if value != target
            ]
    return found


@pytest.mark.parametrize("on", DATES, ids=lambda d: d.isoformat())
def test_every_page_shows_the_position_of_the_day(demo, db, client, settings, on):
    settings.NOTICE_TRACKER_TODAY = on
    want = expected(notice_position(demo, on=on), demo)
    chair = Membership.objects.get(notice=demo, role=Membership.Role.CHAIR).user
    client.force_login(chair)
    problems: list[str] = []
    for page, (url, required) in PAGES.items():
        shown = read(client, url(demo))
        scoped = {name: values for name, values in shown.items() if "@" not in name or name.endswith(f"@{demo.pk}")}
        missing = [r for r in required if not any(name.startswith(r) for name in scoped)]
        problems += [f"{page}: does not show {name}" for name in missing]
        problems += disagreements(page, scoped, want)
    for measure in Measure.objects.filter(notice=demo):
        shown = read(client, reverse("dashboards:measure-detail", args=[demo.pk, measure.reference]))
        assert f"measure-rag:{measure.reference}" in shown
        problems += disagreements(f"measure {measure.reference}", shown, want)
    assert not problems, "\n".join(problems)


def test_the_chairs_reports_agree_with_the_position_at_each_period_end(demo, db, client, settings):
    """The report's action table, its roll-up and its preview page all state the position at the period's end."""
    reports = list(Report.objects.filter(notice=demo, kind=Report.Kind.CHAIR).order_by("period_end"))
    assert len(reports) >= 3
    chair = Membership.objects.get(notice=demo, role=Membership.Role.CHAIR).user
    client.force_login(chair)
    for report in reports:
        position = notice_position(demo, on=report.period_end)
        data = report_data(report)
        rags = {row.reference: row.rag for row in position.actions}
        assert data.overall_rag == position.overall_rag
        for section in data.measures:
            rollup = position.rollup.for_measure(Measure.objects.get(notice=demo, reference=section.reference).pk)
            assert rollup is not None and section.rag == rollup.rag
            for line in section.completed + section.due + section.overdue:
                assert rags[line.reference] == line.rag, (report.period_end, line.reference)
        if not report.is_issued:
            shown = read(client, reverse("reports:report-preview", args=[demo.pk, report.pk]))
            want = expected(position, demo)
            assert "overall-rag" in shown
            problems = disagreements(f"report to {report.period_end}", shown, want)
            assert not problems, "\n".join(problems)
