"""The one way to enter a date on every form.

A plain text box with a hint, as GOV.UK does it: it works the same on every browser and on
phones, can be typed into without fighting a picker, and reads back the way people write
dates here. It accepts 21/05/2014, 21/5/14, 2014-05-21 (what a native picker or a script
posts) and 21 May 2014, and shows a saved date as "21 May 2014", so the box never holds an
ambiguous 05/06. An error names the field: "Enter the due date as a date, for example 21/05/2014."

Shared plumbing: this module imports none of the project's apps.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError

from notice_tracker.lib.historydiff import show_date

EXAMPLE = "21/05/2014"
HINT = f"For example, {EXAMPLE}."

# Tried in order. %d and %m accept one digit too (1/5/2014); %B and %b ignore case (21 may 2014).
INPUT_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d/%m/%y")


def parse_date(text: str) -> date | None:
    """The date a person typed, or None if it is not one. Dots, dashes and spaces between day,
    month and year are read as slashes (21.05.2014, 21-05-2014, 21 05 2014)."""
    text = " ".join(text.strip().replace(",", " ").split())
    if not text:
        return None
    if re.fullmatch(r"\d{1,2}[./\- ]\d{1,2}[./\- ]\d{2,4}", text):
        text = re.sub(r"[.\- ]", "/", text)
    for pattern in INPUT_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


class DateInput(forms.TextInput):
    """A text box showing a date as 21 May 2014; what the user typed is shown back unchanged."""

    def __init__(self, attrs: dict | None = None):
        super().__init__({"autocomplete": "off", "spellcheck": "false", "class": "date-input", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return show_date(value)
        return super().format_value(value)


class DateField(forms.DateField):
    """The date field of every form. `name` is how an error refers to the field ("the due date");
    by default "the" and the label in lower case."""

    widget = DateInput

    def __init__(self, *, name: str | None = None, hint: str = HINT, **kwargs):
        help_text = kwargs.pop("help_text", "")
        kwargs["help_text"] = f"{help_text} {hint}".strip() if hint not in help_text else help_text
        kwargs.pop("input_formats", None)  # one set of formats for every form
        kwargs.pop("localize", None)
        super().__init__(**kwargs)
        self.error_name = name

    def _named(self) -> str:
        if self.error_name:
            return self.error_name
        if self.label:
            return f"the {str(self.label)[:1].lower()}{str(self.label)[1:]}"
        return "a date"

    def to_python(self, value: Any) -> date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        parsed = parse_date(str(value))
        if parsed is None:
            raise ValidationError(f"Enter {self._named()} as a date, for example {EXAMPLE}.", code="invalid")
        return parsed

    def validate(self, value: Any) -> None:
        if value in self.empty_values and self.required:
            raise ValidationError(f"Enter {self._named()}.", code="required")
        super().validate(value)


def date_formfield(model_field, **kwargs) -> forms.Field | None:
    """A ModelForm's `formfield_callback`: model date fields get the house date field."""
    from django.db import models

    if isinstance(model_field, models.DateField) and not isinstance(model_field, models.DateTimeField):
        return model_field.formfield(form_class=DateField, **kwargs)
    return model_field.formfield(**kwargs)


class DateFilter(django_filters.DateFilter):
    """A list filter's date box: the same field, so filters read dates as forms do."""

    field_class = DateField
