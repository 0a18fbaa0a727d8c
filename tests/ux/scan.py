"""Visible-text scanner for rendered pages (issue 16 item 2): no rule code, audit verb or
developer note reaches a user. Used by tests/ux/test_visible_words.py."""

import html
import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.urls import Resolver404, resolve

from tdkt.audit.labels import OBJECTS

# snake_case or dotted codes (`rating_floor`, `movement.launch`) in the visible text; a file
# name a user uploaded (`bao_cao_thanh_tich.pdf`) is theirs, not a code.
CODE = re.compile(r"(?<![\w./@-])[a-z][a-z0-9]*(?:[_.][a-z][a-z0-9]*)*_[a-z0-9_]+\b"
                  r"(?!\.[a-z0-9]{2,4}\b)")
# Developer notes and Python values leaking through a template ("None", "[]", "{'percent':").
NOTES = re.compile(r"chưa xác minh|\bTODO\b|\bFIXME\b|\bunverified\b|\bNone\b|\bTrue\b"
                   r"|\bFalse\b|\[\]|\{'|\['", re.IGNORECASE)

# Audit verbs (`movement.launch`): an audited object's code, a dot, an action.
_OBJECTS = "|".join(sorted(OBJECTS, key=len, reverse=True))
VERB = re.compile(rf"(?<![\w./@-])(?:{_OBJECTS})\.[a-z_]+\b(?!\.[a-z0-9]{{2,4}}\b)")

# Tokens that look like codes but are what a user reads by design, each with its reason.
ALLOWED = {
    # The legal library's import form (department only) asks for the catalogue's key of the
    # document being imported; the label shows one as the example of what to type.
    "luat_06_2022",
}


class _Text(HTMLParser):
    """Text a user sees: element text and the attributes a browser shows (title, placeholder,
    alt, aria-label, value of buttons); never scripts, styles or other attributes."""

    SHOWN_ATTRS = {"title", "placeholder", "alt", "aria-label"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.links, self._skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template"):
            self._skip += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in self.SHOWN_ATTRS:
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text_and_links(body: str):
    parser = _Text()
    parser.feed(body)
    return html.unescape(" ".join(parser.parts)), parser.links


def findings(text: str) -> list[str]:
    found = [m.group(0) for rx in (CODE, VERB) for m in rx.finditer(text)
             if m.group(0) not in ALLOWED]
    found += [m.group(0) for m in NOTES.finditer(text)]
    return found


SKIP_NAMES = {"accounts:logout"}


def crawl(client, starts, *, per_name=2, limit=400):
    """GET pages from `starts` and the links they show (same site), at most `per_name` pages
    per URL name; yields (url, url_name, status, findings)."""
    seen_urls, per = set(), Counter()
    queue = list(starts)
    while queue and len(seen_urls) < limit:
        url = urldefrag(queue.pop(0))[0]
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if url in seen_urls or parts.path.startswith(("/static/", "/media/", "/__")):
            continue
        try:
            match = resolve(parts.path)
        except Resolver404:
            continue
        name = match.view_name
        if name in SKIP_NAMES or per[name] >= per_name:
            continue
        seen_urls.add(url)
        per[name] += 1
        try:
            response = client.get(url)
        except Exception as exc:  # noqa: BLE001 - a server error is a finding of its own
            yield url, name, 500, [f"{type(exc).__name__}: {exc}"]
            continue
        content_type = response.get("Content-Type", "")
        if response.status_code != 200 or "text/html" not in content_type:
            yield url, name, response.status_code, []
            continue
        text, links = visible_text_and_links(response.content.decode())
        yield url, name, 200, findings(text)
        queue.extend(link for link in links if link not in seen_urls)
