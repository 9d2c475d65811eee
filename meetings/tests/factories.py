"""Builders for Board meeting tests: meetings made through the services, and the form's POST data."""

from __future__ import annotations

from datetime import date

from demo.evidence import checked, tiny_pdf
from measures.models import Membership
from meetings import services
from meetings.models import BoardMeeting, DfeReview


def meeting_data(**overrides) -> dict:
    data = {
        "held_on": date(2014, 6, 17),
        "location": "Gun Wharf, Chatham",
        "chaired_by": "Helen Ward",
        "dfe_attended": False,
        "dfe_attendee_name": "",
        "minutes_summary": "The Board reviewed the plan.",
        "decisions": "Agree the improvement plan.",
        "actions_arising": [],
        "members": [],
        "guests": [],
    }
    data.update(overrides)
    return data


def make_meeting(notice, by, *, minutes: bytes | None = None, members=(), **overrides) -> BoardMeeting:
    """A meeting recorded through the service by `by`; `members` are users of the notice."""
    data = meeting_data(**overrides)
    data["members"] = list(
        Membership.objects.filter(notice=notice, user__in=list(members)).select_related("user", "organisation")
    )
    if minutes is not None:
        data["minutes"] = checked(minutes, "minutes.pdf")
    return services.meeting_create(notice=notice, by=by, form_data=data)


def minutes_pdf(text: str = "Minutes of the Improvement Board") -> bytes:
    return tiny_pdf(text)


def post_data(**overrides) -> dict:
    """What the meeting form posts: no guest rows unless given."""
    data = {
        "held_on": "17/06/2014",
        "location": "Gun Wharf, Chatham",
        "chaired_by": "Helen Ward",
        "minutes_summary": "The Board reviewed the plan.",
        "decisions": "Agree the improvement plan.",
        "guests-TOTAL_FORMS": "0",
        "guests-INITIAL_FORMS": "0",
        "guests-MIN_NUM_FORMS": "0",
        "guests-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def with_guests(data: dict, *guests: dict) -> dict:
    data = dict(data)
    data["guests-TOTAL_FORMS"] = str(len(guests))
    for index, guest in enumerate(guests):
        for key, value in guest.items():
            data[f"guests-{index}-{key}"] = value
    return data


def make_review(notice, by, *, held_on: date = date(2014, 11, 21), **overrides) -> DfeReview:
    """A DfE review recorded through the service by `by`."""
    data = {
        "held_on": held_on,
        "attendees": "A. Official, DfE\nThe Board Chair",
        "outcome": DfeReview.Outcome.CONTINUE,
        "summary": "Progress reviewed; the notice continues.",
        **overrides,
    }
    return services.review_record(notice=notice, by=by, form_data=data)


def review_post_data(**overrides) -> dict:
    """What the review form posts."""
    return {
        "held_on": "21/11/2014",
        "attendees": "A. Official, DfE\nThe Board Chair",
        "outcome": "continue",
        "summary": "Progress reviewed; the notice continues.",
        **overrides,
    }
