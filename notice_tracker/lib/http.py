"""Request types for views."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest


class AuthenticatedHttpRequest(HttpRequest):
    """The request a login-required view receives: `request.user` is a signed-in `User`, never anonymous.

    For annotations only: the login-required middleware or decorator is what makes it true.
    """

    user: User
