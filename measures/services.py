"""Writes to a notice's structure and its people.

Importing a notice is all-or-nothing and idempotent. A role is offered by invitation (an e-mailed,
single-use, expiring link) and granted when it is accepted; changing and removing roles keep their
history through simple-history.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from measures.importer.parser import ParsedNotice
from measures.models import (
    Authority,
    DepartmentObserver,
    Duty,
    Invitation,
    Measure,
    Membership,
    Notice,
    Organisation,
    Requirement,
    SourceReport,
)
from notice_tracker.lib.documents import attach_document
from notice_tracker.lib.files import stored_files_removed_on_failure
from notice_tracker.lib.history import save_as
from notice_tracker.lib.uploads import CheckedFile

logger = logging.getLogger(__name__)


@dataclass
class ImportSummary:
    notice: Notice | None = None
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    kept_not_in_text: list[str] = field(default_factory=list)
    dry_run: bool = False

    def count(self, kind: str, outcome: str) -> None:
        bucket = getattr(self, outcome)
        bucket[kind] = bucket.get(kind, 0) + 1

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)


_Row = TypeVar("_Row", bound=models.Model)


class _DryRunRollback(Exception):
    pass


def _upsert(
    model: type[_Row], summary: ImportSummary, kind: str, *, lookup: dict[str, object], values: dict[str, object]
) -> _Row:
    """Create or update one row by its natural key, counting what happened; never touches an equal row."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        summary.count(kind, "created")
        return model._default_manager.create(**(lookup | values))
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        summary.count(kind, "unchanged")
        return obj
    for name in changed:
        setattr(obj, name, values[name])
    obj.save(update_fields=changed)
    summary.count(kind, "updated")
    return obj


def notice_import(
    *, parsed: ParsedNotice, source_text: str, dry_run: bool = False, supersedes: Notice | None = None
) -> ImportSummary:
    """Create or bring up to date the notice described by `parsed`.

    Natural keys make a re-run a no-op: the notice is (authority, issue date), a measure is
    its reference within the notice, a requirement its reference within the measure, a duty
    its code. Rows that a newer text no longer mentions are kept (actions and evidence may
    point at them) and listed in the summary. `supersedes` names the notice this one replaces
    when the web import was told (else the one the text names, if it is in the system).
    """
    summary = ImportSummary(dry_run=dry_run)
    try:
        with transaction.atomic():
            _import(parsed, source_text, summary, supersedes)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return summary


def _import(parsed: ParsedNotice, source_text: str, summary: ImportSummary, supersedes: Notice | None) -> None:
    authority = _upsert(
        Authority,
        summary,
        "authority",
        lookup={"name": parsed.authority_name},
        values={"address": parsed.authority_address},
    )
    if supersedes is None and parsed.supersedes_issued_on:
        supersedes = Notice.objects.filter(authority=authority, issued_on=parsed.supersedes_issued_on).first()
    source_sha256 = hashlib.sha256(source_text.encode()).hexdigest()
    notice = _upsert(
        Notice,
        summary,
        "notice",
        lookup={"authority": authority, "issued_on": parsed.issued_on},
        values={
            "title": parsed.title,
            "signed_by": parsed.signed_by,
            "signatory_role": parsed.signatory_role,
            "supersedes": supersedes,
            "supersedes_issued_on": parsed.supersedes_issued_on,
            "background": parsed.background,
            "consequence": parsed.consequence,
            "delivery_deadline": parsed.delivery_deadline,
            "source_text": source_text,
            "source_sha256": source_sha256,
        },
    )
    if notice.imported_at is None:
        Notice.objects.filter(pk=notice.pk).update(imported_at=timezone.now())
        _add_department_observers(notice)
    summary.notice = notice

    for report in parsed.source_reports:
        _upsert(
            SourceReport,
            summary,
            "source report",
            lookup={"notice": notice, "title": report.title},
            values={"published_on": report.published_on, "body": report.description},
        )
    _import_measures(notice, parsed, summary)
    for position, duty in enumerate(parsed.duties, start=1):
        _upsert(
            Duty,
            summary,
            "duty",
            # Known kinds are one each; "other" obligations are told apart by their titles.
            lookup={"notice": notice, "code": duty.code, **({"title": duty.title} if duty.code == "other" else {})},
            values={
                "title": duty.title,
                "section": duty.section,
                "source_text": duty.source_text,
                "responsible": duty.responsible,
                "recipient": duty.recipient,
                "cadence_months": duty.cadence_months,
                "cadence_weeks": duty.cadence_weeks,
                "starts_on": duty.starts_on,
                "due_on": duty.due_on,
                "position": position,
            },
        )


