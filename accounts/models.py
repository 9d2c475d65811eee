"""The one model of sign-in: the council's identity provider, standing as a second factor."""

from __future__ import annotations

from django_otp.models import Device


class ProviderMFADevice(Device):
    """The council's sign-in service, when its ID token says it did multi-factor authentication
    (OIDC_MFA_CLAIM). A single sign-on with that claim marks the session verified through this
    device, as a code from the authenticator app would; it never accepts a code itself."""

    def verify_token(self, token) -> bool:
        return False

    class Meta:
        verbose_name = "council sign-in with multi-factor authentication"
        verbose_name_plural = "council sign-ins with multi-factor authentication"
