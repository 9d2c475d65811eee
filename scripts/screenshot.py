"""Screenshots of pages for the README: signs in and saves full-page PNGs.

Usage (with the app running, e.g. `make run`):
    .venv/bin/python scripts/screenshot.py http://127.0.0.1:8000 chair /notices/1/ docs/notice-overview.png
    .venv/bin/python scripts/screenshot.py --width=390 http://127.0.0.1:8000 officer /my-work/ docs/phone-my-work.png

--width sets the browser's width in CSS pixels (default 1280; 390 is a phone's). Below 768 px it
acts as a phone (touch, 2x pixels) and saves one screen rather than the whole page: the first, or
the one a #fragment in the path scrolls to.
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


def main(base: str, username: str, password: str, pairs: list[str], width: int = 1280) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        phone = width < 768
        page = browser.new_page(
            viewport={"width": width, "height": 844 if phone else 900},
            device_scale_factor=2 if phone else 1,
            is_mobile=phone,
            has_touch=phone,
        )
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        for path, out in zip(pairs[::2], pairs[1::2], strict=True):
            page.goto(f"{base}{path}")
            if "#" in path:  # Bootstrap scrolls smoothly to a #fragment: jump there before the picture
                page.evaluate(
                    "id => document.getElementById(id).scrollIntoView({behavior: 'instant'})", path.split("#")[1]
                )
            page.screenshot(path=out, full_page=not phone)  # a phone's: its first screen
            print(f"{base}{path} -> {out}")
        browser.close()


if __name__ == "__main__":
    args = sys.argv[1:]
    width = 1280
    if args and args[0].startswith("--width="):
        width = int(args.pop(0).removeprefix("--width="))
    if len(args) < 4:
        sys.exit(__doc__)
    base, username, *pairs = args
    main(base, username, "improve-medway-2014", pairs, width=width)
