"""Sign-in events from Django's auth signals: a signal writing an audit row, nothing else."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.models import SecurityEvent
from audit.services import record_event

Kind = SecurityEvent.Kind


@receiver(user_logged_in, dispatch_uid="audit_sign_in")
def signed_in(sender, request, user, **kwargs) -> None:
    # How, when the sign-in view says (single sign-on, with or without the provider's MFA).
    record_event(kind=Kind.SIGN_IN, request=request, user=user, detail=getattr(request, "sign_in_detail", ""))


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    record_event(
        kind=Kind.SIGN_IN_FAILED, request=request, username=str(credentials.get("username", "")), rate_limited=True
    )


@receiver(user_logged_out, dispatch_uid="audit_sign_out")
def signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record_event(kind=Kind.SIGN_OUT, request=request, user=user)
