"""`{{ value|day }}`: the house date style, "21 May 2014", as `{{ value|date }}` writes it, only cheaper
(and `|when` for a moment, `|clip:n` for `truncatechars:n`, `|rag` for includes/_rag.html in a loop).

Django's `date` filter looks the format up, parses it and translates the month name on every
call; a list of 50 rows with three dates each spends milliseconds there. The house format is
fixed (notice_tracker/formats/en_GB: DATE_FORMAT = "j F Y") and the site speaks British English
only, so this writes it directly. A datetime is shown in the current time zone, as `date` does.
Loaded as `{% load days %}` (settings.TEMPLATES "libraries").
"""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.template.defaultfilters import truncatechars
from django.utils import timezone
from django.utils.safestring import mark_safe

register = template.Library()

_MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@register.filter(expects_localtime=True)
def day(value) -> str:
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
    elif not isinstance(value, date):
        return "" if value in (None, "") else str(value)
    return f"{value.day} {_MONTHS[value.month]} {value.year}"


@register.filter(expects_localtime=True)
def when(value) -> str:
    """A moment in the house style, "21 May 2014, 09:05", as `{{ value|date:"DATETIME_FORMAT" }}` writes it."""
    if not isinstance(value, datetime):
        return day(value)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value.day} {_MONTHS[value.month]} {value.year}, {value.hour:02}:{value.minute:02}"


@register.filter(is_safe=True)
def clip(value, length: int) -> str:
    """`truncatechars`, without its translation look-up for the many texts that are short enough."""
    text = str(value)
    return text if len(text) <= int(length) else truncatechars(text, length)


_RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green"}


@register.filter(is_safe=True)
def rag(value: object, override: object = False) -> str:
    """`{{ rag|rag:override }}`: includes/_rag.html's markup (without `fact`), written once per row, not included."""
    word = _RAG_WORDS.get(value) if isinstance(value, str) else None
    suffix = " (override)" if override and value else ""
    if word is None:
        return mark_safe(f'<span class="rag rag-none">Not rated{suffix}</span>')
    return mark_safe(f'<span class="rag rag-{value}">{word}{suffix}</span>')  # noqa: S308 - value is one of three words
