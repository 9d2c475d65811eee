"""Demo Improvement Board meetings for the Medway notice, June 2014 – February 2015.

Monthly, as section 11 requires, except for one deliberate gap: no meeting between
18 November 2014 and 6 January 2015, so the cadence check has something to flag. The DfE
observer attends most meetings but not all. Minutes are approved at the next meeting, so
the latest meeting has no minutes file yet.

The Council's monthly progress report comes to every meeting from July 2014, when the Board
asked for it. DfE officials held their first six-monthly review on 4 December 2014, after the
Chair's review pack went in, and the notice continued.

Deterministic and idempotent: meetings are found again by date, so a second run adds nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from actions.models import Action
from demo.evidence import checked, tiny_pdf
from measures.models import Membership
from meetings import services
from meetings.models import BoardMeeting, DfeReview
from notice_tracker.lib.dates import at_hour

LOCATION = "Gun Wharf, Chatham"
EVERYONE = ["chair", "officer", "health.officer", "police.officer", "earlyhelp.officer", "leadmember", "mscb.chair"]
ADVISER = {"name": "Dr Asha Rao", "organisation": None, "capacity": "adviser"}
DCS = {"name": "Claire Hughes", "organisation": "Medway Council Children's Services", "capacity": "officer"}

# held on, DfE attended, absent members, guests, minutes summary, decisions, actions arising (title fragments)
MEETINGS = [
    (
        date(2014, 6, 20),
        True,
        [],
        [ADVISER, DCS],
        "First meeting under the May 2014 notice. The Board reviewed the notice's requirements and the draft revised plan.",
        "Adopt terms of reference naming a DfE official as participant observer.\nRevise the improvement plan against the notice by the July meeting.",
        ["Revise the improvement plan"],
    ),
    (
        date(2014, 7, 18),
        True,
        ["earlyhelp.officer"],
        [DCS],
        "The revised improvement plan was presented with owners and dates for every measure.",
        "Agree the revised improvement plan.\nMonthly performance report to come to every meeting.",
        ["Adopt the quality assurance framework"],
    ),
    (
        date(2014, 8, 18),
        False,
        ["leadmember"],
        [ADVISER, DCS],
        "Performance on assessment timeliness and child protection conferences reviewed; health assessments remain poor.",
        "Health partners to present a recovery plan for initial health assessments in September.",
        ["Complete initial health assessments"],
    ),
    (
        date(2014, 9, 16),
        True,
        [],
        [DCS],
        "Health recovery plan presented. The thresholds document relaunch was discussed with the MSCB Chair.",
        "Accept the health recovery plan with monthly reporting.\nRelaunch the thresholds document through multi-agency training.",
        ["Relaunch the thresholds document"],
    ),
    (
        date(2014, 9, 30),
        False,
        ["police.officer", "earlyhelp.officer"],
        [ADVISER],
        "Extraordinary meeting to agree the arrangements for the external validation of progress due by September 2014.",
        "Commission the LGA to carry out the external validation in October.",
        [],
    ),
    (
        date(2014, 10, 28),
        True,
        [],
        [ADVISER, DCS],
        "The Lead Member's progress report and the MSCB Chair's first quarterly update were received.",
        "Note the MSCB update; ask for attendance figures by agency at the next meeting.",
        ["Track professional attendance"],
    ),
    (
        date(2014, 11, 18),
        True,
        ["health.officer"],
        [DCS],
        "External validation findings received. December's meeting was cancelled for the elections timetable; the Board agreed to meet in early January.",
        "Accept the external validation report and its recommendations.\nPublish the Board's response.",
        ["Open the 18+ Leaving Care service"],
    ),
    (
        date(2015, 1, 6),
        True,
        [],
        [ADVISER, DCS],
        "Progress since November reviewed; repeat child protection plans are rising and were examined in depth.",
        "Commission an audit of repeat child protection plans.\nNote that the Board did not meet in December and keep to monthly meetings.",
        ["Audit child protection plans"],
    ),
    (
        date(2015, 2, 3),
        True,
        ["leadmember"],
        [DCS],
        "The Chair's draft report to the Minister for the quarter was discussed.",
        "Agree the Chair's report to the Minister subject to the changes discussed.",
        [],
    ),
]
COUNCIL_REPORT_FROM = date(2014, 7, 18)  # "Monthly performance report to come to every meeting"
REVIEWS = [
    (
        date(2014, 12, 4),
        [
            "Sarah Whitfield, Department for Education (lead official)",
            "James Fraser, Department for Education (Board observer)",
            "Board Chair",
            "Director of Children's Services",
            "Lead Member",
        ],
        DfeReview.Outcome.CONTINUE,
        "Progress since May is real but fragile: assessment timeliness has recovered, health assessments and "
        "workforce stability have not. The notice continues; performance targets to be reset for the next review.",
    ),
]
WITH_MINUTES = len(MEETINGS) - 1  # the latest meeting's minutes are approved at the next one


def load_meetings(context) -> None:
    notice, chair = context.notice, context.users["chair"]
    existing = set(BoardMeeting.objects.filter(notice=notice).values_list("held_on", flat=True))
    memberships = {
        m.user.username: m for m in Membership.objects.filter(notice=notice).select_related("user", "organisation")
    }
    actions = list(Action.objects.filter(notice=notice).order_by("reference"))
    created = 0
    for index, spec in enumerate(MEETINGS):
        if spec[0] in existing:
            continue
        services.meeting_create(
            notice=notice, by=chair, form_data=_form_data(spec, index, context, memberships, actions)
        )
        created += 1
    context.log.append(
        f"Board meetings: {created} added ({len(existing)} already there); none between 18 November 2014 and 6 January 2015."
    )
    _load_reviews(context)


def _load_reviews(context) -> None:
    notice, chair = context.notice, context.users["chair"]
    existing = set(DfeReview.objects.filter(notice=notice).values_list("held_on", flat=True))
    added = 0
    for held_on, attendees, outcome, summary in REVIEWS:
        if held_on not in existing:
            added += 1
            review = services.review_record(
                notice=notice,
                by=chair,
                form_data={
                    "held_on": held_on,
                    "attendees": "\n".join(attendees),
                    "outcome": outcome,
                    "summary": summary,
                },
            )
            DfeReview.objects.filter(pk=review.pk).update(created_at=at_hour(held_on + timedelta(days=1), 10))
    context.log.append(f"DfE reviews: {added} added ({len(existing)} already there); the notice continuing.")


def _form_data(spec, index: int, context, memberships: dict[str, Membership], actions: list[Action]) -> dict:
    held_on, dfe, absent, guests, summary, decisions, arising = spec
    present = [memberships[name] for name in EVERYONE if name not in absent and name in memberships]
    if dfe and "dfe.observer" in memberships:
        present.append(memberships["dfe.observer"])
    data = {
        "held_on": held_on,
        "location": LOCATION,
        "chaired_by": _name(context.users["chair"]),
        "dfe_attended": dfe,
        "dfe_attendee_name": _name(context.users["dfe.observer"]) if dfe else "",
        "council_report_received": held_on >= COUNCIL_REPORT_FROM,
        "minutes_summary": summary,
        "decisions": decisions,
        "members": present,
        "guests": [{**g, "organisation": context.organisations.get(g["organisation"])} for g in guests],
        "actions_arising": [a for a in actions if any(a.title.startswith(fragment) for fragment in arising)],
    }
    if index < WITH_MINUTES:
        day = f"{held_on.day} {held_on:%B %Y}"
        data["minutes"] = checked(
            tiny_pdf(f"Medway Children's Services Improvement Board: minutes of {day}"),
            f"board-minutes-{held_on:%Y-%m-%d}.pdf",
        )
    return data


def _name(user) -> str:
    return user.get_full_name() or user.username
