"""The first authentication backend: refuses a sign-in that must wait (accounts/throttle.py) before
any password is checked, and lets django-axes record failures."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied, AxesBackendRequestParameterRequired
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials

from accounts import throttle
from notice_tracker.lib.clientip import client_ip


class SignInThrottleBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            raise AxesBackendRequestParameterRequired("Sign-in throttling needs the request")
        AxesProxyHandler.update_request(request)
        credentials = get_credentials(username=username, password=password, **kwargs)
        if not pause_if_due(request, credentials):
            return None  # the next backend checks the password; axes counts a failure
        raise AxesBackendPermissionDenied("This sign-in must wait")


def pause_if_due(request, credentials: dict) -> bool:
    """Flag the request as paused if its username and address must wait; True if so.

    Axes' own flags: its middleware then answers with AXES_LOCKOUT_CALLABLE, and it does not count
    an attempt refused this way (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is off).
    """
    pause = throttle.pause_for(username=str(credentials.get("username") or ""), address=client_ip(request))
    if pause is None:
        return False
    request.axes_locked_out = True
    request.axes_credentials = credentials
    request.sign_in_pause = pause
    return True
