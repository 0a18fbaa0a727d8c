"""Public reach (issue 16 item 5): an anonymous visitor who starts at `/` reaches every public
page by following links (or sending a form found on the way).

The public pages are read from the URL resolver: every name in a `*_public` namespace, the
public home, and the names tests/foundation/test_access.py lists as public by design. A page
that needs a parameter (one disclosure period, one story, one law) counts as reached when a
page of its kind is linked, or — with no such object in the database — when its list page is
reached (the parameterless public page whose address its own address starts with)."""

import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from tests.foundation.test_access import PUBLIC_URL_NAMES

pytestmark = pytest.mark.django_db

# Machine endpoints for load balancers and monitors, not pages for people.
NOT_PAGES = {"core:healthz", "core:ping"}
# Reached only by sending the form of another public page (the thank-you after a report).
AFTER_FORM = {"exemplars_public:thanks": "exemplars_public:report"}
# An officers' page listed as public whose twin `<app>_public:<name>` exists (the legal
# library's texts under both addresses) is reached when its public twin is.


def twin(name, public):
    space, _, rest = name.partition(":")
    other = f"{space}_public:{rest}"
    return other if not space.endswith("_public") and other in public else None

LINK = re.compile(r'<a\b[^>]*\bhref="([^"]+)"', re.I)
FORM = re.compile(r'<form\b[^>]*>', re.I)
ACTION = re.compile(r'\baction="([^"]*)"', re.I)


def url_patterns(resolver=None, namespace="", prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = ":".join(filter(None, [namespace, entry.namespace])) if entry.namespace \
                else namespace
            yield from url_patterns(entry, ns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, prefix + str(entry.pattern), list(entry.pattern.converters)


def public_pages():
    pages = {}
    for name, pattern, params in url_patterns():
        space = name.split(":")[0]
        if (space.endswith("_public") or name == "core:public_home"
                or name in PUBLIC_URL_NAMES) and name not in NOT_PAGES:
            pages[name] = (pattern, params)
    return pages


def list_page(pattern, pages):
    static = re.split(r"<", pattern, maxsplit=1)[0]
    candidates = [(len(p), n) for n, (p, params) in pages.items()
                  if not params and static.startswith(p)]
    return max(candidates)[1] if candidates else None


def name_of(path):
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def crawl(client, public):
    """Every public URL name reached from `/` (links, GET and POST form targets)."""
    reached, queue, seen = set(), ["/"], set()
    while queue and len(seen) < 400:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path, follow=True)
        if response.redirect_chain:
            final = urlsplit(response.redirect_chain[-1][0]).path
            if name_of(final):
                reached.add(name_of(final))
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        reached.add(response.resolver_match.view_name)
        html = response.content.decode()
        targets = [(href, True) for href in LINK.findall(html)]
        for tag in FORM.findall(html):
            action = ACTION.search(tag)
            is_get = "post" not in tag.lower()
            targets.append((action.group(1) if action else path, is_get))
        for target, follow in targets:
            parts = urlsplit(unescape(target))
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            view = name_of(parts.path)
            if view is None:
                continue
            if view in public:
                reached.add(view)
            if follow and view in public and parts.path not in seen:
                queue.append(parts.path)
    return reached


def test_an_anonymous_visitor_reaches_every_public_page_from_the_root(client):
    public = public_pages()
    assert {"core:public_home", "documents_public:lookup"} <= set(public)
    reached = crawl(client, public)
    missing = []
    for name, (pattern, params) in sorted(public.items()):
        if name in reached:
            continue
        if name in AFTER_FORM and AFTER_FORM[name] in reached:
            continue
        other = twin(name, public)
        if other and (other in reached or list_page(public[other][0], public) in reached):
            continue
        if params and list_page(pattern, public) in reached:
            continue
        missing.append(f"{name} (/{pattern})")
    assert not missing, f"public pages an anonymous visitor cannot reach from /: {missing}"


def test_the_public_home_is_registered_as_public():
    assert "core:public_home" in PUBLIC_URL_NAMES


def test_a_page_of_a_kind_is_reached_itself_when_one_exists(client):
    """With a law in the library, the visitor reaches the law's own page, not only the list."""
    import datetime

    from tdkt.legal import services
    from tdkt.legal.parser import parse
    from tests.factories import make_user

    services.save_document(make_user("thu_vien", None, None), {
        "code": "luat_thu", "number": "01/2099/QH99", "title": "Luật thử", "kind": "luat",
        "issuer": "Quốc hội", "signed_on": datetime.date(2020, 1, 1),
        "in_force_from": datetime.date(2020, 7, 1), "in_force_to": None,
        "status": "con_hieu_luc", "source_url": "", "coverage": "",
    }, parse("Điều 1. Phạm vi điều chỉnh\nLuật này quy định thử."))
    reached = crawl(client, public_pages())
    assert "legal_public:document" in reached
