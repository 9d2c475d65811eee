"""The security event log: who signed in, failed to, was refused, or took a file away.

Append-only: rows are written once and never changed or deleted through the ORM, so that the
log stays evidence. Retention, if ever needed, is a deliberate database job, not an app action.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnlyError(RuntimeError):
    """Security events are never changed or deleted by the application."""


class SecurityEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Security events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Security events cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("Security events cannot be changed.")

    def of_notice(self, notice) -> SecurityEventQuerySet:
        """The notice's own events, and its members' sign-in events (which belong to no notice) from
        the moment each joined: attaching an account must not open its past, e.g. work for another council.
        """
        joined = notice.memberships.filter(joined_at__lte=models.OuterRef("at"))
        by_member = models.Exists(joined.filter(user_id=models.OuterRef("user_id")))
        typed_by_member = models.Exists(joined.filter(user__username=models.OuterRef("username")))
        return self.filter(models.Q(notice=notice) | models.Q(notice__isnull=True) & (by_member | typed_by_member))


class SecurityEvent(models.Model):
    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        SIGN_IN_LOCKED = "sign_in_locked", "Sign-in locked out"
        SIGN_OUT = "sign_out", "Signed out"
        OTP_FAILED = "otp_failed", "Two-factor code wrong"
        OTP_ENROLLED = "otp_enrolled", "Two-factor set up"
        RECOVERY_CODE_USED = "recovery_code_used", "Recovery code used"
        PERMISSION_DENIED = "permission_denied", "Permission refused"
        EVIDENCE_DOWNLOAD = "evidence_download", "Evidence file downloaded"
        REPORT_DOWNLOAD = "report_download", "Issued report downloaded"
        REPORT_DRAFT_DOWNLOAD = "report_draft_download", "Draft report downloaded"
        MINUTES_DOWNLOAD = "minutes_download", "Board minutes downloaded"
        REPORT_ISSUED = "report_issued", "Report issued"
        USER_DEACTIVATED = "user_deactivated", "User deactivated"
        EXPORT = "export", "Data exported"
        SYSTEM_VIEW = "system_view", "Every notice viewed by a superuser"
        API_READ = "api_read", "Read through the API with a token"
        API_TOKEN_CREATED = "api_token_created", "API token made"
        API_TOKEN_REVOKED = "api_token_revoked", "API token revoked"
        CALENDAR_FEED_RESET = "calendar_feed_reset", "Calendar feed address made or reset"

    at = models.DateTimeField(default=timezone.now, editable=False)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="security_events"
    )
    # The username as typed (failed sign-ins) or as it was (the user may later be renamed or removed).
    username = models.CharField(max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    notice = models.ForeignKey(
        "measures.Notice", null=True, blank=True, on_delete=models.SET_NULL, related_name="security_events"
    )
    object_ref = models.CharField(
        max_length=200, blank=True, help_text="What was touched, e.g. evidence.EvidenceRevision:12"
    )
    path = models.CharField(max_length=500, blank=True)
    detail = models.TextField(blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            # The per-notice page and its export: newest first, optionally by kind.
            models.Index(fields=["notice", "-at"], name="securityevent_notice_at"),
            models.Index(fields=["kind", "-at"], name="securityevent_kind_at"),
            # Members' sign-in events (notice is null) found by user or by the username typed.
            models.Index(fields=["user", "-at"], name="securityevent_user_at"),
            models.Index(fields=["username", "-at"], name="securityevent_username_at"),
            # The admin's list, newest first.
            models.Index(fields=["-at"], name="securityevent_at"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.username or 'anonymous'} – {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise AppendOnlyError("Security events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Security events cannot be deleted.")
