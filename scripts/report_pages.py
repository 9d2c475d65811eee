"""Page images of the demo's Chair's report for the README (docs/report-*.png).

Builds the report for the period ending 20 February 2015 with `manage.py build_report` (nothing
is stored) and turns chosen pages into PNGs with poppler's pdftoppm, each page found by a
heading it carries. Run against a database with the demo loaded (`make run` loads it):

    NOTICE_TRACKER_TODAY=2015-02-27 .venv/bin/python scripts/report_pages.py
"""

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DPI = "90"  # an A4 page at 745 × 1053 pixels
# docs/report-<name>.png: the first page whose text holds the marker (for FULLEST, the page holding it most often).
PAGES = {
    "cover": "Chair's 3-monthly report",
    "measure": "Independent Chair of the Improvement Board's judgement",
    "failing": "Trend:",  # said once in each chart of section 12's small multiples
    "duties": "Done on Proof",  # the duties table's header
    "sign-off": "Signed off by",
}
FULLEST = {"failing"}


def main(notice_id: str = "1") -> None:
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "chair.pdf"
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "build_report",
                notice_id,
                "--kind=chair",
                "--period-end=2015-02-20",
                "--format=pdf",
                f"--output={pdf}",
            ],
            cwd=ROOT,
            check=True,
        )
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
        pages = [" ".join(page.split()) for page in text.stdout.split("\f")]
        for name, marker in PAGES.items():
            if name in FULLEST:  # the page holding the marker most often (the fullest of charts), the first of equals
                number = max(range(1, len(pages) + 1), key=lambda n: (pages[n - 1].count(marker), -n))
            else:
                number = next(n for n, page in enumerate(pages, start=1) if marker in page)
            out = ROOT / "docs" / f"report-{name}"
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    DPI,
                    "-f",
                    str(number),
                    "-l",
                    str(number),
                    "-singlefile",
                    str(pdf),
                    str(out),
                ],
                check=True,
            )
            print(f"page {number} -> {out}.png")


if __name__ == "__main__":
    main(*sys.argv[1:])
