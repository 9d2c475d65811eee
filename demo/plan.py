"""Demo improvement-plan actions for every measure of the Medway notice, June 2014 – February 2015.

Deterministic: the same measures always get the same actions, owners, dates and updates.
Everything is written through the action services, so the demo has a real history too.
Run again, it does nothing once the notice has actions.
"""

from __future__ import annotations

from datetime import date, timedelta

from actions.models import Action
from actions.services import action_add_update, action_create, action_override_rag
from measures.models import Measure
from notice_tracker.lib.dates import at_hour

OWNER_ORGANISATION = {
    "officer": "Medway Council Children's Services",
    "health.officer": "NHS Medway Clinical Commissioning Group",
    "police.officer": "Kent Police",
    "earlyhelp.officer": "Medway Council Early Help",
}

# Heading keyword -> (action title, owner username); the first matching keyword wins.
THEMES: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "partner agencies",
        [
            ("Revise the improvement plan against the May 2014 notice and agree it at the Board", "officer"),
            ("Run a six-monthly partnership self-assessment with LGA peer challenge", "officer"),
        ],
    ),
    (
        "child protection conferences",
        [
            ("Track professional attendance at every child protection conference", "police.officer"),
            ("Audit child protection plans against Working Together 2013", "officer"),
            (
                "Notify the looked after children nurse within 2 working days of a child coming into care",
                "health.officer",
            ),
            ("Quality-assure personal education plans each term with the Virtual School", "officer"),
        ],
    ),
    (
        "assessments",
        [
            ("Monthly audit of assessment quality and timeliness", "officer"),
            ("Complete initial health assessments within 28 days of entering care", "health.officer"),
            ("Agree an information-sharing protocol across police, health and social care", "police.officer"),
        ],
    ),
    (
        "voice of the child",
        [
            ("Record the child's own words in every care plan review", "officer"),
            ("Children in Care Council reports to the MSCB every quarter", "officer"),
        ],
    ),
    (
        "early help",
        [
            ("Launch the Early Help Service in three locality hubs", "earlyhelp.officer"),
            ("Agree the early help assessment protocol with partners", "earlyhelp.officer"),
            ("Commission targeted family support with a monitoring framework", "earlyhelp.officer"),
        ],
    ),
    (
        "care planning",
        [
            ("Open the 18+ Leaving Care service", "officer"),
            ("Commission a CAMH service for looked after children and care leavers", "health.officer"),
            ("Track care leavers not in education, employment or training every month", "officer"),
        ],
    ),
    (
        "mscb",
        [
            ("Relaunch the thresholds document with multi-agency training", "police.officer"),
            ("Publish the MSCB communications strategy", "officer"),
        ],
    ),
    (
        "quality assurance",
        [
            ("Adopt the quality assurance framework", "officer"),
            ("Monthly multi-agency case audit programme", "health.officer"),
            ("Report audit findings to the Improvement Board and MSCB each quarter", "officer"),
        ],
    ),
    (
        "workforce",
        [
            ("Reduce agency social workers below 15% through permanent recruitment", "officer"),
            ("Reflective supervision policy and training for all team managers", "officer"),
            ("Keep average caseloads under 20 with a weekly caseload report", "officer"),
        ],
    ),
    (
        "leadership",
        [
            ("Corporate parenting panel work programme with statutory visits by members", "officer"),
            ("Review DCS and Lead Member assurance arrangements", "officer"),
            ("Communications plan for Medway's ambition for children", "officer"),
        ],
    ),
]
GENERIC = [
    ("Set milestones for this measure and report progress to the Board monthly", "officer"),
    ("Gather qualitative and quantitative evidence of impact for this measure", "officer"),
]

# Scenario -> (percent after each update, months from start to due); cycles through the plan.
SCENARIOS = [
    ("complete", [30, 70, 100], 5),
    ("on track", [20, 45, 60, 70], 10),
    ("overdue", [10, 30], 4),
    ("at risk", [25, 40, 50], 6),
    ("complete early", [50, 100], 4),
]
NOTES = [
    "Scope agreed with partners and lead officers named.",
    "Draft circulated for comment; feedback from health and police incorporated.",
    "Pilot running in two teams; first audit results reported to the Board.",
    "Rolled out across the service; monitoring in place.",
    "Signed off at the Improvement Board; evidence filed.",
]


def _themed_actions(measure: Measure) -> list[tuple[str, str]]:
    heading = measure.heading.lower()
    for keyword, actions in THEMES:
        if keyword in heading:
            return actions[:4] if len(actions) >= 2 else actions + GENERIC[: 2 - len(actions)]
    return GENERIC


def load_actions(context) -> None:
    notice = context.notice
    if Action.objects.filter(notice=notice).exists():
        context.log.append("Actions: the notice already has actions; left as they are.")
        return
    measures = list(Measure.objects.filter(notice=notice).prefetch_related("requirements").order_by("position"))
    count = 0
    for measure in measures:
        requirements = list(measure.requirements.all())
        for index, (title, username) in enumerate(_themed_actions(measure)):
            _create_one(
                context, measure, requirements, index, title, username, scenario=SCENARIOS[count % len(SCENARIOS)]
            )
            count += 1
    context.log.append(f"Actions: {count} actions with progress updates for {len(measures)} measures.")


def _create_one(
    context, measure: Measure, requirements: list, index: int, title: str, username: str, *, scenario
) -> None:
    name, percents, months = scenario
    owner = context.users[username]
    start = date(2014, 6, 2) + timedelta(weeks=2 * (measure.position % 6) + index)
    due = start + timedelta(days=30 * months)
    linked = requirements[index % len(requirements) : index % len(requirements) + 2] if requirements else []
    action = action_create(
        notice=context.notice,
        by=owner,
        data={
            "reference": "",
            "title": title,
            "description": f"Part of measure {measure.reference}. Lead: {owner.get_full_name()}.",
            "owner": owner,
            "lead_organisation": context.organisations[OWNER_ORGANISATION[username]],
            "start_on": start,
            # Work still on track runs on past the demo's end; the rest was due within it.
            "due_on": due if name == "on track" else min(due, date(2015, 2, 27)),
            "status": Action.Status.PLANNED,
            "completed_on": None,
            "requirements": linked,
        },
    )
    for step, percent in enumerate(percents):
        on = start + timedelta(days=21 + 30 * step)
        action_add_update(
            action=action,
            by=owner,
            on=on,
            note=NOTES[min(step, len(NOTES) - 2) if percent < 100 else -1],
            percent_complete=percent,
        )
    if name == "at risk":
        action.refresh_from_db()
        # Made at the Board after the last update, so a report for an earlier period reads without it.
        agreed_on = min(start + timedelta(days=21 + 30 * len(percents)), date(2015, 2, 27))
        action_override_rag(
            action=action,
            by=context.users["chair"],
            rag="amber",
            expected_version=action.version,
            reason="Recruitment to two key posts delayed; recovery plan agreed at the Board.",
            at=at_hour(agreed_on),
        )
