"""Saving an imported legal document (atomic, audited)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from tdkt.audit.services import record
from tdkt.core.text import fold

from .models import LegalDocument, Provision
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
