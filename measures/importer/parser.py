"""Turn a DfE Improvement Notice, as its PDF (pdf.py) or plain text, into dataclasses: the body's
layout is found by layout.py, its duties by duties.py; this reads the measures and puts it together.

Pure Python on purpose: the import service, a management command and the tests
all call it without Django.  The text is messy (page breaks inside sentences,
footnotes wherever the page ended, a section number printed twice), so the
parser repairs what it can and lists every repair in ``ParsedNotice.guesses``
for an administrator to check before the notice is saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .duties import (
    DutyContext,
    ParsedDuty,
    ParsedSourceReport,
    find_duties,
    find_requirement_deadlines,
    find_source_reports,
    unique_codes,
)
from .layout import Section, classify, lay_out
from .pdf import read_pdf
from .text import (
    Citations,
    Footnote,
    Header,
    ListItem,
    NoticeParseError,
    authority_from_preamble,
    cut_footnotes,
    find_supersedes,
    looks_utf16,
    mostly_control,
    paragraphs,
    read_header,
    read_list_body,
    read_signature,
    split_lines,
    squash,
    strip_bold,
    strip_markers,
)

__all__ = [
    "NoticeParseError", "ParsedDuty", "ParsedMeasure", "ParsedNotice", "ParsedRequirement",
    "NoticeSource", "ParsedSourceReport", "parse_notice", "read_notice", "read_notice_text",
]  # fmt: skip

# Impact items ask for evidence that something changed, not for an action.
_EVIDENCE = re.compile(r"\b(?:qualitative and quantitative|quantitative and qualitative) evidence\b", re.I)
_CONFIRMS = re.compile(r"\b(?:confirms?|demonstrates?|demonstrating|shows?)\b", re.I)
_IMPACT = re.compile(r"\bevidence of (?:the )?impact\b", re.I)
_HEADING_TAIL = re.compile(r"(?:,?\s+(?:by ensuring(?: that)?|which must|to|by))?\s*[:.]?\s*$")


@dataclass
class ParsedRequirement:
    reference: str
    text: str
    subheading: str
    kind: str  # "action" or "impact"
    position: int
    footnotes: list[str] = field(default_factory=list)


@dataclass
class ParsedMeasure:
    reference: str
    printed_number: str
    heading: str
    intro: str
    position: int
    requirements: list[ParsedRequirement]
    # Every footnote cited anywhere in the measure: lead-in, items or closing.
    footnotes: list[str] = field(default_factory=list)
    # Extra: prose after the items that is not an item (Medway section 2).
    closing: str = ""


@dataclass
class ParsedNotice:
    title: str
    authority_name: str
    authority_address: str
    issued_on: date
    signed_by: str
    signatory_role: str
    supersedes_issued_on: date | None
    background: str
    consequence: str
    delivery_deadline: date | None
    measures: list[ParsedMeasure]
    duties: list[ParsedDuty]
    source_reports: list[ParsedSourceReport]
    sections: dict[str, str]
    guesses: list[str]
    # Dates the importer could not work out: kept as the notice words them, for the administrator to set.
    questions: list[str] = field(default_factory=list)


# ------------------------------------------------------------------ decoding


# PNG, JPEG, GIF, ZIP (and so .docx/.xlsx), legacy Office: never a notice's text.
BINARY_SIGNATURES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


@dataclass
class NoticeSource:
    """The text a notice file holds, and what was repaired to get it (PDF furniture, split sentences)."""

    text: str
    notes: list[str]
    kind: str  # "pdf" or "text"


def read_notice(data: bytes, *, source_name: str = "") -> NoticeSource:
    """The notice's text from a PDF as DfE publishes it, or from plain UTF-8 text."""
    if data.lstrip()[:5] == b"%PDF-":
        pdf = read_pdf(data, name=source_name or "The notice")
        notes = [f"Read from a PDF of {pdf.pages} page{'s' if pdf.pages > 1 else ''}."] + pdf.notes
        return NoticeSource(pdf.text, notes, "pdf")
    return NoticeSource(read_notice_text(data, source_name=source_name), [], "text")


