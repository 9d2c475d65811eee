"""Screenshots of pages for the README: signs in and saves full-page PNGs.

Usage (with the app running, e.g. `make run`):
    .venv/bin/python scripts/screenshot.py http://127.0.0.1:8000 chair /notices/1/ docs/notice-overview.png
"""

import shutil
import sys

from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def main(base: str, username: str, password: str, pairs: list[str]) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        for path, out in zip(pairs[::2], pairs[1::2], strict=True):
            page.goto(f"{base}{path}")
            page.screenshot(path=out, full_page=True)
            print(f"{base}{path} -> {out}")
        browser.close()


if __name__ == "__main__":
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    base, username, *pairs = sys.argv[1:]
    main(base, username, "improve-medway-2014", pairs)
