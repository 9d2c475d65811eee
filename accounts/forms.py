"""Code fields: the browser may fill or paste them (autocomplete="one-time-code"); nothing blocks paste."""

from __future__ import annotations

from django import forms

from accounts.twofactor import normalise_code


class AuthenticatorCodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="6 digits. Spaces are ignored.",
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not (code.isdigit() and len(code) in (6, 8)):
            raise forms.ValidationError("Enter the 6 digits your authenticator app shows now.")
        return code


class RecoveryCodeForm(forms.Form):
    recovery_code = forms.CharField(
        label="Recovery code",
        help_text="One of the codes you saved when you set up two-factor sign-in. Each works once.",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}),
    )

    def clean_recovery_code(self) -> str:
        code = normalise_code(self.cleaned_data["recovery_code"])
        if not code:
            raise forms.ValidationError("Enter one of your recovery codes.")
        return code
