"""Security headers: a Content-Security-Policy without inline script on every page, a
Permissions-Policy, and the headers that were already there (HSTS, X-Frame-Options, nosniff,
Referrer-Policy). The template scan keeps inline handlers and inline scripts out for good:
they would be blocked by the policy and silently break the page."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

TDKT = Path(__file__).resolve().parents[2] / "tdkt"


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_hardened(response, label):
    csp = policy(response)
    assert csp, f"{label}: no Content-Security-Policy header"
    scripts = csp.get("script-src", csp.get("default-src"))
    assert scripts == ["'self'"], f"{label}: script-src {scripts}"
    for directive, sources in csp.items():
        if directive.startswith("script-src") or directive == "default-src":
            assert "'unsafe-inline'" not in sources, f"{label}: {directive} {sources}"
            assert "'unsafe-eval'" not in sources, f"{label}: {directive} {sources}"
    assert "'unsafe-inline'" not in csp.get("style-src", []), label
    assert csp.get("object-src") == ["'none'"], label
    assert csp.get("base-uri") == ["'none'"], label
    assert csp.get("frame-ancestors") == ["'none'"], label
    assert csp.get("form-action") == ["'self'"], label
    permissions = response.headers.get("Permissions-Policy", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in permissions, f"{label}: Permissions-Policy {permissions!r}"
    # what held before must keep holding
    assert response.headers.get("X-Frame-Options") == "DENY", label
    assert response.headers.get("X-Content-Type-Options") == "nosniff", label
    assert response.headers.get("Referrer-Policy") == "same-origin", label


def public_samples():
    from tdkt.documents.models import Certificate
    from tdkt.nominations.models import DisclosurePeriod
    from tests.documents.helpers import make_decision
    from tests.factories import make_person

    _, awardees = make_decision(people=[make_person("STP-01-VP", "Trần Thị Hồng")])
    certificate = Certificate.objects.create(awardee=awardees[0], code="ABCDEFGH23456723ABCD")
    period = DisclosurePeriod.objects.create(
        title="Công khai danh sách", starts_on="2026-01-05", working_days=10,
        ends_on="2026-01-16")
    return [
        reverse("accounts:login"),
        reverse("documents_public:verify", args=[certificate.code]),
        reverse("documents_public:verify", args=["KHONGCO"]),  # 404 page of a public area
        reverse("nominations_public:index"),
        reverse("nominations_public:period", args=[period.pk]),
    ]


def test_every_sampled_page_carries_the_policy(cast, client, client_for):
    pages = public_samples()
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert_hardened(response, url)
    officer = client_for(cast.officer_a)
    for url in ("/", reverse("organisation:tree"), reverse("nominations:index"),
                reverse("nominations:decisions"), reverse("core:search") + "?q=hong",
                reverse("people:detail", args=[cast.person_a.pk]),
                "/khong-co-trang-nay/"):
        response = officer.get(url)
        assert response.status_code in (200, 404), url
        assert_hardened(response, url)
    # an HTMX fragment is covered too
    response = officer.get(reverse("core:search") + "?q=hong", HTTP_HX_REQUEST="true")
    assert_hardened(response, "htmx fragment")


def test_hsts_is_still_sent_over_https(client, db):
    response = client.get(reverse("accounts:login"), secure=True)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert_hardened(response, "https login")


# --- the templates themselves -----------------------------------------------------------------

INLINE_HANDLER = re.compile(r"<[a-zA-Z][^<]*?\son[a-z]+\s*=", re.S)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>",
                           re.I)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)
# htmx features that evaluate strings as code (hx-on*, js: values, trigger filters)
HTMX_EVAL = re.compile(r"""\bhx-on\b|\bhx-on[:-]|\bhx-vars\b|hx-vals\s*=\s*["']\s*js:|"""
                       r"""hx-trigger\s*=\s*"[^"]*\[""", re.I)
INLINE_STYLE_ELEMENT = re.compile(r"<style\b", re.I)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*["']""", re.I)


def templates():
    """Every template a browser may receive. Templates under a `pdf/` folder are only fed to
    WeasyPrint to make PDF files (no browser, no CSP, no script), so they may carry styles."""
    found = sorted(p for p in TDKT.rglob("*.html") if "pdf" not in p.relative_to(TDKT).parts)
    assert len(found) > 50  # the scan really sees the project's templates
    return found


@pytest.mark.parametrize("name, pattern", [
    ("inline event handler (onclick=…)", INLINE_HANDLER),
    ("inline <script> with a body", INLINE_SCRIPT),
    ("javascript: URL", JS_URL),
    ("htmx attribute that needs eval", HTMX_EVAL),
    ("inline <style> element", INLINE_STYLE_ELEMENT),
    ("inline style=\"…\" attribute", STYLE_ATTRIBUTE),
])
def test_no_template_needs_inline_code(name, pattern):
    offenders = []
    for path in templates():
        text = path.read_text(encoding="utf-8")
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            offenders.append(f"{path.relative_to(TDKT.parent)}:{line}")
    assert not offenders, f"{name} — the policy blocks it; move it to static files: {offenders}"


def test_static_scripts_do_not_evaluate_strings():
    ours = [p for p in TDKT.rglob("static/**/*.js") if "vendor" not in p.parts]
    assert ours, "the delegated handlers live in a static script"
    for path in ours:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\beval\s*\(|new\s+Function\s*\(|setTimeout\s*\(\s*['\"]", text), \
            path


@pytest.mark.parametrize("snippet, pattern", [
    ("<button type=\"submit\"\n  onclick=\"return confirm('x')\">", INLINE_HANDLER),
    ('<select name="dot" onchange="this.form.submit()">', INLINE_HANDLER),
    ("<script>alert(1)</script>", INLINE_SCRIPT),
    ('<script type="module">import x from "y"</script>', INLINE_SCRIPT),
    ('<a href="javascript:void(0)">', JS_URL),
    ('<button hx-on:click="alert(1)">', HTMX_EVAL),
    ("<div hx-vals='js:{a: 1}'>", HTMX_EVAL),
    ('<input hx-trigger="keyup[key==\'Enter\']">', HTMX_EVAL),
    ("<style>.a{}</style>", INLINE_STYLE_ELEMENT),
    ('<span style="width: 5%">', STYLE_ATTRIBUTE),
])
def test_the_scan_recognises_inline_code(snippet, pattern):
    assert pattern.search(snippet)


@pytest.mark.parametrize("snippet", [
    '<script src="/static/tdkt/app.js" defer></script>',
    '<button data-confirm="Xoá mục này?">Xoá</button>',
    '<select data-autosubmit name="dot">',
    '<p>Cập nhật phong trào thi đua, online</p>',
    '<div hx-get="/x/" hx-trigger="input changed delay:300ms, search">',
])
def test_the_scan_leaves_ordinary_markup_alone(snippet):
    for pattern in (INLINE_HANDLER, INLINE_SCRIPT, JS_URL, HTMX_EVAL, INLINE_STYLE_ELEMENT,
                    STYLE_ATTRIBUTE):
        assert not pattern.search(snippet), (pattern, snippet)
