from __future__ import annotations

from django import forms
from django.conf import settings

from notice_tracker.lib.datefield import DateField


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What the token is for, so that you can tell it from others, e.g. “Power BI board pack”.",
        error_messages={"required": "Enter a name for the token."},
    )
    expires_on = DateField(
        label="Expires on",
        name="the expiry date",
        help_text=f"The last day it works: at most {settings.API_TOKEN_MAX_DAYS} days from today.",
    )
