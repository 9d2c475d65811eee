"""PDF build time against WeasyPrint's own time on the same HTML, and the build's peak memory.

Each target names two functions by "module:function": one returning the document's HTML, one
building its PDF (both called with the target's keyword arguments). A target whose functions
cannot be imported yet is reported as "not built yet". Each measurement runs in a fresh
process (`python -m bench.pdfs <key> <repeats>`), so its peak RSS is the build's own, and
starts with a one-line warm-up render so font loading is not counted.

build  = the target's build function, end to end (queries, charts, template, WeasyPrint).
floor  = WeasyPrint alone on the HTML the target renders: `HTML(string=html).write_pdf()`,
         tagged (pdf_variant="pdf/ua-1") and untagged.
"""

from __future__ import annotations

import importlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
TAGGED = {"pdf_variant": "pdf/ua-1"}
MARK = "BENCH_JSON "

_T = TypeVar("_T")


def _bench_notice() -> dict:
    from bench.pages import subject
    from measures.models import Notice

    return {"notice": Notice.objects.select_related("authority").get(pk=subject().notice_pk)}


def _quarter() -> dict:
    return {**_bench_notice(), "period_start": date(2014, 12, 1), "period_end": date(2015, 2, 28)}


def _half_year() -> dict:
    return {**_bench_notice(), "period_start": date(2014, 9, 1), "period_end": date(2015, 2, 28)}


@dataclass(frozen=True)
class PdfTarget:
    key: str
    label: str
    html: str
    build: str
    kwargs: Callable[[], dict]


# The statutory reports' builds (bench/report_builds.py), beside a representative sample of ours.
TARGETS = [
    PdfTarget(
        "sample",
        "Representative report (bench sample: plan, 12 charts, appendix)",
        "bench.sample:sample_html",
        "bench.sample:sample_pdf",
        _bench_notice,
    ),
    PdfTarget(
        "chair-report",
        "Chair's 3-monthly report",
        "bench.report_builds:chair_report_html",
        "bench.report_builds:chair_report_pdf",
        _quarter,
    ),
    PdfTarget(
        "review-pack",
        "Six-monthly review pack",
        "bench.report_builds:review_pack_html",
        "bench.report_builds:review_pack_pdf",
        _half_year,
    ),
]


def _function(dotted: str) -> Callable:
    module, _, name = dotted.partition(":")
    return getattr(importlib.import_module(module), name)


def available(target: PdfTarget) -> str:
    """ "" if the target's functions import, else why not."""
    for dotted in (target.html, target.build):
        try:
            _function(dotted)
        except (ImportError, AttributeError):
            return f"not built yet ({dotted} not importable)"
    return ""


def measure(target: PdfTarget, *, repeats: int, env: dict[str, str]) -> dict:
    """Times the build and WeasyPrint's floor in one fresh process; returns the figures for the report."""
    with tempfile.TemporaryFile("w+") as log:
        done = subprocess.run(
            [sys.executable, "-m", "bench.pdfs", target.key, str(repeats)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
        log.seek(0)
        lines = log.readlines()
    if done.returncode != 0:
        raise RuntimeError(f"{target.key} failed:\n{''.join(lines[-30:])}")
    figures = json.loads(next(line for line in done.stdout.splitlines() if line.startswith(MARK))[len(MARK) :])
    build, tagged, untagged = (statistics.median(figures[name]) for name in ("build", "tagged", "untagged"))
    return {
        "label": target.label,
        "key": target.key,
        "status": "measured",
        "repeats": repeats,
        "build_s": build,
        "weasyprint_tagged_s": tagged,
        "weasyprint_untagged_s": untagged,
        "build_ratio": build / tagged,
        "tagged_ratio": tagged / untagged,
        "runs_s": figures,
        "peak_rss_mib": figures["max_rss_kib"] / 1024,
        "pages": figures["pages"],
        "bytes": figures["bytes"],
        "log_lines": len(lines),  # what the build logs (WeasyPrint warnings), on stderr
    }


def _weasyprint(html_class: type, html: str, **options: str) -> bytes:
    """WeasyPrint alone: parse the HTML and write the PDF (what the floor measures)."""
    return html_class(string=html).write_pdf(**options)


def _timed(work: Callable[[], _T]) -> tuple[float, _T]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def _main(key: str, repeats: int) -> None:
    """In the child process: rounds of build, then WeasyPrint tagged and untagged on the same HTML.

    Alternating puts any change in the machine's speed on all three alike; the process's peak
    RSS is the build's (the floor runs are parts of the build).
    """
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notice_tracker.settings")
    django.setup()
    from weasyprint import HTML

    HTML(string="<p>warm-up</p>").write_pdf()  # font discovery and imports, once per process
    target = next(t for t in TARGETS if t.key == key)
    kwargs = target.kwargs()
    build, render = _function(target.build), _function(target.html)
    runs: dict[str, list[float]] = {"build": [], "tagged": [], "untagged": []}
    for _ in range(repeats):
        seconds, pdf = _timed(lambda: build(**kwargs))
        runs["build"].append(seconds)
        html = render(**kwargs)
        runs["tagged"].append(_timed(partial(_weasyprint, HTML, html, **TAGGED))[0])
        runs["untagged"].append(_timed(partial(_weasyprint, HTML, html))[0])
    figures = {
        **runs,
        "bytes": len(pdf),
        "pages": len(HTML(string=html).render().pages),
        "max_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }
    print(MARK + json.dumps(figures), flush=True)


if __name__ == "__main__":
    _main(sys.argv[1], int(sys.argv[2]))