def _import_measures(notice: Notice, parsed: ParsedNotice, summary: ImportSummary) -> None:
    wanted_refs = {m.reference for m in parsed.measures}
    stale = Measure.objects.filter(notice=notice).exclude(reference__in=wanted_refs)
    summary.kept_not_in_text += [f"measure {m.reference}" for m in stale]
    # Positions are unique per notice: rows that move are parked out of the way first.
    _park_moving_rows(Measure.objects.filter(notice=notice), {m.reference: m.position for m in parsed.measures})
    for pm in parsed.measures:
        measure = _upsert(
            Measure,
            summary,
            "measure",
            lookup={"notice": notice, "reference": pm.reference},
            values={
                "printed_number": pm.printed_number,
                "heading": pm.heading,
                "intro": pm.intro,
                "closing": pm.closing,
                "footnotes": "\n".join(pm.footnotes),
                "position": pm.position,
            },
        )
        wanted = {r.reference for r in pm.requirements}
        summary.kept_not_in_text += [
            f"requirement {r.reference}" for r in measure.requirements.exclude(reference__in=wanted)
        ]
        _park_moving_rows(measure.requirements.all(), {r.reference: r.position for r in pm.requirements})
        for pr in pm.requirements:
            _upsert(
                Requirement,
                summary,
                "requirement",
                lookup={"measure": measure, "reference": pr.reference},
                values={
                    "text": pr.text,
                    "subheading": pr.subheading,
                    "kind": pr.kind,
                    "footnotes": "\n".join(pr.footnotes),
                    "position": pr.position,
                },
            )


def _park_moving_rows(queryset: models.QuerySet, wanted_positions: dict[str, int]) -> None:
    """Move rows whose position will change to a free range, so renumbering never collides.

    Rows already where the text puts them are not touched, so a plain re-run writes nothing.
    """
    parking = 100_000 + max(wanted_positions.values(), default=0)
    for row in queryset:
        if wanted_positions.get(row.reference) != row.position and row.position < 100_000:
            row.position += parking
            row.save(update_fields=["position"])


def _new_token() -> tuple[str, str]:
    """A random token for the link, and the SHA-256 kept in its place."""
    token = secrets.token_urlsafe(32)
    return token, invitation_token_hash(token)


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _expiry(now: datetime) -> datetime:
    return now + timedelta(days=settings.INVITATION_DAYS)


@transaction.atomic
def invitation_send(
    *,
    notice: Notice,
    name: str,
    email: str,
    role: str,
    organisation: Organisation | None,
    can_review_evidence: bool = False,
    invited_by: User | None = None,
) -> Invitation:
    """Invite whoever reads `email` to a role on the notice: no account is looked up or made.

    The administrator learns nothing of whether the address or any account already exists: the
    same invitation is stored and the same e-mail sent whatever it is. The role is granted only
    when the link is followed and accepted (invitation_accept).
    """
    now = timezone.now()
    token, digest = _new_token()
    invitation = Invitation(
        notice=notice,
        name=name,
        email=email,
        role=role,
        organisation=organisation,
        can_review_evidence=can_review_evidence,
        invited_by=invited_by,
        token_sha256=digest,
        sent_at=now,
        expires_at=_expiry(now),
    )
    invitation.full_clean()  # refuses, among others, an observer who reviews evidence
    invitation.save()
    transaction.on_commit(lambda: _send_invitation(invitation, token))
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation) -> Invitation:
    """A new link, with a new expiry, for an invitation not yet accepted; the old link stops working."""
    if invitation.accepted_at is not None:
        raise ValueError("An accepted invitation cannot be sent again.")
    now = timezone.now()
    token, invitation.token_sha256 = _new_token()
    invitation.sent_at, invitation.expires_at = now, _expiry(now)
    invitation.save(update_fields=["token_sha256", "sent_at", "expires_at"])
    transaction.on_commit(lambda: _send_invitation(invitation, token))
    return invitation


@transaction.atomic
def invitation_cancel(*, invitation: Invitation) -> None:
    """Withdraw an invitation not yet accepted: its link stops working."""
    if invitation.accepted_at is not None:
        raise ValueError("An accepted invitation cannot be cancelled; remove the person's role instead.")
    invitation.delete()


class InvitationError(Exception):
    """Why an invitation link cannot be used, in words for the person who followed it."""


EXPIRED = "This invitation has expired; ask your notice's administrator to send a new one."
UNKNOWN = (
    "This invitation link is not valid: it may have been cancelled, or replaced by a newer one. "
    "Use the link in the most recent e-mail, or ask your notice's administrator to send a new one."
)
USED = "This invitation has already been accepted. Sign in to see the notice."


def invitation_for_token(token: str) -> Invitation:
    """The invitation the link's token opens, or InvitationError saying why it cannot be used."""
    invitation = (
        Invitation.objects.select_related("notice__authority", "organisation")
        .filter(token_sha256=invitation_token_hash(token))
        .first()
    )
    if invitation is None:
        raise InvitationError(UNKNOWN)
    if invitation.accepted_at is not None:
        raise InvitationError(USED)
    if invitation.is_expired:
        raise InvitationError(EXPIRED)
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    """Spend the link: `user` gets the invited role on the notice.

    A person who already has a role on the notice keeps it, and the invitation stays open for them
    to ask the administrator about.
    """
    invitation = invitation_for_token(token)
    if Membership.objects.filter(user=user, notice_id=invitation.notice_id).exists():
        raise InvitationError(
            "You already have a role on this notice, so this invitation cannot be accepted as you. "
            "Ask your notice's administrator to change your role instead."
        )
    now = timezone.now()
    # Spent by a compare-and-set, so a link followed twice at once (on SQLite too) makes one membership.
    spent = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True, expires_at__gt=now)
    if not spent.update(accepted_at=now):
        raise InvitationError(USED)
    membership = Membership(
        user=user,
        notice_id=invitation.notice_id,
        role=invitation.role,
        organisation=invitation.organisation,
        can_review_evidence=invitation.can_review_evidence,
        joined_at=now,
    )
    membership.full_clean()
    membership.save()
    Invitation.objects.filter(pk=invitation.pk).update(membership=membership)
    return membership


