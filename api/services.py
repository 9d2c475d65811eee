"""Making, revoking and checking personal access tokens (api.AccessToken)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from api.models import AccessToken

LAST_USED_RESOLUTION = timedelta(minutes=1)  # last_used_at is written at most once a minute per token


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: AccessToken
    secret: str  # shown to its owner once, never stored


def longest_expiry(*, today: date) -> date:
    return today + timedelta(days=settings.API_TOKEN_MAX_DAYS)


def token_create(*, user: User, name: str, expires_on: date, today: date) -> NewToken:
    """A new token for `user`: the secret is returned once; only its SHA-256 is kept."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the token a name, so that you can tell it from others."})
    if expires_on < today:
        raise ValidationError({"expires_on": "The expiry date has passed: choose today or a later day."})
    if expires_on > longest_expiry(today=today):
        raise ValidationError(
            {"expires_on": f"A token can last at most {settings.API_TOKEN_MAX_DAYS} days: choose an earlier day."}
        )
    secret = AccessToken.PREFIX + secrets.token_urlsafe(32)
    token = AccessToken.objects.create(
        user=user, name=name[:100], secret_sha256=digest(secret), hint=secret[:10], expires_on=expires_on
    )
    return NewToken(token=token, secret=secret)


def token_revoke(*, token: AccessToken, by: User) -> AccessToken:
    """Revoke one of `by`'s own tokens (at once, for good). Revoking twice changes nothing."""
    if token.user_id != by.pk:
        raise ValidationError("You can revoke only your own tokens.")
    with transaction.atomic():
        locked = AccessToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
    return locked


@dataclass(frozen=True)
class Refusal:
    reason: str  # for the security log and the problem's detail


def token_for_secret(secret: str, *, today: date) -> AccessToken | Refusal:
    """The usable token with this secret, or why there is none (unknown, revoked, expired, owner deactivated)."""
    if not secret.startswith(AccessToken.PREFIX) or len(secret) > 200:
        return Refusal("not a Notice Tracker token")
    token = AccessToken.objects.select_related("user").filter(secret_sha256=digest(secret)).first()
    if token is None:
        return Refusal("unknown token")
    if token.is_revoked:
        return Refusal(f"revoked token {token.hint}…")
    if token.is_expired(today=today):
        return Refusal(f"expired token {token.hint}…")
    if not token.user.is_active:
        return Refusal(f"token {token.hint}… of a deactivated user")
    return token


def token_used(token: AccessToken) -> None:
    """Note the token's last use (at most once a minute, so a busy client is not a write per request)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
