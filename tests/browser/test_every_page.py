"""Every page each demo role can reach, at 1280 px and 320 px: axe finds nothing, and at 320 px the
page itself never scrolls sideways (WCAG 1.4.10 Reflow; wide tables scroll inside their own region).

The pages come from the permission matrix (tests/permission_matrix.py and each app's
tests/url_cases.py): every GET case answered 200 for the persona, on the Medway demo's notice with
its demo data, signed in as the demo's user of that role. Responses that are not HTML (downloads,
CSV, PDF) are left out. One test per role and app, so a failure names the role, the page, the width
and the rule; the demo is loaded once for the module and one server serves every test.

Each page is loaded once at 1280 px and checked, then narrowed to 320 px in the same load and
checked again (the page's CSS answers the new width as a phone's would). Two tabs take turns, so
one loads or runs axe while axe runs in the other. A case the demo answers 403 or 404 (the demo's
people differ from the matrix's own: its Chair belongs to no organisation) is not a page to check.
A case added to a url_cases.py must not reuse a reference the demo has (measure "2", duty codes
other than "other", indicator codes), or building the cases on the demo fails.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError
from pytest_django import DjangoDbBlocker
from pytest_django.live_server_helper import LiveServer

from demo.notices import PEOPLE
from demo.snapshots import NORTHBRIDGE_OFFICER
from measures.models import Notice, Organisation
from progress.position import forget_local_positions
from reports import triggers as report_triggers
from tests.browser.fixtures import WCAG_22_AA
from tests.demo import DEMO_TODAY
from tests.permission_matrix import PERSONAS, ROLES
from tests.personas import Personas
from tests.test_permission_matrix import URL_NAMES, all_cases

# The demo issues its reports as PDFs. Each test runs in a transaction that is rolled back (what the
# server writes on SQLite, whose in-memory database it shares); the demo beneath is the module's.
pytestmark = [pytest.mark.browser, pytest.mark.pdf, pytest.mark.django_db]

DESKTOP, PHONE = 1280, 320  # WCAG 1.4.10: content reflows at 320 CSS px
# Only violations come back (axe otherwise returns every pass too, which is slow to carry over).
AXE_OPTIONS = {**WCAG_22_AA, "resultTypes": ["violations"]}
APPS = sorted({name.split(":")[0] for name in URL_NAMES if ":" in name} | {""})

# The elements that stick out past the right edge, innermost first: what makes the page scroll.
OVERFLOW_SCRIPT = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const inScroller = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const overflow = getComputedStyle(p).overflowX;
      if (overflow === 'auto' || overflow === 'scroll' || overflow === 'hidden') return true;
    }
    return false;
  };
  const out = [...document.body.querySelectorAll('*')].filter(
    el => el.getBoundingClientRect().right > width + 1 && !inScroller(el));
  const leaves = out.filter(el => !out.some(other => other !== el && el.contains(other)));
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  return {scrollWidth: document.documentElement.scrollWidth, width,
          culprits: leaves.slice(0, 4).map(el => name(el) + ' "' + el.textContent.trim().slice(0, 30) + '"')};
}"""


def demo_personas(notice: Notice) -> Personas:
    """The matrix's personas played by the demo's people: the first demo user of each role, and
    Northbridge's officer as the outsider (a member of another notice only)."""
    usernames: dict[str, str] = {}
    for username, _first, _last, role, _organisation in PEOPLE:
        usernames.setdefault(str(role), username)
    usernames["outsider"] = NORTHBRIDGE_OFFICER[0]
    return Personas(
        notice=notice,
        organisation=Organisation.objects.get(notice=notice, name="Medway Council Children's Services"),
        partner=Organisation.objects.get(notice=notice, name="Kent Police"),
        users={persona: User.objects.get(username=usernames[persona]) for persona in PERSONAS},
    )


@dataclass(frozen=True)
class Link:
    name: str  # the URL name, e.g. "actions:action-list"
    url: str


@dataclass(frozen=True)
class DemoSite:
    url: str
    media: Path
    pages: dict[str, list[Link]]  # persona -> the pages it is answered 200 on
    sessions: dict[str, str]  # persona -> the session key of the persona signed in

    def pages_of(self, persona: str, app: str) -> list[Link]:
        return [page for page in self.pages[persona] if (page.name.split(":")[0] if ":" in page.name else "") == app]


