"""The standard children's social care indicators a notice can start from.

Each entry gives what is counted and which way is better. Targets, tolerances and
benchmarks are local and change yearly, so they are set per notice, not here.
`requirement_words` are phrases whose appearance in a requirement's text suggests the
indicator evidences it.
"""

from __future__ import annotations

from dataclasses import dataclass

from indicators.analysis import Direction, Unit

CASE_SYSTEM = "Children's social care case-management system"
HEALTH_SYSTEM = "Looked-after children health team records"
HR_SYSTEM = "Workforce (HR) system"
VIRTUAL_SCHOOL = "Virtual School ePEP system"
AUDIT = "Quality assurance case-file audit"


@dataclass(frozen=True)
class LibraryIndicator:
    code: str
    name: str
    definition: str
    unit: str
    direction: str
    source_system: str
    frequency: str = "monthly"
    requirement_words: tuple[str, ...] = ()


LIBRARY: tuple[LibraryIndicator, ...] = (
    LibraryIndicator(
        "ASSESS-45",
        "Assessments completed within 45 working days",
        "Children and family assessments completed in the month that were completed within 45 working days "
        "of the referral, as a percentage of all assessments completed in the month (Working Together 2013).",
        Unit.PERCENTAGE,
        Direction.HIGHER,
        CASE_SYSTEM,
        requirement_words=("completed to the timescales",),
    ),
    LibraryIndicator(
        "ICPC-15",
        "Initial child protection conferences within 15 working days",
        "Initial child protection conferences held in the month within 15 working days of the strategy "
        "discussion, as a percentage of all initial conferences held in the month.",
        Unit.PERCENTAGE,
        Direction.HIGHER,
        CASE_SYSTEM,
        requirement_words=("child protection conferences",),
    ),
    LibraryIndicator(
        "CP-REVIEW",
        "Child protection plans reviewed on time",
        "Children on a child protection plan for three months or more whose review conferences were all held "
        "within the required timescales, as a percentage of those children.",
        Unit.PERCENTAGE,
        Direction.HIGHER,
        CASE_SYSTEM,
        requirement_words=("review points",),
    ),
    LibraryIndicator(
        "CP-REPEAT",
        "Children on a plan for a second or subsequent time",
        "Children who became the subject of a child protection plan in the last 12 months who had been the "
        "subject of a plan before, as a percentage of all children who became the subject of a plan.",
        Unit.PERCENTAGE,
        Direction.LOWER,
        CASE_SYSTEM,
        requirement_words=("child protection plans demonstrate",),
    ),
    LibraryIndicator(
        "CP-RATE",
        "Children on a child protection plan per 10,000 children",
        "Children on a child protection plan at the end of the month per 10,000 children aged under 18 "
        "(mid-year population estimate). Context for the other figures, not a target.",
        Unit.RATE,
        Direction.CONTEXT,
        CASE_SYSTEM,
    ),
    LibraryIndicator(
        "REREFERRAL",
        "Re-referrals within 12 months",
        "Referrals in the month for children referred before within the previous 12 months, as a percentage "
        "of all referrals. Too low can mean thresholds are too high; too high, that cases close too early.",
        Unit.PERCENTAGE,
        Direction.BAND,
        CASE_SYSTEM,
        requirement_words=("thresholds",),
    ),
    LibraryIndicator(
        "LAC-IHA-20",
        "Initial health assessments within 20 working days",
        "Children who became looked after in the month whose initial health assessment was completed within "
        "20 working days, as a percentage of children who became looked after.",
        Unit.PERCENTAGE,
        Direction.HIGHER,
        HEALTH_SYSTEM,
        requirement_words=("initial health assessments",),
    ),
    LibraryIndicator(
        "LAC-HEALTH",
        "Looked-after children with health checks up to date",
        "Children looked after for 12 months or more whose annual health assessment is up to date, as a "
        "percentage of those children.",
        Unit.PERCENTAGE,
        Direction.HIGHER,
        HEALTH_SYSTEM,
        requirement_words=("review health assessments",),
    ),
    LibraryIndicator(
        "LAC-DENTAL",
        "Looked-after children with dental checks up to date",
        "Children looked after for 12 months or more who have had a dental check in the last 12 months, as a "
        "percentage of those children.",
        Unit.PERCENTAGE,
        Direction.HIGHER,
        HEALTH_SYSTEM,
        requirement_words=("health care needs",),
    ),
    LibraryIndicator(
        "LAC-PEP",
        "Personal education plans in place",
        "Looked-after children of school age with a personal education plan reviewed in the last six months, "
        "as a percentage of looked-after children of school age.",
        Unit.PERCENTAGE,
        Direction.HIGHER,
        VIRTUAL_SCHOOL,
        requirement_words=("personal education plans",),
    ),
    LibraryIndicator(
        "LAC-PEP-GOOD",
        "Personal education plans of good quality",
        "Personal education plans audited in the quarter that were rated good or better, as a percentage of "
        "plans audited.",
        Unit.PERCENTAGE,
        Direction.HIGHER,
        AUDIT,
        frequency="quarterly",
        requirement_words=("quality personal education plans",),
    ),
    LibraryIndicator(
        "CL-EET",
        "Care leavers in education, training or employment",
        "Care leavers aged 19 to 21 in education, training or employment on their birthday, as a percentage "
        "of care leavers aged 19 to 21 the council is in touch with.",
        Unit.PERCENTAGE,
        Direction.HIGHER,
        CASE_SYSTEM,
        requirement_words=("education, training and employment", "NEET"),
    ),
    LibraryIndicator(
        "SW-VACANCY",
        "Social worker vacancy rate",
        "Vacant social worker posts (full-time equivalent) at the end of the month, as a percentage of "
        "established social worker posts.",
        Unit.PERCENTAGE,
        Direction.LOWER,
        HR_SYSTEM,
        requirement_words=("vacancies",),
    ),
    LibraryIndicator(
        "SW-AGENCY",
        "Agency social worker rate",
        "Social worker posts filled by agency workers (full-time equivalent) at the end of the month, as a "
        "percentage of established social worker posts.",
        Unit.PERCENTAGE,
        Direction.LOWER,
        HR_SYSTEM,
        requirement_words=("agency staff",),
    ),
    LibraryIndicator(
        "SW-CASELOAD",
        "Average social worker caseload",
        "Children's cases allocated to qualified social workers at the end of the month divided by the "
        "full-time equivalent social workers holding cases.",
        Unit.COUNT,
        Direction.LOWER,
        CASE_SYSTEM,
        requirement_words=("caseloads",),
    ),
    LibraryIndicator(
        "CPC-ATTEND",
        "Partner attendance at child protection conferences",
        "Child protection conferences in the month attended (or reported to in writing) by every invited "
        "partner agency — health, police and school — as a percentage of conferences held.",
        Unit.PERCENTAGE,
        Direction.HIGHER,
        CASE_SYSTEM,
        requirement_words=("attendance by relevant professionals",),
    ),
    LibraryIndicator(
        "LAC-VISITS",
        "Statutory visits to looked-after children on time",
        "Looked-after children whose statutory social worker visits were all within timescale in the month, "
        "as a percentage of looked-after children.",
        Unit.PERCENTAGE,
        Direction.HIGHER,
        CASE_SYSTEM,
        requirement_words=("statutory visits",),
    ),
    LibraryIndicator(
        "VOICE",
        "Case files recording the child's views",
        "Case files audited in the quarter in which the child's views and experiences are recorded and used "
        "in the plan, as a percentage of case files audited.",
        Unit.PERCENTAGE,
        Direction.HIGHER,
        AUDIT,
        frequency="quarterly",
        requirement_words=("views of children",),
    ),
)

BY_CODE = {entry.code: entry for entry in LIBRARY}
