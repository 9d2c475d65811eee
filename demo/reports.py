"""Demo statutory reports for the Medway notice: the first two Chair's reports to the Minister and
the MSCB updates they assess, the Lead Member's report and the DfE review pack for the first six
months, all issued on the dates they would have been; and the Chair's third report, in draft.

Issued through the same services as the Issue button (rendered once, stored with the SHA-256).
Idempotent: a report already there for its kind and period is left alone.
"""

from __future__ import annotations

from datetime import date

from reporting import jobs, services
from reports.models import Report

Kind = Report.Kind

# (kind, period, author, issued on or None for a draft, executive summary, overall judgement, other words)
CHAIR_Q1_SUMMARY = (
    "This is my first report to the Minister under the Improvement Notice of 21 May 2014. The Council and its partners "
    "have responded to the notice with seriousness: the improvement plan was revised within the month, every action "
    "has a named owner, and the Board has met as required.\n\n"
    "The position is nonetheless fragile. Timeliness of assessments has fallen over the summer as the duty and "
    "assessment teams absorbed a rise in referrals, and the recruitment of permanent social workers is behind plan. "
    "I judge progress overall as amber: the foundations are in place, but the figures have yet to show that children's "
    "experience has changed."
)
CHAIR_Q2_SUMMARY = (
    "In the second quarter the Council has begun to turn plans into practice. The new quality assurance framework is "
    "running, the first multi-agency audits have reported to the Board, and the 18+ Leaving Care service opened on time.\n\n"
    "I remain concerned about the timeliness of assessments and about the stability of the workforce: agency staff "
    "still carry too many of the most complex cases. The external validation of services for looked after children in "
    "September found practice improving but inconsistent. Overall I judge progress as amber, with measures 3 and 9 red."
)
CHAIR_Q3_SUMMARY = (
    "Draft. The third quarter has seen steadier performance: assessment timeliness has recovered to within tolerance "
    "of target in two of the last three months, and caseloads have fallen. I will confirm my judgements once the "
    "January figures are validated."
)
MSCB_SECTIONS = [
    (
        "The Board met three times and held a development session on neglect. Attendance by health and police partners was full.",
        "green",
    ),
    (
        "The Board challenged the Council and the CCG on the delays to initial health assessments and asked for monthly figures.",
        "amber",
    ),
    (
        "A revised threshold document was agreed with partners in July and is being briefed to schools through the summer term.",
        "amber",
    ),
    (
        "The first multi-agency audit, of ten cases of domestic abuse, reported in August; its findings are in the learning programme.",
        "amber",
    ),
    (
        "Embed the threshold document, complete the neglect audit, and publish the Board's first newsletter to practitioners.",
        "",
    ),
]
MEASURE_WORDS = {
    "3": (
        "red",
        "Assessment timeliness has fallen to well below the 85% target. Quality audits show better analysis, "
        "but too many assessments still take longer than 45 working days. I have asked for weekly reporting to the Board.",
    ),
    "4": (
        "amber",
        "Children's views are now recorded in most audited case files, and the Children in Care Council has met "
        "the Lead Member twice. It is not yet clear that their views shape plans.",
    ),
    "7": (
        "amber",
        "The MSCB has a clear programme and a new threshold document; see the assessment of its update below.",
    ),
    "9": (
        "red",
        "Vacancy and agency rates remain too high. The recruitment campaign has produced offers but few starters yet.",
    ),
    "10": (
        "green",
        "Members and senior leaders are visibly engaged; the Lead Member chairs a monthly performance challenge session.",
    ),
}

LEAD_MEMBER_WORDS = {
    "3": ("red", "Members share the Chair's concern about assessment timeliness and receive the weekly figures."),
    "4": (
        "amber",
        "I have met the Children in Care Council twice; their priorities are now on the Corporate Parenting Board's agenda.",
    ),
    "9": ("red", "Cabinet has approved a market supplement and a recruitment campaign; starters are not yet in post."),
    "10": ("green", "I chair a monthly performance challenge session with the Director and the Chief Executive."),
}
LEAD_MEMBER_DEFAULT = (
    "",
    "Members receive monthly reports on this measure through the performance challenge sessions.",
)


