"""The notices the parser tests read: Medway's, and the varied samples in tests/notices/."""

from __future__ import annotations

from pathlib import Path

from measures.importer.parser import ParsedNotice, parse_notice, read_notice_text

SAMPLES = Path(__file__).resolve().parent / "notices"


def medway_path() -> Path:
    """The project's shipped copy when it exists, else the shared original."""
    shipped = Path(__file__).resolve().parents[1] / "notices" / "medway-2014-05-21.txt"
    if shipped.exists():
        return shipped
    return Path(__file__).resolve().parents[3] / "shared" / "notices" / "medway-2014-05-21.txt"


def load(path: Path) -> ParsedNotice:
    return parse_notice(read_notice_text(path.read_bytes(), source_name=path.name))
