"""The text of a notice published as a PDF, shaped like the hand-converted text the parser reads.

pypdf hands us each run of text with its position, size and font.  From those we rebuild
what a careful person typing the notice out would write: one line per paragraph or list
item, a blank line where the page shows space between paragraphs, **bold** kept, small
raised footnote numbers written as superscript digits, and the page furniture (running
heads and feet, page numbers, OFFICIAL marks) left out.  A sentence or word cut by a page
break is joined up again.  Every repair is written to ``notes`` for the import to print.
"""

from __future__ import annotations

import io
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from .text import NoticeParseError, is_unfinished, read_marker, starts_lower, strip_bold

NO_TEXT = "this PDF has no text to read (it looks scanned); ask DfE for the accessible version of the notice"
MAX_PAGES = 80  # a notice is a few pages; anything this long is some other document

_TO_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.I)
# Lines that are furniture wherever they sit at a page's head or foot.
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–—]?\s*\d{1,3}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,3})?$", re.I)
_FURNITURE_WORDS = re.compile(r"\bOFFICIAL(?:[\s-]*SENSITIVE)?\b|\bPage\s+\d{1,3}(?:\s+of\s+\d{1,3})?\b")
_STARTS_NEW_LINE = re.compile(r"^(?:\d{1,2}\.\s|[⁰¹²³⁴⁵⁶⁷⁸⁹]|\[\d{1,2}\]\s|\*\s?\S|To\b|Address\b|Date of issue\b)")
_SIGNED = re.compile(r"^(?:\*\*)?(?:Signed|Dated?)\b")  # as SIGNATURE, but "dated 15 May" is wording
_LONE_MARK = re.compile(r"OFFICIAL(?:[\s-]*SENSITIVE)?")
_FURNITURE_BAND = 3  # lines at the head and foot of a page that may be furniture

logger = logging.getLogger(__name__)


@dataclass
class _Run:
    x: float
    y: float
    size: float
    bold: bool
    text: str


@dataclass
class _Line:
    y: float
    size: float
    runs: list[_Run] = field(default_factory=list)
    text: str = ""


@dataclass
class PdfText:
    text: str
    pages: int
    notes: list[str]


def read_pdf(data: bytes, *, name: str) -> PdfText:
    """Extract a notice's text from PDF bytes, or refuse with a message saying why."""
    reader = _open(data, name)
    pages = [_page_lines(page) for page in reader.pages]
    if not any(pages):
        raise NoticeParseError(f"{name}: {NO_TEXT}")
    notes: list[str] = []
    blank = [str(n) for n, lines in enumerate(pages, 1) if not lines]
    if blank:
        notes.append(f"Page{'s' if len(blank) > 1 else ''} {', '.join(blank)} of the PDF had no text (scanned?).")
    _remove_furniture(pages, notes)
    return PdfText(_join_pages(pages, notes), len(pages), notes)


def _open(data: bytes, name: str) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise NoticeParseError(
                f"{name} is a password-protected PDF; ask DfE for a copy without a password, or the text"
            )
        if len(reader.pages) > MAX_PAGES:
            raise NoticeParseError(f"{name} has {len(reader.pages)} pages; a notice has a few, so this is not one")
    except NoticeParseError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError) as error:
        logger.info("Unreadable PDF %s: %s", name, error)
        raise NoticeParseError(f"{name} is a damaged PDF that cannot be read ({error})") from None
    return reader


# ------------------------------------------------------------------ one page


def _page_lines(page: Any) -> list[_Line]:
    runs: list[_Run] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text.strip("\n"):
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = math.sqrt(abs((tm[0] * tm[3] - tm[1] * tm[2]) * (cm[0] * cm[3] - cm[1] * cm[2])))
        bold = bool(font and _BOLD_FONT.search(str(font.get("/BaseFont", ""))))
        for offset, part in enumerate(text.split("\n")):
            if part:
                runs.append(_Run(x, y - offset * size * scale * 1.2, size * scale, bold, part))

    try:
        page.extract_text(visitor_text=visit)
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise NoticeParseError(f"a page of the PDF cannot be read ({error})") from None
    return [_line_text(line) for line in _group_lines(runs)]


def _group_lines(runs: list[_Run]) -> list[_Line]:
    """Runs sharing a baseline (a raised footnote number included) make one line, top down."""
    lines: list[_Line] = []
    for run in sorted(runs, key=lambda r: (-r.y, r.x)):
        line = next((li for li in lines if abs(li.y - run.y) <= 0.5 * max(li.size, run.size)), None)
        if line is None:
            lines.append(_Line(run.y, run.size, [run]))
            continue
        line.runs.append(run)
        if run.size > line.size:  # the body text's baseline, not the raised number's
            line.y, line.size = run.y, run.size
    return sorted(lines, key=lambda li: -li.y)


