"""How a notice's body is laid out: header, numbered sections, signature block; and what each
section is (background, a measure, governance or the consequence of failing to comply).

Pure Python, like the rest of the importer: measures/importer/parser.py reads the measures and
duties from the sections this finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import SIGNATURE, Line, is_unfinished, read_marker, squash, strip_bold

_SECTION = re.compile(
    r"^\s*(?P<bullet>(?:[-–•*o]\s+)*)(?:\*\*)?(?P<num>\d{1,2})\.(?:\*\*)?(?:\s+|(?=\*\*))(?P<rest>\S.*)$"
)
_LINKS = [  # sentences between sections that say what the next sections are
    ("measure", re.compile(r"\bfollowing measures are (?:needed|required)\b", re.I)),
    ("governance", re.compile(
        r"^Taking account of the measures|\bwill be (?:assessed|monitored) as follows\b", re.I)),
    ("consequence", re.compile(r"^Failure to comply\b", re.I)),
]  # fmt: skip
_BACKGROUND = re.compile(r"\bNotice is (?:given|issued)\b|\bthis (?:new |second |further )?Notice\b", re.I)
_GOVERNANCE = re.compile(
    r"\bImprovement Board\b|\bImprovement Plan\b|\bmonthly report\b|\bprogress reviews?\b"
    r"|\breview meetings?\b"
    r"|\bfail(?:ure|s)? to comply\b|\bunwilling or unable\b|\bpowers of intervention\b",
    re.I,
)
_CONSEQUENCE = re.compile(r"\bunwilling or unable to comply\b|\bpowers of intervention\b|\bs\s?497A\b", re.I)


@dataclass
class Section:
    number: str  # as printed
    reference: str  # unique: "3", then "3A" for a repeat
    lines: list[Line]  # the first holds the text after the number
    link: str = ""  # kind of linking sentence printed just before it
    role: str = ""  # background, measure, governance or consequence
    topic: str = ""  # the unnumbered topic heading it sits under ("Help and protection")
    topic_line: int = 0

    @property
    def first_line(self) -> int:
        return self.lines[0].number

    @property
    def lead(self) -> str:
        """Text before the first list item, for telling sections apart."""
        lead: list[str] = []
        for line in self.lines:
            if lead and read_marker(line.text).kind != "plain":
                break
            lead.append(line.text)
        return squash(" ".join(lead))

    @property
    def has_items(self) -> bool:
        return any(read_marker(line.text).kind != "plain" for line in self.lines[1:] if not line.blank)


@dataclass
class Layout:
    header: list[Line] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    signature: list[Line] = field(default_factory=list)


def lay_out(body: list[Line], guesses: list[str]) -> Layout:
    """Split the body into header, numbered sections and signature block."""
    layout, link = Layout(), ""
    for line in body:
        if layout.signature or (layout.sections and SIGNATURE.match(line.text)):
            layout.signature.append(line)
        elif section := _start_section(line, layout.sections, guesses):
            section.link, link = link, ""
            if layout.sections:
                last = layout.sections[-1]
                section.topic, section.topic_line = last.topic, last.topic_line
                if topic := _take_topic(last.lines):
                    section.topic, section.topic_line = topic.text.strip(), topic.number
                if section.link and section.link != "measure":
                    section.topic = ""
            layout.sections.append(section)
        elif kind := _link_kind(line):
            link = kind
        else:
            (layout.sections[-1].lines if layout.sections else layout.header).append(line)
    return layout


def _take_topic(lines: list[Line]) -> Line | None:
    """Cut an unnumbered topic heading ("Children in care") off the end of a section.

    Later notices group numbered measures under such headings.  A topic is a short line on
    its own after a finished sentence, starting with a capital and ending without punctuation.
    """
    filled = [index for index, line in enumerate(lines) if not line.blank]
    if len(filled) < 2 or filled[-1] - filled[-2] < 2:
        return None  # the section's own first line, or no gap before it
    candidate, before = lines[filled[-1]], lines[filled[-2]]
    text = strip_bold(candidate.text).strip()
    if not (1 <= len(text.split()) <= 8 and text[0].isupper() and text[-1] not in ".;:,!?)*"):
        return None
    if read_marker(text).kind != "plain" or is_unfinished(before.text) or re.search(r"\d|[⁰¹²³⁴⁵⁶⁷⁸⁹]", text):
        return None
    del lines[filled[-1] :]
    return candidate


def _link_kind(line: Line) -> str:
    if line.blank or read_marker(line.text).kind != "plain":
        return ""
    text = strip_bold(line.text).strip()
    return next((kind for kind, pattern in _LINKS if pattern.search(text)), "")


def _start_section(line: Line, sections: list[Section], guesses: list[str]) -> Section | None:
    match = _SECTION.match(line.text)
    if not match:
        return None
    number, last = int(match["num"]), int(sections[-1].number) if sections else None
    # Numbers only ever repeat or climb by one; anything else is wording.
    if last is not None and not last <= number <= last + 2:
        return None
    reference = _unique_reference(match["num"], sections, line, guesses)
    if match["bullet"]:
        guesses.append(
            f"Section {number} (line {line.number}) is printed after a bullet marker "
            f"('{match['bullet'].strip()} {number}.'); read as the start of section {number}, not a bullet."
        )
    if last is not None and number == last + 2:
        guesses.append(
            f"Section number {last + 1} is missing: the numbering jumps from {last} to {number} at line {line.number}."
        )
    return Section(match["num"], reference, [Line(line.number, match["rest"])])


def _unique_reference(number: str, sections: list[Section], line: Line, guesses: list[str]) -> str:
    repeats = [s for s in sections if s.number == number]
    if not repeats:
        return number
    reference = number + chr(ord("A") + len(repeats) - 1)
    times = {2: "twice", 3: "three times"}.get(len(repeats) + 1, f"{len(repeats) + 1} times")
    lines = " and ".join(str(s.first_line) for s in repeats) + f" and {line.number}"
    lines = lines.replace(" and ", ", ", len(repeats) - 1)
    guesses.append(
        f"Section number {number} is printed {times} (lines {lines}); the repeat on line "
        f"{line.number} is stored as {reference}."
    )
    return reference


def classify(sections: list[Section], guesses: list[str]) -> None:
    """Label sections as background, measure, governance or consequence.

    Linking sentences ("The following measures are needed…", "Taking account
    of the measures…", "Failure to comply…") decide when present; otherwise
    the wording does, so notices numbered differently still parse.
    """
    linked = any(s.link == "measure" for s in sections)
    phase = "background"
    for index, section in enumerate(sections):
        phase = section.link or phase
        if phase == "background" and not linked and not (index == 0 and _BACKGROUND.search(section.lead)):
            phase = "measure"
        if phase == "measure" and not section.link and _is_governance(section):
            phase = "governance"
            guesses.append(
                f"No linking sentence before section {section.reference} (line {section.first_line}); "
                "it and the sections after it were read as governance because of their wording."
            )
        consequence = phase in ("governance", "consequence") and _CONSEQUENCE.search(section.lead)
        section.role = "consequence" if consequence or phase == "consequence" else phase


def _is_governance(section: Section) -> bool:
    return not section.has_items and bool(_GOVERNANCE.search(section.lead))
