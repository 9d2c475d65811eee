"""Writes to a notice's structure and its people.

Importing a notice is all-or-nothing and idempotent. Granting, changing and removing roles on a
notice keep their history through simple-history.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from typing import TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from measures.importer.parser import ParsedNotice
from measures.models import Authority, Duty, Measure, Membership, Notice, Organisation, Requirement, SourceReport

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
        return model._default_manager.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        summary.count(kind, "unchanged")
        return obj
    for name in changed:
        setattr(obj, name, values[name])
    obj.save(update_fields=changed)
    summary.count(kind, "updated")
    return obj


def notice_import(*, parsed: ParsedNotice, source_text: str, dry_run: bool = False) -> ImportSummary:
    """Create or bring up to date the notice described by `parsed`.

    Natural keys make a re-run a no-op: the notice is (authority, issue date), a measure is
    its reference within the notice, a requirement its reference within the measure, a duty
    its code. Rows that a newer text no longer mentions are kept (actions and evidence may
    point at them) and listed in the summary.
    """
    summary = ImportSummary(dry_run=dry_run)
    try:
        with transaction.atomic():
            _import(parsed, source_text, summary)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return summary


def _import(parsed: ParsedNotice, source_text: str, summary: ImportSummary) -> None:
    authority = _upsert(
        Authority,
        summary,
        "authority",
        lookup={"name": parsed.authority_name},
        values={"address": parsed.authority_address},
    )
    supersedes = None
    if parsed.supersedes_issued_on:
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
            lookup={"notice": notice, "code": duty.code},
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


@transaction.atomic
def membership_grant(
    *,
    notice: Notice,
    username: str,
    role: str,
    organisation: Organisation | None,
    can_review_evidence: bool = False,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> Membership:
    """Give `username` a role on the notice, making the account if there is none.

    Whoever asks learns nothing of whether the account existed: the answer is the membership
    either way. The person is e-mailed: a new account gets a single-use link (expiring after
    PASSWORD_RESET_TIMEOUT) to choose a password, an existing one is told of the new role at the
    address it already has. No password is ever shown to the administrator.
    """
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User.objects.create_user(
            username=username,
            password=None,  # unusable until they choose one through the link
            first_name=first_name,
            last_name=last_name,
            email=email,
        )
    membership = Membership(
        user=user,
        notice=notice,
        role=role,
        organisation=organisation,
        can_review_evidence=can_review_evidence,
    )
    membership.full_clean()  # refuses, among others, an observer who reviews evidence
    membership.save()
    transaction.on_commit(lambda: _tell_new_member(membership, created=created))
    return membership


def _tell_new_member(membership: Membership, *, created: bool) -> None:
    user = membership.user
    if not user.email:
        return
    notice = membership.notice
    lines = [
        f"Hello {user.get_full_name() or user.username},",
        "",
        f"You are now {membership.get_role_display()} on the notice to {notice.authority.name} in Notice Tracker.",
        "",
    ]
    site = settings.SITE_URL.rstrip("/")
    if created:
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        link = site + reverse("accounts:set-password", args=[uid, default_token_generator.make_token(user)])
        days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
        lines += [
            f"Your username is {user.username}. Choose your password here (the link works once, for {days} days):",
            link,
            "",
            "When you first sign in you will set up two-factor sign-in with an authenticator app.",
        ]
    else:
        lines += [f"Sign in with your usual username and password: {site}{reverse('login')}"]
    try:
        send_mail("Your role in Notice Tracker", "\n".join(lines), None, [user.email])
    except Exception:  # the role is granted and committed; a mail server's failure is for the log
        logger.exception("Could not e-mail %s about their role on notice %s", user.username, notice.pk)


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
