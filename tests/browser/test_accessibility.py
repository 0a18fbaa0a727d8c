"""Accessibility checked in the browser (issue 16 item 6): axe-core (vendored for the tests,
docs/decisions/axe-core.md) runs on the most used pages of each role's view of the demo data —
the emulation department, a unit officer, the unit head, a staff member, a council member and
an anonymous visitor — and no rule of WCAG 2.1 A/AA may be broken at impact "serious" or
"critical".

"Most used pages" are found the way a user finds them: the menu areas first, then the pages
those link to, breadth first, one page per kind of page (URL name), up to PAGES_PER_ROLE."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import login

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PAGES_PER_ROLE = 20
DEMO_PASSWORD = "tdkt-demo"
ROLES = {  # demo account -> what it stands for
    "thuongtruc": "emulation department",
    "canbo.stp01": "unit officer",
    "lanhdao.stp01": "unit head",
    "nhanvien.stp01": "staff member",
    "hoidong1.stp01": "council member",
    None: "anonymous visitor",
}
SKIP_PATH = re.compile(r"/(dang-xuat|tai-ve|xuat|tai-mau)/|\.(xlsx|docx|pdf|png|csv)$")
SKIP_QUERY = re.compile(r"(^|&)(xuat|tai|format)=")
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The pages' CSP forbids inline scripts; axe is injected by the test, not by the site.
    return {**browser_context_args, "bypass_csp": True}


def view_name(path):
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def pages_of(page, base, errors):
    """The role's most used pages: start at the home page, menu first, breadth first."""
    page.goto(f"{base}/")
    start = urlsplit(page.url).path
    queue = [start]
    menu = page.locator("#danh-muc a").evaluate_all("(as) => as.map(a => a.href)")
    queue += [urlsplit(href).path for href in menu]
    chosen, kinds, seen = [], set(), set()
    while queue and len(chosen) < PAGES_PER_ROLE:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        name = view_name(path)
        if name is None or name in kinds:
            continue
        try:
            response = page.goto(f"{base}{path}")
        except PlaywrightError:  # a download (a template, an export), not a page
            continue
        if response is not None and response.status >= 500:
            errors.append(path)
        if response is None or response.status != 200 or \
                "html" not in (response.headers.get("content-type") or ""):
            continue
        final = urlsplit(page.url).path
        if final != path and view_name(final) in kinds:
            continue
        kinds.add(view_name(final))
        chosen.append(final)
        for href in page.locator("main a[href]").evaluate_all("(as) => as.map(a => a.href)"):
            parts = urlsplit(href)
            if parts.netloc != urlsplit(base).netloc or SKIP_PATH.search(parts.path) \
                    or SKIP_QUERY.search(parts.query):
                continue
            if parts.path not in seen:
                queue.append(parts.path)
    return chosen


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("(options) => axe.run(document, options)", AXE_OPTIONS)
    found = []
    for violation in result["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} "
                         f"— {len(violation['nodes'])} element(s), e.g. {targets}")
    return found


def test_most_used_pages_of_every_role_pass_axe(live_server, page, transactional_db):
    call_command("seed_demo", scale=0.01, verbosity=0)
    base = live_server.url
    report, counts, errors = [], {}, []
    for username, who in ROLES.items():
        page.context.clear_cookies()
        if username:
            login(page, live_server, username, DEMO_PASSWORD)
        paths = pages_of(page, base, errors)
        counts[who] = len(paths)
        for path in paths:
            page.goto(f"{base}{path}")
            for line in axe_violations(page):
                report.append(f"[{who}] {path}: {line}")
    assert not errors, f"server errors on the way: {errors}"
    assert counts["emulation department"] >= 15 and counts["unit officer"] >= 15, counts
    assert counts["anonymous visitor"] >= 4, counts
    assert not report, "\n".join(report)
