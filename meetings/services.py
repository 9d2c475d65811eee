"""Every write to Board meetings. Each records who made it (history), bumps the meeting's version
(so a stale edit is refused) and removes a stored minutes file again if the write does not commit.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from measures.models import Membership, Notice
from meetings.models import BoardMeeting, BoardMeetingAttendance, DfeReview
from notice_tracker.lib.concurrency import lock_current
from notice_tracker.lib.documents import attach_document
from notice_tracker.lib.files import stored_files_removed_on_failure
from notice_tracker.lib.history import save_as, set_history_user

Capacity = BoardMeetingAttendance.Capacity
MEETING_FIELDS = [
    "held_on",
    "location",
    "chaired_by",
    "dfe_attended",
    "dfe_attendee_name",
    "council_report_received",
    "minutes_summary",
    "decisions",
]


def meeting_create(*, notice: Notice, by: User, form_data: dict[str, Any]) -> BoardMeeting:
    """Record a meeting with its attendees (members and guests), actions arising and minutes file."""
    form_data = _with_dfe_attendance(form_data)
    _check(notice, form_data, meeting=None)
    with stored_files_removed_on_failure() as stored, transaction.atomic():
        meeting = BoardMeeting(notice=notice, created_by=by, **{f: _value(form_data, f) for f in MEETING_FIELDS})
        if form_data.get("minutes") is not None:
            attach_document(meeting, "minutes", form_data["minutes"], stored=stored)
        save_as(meeting, by)
        meeting.actions_arising.set(form_data.get("actions_arising") or [])
        _set_attendances(meeting, by=by, members=form_data.get("members") or [], guests=form_data.get("guests") or [])
    return meeting


def meeting_update(
    *, meeting: BoardMeeting, by: User, form_data: dict[str, Any], expected_version: int
) -> BoardMeeting:
    """Change a meeting's record. Raises StaleEdit if someone saved it after `expected_version` was read."""
    form_data = _with_dfe_attendance(form_data)
    with stored_files_removed_on_failure() as stored, transaction.atomic():
        current = lock_current(BoardMeeting, meeting.pk, expected_version=expected_version)
        _check(current.notice, form_data, meeting=current)
        set_history_user(current, by)
        current.version += 1  # before the links change, so their history rows carry the new version too
        wanted = {a.pk for a in form_data.get("actions_arising") or []}
        if set(current.actions_arising.values_list("pk", flat=True)) != wanted:
            current.actions_arising.set(wanted)
        for field in MEETING_FIELDS:
            setattr(current, field, _value(form_data, field))
        if form_data.get("minutes") is not None:
            attach_document(current, "minutes", form_data["minutes"], stored=stored)
        current.save()
        _set_attendances(current, by=by, members=form_data.get("members") or [], guests=form_data.get("guests") or [])
    return current


def _check(notice: Notice, form_data: dict[str, Any], *, meeting: BoardMeeting | None) -> None:
    """What the form checks, checked again for callers that are not forms (demo data, commands)."""
    taken = BoardMeeting.objects.filter(notice=notice, held_on=form_data["held_on"])
    if meeting is not None:
        taken = taken.exclude(pk=meeting.pk)
    if taken.exists():
        raise ValidationError({"held_on": "A Board meeting on that date is already recorded."})
    if any(a.notice_id != notice.pk for a in form_data.get("actions_arising") or []):
        raise ValidationError({"actions_arising": "Choose actions of this notice."})
    if any(m.notice_id != notice.pk for m in form_data.get("members") or []):
        raise ValidationError({"members": "Choose members of this notice."})
    if any(
        g["organisation"] is not None and g["organisation"].notice_id != notice.pk
        for g in form_data.get("guests") or []
    ):
        raise ValidationError("Choose organisations taking part in this notice.")
    if form_data.get("dfe_attendee_name") and not form_data.get("dfe_attended"):
        raise ValidationError({"dfe_attended": "A DfE official is named, so the DfE attended."})


