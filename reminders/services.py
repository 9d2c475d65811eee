"""The daily reminder digest: one e-mail a person with anything to do, never two the same day."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string

from measures.models import Notice
from reminders.models import ReminderDigest
from reminders.selectors import REMINDER_WINDOW_DAYS, NoticeWork, work_for

logger = logging.getLogger(__name__)


@dataclass
class SendSummary:
    on: date
    dry_run: bool = False
    sent: list[str] = field(default_factory=list)  # usernames e-mailed (or that would be, in a dry run)
    already_sent: list[str] = field(default_factory=list)
    nothing_to_do: int = 0
    no_address: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Digest:
    subject: str
    text: str
    html: str
    item_count: int


def send_reminders(*, on: date, dry_run: bool = False) -> SendSummary:
    """E-mail each active member their digest for `on`, through Django's e-mail settings.

    A person already sent a digest for `on` is skipped; so is anyone with nothing to do.
    Each digest is recorded and sent inside one transaction: if sending fails, the record is
    rolled back and the next run tries again.
    """
    summary = SendSummary(on=on, dry_run=dry_run)
    done = set(ReminderDigest.objects.filter(sent_on=on).values_list("user_id", flat=True))
    for user in _recipients():
        if user.pk in done:
            summary.already_sent.append(user.username)
            continue
        work = work_for(user, on=on)
        if not work:
            summary.nothing_to_do += 1
            continue
        if not user.email:
            summary.no_address.append(user.username)
            continue
        if dry_run:
            summary.sent.append(user.username)
            continue
        _send_one(user, build_digest(user, work, on=on), on=on, summary=summary)
    return summary


def _recipients() -> QuerySet[User]:
    members = Notice.objects.active().values("memberships__user")
    return get_user_model().objects.filter(is_active=True, pk__in=members).order_by("username")


def _send_one(user: User, digest: Digest, *, on: date, summary: SendSummary) -> None:
    try:
        with transaction.atomic():
            ReminderDigest.objects.create(
                user=user,
                sent_on=on,
                item_count=digest.item_count,
                body_sha256=hashlib.sha256(digest.text.encode()).hexdigest(),
            )
            message = EmailMultiAlternatives(digest.subject, digest.text, settings.DEFAULT_FROM_EMAIL, [user.email])
            message.attach_alternative(digest.html, "text/html")
            message.send()
    except IntegrityError:  # another run sent it meanwhile
        summary.already_sent.append(user.username)
    except Exception:
        logger.exception("Reminder digest for %s on %s could not be sent", user.username, on)
        summary.failed.append(user.username)
    else:
        summary.sent.append(user.username)


def build_digest(user: User, work: list[NoticeWork], *, on: date) -> Digest:
    """The plain-text and HTML e-mail for one person: British dates, absolute links."""
    count = sum(w.item_count for w in work)
    context = {
        "user": user,
        "work": work,
        "on": on,
        "item_count": count,
        "window_days": REMINDER_WINDOW_DAYS,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    day = f"{on.day} {on:%B %Y}"
    return Digest(
        subject=f"Notice Tracker: {count} thing{'s' if count != 1 else ''} to do ({day})",
        text=render_to_string("reminders/email/digest.txt", context),
        html=render_to_string("reminders/email/digest.html", context),
        item_count=count,
    )