def _flush_demo() -> None:
    """Empty the database again. The triggers refuse a row-by-row delete of issued reports, so
    remove them first with the triggers lifted for that moment only (as test_main_journeys does)."""
    create, drop = report_triggers.STATEMENTS[connection.vendor]
    with connection.cursor() as cursor:
        for statement in drop:
            cursor.execute(statement)
        cursor.execute("DELETE FROM reports_reportsection")
        cursor.execute("DELETE FROM reports_report")
        for statement in create:
            cursor.execute(statement)
    call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def demo_site(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DemoSite]:
    """The demo and the matrix's rows, committed (a server on PostgreSQL reads them from its own
    connection), served by one live server for the module; the database is emptied afterwards."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, NOTICE_TRACKER_TODAY=DEMO_TODAY):
        try:
            call_command("load_demo", "--allow-debug-off", stdout=io.StringIO())
            world = demo_personas(Notice.objects.get(authority__name="Medway Council"))
            pages: dict[str, list[Link]] = {persona: [] for persona in PERSONAS}
            for case in all_cases(world):
                if case.method != "get":
                    continue
                url = f"{case.url}{'&' if '?' in case.url else '?'}{urlencode(case.data)}" if case.data else case.url
                for persona, status in case.expect.items():
                    if status == 200 and all(page.url != url for page in pages[persona]):
                        pages[persona].append(Link(case.name, url))
            sessions = {}
            for persona in PERSONAS:
                client = Client()
                client.force_login(world[persona])
                sessions[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
            server = LiveServer("localhost")
            try:
                yield DemoSite(url=server.url, media=media, pages=pages, sessions=sessions)
            finally:
                server.stop()
        finally:
            _flush_demo()
            cache.clear()
            forget_local_positions()


@pytest.fixture(autouse=True)
def media_root(demo_site: DemoSite, settings) -> Path:
    """The demo's files stay where the demo stored them (the root conftest gives each test its own)."""
    settings.MEDIA_ROOT = demo_site.media
    return demo_site.media


def signed_in(browser: Browser, site: DemoSite, persona: str) -> BrowserContext:
    """A browser context signed in as the persona, with axe added to every document it loads."""
    context = browser.new_context(viewport={"width": DESKTOP, "height": 900}, locale="en-GB")
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": site.sessions[persona], "url": site.url}])
    context.add_init_script(script=AXE_SCRIPT)
    context.set_default_timeout(15000)
    return context


def _start_axe(tab: Page) -> None:
    """Start axe in the tab without waiting for it, so two tabs' axe runs use both processors."""
    tab.evaluate("options => { window.axeRun = axe.run(document, options); }", AXE_OPTIONS)


def _axe_findings(tab: Page, width: int, where: str) -> list[str]:
    results = tab.evaluate("() => window.axeRun")
    return [
        f"{where} at {width} px: {v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['target']})"
        for v in results["violations"]
    ]


def _open(tab: Page, site: DemoSite, target: Link, where: str, failures: list[str]) -> bool:
    """Load the page at desktop width; False when it is not an HTML page to check."""
    tab.set_viewport_size({"width": DESKTOP, "height": 900})
    try:
        response = tab.goto(site.url + target.url)
    except PlaywrightError as error:
        if "Download is starting" in str(error):
            return False  # a file, not a page
        raise
    assert response is not None
    if response.status in (403, 404):
        # The matrix's own world differs from the demo here (the demo's Chair belongs to no
        # organisation, so edits only its organisation may make are refused): not reachable.
        return False
    if response.status != 200:
        failures.append(f"{where}: answered {response.status}")
        return False
    return response.headers.get("content-type", "").startswith("text/html")


@pytest.mark.parametrize("app", APPS, ids=lambda app: app or "project")
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_passes_axe_and_reflows(demo_site: DemoSite, browser: Browser, persona: str, app: str) -> None:
    links = demo_site.pages_of(persona, app)
    if not links:
        pytest.skip(f"no page of {app or 'the project'} is answered 200 for {persona}")
    context = signed_in(browser, demo_site, persona)
    tabs = [context.new_page(), context.new_page()]
    failures: list[str] = []
    checks = 0
    try:
        # Two pages at a time, one in each tab: while axe runs in one, the other loads or runs axe too.
        for start in range(0, len(links), len(tabs)):
            loaded = []
            for tab, target in zip(tabs, links[start : start + len(tabs)], strict=False):
                where = f"{persona} {target.name} {target.url}"
                if _open(tab, demo_site, target, where, failures):
                    _start_axe(tab)
                    loaded.append((tab, where))
            for tab, where in loaded:
                failures += _axe_findings(tab, DESKTOP, where)
                tab.set_viewport_size({"width": PHONE, "height": 640})
                overflow = tab.evaluate(OVERFLOW_SCRIPT)
                if overflow:
                    failures.append(
                        f"{where} at {PHONE} px: scrolls sideways ({overflow['scrollWidth']} px wide in "
                        f"{overflow['width']} px); sticking out: {'; '.join(overflow['culprits'])}"
                    )
                _start_axe(tab)
            for tab, where in loaded:
                failures += _axe_findings(tab, PHONE, where)
            checks += 2 * len(loaded)
    finally:
        context.close()
    print(f"{persona} {app or 'project'}: {checks} page × width checks")
    assert failures == [], "\n".join(failures)


def test_every_role_is_checked_on_its_pages(demo_site: DemoSite) -> None:
    """The matrix gives each role pages to check (a matrix or demo change cannot empty the list unseen)."""
    for role in ROLES:
        names = {page.name for page in demo_site.pages[role]}
        assert {"dashboards:dashboard", "actions:action-list", "reminders:my-work"} <= names, role
