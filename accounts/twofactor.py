"""Who must use two-factor sign-in, and the QR code an authenticator app reads.

OWASP ASVS 5.0 level 2 asks for a second factor on every account that can change data, and we
also require it of DfE observers (they read case evidence) and of staff (Django admin). Every
role on a notice is therefore covered: in effect, everyone with a membership, and staff. A user
with no role anywhere sees nothing but an empty list of notices, so is not asked.
"""

from __future__ import annotations

import re
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth.models import User
from django.utils.html import escape
from django_otp.plugins.otp_totp.models import TOTPDevice

from measures.models import Membership


def must_use_two_factor(user: User) -> bool:
    if not settings.OTP_REQUIRED:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return Membership.objects.filter(user=user).exists()


def has_authenticator(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def readable_secret(device: TOTPDevice) -> str:
    """The key as an authenticator app asks for it when typed in: base32 in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice, *, size: int = 240) -> str:
    """The device's otpauth:// address as an inline SVG QR code: no script, no image request."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, border=4)
    svg = image.to_string(encoding="unicode")
    svg = re.sub(r'width="[^"]+" height="[^"]+"', f'width="{size}" height="{size}"', svg, count=1)
    label = escape("QR code for your authenticator app. If you cannot scan it, type the key shown below instead.")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" focusable="false" ', 1)


def normalise_code(value: str) -> str:
    """People paste codes with spaces or dashes ("123 456", "abcd-efgh"): keep only letters and digits."""
    return re.sub(r"[^0-9A-Za-z]", "", value or "").lower()
