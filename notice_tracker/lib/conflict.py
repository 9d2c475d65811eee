"""The one stale-edit path: a save refused because someone else saved first answers 409 with the
same conflict page everywhere.

Services refuse an edit made to an out-of-date version by raising `StaleEdit` (see the
concurrency module). The view then calls `refused()`: the user's own input comes back in the
form, now based on the version saved, and `conflict` says who saved it, when, and what they
changed since the version this user opened (from the record's history, through the one
differ). `respond()` renders the page with status 409 when there is a conflict, so a script or
a test can tell a refused save from a form with mistakes. Saving again is then a deliberate
choice made having seen the other person's change.

Every form page includes `templates/includes/_conflict.html`.

Shared plumbing: this module imports none of the project's apps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from notice_tracker.lib.historydiff import HistoryEntry, since_version

_Form = TypeVar("_Form", bound=forms.BaseForm)


@dataclass(frozen=True)
class Conflict:
    noun: str  # "action", "evidence", "meeting": "someone else saved this <noun> after you opened it"
    current: models.Model
    changes: list[HistoryEntry]  # what was saved after the version this user opened, newest first
    yours: int  # the version this user opened

    @property
    def saved_by(self) -> HistoryEntry | None:
        return self.changes[0] if self.changes else None


def refused(
    form: _Form,
    current: models.Model,
    *,
    noun: str,
    history: Callable[[Any], list[HistoryEntry]],
    version_field: str = "version",
    **form_kwargs: Any,
) -> tuple[_Form, Conflict]:
    """The user's input again, based on the saved version, and what they have not seen yet.

    `form` is the refused (valid) form; `current` the record as saved now (`StaleEdit.current`);
    `history(current)` its history through the differ; `form_kwargs` rebuild a form of the same
    class (files a browser cannot re-send must be chosen again; the page says so). A form editing
    several records names the refused one's version field (`version_field`).
    """
    yours = int(form.data.get(version_field) or 0)
    data = form.data.copy()  # type: ignore[attr-defined]  # a bound form's data is a QueryDict
    data[version_field] = str(current.version)  # type: ignore[attr-defined]  # every editable record keeps one
    again = type(form)(data, form.files or None, **form_kwargs)
    return again, Conflict(noun=noun, current=current, changes=since_version(history(current), yours), yours=yours)


def respond(request: HttpRequest, template: str, context: dict, *, conflict: Conflict | None = None) -> HttpResponse:
    """The form page: 409 Conflict when the save was refused, else 200."""
    return render(request, template, {**context, "conflict": conflict}, status=409 if conflict else 200)