def _send_invitation(invitation: Invitation, token: str) -> None:
    """The same e-mail whoever the address belongs to."""
    notice = invitation.notice
    site = settings.SITE_URL.rstrip("/")
    link = site + reverse("measures:invitation", args=[token])
    expires = timezone.localtime(invitation.expires_at)
    lines = [
        f"Hello {invitation.name},",
        "",
        f"You are invited to be {invitation.get_role_display()} on the notice to {notice.authority.name} "
        "in Notice Tracker.",
        "",
        f"Accept the invitation here (the link works once, until {expires:%-d %B %Y %H:%M}):",
        link,
        "",
        "If you already have a Notice Tracker account, sign in when asked and the role is added to it. "
        "If not, you will choose a username and password, then set up two-factor sign-in with an "
        "authenticator app.",
        "",
        "If you did not expect this invitation, ignore this e-mail: nothing happens unless the link is followed.",
    ]
    try:
        send_mail("Your invitation to Notice Tracker", "\n".join(lines), None, [invitation.email])
    except Exception:  # the invitation is stored; a mail server's failure is for the log
        logger.exception("Could not e-mail invitation %s on notice %s", invitation.pk, notice.pk)


@transaction.atomic
def membership_change(
    *, membership: Membership, role: str, organisation: Organisation | None, can_review_evidence: bool
) -> Membership:
    membership.role = role
    membership.organisation = organisation
    membership.can_review_evidence = can_review_evidence
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    membership.delete()


class LiftRefused(ValueError):
    """The notice cannot be recorded as lifted as asked: the message says why."""


def notice_lift(*, notice: Notice, by: User, lifted_on: date, letter: CheckedFile, today: date) -> Notice:
    """Record that the Department lifted the notice on `lifted_on`, with its letter.

    From then on the notice is read-only (measures.roles.WHILE_LIFTED) but stays readable and
    reportable. Lifting twice is refused, so a second administrator cannot overwrite the first's record.
    """
    with stored_files_removed_on_failure() as stored, transaction.atomic():
        current = Notice.objects.select_for_update().get(pk=notice.pk)
        if not current.is_active:
            assert current.lifted_on is not None  # constraint notice_lifted_on_iff_lifted
            raise LiftRefused(f"The notice was already recorded as lifted on {current.lifted_on:%-d %B %Y}.")
        if lifted_on > today:
            raise LiftRefused(
                f"{lifted_on:%-d %B %Y} has not come yet: record the lifting once the letter is received."
            )
        if lifted_on < current.issued_on:
            raise LiftRefused("The date is before the notice was issued.")
        current.status, current.lifted_on = Notice.Status.LIFTED, lifted_on
        attach_document(current, "lifting_letter", letter, stored=stored)
        save_as(current, by)
    return current


# ------------------------------------------------------------------ DfE observers of every notice


def _add_department_observers(notice: Notice) -> int:
    """Give every DfE observer of every notice an observer role on `notice` (those with a role keep theirs)."""
    members = set(notice.memberships.values_list("user_id", flat=True))
    added = [
        Membership(notice=notice, user_id=user_id, role=Membership.Role.OBSERVER)
        for user_id in DepartmentObserver.objects.values_list("user_id", flat=True)
        if user_id not in members
    ]
    Membership.objects.bulk_create(added)
    return len(added)


@transaction.atomic
def department_observer_add(*, user: User) -> int:
    """Make `user` an observer of every notice, now and to come. Returns how many notices gained them.

    A notice on which they already hold a role keeps that role: an observer everywhere never
    becomes less than what they are somewhere.
    """
    if not user.is_active:
        raise ValueError(f"{user.username}'s account is deactivated.")
    DepartmentObserver.objects.get_or_create(user=user)
    held = set(Membership.objects.filter(user=user).values_list("notice_id", flat=True))
    added = [
        Membership(notice_id=notice_id, user=user, role=Membership.Role.OBSERVER)
        for notice_id in Notice.objects.values_list("pk", flat=True)
        if notice_id not in held
    ]
    Membership.objects.bulk_create(added)
    return len(added)


@transaction.atomic
def department_observer_remove(*, user: User) -> int:
    """Stop `user` observing every notice: their observer roles go; any other role they hold stays."""
    DepartmentObserver.objects.filter(user=user).delete()
    removed, _ = Membership.objects.filter(user=user, role=Membership.Role.OBSERVER).delete()
    return removed
