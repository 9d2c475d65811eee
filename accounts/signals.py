"""Session bookkeeping (STYLE allows signals for clean-up): stamp a session at sign-in, and end
every session of a user the moment they are deactivated, whichever path deactivated them
(Django admin, a shell, a future People page action)."""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from accounts.backends import pause_if_due
from accounts.services import sessions_end
from audit.models import SecurityEvent
from audit.services import record_event
from notice_tracker.middleware import LAST_SEEN, SIGNED_IN_AT

User = get_user_model()


@receiver(user_logged_in, dispatch_uid="accounts_stamp_session")
def stamp_session(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN] = now


@receiver(user_login_failed, dispatch_uid="accounts_pause_after_failure")
def pause_after_failure(sender, credentials, request=None, **kwargs) -> None:
    """After axes has counted this failure (its receiver runs first): the failure that reaches the
    limit is answered with the pause at once."""
    if request is not None and not getattr(request, "axes_locked_out", False):
        pause_if_due(request, credentials)


@receiver(pre_save, sender=User, dispatch_uid="accounts_remember_active")
def remember_active(sender, instance, update_fields=None, **kwargs) -> None:
    if instance.pk is None or (update_fields is not None and "is_active" not in update_fields):
        instance._was_active = None  # sign-in's last_login save and the like: nothing to compare
        return
    instance._was_active = User.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()


@receiver(post_save, sender=User, dispatch_uid="accounts_end_sessions_on_deactivation")
def end_sessions_on_deactivation(sender, instance, created, **kwargs) -> None:
    if created or instance.is_active or not getattr(instance, "_was_active", None):
        return
    ended = sessions_end(user=instance)
    record_event(kind=SecurityEvent.Kind.USER_DEACTIVATED, user=instance, detail=f"{ended} session(s) ended")
