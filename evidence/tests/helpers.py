"""Shared checks for evidence view tests."""

from __future__ import annotations

from pathlib import Path

from evidence.models import EvidenceItem, EvidenceRevision


def stored_files(media_root) -> list[Path]:
    root = Path(media_root)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def assert_nothing_stored(media_root) -> None:
    assert EvidenceItem.objects.count() == 0
    assert EvidenceRevision.objects.count() == 0
    assert stored_files(media_root) == []


def form_data(**overrides) -> dict:
    data = {
        "title": "Case-file audit, June 2014",
        "description": "Twenty cases audited.",
        "kind": "case_file_audit",
        "nature": "qualitative",
        "covers_from": "01/06/2014",
        "covers_to": "30/06/2014",
        "link": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
