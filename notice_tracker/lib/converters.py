"""The one path converter for database ids: digits that fit a 64-bit integer column, or no match (404).

Django's `int` converter takes any number of digits; an id past 2**63 - 1 then reaches the
database, and SQLite and PostgreSQL both refuse it with an error (a 500). No row can have such an
id, so the URL simply matches nothing.
"""

from __future__ import annotations

BIGINT_MAX = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > BIGINT_MAX:
            raise ValueError("larger than any id the database holds")  # Django then tries the next pattern
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))
