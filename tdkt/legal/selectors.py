"""Reading the library: a document's provisions with the wording in force on a date, and the
successive wordings of an article side by side."""

import datetime
import difflib
import re

from django.db.models import Prefetch, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from tdkt.core.text import fold

from .models import ArticleVersion, LegalDocument, Provision
from .parser import ParseError, parse


def search_articles(query: str):
    """Articles whose folded text contains every folded word of `query`."""
    qs = Provision.objects.filter(level=Provision.Level.ARTICLE).select_related("document")
    for word in fold(query).split():
        qs = qs.filter(search_text__contains=word)
    return qs.order_by("document__code", "position")


def version_on(versions, on: datetime.date):
    for v in versions:
        if v.valid_from <= on and (v.valid_to is None or on <= v.valid_to):
            return v
    return None


def wording_nodes(article: Provision, text: str) -> tuple[str, list[dict]]:
    """A recorded wording split like the stored text: (lead-in, [{level, number, text,
    anchor}]) so its clauses keep their anchors (dieu-23-khoan-2). Unstructured text: all lead."""
    try:
        result = parse(f"Điều {article.number}.\n{text}")
    except ParseError:
        return text, []
    [node] = result.articles() or [None]
    if node is None or result.unplaced:
        return text, []
    rows = [{"level": n.kind, "number": n.number, "text": n.text, "anchor": n.anchor}
            for child in node.children for n in child.walk()]
    return node.text, rows


def provisions_on(document: LegalDocument, on: datetime.date | None,
                  today: datetime.date | None = None):
    """The document's provisions in order. An article with recorded wordings carries `wording`:
    the version in force on `on` (default: today), `lead` and `wording_rows` (its clauses and
    points, with anchors), and its stored clauses are marked `superseded`; `not_in_force` when
    no wording covers that day. `all_versions`: every wording, oldest first."""
    when = on or today or datetime.date.today()
    versions = ArticleVersion.objects.select_related("amended_by").order_by("valid_from")
    rows = list(document.provisions.prefetch_related(Prefetch("versions", queryset=versions)))
    article = None
    for row in rows:
        row.wording, row.not_in_force, row.superseded = None, False, False
        if row.level == Provision.Level.ARTICLE:
            article = row
            row.all_versions = list(row.versions.all())
            if row.all_versions:
                row.wording = version_on(row.all_versions, when)
                row.not_in_force = row.wording is None
                if row.wording:
                    row.lead, row.wording_rows = wording_nodes(row, row.wording.text)
        else:
            row.all_versions = []
            if row.level in (Provision.Level.CLAUSE, Provision.Level.POINT) and article and (
                    article.wording or article.not_in_force):
                row.superseded = True
        if row.level in (Provision.Level.CHAPTER, Provision.Level.SECTION):
            article = None
    return rows


TOKEN = re.compile(r"\S+|\n")


def _render(tokens: list[str], tag: str | None) -> str:
    out = []
    for t in tokens:
        out.append("<br>" if t == "\n" else escape(t))
    html = " ".join(out).replace(" <br> ", "<br>")
    return f"<{tag}>{html}</{tag}>" if tag and html.strip() else html


def compare(old: str, new: str) -> tuple[str, str]:
    """HTML of two wordings word by word: what the new one removes is <del> in the old, what
    it adds is <ins> in the new."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(_render(a[i1:i2], None))
            right.append(_render(b[j1:j2], None))
        else:
            if i2 > i1:
                left.append(_render(a[i1:i2], "del"))
            if j2 > j1:
                right.append(_render(b[j1:j2], "ins"))
    return mark_safe(" ".join(left)), mark_safe(" ".join(right))


def article_history(article: Provision) -> list[dict]:
    """Each change of the article's wording: the wording before and after, with their dates
    and the amending document, differences marked."""
    versions = list(article.versions.select_related("amended_by").order_by("valid_from"))
    changes = []
    for old, new in zip(versions, versions[1:], strict=False):
        before, after = compare(old.text, new.text)
        changes.append({"old": old, "new": new, "before": before, "after": after})
    return changes


def documents():
    return LegalDocument.objects.prefetch_related("amends", "replaces").order_by(
        "-signed_on", "code")


def article_keys(codes=None) -> set[tuple[str, str]]:
    """{(document code, anchor)} of the articles and clauses present — one query."""
    qs = Provision.objects.filter(level__in=("dieu", "khoan"))
    if codes:
        qs = qs.filter(Q(document__code__in=list(codes)))
    return set(qs.values_list("document__code", "anchor"))


def document_numbers() -> dict[str, str]:
    """{number ("06/2022/QH15"): code} of every document in the library — one query."""
    return dict(LegalDocument.objects.values_list("number", "code"))
