"""Optimistic locking: an edit based on an out-of-date copy is refused, never silently applied.

Editable records carry a `version` number. The edit form posts the version it was shown;
the service locks the row, compares, and raises `StaleEdit` if someone saved in between.
The view then re-shows the user's own input beside the other person's saved values.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models

_Versioned = TypeVar("_Versioned", bound=models.Model)


class StaleEdit(Exception):
    def __init__(self, current: models.Model):
        super().__init__("Someone else saved this record after you opened it.")
        self.current = current


def lock_current(model: type[_Versioned], pk: int, *, expected_version: int) -> _Versioned:
    """Lock and return the row; raise StaleEdit if its version moved on. Call inside a transaction."""
    current = model._default_manager.select_for_update().get(pk=pk)
    # Only models with a `version` field come here; a type variable cannot say "a Model with a field".
    if current.version != expected_version:  # type: ignore[attr-defined]
        raise StaleEdit(current)
    return current