def read_notice_text(data: bytes, *, source_name: str = "") -> str:
    """Decode an uploaded notice, refusing anything that is not UTF-8 text."""
    name = source_name or "The notice"
    if not data.strip():
        raise NoticeParseError(f"{name} is empty")
    if data.startswith(BINARY_SIGNATURES):
        raise NoticeParseError(
            f"{name} looks like a binary file, not a text notice (an image, archive or office document)"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or looks_utf16(data):
        raise NoticeParseError(f"{name} is UTF-16 text, not UTF-8; save it as UTF-8 and try again")
    if data.startswith(b"%PDF"):
        raise NoticeParseError(
            f"{name} looks like a binary file, not a text notice (it is a PDF: convert it to text first)"
        )
    if b"\x00" in data or mostly_control(data):
        raise NoticeParseError(f"{name} looks like a binary file, not a text notice")
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as error:
        raise NoticeParseError(
            f"{name} is not UTF-8 text (first bad byte at offset {error.start + bom}); save it as UTF-8 and try again"
        ) from None
    if not text.strip():
        raise NoticeParseError(f"{name} is empty")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ------------------------------------------------------------------ measures


def _read_measure(section: Section, position: int, cite: Citations) -> ParsedMeasure:
    body = read_list_body(section.lines)
    ref = section.reference
    intro, cited = cite.clean(" ".join(body.lead), f"measure {ref}'s lead-in")
    requirements = _requirements(ref, body.items, cite)
    if not requirements:
        cite.guesses.append(
            f"Measure {ref} has no bullets or lettered items; its lead-in is stored as its only requirement."
        )
        requirements = [ParsedRequirement(f"{ref}.1", intro, "", kind_of(intro), 1, list(cited))]
    closing_text = " ".join(line.text for line in body.closing)
    closing, closing_cited = cite.clean(closing_text, f"measure {ref}'s closing text")
    if body.closing:
        cite.guesses.append(
            f"Line {body.closing[0].number} ('{_start_of(closing)}') follows the items of measure {ref} "
            "but is not an item; kept as the measure's closing text, not as a requirement."
        )
    footnotes = cited + [note for r in requirements for note in r.footnotes] + closing_cited
    heading = _heading(" ".join(body.lead), ref, cite)
    if section.topic:
        heading = f"{section.topic}: {heading}"
        cite.guesses.append(
            f"Measure {ref} sits under the topic heading '{section.topic}' (line {section.topic_line}); "
            "the topic starts its heading."
        )
    return ParsedMeasure(
        ref, section.number, heading, intro, position, requirements, list(dict.fromkeys(footnotes)), closing
    )


def _requirements(ref: str, items: list[ListItem], cite: Citations) -> list[ParsedRequirement]:
    found: list[tuple[str, str, ListItem]] = []
    bullets = 0
    for item in items:
        if item.label and item.children:
            subheading = squash(strip_bold(" ".join(item.lines))).rstrip(":").strip()
            children = enumerate(item.children, 1)
            found += [(f"{ref}({item.label}).{n}", subheading, child) for n, child in children]
        elif item.label:
            found.append((f"{ref}({item.label})", "", item))
        else:
            bullets += 1
            found.append((f"{ref}.{bullets}", "", item))
    return [_requirement(ref_, sub, item, n, cite) for n, (ref_, sub, item) in enumerate(found, 1)]


def _requirement(reference: str, subheading: str, item: ListItem, position: int, cite: Citations) -> ParsedRequirement:
    owner = f"requirement {reference}"
    text, footnotes = cite.clean(" ".join(item.lines), owner)
    for line_number, footnote in item.rejoined:
        cause = f"footnote {footnote}" if footnote else "a page break"
        cite.guesses.append(
            f"Requirement {reference} is split by {cause} before line {line_number}; the two halves were rejoined."
        )
    if item.unmarked:
        cite.guesses.append(
            f"No bullet marker before '{_start_of(text)}' (line {item.line_number}); "
            f"treated as a new bullet, {reference}."
        )
    return ParsedRequirement(reference, text, subheading, kind_of(text), position, footnotes)


def kind_of(text: str) -> str:
    """ "impact" for an item that asks for proof that something changed, else "action"."""
    asks_for_proof = _EVIDENCE.search(text) and _CONFIRMS.search(text)
    return "impact" if asks_for_proof or _IMPACT.search(text) else "action"


def _heading(lead: str, ref: str, cite: Citations) -> str:
    """The bold lead sentence; failing that, the lead-in's first sentence."""
    bold = re.match(r"^\*\*(.+?)\*\*", lead.strip())
    if bold and len(bold[1].split()) >= 4:
        return strip_markers(squash(bold[1]), set(cite.footnotes))[0].strip().rstrip(".")
    plain = strip_markers(squash(strip_bold(lead)), set(cite.footnotes))[0]
    first = re.split(r"(?<=\.)\s+(?=[A-Z])", plain)[0]
    heading = _HEADING_TAIL.sub("", first)
    cite.guesses.append(f"Measure {ref} has no bold heading; its heading was taken from its lead-in: '{heading}'.")
    return heading


def _start_of(text: str, words: int = 6) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


# ------------------------------------------------------------------- parsing


def parse_notice(text: str) -> ParsedNotice:
    """Parse notice text; raise NoticeParseError when it is not a usable notice."""
    body, footnotes, guesses = cut_footnotes(split_lines(text))
    layout = lay_out(body, guesses)
    if not layout.sections:
        raise NoticeParseError(
            "No numbered sections found: an Improvement Notice numbers its sections '1.', '2.' … "
            "at the start of a line. Check that this is the text of a notice."
        )
    classify(layout.sections, guesses)
    cite = Citations(footnotes, guesses)
    header = read_header(layout.header, guesses)
    measures = _measures(layout.sections, cite)
    governed = [s for s in layout.sections if s.role in ("governance", "consequence")]
    sections = {s.reference: _section_text(s, cite) for s in governed}
    background = _background(header, layout.sections, cite)
    issued_on, signed_by, role = read_signature(layout.signature)
    if issued_on is None and header.issued_on is not None:
        issued_on = header.issued_on
        guesses.append(
            f"The signature block has no date; the issue date is the 'Date of issue' at the top, {issued_on:%-d %B %Y}."
        )
    if issued_on is None:
        raise NoticeParseError(
            "No issue date found: expected a line such as 'Date: 21st May 2014' after the last section, "
            "or 'Date of issue: 21 May 2014' at the top"
        )
    source_reports = find_source_reports(background, guesses)
    governance = {s.reference: sections[s.reference] for s in layout.sections if s.role == "governance"}
    context = DutyContext(issued_on, source_reports, guesses)
    duties = find_duties(governance, context)
    items = [(m.reference, r.reference, r.text) for m in measures for r in m.requirements]
    duties += find_requirement_deadlines(items, context)
    unique_codes(duties, guesses)
    _note_footnotes(footnotes, cite, layout.sections, guesses)
    _note_layout(layout.sections, guesses)
    return ParsedNotice(
        title=header.title,
        authority_name=header.authority or authority_from_preamble(background, guesses),
        authority_address=header.address,
        issued_on=issued_on,
        signed_by=signed_by,
        signatory_role=role,
        supersedes_issued_on=find_supersedes(background),
        background=background,
        consequence="\n\n".join(sections[s.reference] for s in layout.sections if s.role == "consequence"),
        delivery_deadline=next((d.due_on for d in duties if d.code == "delivery_deadline"), None),
        measures=measures,
        duties=duties,
        source_reports=source_reports,
        sections=sections,
        guesses=guesses,
        questions=context.questions,
    )


def _measures(sections: list[Section], cite: Citations) -> list[ParsedMeasure]:
    chosen = [s for s in sections if s.role == "measure"]
    if not chosen:
        numbers = ", ".join(s.reference for s in sections)
        raise NoticeParseError(
            f"No measures found: sections {numbers} were all read as background, governance or the "
            "consequence of failure. Measures are the numbered sections that list what the council must do."
        )
    return [_read_measure(section, n, cite) for n, section in enumerate(chosen, 1)]


def _section_text(section: Section, cite: Citations) -> str:
    parts = paragraphs(section.lines, cite.guesses, f"section {section.reference}")
    return "\n".join(cite.clean(part, f"section {section.reference}")[0] for part in parts)


def _background(header: Header, sections: list[Section], cite: Citations) -> str:
    preamble = paragraphs(header.preamble, cite.guesses, "the preamble")
    parts = [cite.clean(p, "the preamble")[0] for p in preamble]
    for section in sections:
        if section.role == "background":
            parts.append(f"{section.number}. {_section_text(section, cite)}")
    return "\n\n".join(parts)


def _note_footnotes(
    footnotes: dict[str, Footnote], cite: Citations, sections: list[Section], guesses: list[str]
) -> None:
    """Say where each footnote was printed and where its text now lives."""
    for number, note in footnotes.items():
        printed = _printed_in(note.first_line, sections)
        owners = list(dict.fromkeys(cite.cited_by.get(number, [])))
        if not owners:
            guesses.append(
                f"Footnote {number} ({note.where}, in {printed}) is cited by no marker; its text was "
                "removed and is not attached anywhere."
            )
            continue
        guesses.append(
            f"Footnote {number} ({note.where}) was printed in {printed}; its text was removed from there "
            f"and attached to {' and '.join(owners)}, which cites it."
        )


def _printed_in(line_number: int, sections: list[Section]) -> str:
    before = [s for s in sections if s.first_line < line_number]
    if not before:
        return "the header"
    section = before[-1]
    return f"{'measure' if section.role == 'measure' else 'section'} {section.reference}"


def _note_layout(sections: list[Section], guesses: list[str]) -> None:
    """Record how sections were divided up: a reader should be able to check it."""
    for role in ("background", "governance", "consequence"):
        chosen = [s.reference for s in sections if s.role == role]
        if chosen:
            guesses.append(f"Section{'s' if len(chosen) > 1 else ''} {', '.join(chosen)} read as {role}.")