def _line_text(line: _Line) -> _Line:
    segments: list[tuple[bool, str]] = []
    for run in sorted(line.runs, key=lambda r: r.x):
        text = run.text
        raised = run.size < 0.85 * line.size and run.y > line.y + 0.1 * line.size
        if raised and text.strip().isdigit():
            text = text.strip().translate(_TO_SUPERSCRIPT)
        elif raised and text.strip() in ("*", "†"):
            text = text.strip()
        bold = run.bold and bool(text.strip())
        if segments and (segments[-1][0] == bold or not text.strip()):
            segments[-1] = (segments[-1][0], segments[-1][1] + text)
        else:
            segments.append((bold, text))
    parts = []
    for bold, text in segments:
        if bold:  # "**" hugs the words: " The Council " → " **The Council** "
            core = text.strip()
            text = text[: len(text) - len(text.lstrip())] + f"**{core}**" + text[len(text.rstrip()) :]
        parts.append(text)
    line.text = " ".join("".join(parts).split())
    return line


# ------------------------------------------------------------------ furniture


def _furniture_key(line: _Line) -> str:
    return re.sub(r"\d+", "#", strip_bold(line.text)).strip().lower()


def _remove_furniture(pages: list[list[_Line]], notes: list[str]) -> None:
    """Drop running heads and feet, page numbers and OFFICIAL marks from each page.

    Furniture is peeled from the head and the foot of each page inwards, stopping at the
    first line that is not furniture: a line that names a page number or a protective
    marking, or that recurs with the same wording (numbers aside) at the same height on
    other pages.  A lone "OFFICIAL" goes wherever it is printed.
    """
    band = [lines[:_FURNITURE_BAND] + lines[-_FURNITURE_BAND:] for lines in pages]
    seen: Counter[tuple[str, int]] = Counter()
    for lines in band:
        seen.update({(_furniture_key(line), round(line.y / 4)) for line in lines})
    recurring = max(2, math.ceil(len(pages) / 2))

    def furniture(line: _Line) -> bool:
        plain = strip_bold(line.text).strip()
        if _PAGE_NUMBER.match(plain) or _FURNITURE_WORDS.search(plain):
            return True
        # Body text that happens to recur ("and", "3. …") is never a running head.
        wording = len(plain.split()) >= 2 and not _starts_new_line(plain)
        return wording and seen[(_furniture_key(line), round(line.y / 4))] >= recurring

    removed: Counter[str] = Counter()
    for lines in pages:
        drop = set()
        for edge in (lines[:_FURNITURE_BAND], lines[::-1][:_FURNITURE_BAND]):
            for line in edge:
                if not furniture(line):
                    break
                drop.add(id(line))
        for line in lines:
            if id(line) in drop or _LONE_MARK.fullmatch(strip_bold(line.text).strip()):
                removed[re.sub(r"\d+", "N", strip_bold(line.text).strip())] += 1
        lines[:] = [line for line in lines if id(line) not in drop and not _LONE_MARK.fullmatch(
            strip_bold(line.text).strip())]  # fmt: skip
    for text, count in removed.items():
        notes.append(f"Page furniture removed from {count} page{'s' if count > 1 else ''}: '{text}'.")


# ---------------------------------------------------------------- joining up


def _starts_new_line(text: str) -> bool:
    return bool(_STARTS_NEW_LINE.match(strip_bold(text)) or _SIGNED.match(text)) or (read_marker(text).kind != "plain")


def _join(first: str, second: str) -> str:
    """Join a line to the next, mending a word hyphenated across them and bold runs."""
    if first.endswith(("\u00ad", "\u2010")) and starts_lower(second):
        return first[:-1] + second
    if re.search(r"[a-z]-$", first) and starts_lower(second):
        return first + second  # "co-" + "ordinated"
    if first.endswith("**") and second.startswith("**"):
        return first[:-2] + " " + second[2:]
    return f"{first} {second}"


def _join_pages(pages: list[list[_Line]], notes: list[str]) -> str:
    """One output line per paragraph or item; a blank line where the page leaves a gap."""
    out: list[str] = []
    signed = False
    for number, lines in enumerate(pages, 1):
        previous: _Line | None = None
        for line in lines:
            text = line.text
            if not text:
                continue
            new_line = signed or _starts_new_line(text)
            if previous is None and out and out[-1]:
                # The first line of a page: does it carry on the sentence the last page cut?
                if not new_line and (is_unfinished(out[-1]) or starts_lower(text)):
                    notes.append(f"A sentence split across pages {number - 1} and {number} was rejoined.")
                    out[-1] = _join(out[-1], text)
                else:
                    out += ["", text]
            elif previous is None or _paragraph_gap(previous, line):
                out += ["", text] if out else [text]
            elif new_line:
                out.append(text)
            else:
                out[-1] = _join(out[-1], text)
            signed = signed or bool(_SIGNED.match(text) and len(out) > 3)
            previous = line
    return "\n".join(out) + "\n"


def _paragraph_gap(previous: _Line, line: _Line) -> bool:
    sizes = sorted((previous.size, line.size))
    if sizes[0] < 0.8 * sizes[1]:
        return True  # body text to footnote size, or back
    return previous.y - line.y > 1.55 * sizes[1]
