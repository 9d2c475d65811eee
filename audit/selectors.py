"""Reads of the security event log: one query for a page of rows, one to count them."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone

from audit.models import SecurityEvent
from measures.models import Notice

CSV_HEADER = ["When (UK time)", "What happened", "Username", "Address", "Object", "Path", "Detail"]


def notice_events(notice: Notice) -> QuerySet[SecurityEvent]:
    """What an administrator of `notice` may see: its events and its members' sign-in events."""
    return SecurityEvent.objects.of_notice(notice).only(
        "at", "kind", "username", "ip_address", "object_ref", "path", "detail"
    )


def csv_rows(events: QuerySet[SecurityEvent]) -> Iterator[list[str]]:
    """The export's rows, streamed in chunks so a long log is never held in memory."""
    kinds = dict(SecurityEvent.Kind.choices)
    for event in events.iterator(chunk_size=2000):
        yield [
            timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
            kinds.get(event.kind, event.kind),
            _safe_cell(event.username),
            event.ip_address or "",
            event.object_ref,
            _safe_cell(event.path),
            _safe_cell(event.detail),
        ]


def _safe_cell(value: str) -> str:
    """A typed username like `=HYPERLINK(...)` must stay text in a spreadsheet (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
