"""Saving an imported legal document and recording amended wordings (atomic, audited)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from tdkt.audit.services import record
from tdkt.core.text import fold

from .models import ArticleVersion, LegalDocument, Provision
from .parser import ParseResult


def _article_search_text(node) -> str:
    parts = [f"Điều {node.number}. {node.title}"]
    for sub in node.walk():
        if sub.text:
            parts.append(sub.text)
    return fold(" ".join(parts))


def save_document(actor, meta: dict, result: ParseResult) -> LegalDocument:
    """Create the document `meta` (code, number, title, kind, issuer, dates, status,
    source_url, coverage) with the structure of `result`. Refuses an existing code."""
    with transaction.atomic():
        if LegalDocument.objects.filter(code=meta["code"]).exists():
            raise ValidationError(f"Đã có văn bản mã “{meta['code']}” trong thư viện.")
        doc = LegalDocument.objects.create(preamble="\n".join(result.preamble), **meta)
        position = 0

        def add(node, parent, depth):
            nonlocal position
            position += 1
            row = Provision.objects.create(
                document=doc, parent=parent, level=node.kind, number=node.number,
                title=node.title[:500], text=node.text, anchor=node.anchor, position=position,
                depth=depth,
                search_text=_article_search_text(node) if node.kind == "dieu" else "",
            )
            for child in node.children:
                add(child, row, depth + 1)

        for node in result.nodes:
            add(node, None, 0)
        record(actor, "legal.document_imported", doc,
               {"articles": [None, len(result.articles())],
                "unplaced": [None, len(result.unplaced)]})
    return doc


def set_relations(actor, doc: LegalDocument, *, amends=(), replaces=()) -> None:
    """Record which documents `doc` amends and replaces (codes)."""
    with transaction.atomic():
        old = (sorted(doc.amends.values_list("code", flat=True)),
               sorted(doc.replaces.values_list("code", flat=True)))
        doc.amends.set(LegalDocument.objects.filter(code__in=list(amends)))
        doc.replaces.set(LegalDocument.objects.filter(code__in=list(replaces)))
        record(actor, "legal.relations_set", doc,
               {"amends": [old[0], sorted(amends)], "replaces": [old[1], sorted(replaces)]})


def article_wording(article: Provision) -> str:
    """The stored wording of an article as text: its lead-in, then each clause ("1. …") and
    point ("a) …") on its own line — the form an amended wording is recorded in, so the
    parser can give it the same anchors."""
    lines = [article.text] if article.text else []

    def walk(node):
        for child in node.children.order_by("position"):
            sep = ". " if child.level == Provision.Level.CLAUSE else ") "
            lines.append(f"{child.number}{sep}{child.text}")
            walk(child)

    walk(article)
    return "\n".join(lines)


def amend_article(actor, article: Provision, text: str, valid_from, *, amended_by=None,
                  note: str = "") -> ArticleVersion:
    """Record a new wording of `article` in force from `valid_from` (an amending document's
    change). Both wordings are kept: the first time, the stored wording becomes the version in
    force from the document's entry into force until the day before; the wording in force at
    `valid_from` is closed the day before. Audited; the article's row is locked."""
    text = (text or "").strip()
    if not text:
        raise ValidationError("Nội dung sửa đổi của Điều không được để trống.")
    if article.level != Provision.Level.ARTICLE:
        raise ValidationError("Chỉ ghi nội dung sửa đổi cho một Điều.")
    with transaction.atomic():
        article.refresh_from_db(from_queryset=Provision.objects.select_for_update())
        doc = article.document
        versions = list(article.versions.order_by("valid_from"))
        start = doc.in_force_from or doc.signed_on
        if not versions:
            if start is None or start >= valid_from:
                raise ValidationError("Ngày áp dụng nội dung sửa đổi phải sau ngày văn bản có "
                                      "hiệu lực.")
            versions = [ArticleVersion.objects.create(
                article=article, text=article_wording(article), valid_from=start,
                valid_to=None, note="Nội dung ban đầu")]
        if any(v.valid_from >= valid_from for v in versions):
            raise ValidationError("Đã có nội dung áp dụng từ ngày này hoặc sau ngày này; hãy ghi "
                                  "các lần sửa đổi theo thứ tự thời gian.")
        current = versions[-1]
        current.valid_to = valid_from - datetime.timedelta(days=1)
        current.save(update_fields=["valid_to"])
        new = ArticleVersion.objects.create(article=article, text=text, valid_from=valid_from,
                                            amended_by=amended_by, note=note[:300])
        if amended_by is not None and amended_by.pk != doc.pk:
            amended_by.amends.add(doc)
        # Search finds the article by any of its wordings.
        article.search_text = f"{article.search_text} {fold(text)}"
        article.save(update_fields=["search_text"])
        record(actor, "legal.article_amended", doc,
               {"article": [None, article.anchor], "valid_from": [None, valid_from.isoformat()],
                "amended_by": [None, amended_by.code if amended_by else None]})
    return new
