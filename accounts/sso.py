"""Single sign-on with OpenID Connect: the council's provider signs a person in, and we match them,
by their verified e-mail address, to the account an administrator invited. Nobody is made on first
sight.

mozilla-django-oidc does the code flow: state, nonce and PKCE kept in the session and spent once,
the code exchanged at the token endpoint, the ID token's signature checked against the provider's
keys. On top of it, this backend checks what the library leaves out (the audience, the issuer,
the expiry as a refusal rather than an error page) and refuses everything else with a reason
(`SignInRefused`) that the callback view shows on the sign-in page and writes to the security log.

The provider's endpoints come from its discovery document (OIDC_OP_DISCOVERY_URL), fetched when
first needed and kept for an hour, unless each is configured.
"""

from __future__ import annotations

import time
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from accounts import services

# Seconds of clock difference allowed between the provider and us when reading exp and iat.
CLOCK_LEEWAY = 60
DISCOVERY_SECONDS = 3600
_DISCOVERED = {
    "OIDC_OP_ISSUER": "issuer",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
_discovery: dict[str, tuple[float, dict[str, Any]]] = {}


class SignInRefused(Exception):
    """Why a single sign-on is refused: `reason` for the security log, `message` for the person."""

    def __init__(self, reason: str, message: str, *, username: str = "") -> None:
        super().__init__(reason)
        self.reason, self.message, self.username = reason, message, username


UNAVAILABLE = (
    "Your council's sign-in service could not be reached, or did not answer as expected. "
    "Try again in a few minutes; if it goes on, tell your notice's administrator."
)
TRY_AGAIN = "Single sign-on did not complete. Start again from this page."


def provider_setting(name: str) -> str:
    """One of the provider's endpoints (or its issuer): as configured, else from its discovery document."""
    configured = getattr(settings, name, "")
    if configured or not settings.OIDC_OP_DISCOVERY_URL:
        return configured
    return str(_discovery_document().get(_DISCOVERED[name]) or "")


def _discovery_document() -> dict[str, Any]:
    url = settings.OIDC_OP_DISCOVERY_URL
    fetched = _discovery.get(url)
    if fetched is None or fetched[0] < time.monotonic() - DISCOVERY_SECONDS:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        fetched = (time.monotonic(), response.json())
        _discovery[url] = fetched
    return fetched[1]


def sso_setting(name: str, *default: Any) -> Any:
    """mozilla-django-oidc's `get_settings`, with the provider's endpoints found by discovery."""
    if name in _DISCOVERED:
        return provider_setting(name)
    return getattr(settings, name, *default)


def mfa_done(id_token_claims: dict[str, Any]) -> bool:
    """Whether the ID token says the provider did multi-factor authentication, as the council configured."""
    if not settings.OIDC_MFA_CLAIM:
        return False
    value = id_token_claims.get(settings.OIDC_MFA_CLAIM)
    given = {str(v) for v in value} if isinstance(value, list) else {str(value)} if value is not None else set()
    return bool(given & set(settings.OIDC_MFA_VALUES))


def _is_true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


class CouncilSignInBackend(OIDCAuthenticationBackend):
    """Answers only the provider's callback (the view passes a nonce), and only while SSO is on."""

    get_settings = staticmethod(sso_setting)
    OIDC_RP_IDP_SIGN_KEY = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Endpoints are read when needed (properties below), so listing this backend costs no request.
        self.UserModel = User

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:  # noqa: N802  (the library's attribute names)
        return provider_setting("OIDC_OP_TOKEN_ENDPOINT")

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str:  # noqa: N802
        return provider_setting("OIDC_OP_USER_ENDPOINT")

    @property
    def OIDC_OP_JWKS_ENDPOINT(self) -> str:  # noqa: N802
        return provider_setting("OIDC_OP_JWKS_ENDPOINT")

    @property
    def OIDC_RP_CLIENT_ID(self) -> str:  # noqa: N802
        return settings.OIDC_RP_CLIENT_ID

    @property
    def OIDC_RP_CLIENT_SECRET(self) -> str:  # noqa: N802
        return settings.OIDC_RP_CLIENT_SECRET

    @property
    def OIDC_RP_SIGN_ALGO(self) -> str:  # noqa: N802
        return settings.OIDC_RP_SIGN_ALGO

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.SSO_ENABLED or request is None or username is not None or password is not None:
            return None
        if "nonce" not in kwargs:  # not the callback: a password form, another backend's caller
            return None
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException as error:
            reason = f"provider unavailable or refused the code: {type(error).__name__}"
            raise SignInRefused(reason, UNAVAILABLE) from None

    def get_user(self, user_id):
        return ModelBackend.get_user(self, user_id)  # a deactivated user is nobody

    def user_can_authenticate(self, user) -> bool:
        return bool(getattr(user, "is_active", False))

    def verify_token(self, token, **kwargs):
        """The ID token: signed with the provider's key in the configured algorithm, for us (aud),
        from the provider (iss), current (exp, iat) and answering our nonce."""
        if not token:
            raise SignInRefused("no ID token", UNAVAILABLE)
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError:
            raise SignInRefused("unreadable ID token", UNAVAILABLE) from None
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SignInRefused(f"ID token signed with {header.get('alg')!r}, not {self.OIDC_RP_SIGN_ALGO}", TRY_AGAIN)
        try:
            key = self.retrieve_matching_jwk(token)
        except SuspiciousOperation:
            raise SignInRefused("no provider key matches the ID token", TRY_AGAIN) from None
        issuer = provider_setting("OIDC_OP_ISSUER")
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=issuer or None,
                leeway=CLOCK_LEEWAY,
                options={"require": ["exp", "iat", "aud", "sub"] + (["iss"] if issuer else [])},
            )
        except jwt.ExpiredSignatureError:
            raise SignInRefused(
                "expired ID token",
                "Your council's sign-in service sent a sign-in that had already expired. Start again; if it "
                "happens again, the clock of this server or of the sign-in service may be wrong.",
            ) from None
        except jwt.InvalidAudienceError:
            raise SignInRefused(
                "ID token for another audience",
                "Your council's sign-in service sent a sign-in meant for another service, not Notice Tracker. "
                "Start again; if it happens again, tell your notice's administrator.",
            ) from None
        except jwt.InvalidIssuerError:
            raise SignInRefused("ID token from another issuer", TRY_AGAIN) from None
        except jwt.InvalidTokenError as error:
            raise SignInRefused(f"invalid ID token: {error}", TRY_AGAIN) from None
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SignInRefused("ID token for several audiences, authorised party not us", TRY_AGAIN)
        if kwargs.get("nonce") != claims.get("nonce"):
            raise SignInRefused("ID token nonce does not match", TRY_AGAIN)
        self.id_token_claims = claims
        return claims

    def get_or_create_user(self, access_token, id_token, payload):
        """The one active account that uses the verified e-mail address; nobody is made."""
        claims = dict(payload)
        if settings.OIDC_USE_USERINFO and self.OIDC_OP_USER_ENDPOINT:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub") != payload["sub"]:
                raise SignInRefused("userinfo is about another subject", TRY_AGAIN)
            claims.update(userinfo)
        email = str(claims.get(settings.OIDC_EMAIL_CLAIM) or "").strip()
        if not email:
            raise SignInRefused(
                "no e-mail address in the claims",
                "Your council's sign-in service did not tell us your e-mail address, so we cannot find your "
                "account. Tell your notice's administrator.",
                username=str(claims.get("sub", "")),
            )
        if not _is_true(claims.get(settings.OIDC_EMAIL_VERIFIED_CLAIM)):
            raise SignInRefused(
                "e-mail address not verified",
                f"Your council's sign-in service has not verified the e-mail address {email}, so it cannot be "
                "used to sign in to Notice Tracker. Ask your council's IT service desk to verify it, or sign in "
                "another way.",
                username=email,
            )
        users = list(self.UserModel.objects.filter(email__iexact=email).order_by("pk")[:2])
        if not users:
            raise SignInRefused(
                "no account uses this e-mail address",
                f"No Notice Tracker account uses the e-mail address {email}. An administrator of your notice "
                "must invite you first; then sign in again.",
                username=email,
            )
        if len(users) > 1:
            raise SignInRefused(
                "more than one account uses this e-mail address",
                f"More than one Notice Tracker account uses the e-mail address {email}, so we cannot tell "
                "which is yours. Tell your notice's administrator.",
                username=email,
            )
        user = users[0]
        if not user.is_active:
            raise SignInRefused(
                "account deactivated",
                f"The Notice Tracker account for {email} is deactivated. Ask your notice's administrator.",
                username=email,
            )
        if mfa_done(payload):
            # django-otp persists this device in the session at sign-in: the second factor is done.
            user.otp_device = services.provider_mfa_device(user=user)  # type: ignore[attr-defined]
        return user
