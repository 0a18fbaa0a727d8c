"""Every citation opens its article: one function builds the link, one template tag renders
the catalogue's source texts ("Luật Thi đua, khen thưởng 2022, Điều 23, khoản 2") as links."""

from __future__ import annotations

import datetime
import re
from functools import lru_cache

from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from .parser import anchor_for

MISSING = "chưa có trong thư viện"


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
    url = reverse("legal:document", args=[doc_code])
    if on:
        url += f"?ngay={on:%Y-%m-%d}"
    return f"{url}#{anchor}"


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


def link_sources(text: str, present: set, on: datetime.date | None = None) -> str:
    """HTML: each "<cite>, Điều N[, khoản M]" in `text` becomes a link to the library, or is
    followed by "(chưa có trong thư viện)"."""
    if not text:
        return ""
    out, i = [], 0
    cites = _cites()
    while i < len(text):
        for cite, code in cites:
            if text.startswith(cite, i):
                m = PART.match(text[i + len(cite):])
                if m:
                    whole = text[i:i + len(cite) + m.end()]
                    url = citation_url(code, m.group(1), m.group(2), on, present=present)
                    if url:
                        out.append(format_html('<a href="{}">{}</a>', url, whole))
                    else:
                        out.append(format_html(
                            '{} <small class="muted">({})</small>', whole, MISSING))
                    i += len(whole)
                    break
        else:
            out.append(escape(text[i]))
            i += 1
    return mark_safe("".join(out))