def _words(report: Report, summary: str, judgement: str, *, mscb: str = "", next_steps: str = "") -> None:
    sections = {}
    for position, section in enumerate(report.sections.order_by("position")):
        if report.kind == Kind.MSCB:
            narrative, rag = MSCB_SECTIONS[position] if position < len(MSCB_SECTIONS) else ("", "")
        elif report.kind == Kind.LEAD_MEMBER:
            rag, narrative = LEAD_MEMBER_WORDS.get(
                section.measure.reference if section.measure else "", LEAD_MEMBER_DEFAULT
            )
        else:
            rag, narrative = MEASURE_WORDS.get(section.measure.reference if section.measure else "", ("", ""))
        sections[section.pk] = {"judgement": rag, "narrative": narrative}
    services.report_update(
        report=report,
        by=report.author,
        expected_version=report.version,
        sections=sections,
        form_data={
            "executive_summary": summary,
            "overall_judgement": judgement,
            "mscb_assessment": mscb,
            "next_steps": next_steps,
        },
    )


def _issue(report: Report, on: date) -> None:
    """As the Issue button does without a job queue: the final PDF rendered in this process."""
    report = services.build_requested(report=report, by=report.author, final=True)
    jobs.run_build(report.pk, final=True, by_pk=report.author_id, on=on.isoformat())


def _report(
    context,
    kind: str,
    period: tuple[date, date],
    author: str,
    *,
    summary: str,
    judgement: str = "",
    issued_on: date | None = None,
    **words,
) -> bool:
    if Report.objects.filter(notice=context.notice, kind=kind, period_start=period[0], period_end=period[1]).exists():
        return False
    report = services.report_create(
        notice=context.notice, by=context.users[author], kind=kind, period_start=period[0], period_end=period[1]
    )
    _words(report, summary, judgement, **words)
    if issued_on:
        _issue(Report.objects.get(pk=report.pk), issued_on)
    return True


def load_reports(context) -> None:
    q1, q2, q3 = (
        (date(2014, 5, 21), date(2014, 8, 20)),
        (date(2014, 8, 21), date(2014, 11, 20)),
        (date(2014, 11, 21), date(2015, 2, 20)),
    )
    first_half = (date(2014, 5, 21), date(2014, 11, 20))
    made = [
        _report(
            context,
            Kind.MSCB,
            q1,
            "mscb.chair",
            issued_on=date(2014, 8, 20),
            judgement="amber",
            summary="The Safeguarding Children Board has strengthened its challenge to partners this quarter and agreed a new threshold document.",
        ),
        _report(
            context,
            Kind.CHAIR,
            q1,
            "chair",
            issued_on=date(2014, 8, 21),
            judgement="amber",
            summary=CHAIR_Q1_SUMMARY,
            mscb="The MSCB update is candid and its programme is the right one. The threshold document is overdue but now agreed; "
            "I will look for evidence that partners apply it consistently before I judge this measure green.",
            next_steps="External validation of services for looked after children in September; the report to DfE by the end of October.",
        ),
        _report(
            context,
            Kind.MSCB,
            q2,
            "mscb.chair",
            issued_on=date(2014, 11, 20),
            judgement="amber",
            summary="The Board's multi-agency audit programme is now running monthly, and thresholds are being applied more consistently.",
        ),
        _report(
            context,
            Kind.CHAIR,
            q2,
            "chair",
            issued_on=date(2014, 11, 21),
            judgement="amber",
            summary=CHAIR_Q2_SUMMARY,
            mscb="The MSCB has moved from planning to doing. Its audits are good quality; the next test is whether their learning changes practice.",
            next_steps="The six-monthly review with DfE; recruitment of permanent team managers; the second round of case-file audits.",
        ),
        _report(
            context,
            Kind.LEAD_MEMBER,
            first_half,
            "leadmember",
            issued_on=date(2014, 11, 24),
            judgement="amber",
            summary="As Lead Member I have chaired monthly performance challenge sessions and met the Children in Care Council twice. "
            "Members are sighted on the workforce risk and have approved additional investment in recruitment.",
        ),
        _report(
            context,
            Kind.REVIEW_PACK,
            first_half,
            "chair",
            issued_on=date(2014, 11, 28),
            judgement="amber",
            summary="This pack gathers the first six months under the notice for the DfE review: my two reports to the Minister, "
            "the Lead Member's report and the evidence accepted so far.\n\n" + CHAIR_Q2_SUMMARY,
            mscb="See my reports of August and November: the MSCB is improving, with its audit programme now established.",
            next_steps="Sustain the recovery in assessment timeliness; reduce reliance on agency staff; evidence the impact of the early help service.",
        ),
        _report(context, Kind.CHAIR, q3, "chair", judgement="amber", summary=CHAIR_Q3_SUMMARY),
    ]
    context.log.append(
        f"Reports: {sum(made)} added ({len(made) - sum(made)} already there); the Chair's third report left in draft."
    )
