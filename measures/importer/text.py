"""Line cleaning, list markers and footnotes for Improvement Notice text.

Notices reach us as text converted from PDF, so wording is split across page
breaks, footnotes land wherever the page ended, and bullets come out as "-",
"o", "•" or nothing at all.  Everything here works on numbered lines so that
the parser can name the line each repair was made on.  It also reads the
header ("To:", "Address") and the signature block, which are line-shaped too.
Nothing in this module knows what a measure or a duty is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .dates import FULL_DATE, find_date

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_DIGITS = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")

# Characters PDF converters leave behind that carry no meaning in the text.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")

_FOOTNOTE_START = re.compile(r"^\s*(?:(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)|\[(?P<num>\d{1,2})\])(?:\s+(?P<text>\S.*)|\s*)$")
_URL_LINE = re.compile(r"^\s*<?(?:https?://|www\.)\S+>?\s*$")
_SUP_MARKER = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_BRACKET_MARKER = re.compile(r"\s?\[(\d{1,2})\]")
# "-", "o", "•", "*" … followed by a space; "**bold**" is not a bullet.
_BULLET_TOKEN = re.compile(r"^[-–—•◦▪●·*o]\s+")
_LABEL = re.compile(r"^\((?P<a>[ivx]+|[a-z]|\d{1,2})\)\s*|^(?P<b>[ivx]+|[a-z]|\d{1,2})\)\s+")
# An asterisk footnote: "need*" in the text, "* Children in need are …" below it.
_STAR_MARKER = re.compile(r"(?<=[\w.,;:)’'”])\*(?![*\w])")
_STAR_NOTE = re.compile(r"^\s*\*\s+(?P<text>[A-Z“‘\"'].*)$")
_SECTION_NUMBER = re.compile(r"^(?:\*\*)?\d{1,2}\.(?:\*\*)?(?:\s|\*\*)")
SIGNATURE = re.compile(r"^\s*(?:\*\*)?(?:Signed|Dated?)\b\s*:?", re.I)
_LIST_JOINED = re.compile(r"[;,]\s+(?:and|or)$")


class NoticeParseError(ValueError):
    """Clear, user-facing message naming what is wrong (and the line number where useful)."""


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the source, for messages and guesses
    text: str
    # Blank placeholders left where a footnote was cut out carry its number,
    # so a sentence rejoined across the gap can say which footnote split it.
    footnote: str = ""

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass
class Footnote:
    number: str
    text: str
    first_line: int
    last_line: int

    @property
    def where(self) -> str:
        if self.first_line == self.last_line:
            return f"line {self.first_line}"
        return f"lines {self.first_line}–{self.last_line}"


@dataclass(frozen=True)
class Marker:
    """What a line starts with once bullets are peeled off."""

    kind: str  # "label" for (i)/(a), "bullet" for -, o, •, *; "plain" for none
    label: str  # "i", "ii", "a" … for labels, otherwise ""
    text: str  # the line without its markers


def split_lines(text: str) -> list[Line]:
    """Number the lines, normalising line endings and odd spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    return [Line(number, _ODD_SPACES.sub(" ", raw).rstrip()) for number, raw in enumerate(text.split("\n"), start=1)]


def is_url_line(text: str) -> bool:
    return bool(_URL_LINE.match(text))


def footnote_start(text: str) -> tuple[str, str] | None:
    """Return (number, first text) when a line opens a footnote."""
    match = _FOOTNOTE_START.match(text)
    if not match:
        return None
    number = (match["sup"] or "").translate(_TO_DIGITS) or match["num"]
    return number, match["text"] or ""


