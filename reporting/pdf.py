"""Turning a report's data into HTML and a tagged PDF with WeasyPrint.

One template set (reporting/templates/reporting/pdf/) serves the browser preview and the PDF.
The HTML for the PDF is self-contained: the print stylesheet (static/css/report-print.css)
is inlined and charts are inline SVG, so WeasyPrint fetches nothing — a report's text cannot
make the renderer load a file or a URL — and WeasyPrint alone on that HTML gives the same PDF.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string

from reporting.types import ReportData

TEMPLATE = "reporting/pdf/document.html"
PRINT_CSS = "css/report-print.css"
# Drafts say so in a margin box of every page (and a watermark from the template).
DRAFT_CSS = '@page { @top-right { content: "DRAFT"; color: #b10e1e; font-weight: bold; font-size: 11pt; } }'
PDF_VARIANT = "pdf/ua-1"  # tagged for screen readers, with the title shown and the language set


@lru_cache(maxsize=1)
def print_css() -> str:
    path = finders.find(PRINT_CSS)
    if not isinstance(path, str):
        raise ImproperlyConfigured(f"The static file {PRINT_CSS} is missing.")
    return Path(path).read_text(encoding="utf-8")


def render_html(data: ReportData, *, for_pdf: bool = True) -> str:
    """The report as HTML: for the PDF a whole self-contained document; else the browser's version."""
    styles = (print_css() + ("\n" + DRAFT_CSS if data.is_draft else "")) if for_pdf else ""
    return render_to_string(TEMPLATE, {"data": data, "for_pdf": for_pdf, "print_css": styles})


def _no_fetching(url: str, *args, **kwargs):
    raise ValueError(f"Report PDFs load nothing from outside the document (asked for {url[:80]}).")


def pdf_from_html(html: str, *, tagged: bool = True) -> bytes:
    """WeasyPrint alone: the HTML in, the PDF out."""
    from weasyprint import HTML  # imported here: loading it parses its stylesheets, which no other page needs

    document = HTML(string=html, url_fetcher=_no_fetching)
    options = {"pdf_variant": PDF_VARIANT} if tagged else {}
    return document.write_pdf(**options)


def render_pdf(data: ReportData, *, tagged: bool = True) -> bytes:
    return pdf_from_html(render_html(data), tagged=tagged)


@dataclass(frozen=True)
class Timings:
    html_seconds: float
    pdf_seconds: float

    @property
    def total(self) -> float:
        return self.html_seconds + self.pdf_seconds


def timed_render_pdf(data: ReportData, *, tagged: bool = True) -> tuple[bytes, Timings]:
    """`render_pdf`, timing the templating and WeasyPrint apart (for the benchmark)."""
    started = time.perf_counter()
    html = render_html(data)
    rendered = time.perf_counter()
    pdf = pdf_from_html(html, tagged=tagged)
    return pdf, Timings(html_seconds=rendered - started, pdf_seconds=time.perf_counter() - rendered)
