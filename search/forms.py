"""The search form: what to look for, where, and (for one kind's full list) which page."""

from __future__ import annotations

from django import forms

from search.selectors import KIND_LABELS

MAX_QUERY_CHARS = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search for",
        max_length=MAX_QUERY_CHARS,
        required=False,
        error_messages={"max_length": "Search for at most %(limit_value)d characters (you typed %(show_value)d)."},
    )
    notice = forms.IntegerField(required=False, min_value=1)
    kind = forms.ChoiceField(choices=[("", "Everything"), *KIND_LABELS.items()], required=False)
    page = forms.IntegerField(required=False, min_value=1)