def cut_footnotes(lines: list[Line]) -> tuple[list[Line], dict[str, Footnote], list[str]]:
    """Lift footnotes out of the body, leaving numbered blank placeholders.

    A footnote is its opening line, the lines that follow it without a break,
    and any URL lines after blank lines (converters put links on their own
    paragraph).  Body text after a blank line never belongs to a footnote:
    that is how a sentence split by a footnote at a page foot resumes.
    """
    body: list[Line] = []
    footnotes: dict[str, Footnote] = {}
    guesses: list[str] = []
    # "* Text" is a footnote only where the text cites one ("need*"); otherwise it is a bullet.
    stars = any(_STAR_MARKER.search(line.text) for line in lines if not _STAR_NOTE.match(line.text))
    i = 0
    while i < len(lines):
        opened = footnote_start(lines[i].text)
        star = _STAR_NOTE.match(lines[i].text)
        if opened is None and stars and star and (i == 0 or lines[i - 1].blank):
            opened = "*", star["text"]
        if opened is None:
            body.append(lines[i])
            i += 1
            continue
        number, first = opened
        end = _footnote_end(lines, i)
        parts = [first] + [_unwrap_url(line.text) for line in lines[i + 1 : end + 1]]
        text = " ".join(part.strip() for part in parts if part.strip())
        note = Footnote(number, _unwrap_url(text), lines[i].number, lines[end].number)
        if number in footnotes:
            guesses.append(
                f"Footnote {number} is printed twice ({footnotes[number].where} and "
                f"{note.where}); the second text was appended to the first."
            )
            footnotes[number].text += " " + note.text
        else:
            footnotes[number] = note
        body.extend(Line(line.number, "", number) for line in lines[i : end + 1])
        i = end + 1
    return body, footnotes, guesses


def _footnote_end(lines: list[Line], start: int) -> int:
    end = start
    while end + 1 < len(lines) and _continues_footnote(lines[end + 1].text):
        end += 1
    probe = end + 1
    while probe < len(lines) and (lines[probe].blank or is_url_line(lines[probe].text)):
        if not lines[probe].blank:
            end = probe
        probe += 1
    return end


def _continues_footnote(text: str) -> bool:
    stripped = text.strip()
    return bool(
        stripped
        and footnote_start(text) is None
        and not _BULLET_TOKEN.match(stripped)
        and not _SECTION_NUMBER.match(stripped)
    )


def _unwrap_url(text: str) -> str:
    """Drop the <…> a converter puts round links; the link itself is kept."""
    return re.sub(r"<((?:https?://|www\.)[^>\s]+)>", r"\1", text)


def strip_markers(text: str, known: set[str]) -> tuple[str, list[str]]:
    """Remove footnote markers, returning the text and the numbers they cited.

    Superscript digits are always markers.  "[n]" is only a marker when a
    footnote n exists, so bracketed numbers in the wording survive.
    """
    cited: list[str] = []

    def superscript(match: re.Match[str]) -> str:
        cited.append(match.group().translate(_TO_DIGITS))
        return ""

    def bracket(match: re.Match[str]) -> str:
        if match[1] not in known:
            return match.group()
        cited.append(match[1])
        return ""

    def star(match: re.Match[str]) -> str:
        cited.append("*")
        return ""

    text = _BRACKET_MARKER.sub(bracket, _SUP_MARKER.sub(superscript, text))
    if "*" in known:
        text = _STAR_MARKER.sub(star, text)
    return text, cited


def strip_bold(text: str) -> str:
    return text.replace("**", "")


def squash(text: str) -> str:
    """Collapse runs of whitespace to single spaces."""
    return " ".join(text.split())


def read_marker(text: str) -> Marker:
    """Peel bullets ("- o ", "•", "*") and a label ("(ii)", "a)") off a line."""
    rest = text.strip()
    bullets = 0
    while match := _BULLET_TOKEN.match(rest):
        rest = rest[match.end() :]
        bullets += 1
    if match := _LABEL.match(rest):
        return Marker("label", match["a"] or match["b"], rest[match.end() :].strip())
    return Marker("bullet" if bullets else "plain", "", rest)


def is_unfinished(text: str) -> bool:
    """True when wording stops mid-sentence, as at a page break.

    "…follow the principles and" is unfinished; "…children; and" is a list
    item that ended normally.
    """
    tail = strip_markers(strip_bold(text), set())[0].rstrip(" ’'”\")]")
    if not tail:
        return False
    return tail[-1] not in ".;:!?" and not _LIST_JOINED.search(tail)


def starts_lower(text: str) -> bool:
    first = text.lstrip(" ‘'“\"(")
    return bool(first) and first[0].islower()


