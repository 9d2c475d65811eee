"""Print a notice's text as a PDF the way DfE publishes one, for the PDF importer's tests.

The text files in tests/notices/ record where each line, blank line and footnote fell on the
printed page.  This turns them back into a printed notice with WeasyPrint: every block of
lines a paragraph, **bold** runs in bold, footnote markers as small raised numbers, and page
furniture in the margins (a two-column running head with an OFFICIAL mark, a page number,
a running foot).  Tests that call it build PDFs, so they are marked ``@pytest.mark.pdf``.
"""

from __future__ import annotations

import html
import re

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_FOOTNOTE_LINE = re.compile(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s+(.*)$")

PAGE_CSS = """
@page {
  size: A4; margin: 28mm 22mm 26mm 22mm;
  @top-left { content: "%(head)s"; font: 8pt DejaVu Sans; }
  @top-right { content: "OFFICIAL"; font: bold 9pt DejaVu Sans; }
  @bottom-left { content: "%(foot)s"; font: 8pt DejaVu Sans; }
  @bottom-center { content: "OFFICIAL"; font: bold 9pt DejaVu Sans; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt DejaVu Sans; }
}
body { font: 11pt/1.3 DejaVu Serif; }
p { margin: 0 0 8pt 0; }
p.footnote { font-size: 8pt; }
span.line { display: block; }
sup { font-size: 65%%; vertical-align: super; line-height: 0; }
"""


def _inline(text: str) -> str:
    escaped = html.escape(text, quote=False)
    escaped = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escaped)
    return re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+", lambda m: f"<sup>{m.group().translate(SUPERSCRIPTS)}</sup>", escaped)


def _paragraph(lines: list[str]) -> str:
    first = _FOOTNOTE_LINE.match(lines[0])
    if first:
        number, rest = first.groups()
        sup = f"<sup>{number.translate(SUPERSCRIPTS)}</sup> "
        body = "".join(f'<span class="line">{sup if n == 0 else ""}{_inline(line)}</span>'
                       for n, line in enumerate([rest, *lines[1:]]))  # fmt: skip
        return f'<p class="footnote">{body}</p>'
    cls = ' class="footnote"' if all(re.match(r"^<?https?://", line) for line in lines) else ""
    body = "".join(f'<span class="line">{_inline(line.strip("<>") if cls else line)}</span>' for line in lines)
    return f"<p{cls}>{body}</p>"


def notice_html(text: str, *, head: str = "Improvement Notice", foot: str = "Department for Education") -> str:
    """The notice as an HTML page: one paragraph per block of lines between blank lines."""
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    body = "\n".join(_paragraph(block) for block in blocks if block)
    css = PAGE_CSS % {"head": head, "foot": foot}
    return f'<!doctype html><html lang="en"><head><meta charset="utf-8"><style>{css}</style></head><body>{body}</body></html>'


def notice_pdf(text: str, **furniture: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=notice_html(text, **furniture)).write_pdf()


def image_only_pdf() -> bytes:
    """A 'scanned' notice: one page holding a picture and no text layer."""
    from weasyprint import HTML

    pixel = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    page = f'<!doctype html><html><body><img src="{pixel}" style="width:170mm;height:240mm"></body></html>'
    return HTML(string=page).write_pdf()