def _with_dfe_attendance(form_data: dict[str, Any]) -> dict[str, Any]:
    """A DfE observer among the attendees means the DfE attended; name them if no name was given."""
    names = [_member_row(m)["name"] for m in form_data.get("members") or [] if m.role == Membership.Role.OBSERVER]
    names += [g["name"] for g in form_data.get("guests") or [] if g["capacity"] == Capacity.DFE_OBSERVER]
    if not names:
        return form_data
    return {**form_data, "dfe_attended": True, "dfe_attendee_name": form_data.get("dfe_attendee_name") or names[0]}


def _set_attendances(
    meeting: BoardMeeting, *, by: User, members: list[Membership], guests: list[dict[str, Any]]
) -> None:
    """Make the attendance rows match: unchanged rows stay, others are removed or added (each in the history)."""
    wanted = {_member_key(m): _member_row(m) for m in members}
    wanted.update({_guest_key(g): g for g in guests})
    existing = {_row_key(a): a for a in meeting.attendances.all()}
    for key, row in existing.items():
        if key not in wanted:
            set_history_user(row, by)
            row.delete()
    for key, values in wanted.items():
        if key not in existing:
            save_as(BoardMeetingAttendance(meeting=meeting, **values), by)


def _member_row(membership: Membership) -> dict[str, Any]:
    user = membership.user
    capacity = Capacity.DFE_OBSERVER if membership.role == Membership.Role.OBSERVER else Capacity.MEMBER
    return {
        "user": user,
        "name": user.get_full_name() or user.username,
        "organisation": membership.organisation,
        "capacity": capacity,
    }


def _member_key(membership: Membership) -> tuple[object, ...]:
    return ("member", membership.user_id)


def _guest_key(guest: dict[str, Any]) -> tuple[object, ...]:
    organisation = guest["organisation"]
    return ("guest", guest["name"], organisation.pk if organisation else None, guest["capacity"])


def _row_key(row: BoardMeetingAttendance) -> tuple[object, ...]:
    if row.user_id:
        return ("member", row.user_id)
    return ("guest", row.name, row.organisation_id, row.capacity)


def _value(form_data: dict[str, Any], field: str) -> Any:
    value = form_data.get(field)
    if field in ("dfe_attended", "council_report_received"):
        return bool(value)
    return value if value is not None else ""


REVIEW_FIELDS = ["held_on", "attendees", "outcome", "summary"]


def review_record(*, notice: Notice, by: User, form_data: dict[str, Any]) -> DfeReview:
    """Record a DfE progress review held; it meets that occurrence of the notice's review duty."""
    with transaction.atomic():
        _check_review(notice, form_data, review=None)
        review = DfeReview(notice=notice, created_by=by, **{f: form_data.get(f) or "" for f in REVIEW_FIELDS})
        save_as(review, by)
    return review


def review_update(*, review: DfeReview, by: User, form_data: dict[str, Any], expected_version: int) -> DfeReview:
    """Change a review's record. Raises StaleEdit if someone saved it after `expected_version` was read."""
    with transaction.atomic():
        current = lock_current(DfeReview, review.pk, expected_version=expected_version)
        _check_review(current.notice, form_data, review=current)
        for field in REVIEW_FIELDS:
            setattr(current, field, form_data.get(field) or "")
        current.version += 1
        save_as(current, by)
    return current


def _check_review(notice: Notice, form_data: dict[str, Any], *, review: DfeReview | None) -> None:
    if not notice.is_active:
        raise ValidationError(f"The notice has been {notice.get_status_display().lower()}: its records are read-only.")
    taken = DfeReview.objects.filter(notice=notice, held_on=form_data["held_on"])
    if review is not None:
        taken = taken.exclude(pk=review.pk)
    if taken.exists():
        raise ValidationError({"held_on": "A DfE review on that date is already recorded."})
    if form_data.get("outcome") not in DfeReview.Outcome.values:
        raise ValidationError({"outcome": "Choose what the review concluded."})