def paragraphs(lines: list[Line], guesses: list[str], where: str) -> list[str]:
    """Join wrapped lines into paragraphs, rejoining sentences split by a gap.

    List items keep their own paragraph so section text stays readable.
    """
    result: list[str] = []
    gap = False
    gap_note = ""
    for line in lines:
        if line.blank:
            gap = True
            gap_note = gap_note or line.footnote
            continue
        text = squash(strip_bold(line.text))
        marker = read_marker(text)
        item = marker.kind != "plain"
        if item and marker.kind == "label":
            text = f"({marker.label}) {marker.text}"
        elif item:
            text = marker.text
        if result and not item and (not gap or is_unfinished(result[-1])):
            if gap:
                guesses.append(_rejoin_note(where, line.number, gap_note))
            result[-1] += " " + text
        else:
            result.append(text)
        gap, gap_note = False, ""
    return result


def _rejoin_note(where: str, number: int, footnote: str) -> str:
    cause = f"footnote {footnote}" if footnote else "a page break"
    return f"A sentence in {where} was split by {cause} before line {number}; the halves were rejoined."


# -------------------------------------------------------------- citations


class Citations:
    """Collects footnote markers and remembers who cited each footnote."""

    def __init__(self, footnotes: dict[str, Footnote], guesses: list[str]):
        self.footnotes, self.guesses = footnotes, guesses
        self.cited_by: dict[str, list[str]] = {}

    def clean(self, text: str, owner: str) -> tuple[str, list[str]]:
        text, numbers = strip_markers(squash(strip_bold(text)), set(self.footnotes))
        texts = []
        for number in dict.fromkeys(numbers):
            self.cited_by.setdefault(number, []).append(owner)
            if number in self.footnotes:
                texts.append(self.footnotes[number].text)
            else:
                self.guesses.append(f"Footnote marker {number} in {owner} has no footnote text.")
        return squash(text), texts


# ------------------------------------------------------------- list items


@dataclass
class ListItem:
    label: str  # "i", "a" … for labelled items; "" for bullets
    lines: list[str]
    line_number: int
    children: list[ListItem] = field(default_factory=list)
    rejoined: list[tuple[int, str]] = field(default_factory=list)  # (line, footnote)
    unmarked: bool = False


@dataclass
class ListBody:
    lead: list[str]
    items: list[ListItem] = field(default_factory=list)
    closing: list[Line] = field(default_factory=list)


def read_list_body(lines: list[Line]) -> ListBody:
    """Sort a measure's lines into lead-in, items and closing prose.

    Indentation is ignored: converters shift it at random.  A bullet belongs
    to the labelled item ("(i) In relation to safeguarding:") above it.  An
    unmarked line continues the item unless a gap comes first; after a gap
    it continues only an unfinished sentence (a page break), starts a new
    bullet when it begins in lower case, and is otherwise closing prose.
    """
    body = ListBody([lines[0].text])
    group: ListItem | None = None
    current: ListItem | None = None
    gap, note = False, ""
    for line in lines[1:]:
        if line.blank:
            gap, note = True, note or line.footnote
            continue
        marker = read_marker(line.text)
        if marker.kind == "label":
            group = current = ListItem(marker.label, [marker.text], line.number)
            body.items.append(group)
        elif marker.kind == "bullet" or (
            current and gap and not body.closing and _unmarked_bullet(current, marker.text)
        ):
            current = ListItem("", [marker.text], line.number, unmarked=marker.kind == "plain")
            (group.children if group else body.items).append(current)
        elif current is None:
            body.lead.append(marker.text)
        elif body.closing or (gap and not _continues(current, marker.text)):
            body.closing.append(line)
        else:
            current.lines.append(marker.text)
            if gap:
                current.rejoined.append((line.number, note))
        gap, note = False, ""
    return body


def _unmarked_bullet(current: ListItem, text: str) -> bool:
    """A lower-case line after a finished item is a bullet that lost its marker."""
    return not _continues(current, text) and starts_lower(text)


def _continues(current: ListItem, text: str) -> bool:
    """After a gap, does this unmarked line carry on the current item?"""
    bare_conjunction = re.fullmatch(r"(?:and|or|and/or)[.;,]?", text.strip())  # "…;" then "and"
    return bool(bare_conjunction) or is_unfinished(" ".join(current.lines))


