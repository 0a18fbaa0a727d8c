"""Reading the library: a document's provisions with the wording in force on a date."""

import datetime

from django.db.models import Prefetch, Q

from tdkt.core.text import fold

from .models import ArticleVersion, LegalDocument, Provision


def search_articles(query: str):
    """Articles whose folded text contains every folded word of `query`."""
    qs = Provision.objects.filter(level=Provision.Level.ARTICLE).select_related("document")
    for word in fold(query).split():
        qs = qs.filter(search_text__contains=word)
    return qs.order_by("document__code", "position")


def provisions_on(document: LegalDocument, on: datetime.date | None):
    """The document's provisions in order; each article carries `wording`: the version in
    force on `on` (None = the stored text), and `versions` (all wordings)."""
    versions = ArticleVersion.objects.select_related("amended_by").order_by("valid_from")
    rows = list(document.provisions.prefetch_related(Prefetch("versions", queryset=versions)))
    for row in rows:
        row.wording = None
        row.all_versions = list(row.versions.all()) if row.level == "dieu" else []
        if on and row.all_versions:
            for v in row.all_versions:
                if v.valid_from <= on and (v.valid_to is None or on <= v.valid_to):
                    row.wording = v
    return rows


def documents():
    return LegalDocument.objects.prefetch_related("amends", "replaces").order_by(
        "-signed_on", "code")


def article_keys(codes=None) -> set[tuple[str, str]]:
    """{(document code, anchor)} of the articles and clauses present — one query."""
    qs = Provision.objects.filter(level__in=("dieu", "khoan"))
    if codes:
        qs = qs.filter(Q(document__code__in=list(codes)))
    return set(qs.values_list("document__code", "anchor"))
