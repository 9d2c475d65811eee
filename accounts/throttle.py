"""When a sign-in must wait: a pause per username and address that grows with each failure, and a
pause for an address that fails for many usernames (password spraying).

Failures are counted from django-axes' records (per username, address and browser). A pause
refuses the attempt before the password is checked and without counting it, so hammering during a
pause does not lengthen it; the first failure after a pause doubles the next one. Because the count
is per username *and* address (the client's own address, also behind a proxy: lib/clientip.py), a
stranger can pause a username only from the stranger's own address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, Sum
from django.utils import timezone

FIRST_PAUSE = timedelta(minutes=1)
ADDRESS_WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class Pause:
    until: datetime
    minutes: int
    whole_address: bool  # spraying: every username from this address waits


def pause_for(*, username: str, address: str, now: datetime | None = None) -> Pause | None:
    now = now or timezone.now()
    remembered = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=now - settings.AXES_COOLOFF_TIME)
    mine = remembered.filter(username=username).aggregate(
        failures=Sum("failures_since_start"), last=Max("attempt_time")
    )
    failures, limit = mine["failures"] or 0, settings.AXES_FAILURE_LIMIT
    if failures >= limit:
        length = min(FIRST_PAUSE * 2 ** min(failures - limit, 20), settings.SIGN_IN_LONGEST_PAUSE)
        if mine["last"] + length > now:
            return Pause(mine["last"] + length, _minutes(length), whole_address=False)
    recent = remembered.filter(attempt_time__gte=now - ADDRESS_WINDOW).aggregate(
        failures=Sum("failures_since_start"), last=Max("attempt_time")
    )
    if (recent["failures"] or 0) >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT:
        return Pause(recent["last"] + ADDRESS_WINDOW, _minutes(ADDRESS_WINDOW), whole_address=True)
    return None


def _minutes(length: timedelta) -> int:
    return max(1, round(length.total_seconds() / 60))


RESET_MAILS_PER_ADDRESS = 3  # reset e-mails an hour to one e-mail address, and from one client address (x10)
RESET_WINDOW_SECONDS = 3600


def reset_mail_allowed(*, email: str, address: str | None) -> bool:
    """Whether another reset e-mail may go out: a stranger cannot flood someone's inbox, nor send
    thousands from one address. Counted in the cache (Redis when configured; else per process)."""
    keys = [(f"password-reset:to:{email.strip().lower()}", RESET_MAILS_PER_ADDRESS)]
    if address:
        keys.append((f"password-reset:from:{address}", 10 * RESET_MAILS_PER_ADDRESS))
    allowed = True
    for key, limit in keys:
        cache.add(key, 0, RESET_WINDOW_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, count := 1, RESET_WINDOW_SECONDS)
        if count > limit:
            allowed = False
    return allowed
