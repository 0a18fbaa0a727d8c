"""Every citation opens its article: one function builds the link, one template tag renders
the catalogue's source texts ("Luật Thi đua, khen thưởng 2022, Điều 23, khoản 2") as links."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from .parser import anchor_for

MISSING = "chưa có trong thư viện"


def document_url(doc_code: str, on: datetime.date | None = None, anchor: str = "",
                 public: bool = False) -> str:
    """The library page of a document (its wording in force on `on`), at `anchor`."""
    url = reverse("legal_public:document" if public else "legal:document", args=[doc_code])
    if on:
        url += f"?ngay={on:%Y-%m-%d}"
    return f"{url}#{anchor}" if anchor else url


def citation_url(doc_code: str, article: str, clause: str | None = None,
                 on: datetime.date | None = None, *, present: set | None = None) -> str | None:
    """URL of the article (clause) in the library, or None when it is not there.
    `present` (from selectors.article_keys) avoids a query per citation."""
    if present is None:
        from .selectors import article_keys
        present = article_keys([doc_code])
    anchor = anchor_for(str(article))
    if (doc_code, anchor) not in present:
        return None
    if clause and (doc_code, anchor_for(str(article), str(clause))) in present:
        anchor = anchor_for(str(article), str(clause))
    return document_url(doc_code, on, anchor)


@lru_cache(maxsize=1)
def _cites() -> tuple[tuple[str, str], ...]:
    """(cite text, document code) from the rules catalogue, longest cite first."""
    import json
    from pathlib import Path

    from django.conf import settings

    path = Path(settings.BASE_DIR) / "tdkt" / "rules" / "data" / "base.json"
    docs = json.loads(path.read_text(encoding="utf-8"))["documents"]
    pairs = [(d.get("cite", code), code) for code, d in docs.items()]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


PART = re.compile(r"^, Điều (\w+)(?:, khoản (\w+))?(?:, điểm (\w+))?")
# A document's number as written in legal bases and checklists ("06/2022/QH15",
# "152/2025/NĐ-CP", "11/2023/TT-BTP"), then optionally its article ("…, Điều 90 khoản 3").
NUMBER = re.compile(r"(?<![\w/])\d{1,4}/\d{4}/[A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ0-9]+)*")
NUMBER_PART = re.compile(r"^,? Điều (\d+\w*)(?:,? khoản (\d+))?(?:,? điểm ([a-zđ]))?")


@dataclass(frozen=True)
class Library:
    """What the library holds, read once per request: the (document code, anchor) of its
    articles and clauses, and its documents' numbers -> codes."""

    present: frozenset
    numbers: dict

    @property
    def codes(self) -> set:
        return set(self.numbers.values())


def library() -> Library:
    from .selectors import article_keys, document_numbers

    return Library(frozenset(article_keys()), document_numbers())


def library_for(holder) -> Library:
    """The library index cached on `holder` (the request, else a template's render
    context): two queries per request however many citations a page shows."""
    lib = getattr(holder, "_legal_library", None)
    if lib is None:
        lib = library()
        try:
            holder._legal_library = lib
        except AttributeError:
            pass  # a holder without attributes (a plain dict context): no cache, same result
    return lib


def _missing(whole: str) -> str:
    return format_html('{} <small class="muted">({})</small>', whole, MISSING)


def link_sources(text: str, present, on: datetime.date | None = None) -> str:
    """HTML: each "<cite>, Điều N[, khoản M]" of the rules catalogue in `text` becomes a link
    to the library, or is followed by "(chưa có trong thư viện)"; with a `Library`, so does
    each document number ("Nghị định số 152/2025/NĐ-CP", "…06/2022/QH15, Điều 90 khoản 3"),
    and a cite without an article links to its document."""
    if not text:
        return ""
    lib = present if isinstance(present, Library) else None
    if lib is not None:
        present = lib.present
    out, i = [], 0
    cites = _cites()
    while i < len(text):
        for cite, code in cites:
            if text.startswith(cite, i):
                m = PART.match(text[i + len(cite):])
                if m:
                    whole = text[i:i + len(cite) + m.end()]
                    url = citation_url(code, m.group(1), m.group(2), on, present=present)
                    out.append(format_html('<a href="{}">{}</a>', url, whole) if url
                               else _missing(whole))
                    i += len(whole)
                    break
                if lib is not None:
                    out.append(format_html('<a href="{}">{}</a>', document_url(code, on), cite)
                               if code in lib.codes else _missing(cite))
                    i += len(cite)
                    break
        else:
            m = NUMBER.match(text, i) if lib is not None else None
            if m:
                number = m.group(0)
                code = lib.numbers.get(number)
                art = NUMBER_PART.match(text[m.end():])
                whole = text[i:m.end() + (art.end() if art else 0)]
                url = None
                if code and art:
                    url = citation_url(code, art.group(1), art.group(2), on, present=present)
                elif code:
                    url = document_url(code, on)
                out.append(format_html('<a href="{}">{}</a>', url, whole) if url
                           else _missing(whole))
                i += len(whole)
            else:
                out.append(escape(text[i]))
                i += 1
    return mark_safe("".join(out))
