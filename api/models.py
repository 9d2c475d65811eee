"""Personal access tokens: a person's own key to the read-only API, acting as that person.

Only the SHA-256 of a token's secret is stored; the secret is shown once, when the token is made.
A token carries no rights of its own: every request it makes is checked against its owner's
roles (measures/roles.py), exactly as the owner's pages are, so it can never do more than they can.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone


class AccessTokenQuerySet(models.QuerySet["AccessToken"]):
    def usable(self, *, today: date) -> AccessTokenQuerySet:
        """Not revoked, not expired, and its owner still active."""
        return self.filter(revoked_at__isnull=True, expires_on__gte=today, user__is_active=True)


class AccessToken(models.Model):
    PREFIX = "ntk_"  # recognisable in logs and by secret scanners: "Notice Tracker key"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. “Power BI board pack”.")
    secret_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(max_length=12, editable=False, help_text="The secret's first characters, to recognise it.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_on = models.DateField(help_text="The last day the token works.")
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="accesstoken_user_created")]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, *, today: date) -> bool:
        return self.expires_on < today