# --------------------------------------------------------------- decoding


def looks_utf16(data: bytes) -> bool:
    """BOM-less UTF-16 of English text has a NUL in every other byte."""
    sample = data[:512]
    half = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    # NULs on one side only: zero padding in a binary file puts them on both.
    return half >= 4 and max(even, odd) > 0.4 * half and min(even, odd) < 0.1 * half


def mostly_control(data: bytes) -> bool:
    sample = data[:4096]
    control = sum(1 for byte in sample if byte < 32 and byte not in b"\t\n\r\f\v" or byte == 127)
    return control > 0.1 * len(sample)


# ------------------------------------------------------ header and signature


@dataclass
class Header:
    title: str = ""
    authority: str = ""
    address: str = ""
    preamble: list[Line] = field(default_factory=list)
    issued_on: date | None = None  # later notices print "Date of issue: …" at the top


_DATE_OF_ISSUE = re.compile(r"\bDate of issue\b\s*:?\s*(?P<rest>.*)$", re.I)


def read_header(lines: list[Line], guesses: list[str]) -> Header:
    header, in_address = Header(), False
    for line in lines:
        text = squash(strip_bold(line.text))
        # Printed on its own line or as the right-hand column beside "To:".
        if (issue := _DATE_OF_ISSUE.search(text)) and find_date(issue["rest"]):
            header.issued_on = header.issued_on or find_date(issue["rest"])
            text = text[: issue.start()].strip()
            if not text:
                continue
        if line.blank:
            # "Vale Road," promises more of the address even after a gap.
            in_address = in_address and header.address.endswith(",")
        elif match := re.match(r"^To\b:?\s*(?:Name\b:?\s*)?(.*)$", text):
            header.authority = _authority(match[1])
        elif match := re.match(r"^Address\b:?\s*(.*)$", text):
            header.address, in_address = match[1], True
        elif in_address:
            header.address = header.address.rstrip(" ,") + ", " + text
        elif not header.title and not header.authority and "notice" in text.lower():
            header.title = text
        elif header.authority or header.title:
            header.preamble.append(line)
    if not header.title:
        header.title = "Improvement Notice"
        guesses.append("No title line found before 'To:'; the title is stored as 'Improvement Notice'.")
    return header


def _authority(text: str) -> str:
    """ "Medway Council (“the Council”)" → "Medway Council"."""
    text = re.sub(r"\s*\(\s*[“\"‘']?the [^)]*\)", "", text)
    return text.strip(" “”\"‘’'.,")


def read_signature(lines: list[Line]) -> tuple[date | None, str, str]:
    """Issue date, signatory and role from the block after the last section."""
    issued, names = None, []
    for line in lines:
        text = squash(strip_bold(line.text))
        if match := SIGNATURE.match(text):
            issued = issued or find_date(text)
            rest = re.split(r"\bDated?\b", text[match.end() :])[0].strip(" :")
            names += [rest] if rest and not find_date(rest) else []
        elif text:
            names.append(text)
    return issued, (names[0] if names else ""), (names[1] if len(names) > 1 else "")


def authority_from_preamble(preamble: str, guesses: list[str]) -> str:
    """Fallback for notices without a "To:" line: "issued to X Council" names it."""
    match = re.search(r"\b(?:issued|given) to ((?:[A-Z][\w'’-]+ )+Council)\b", preamble)
    if not match:
        raise NoticeParseError(
            "No council is named: expected a line such as 'To: Name Medway Council' before section 1"
        )
    guesses.append(f"No 'To:' line; the council is taken from the preamble: {match[1]}.")
    return match[1]


def find_supersedes(preamble: str) -> date | None:
    """Date of the earlier notice ("…was issued to Medway Council on 17 July 2013")."""
    earlier = r"\bImprovement Notice\b.{0,120}?\bwas (?:issued|given) to\b(?P<rest>.{0,120})"
    match = re.search(earlier, preamble)
    found = FULL_DATE.search(match["rest"]) if match else None
    return find_date(found.group()) if found else None
