"""Every state change of the contests area. Each runs in one transaction, is audited, and
transitions lock the row they change (the participant's Entry while starting or submitting).
Only the emulation department manages the bank, contests and prizes."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from tdkt.accounts.scoping import require_dept
from tdkt.audit.services import record
from tdkt.core.text import fold

from .bank import QuestionSpec
from .models import ANCHOR_RE, Choice, Question

# --- question bank --------------------------------------------------------------------------


def _check_question(document, anchor: str, text: str, choices: list[tuple[str, bool]]):
    errors = {}
    if document is None:
        errors["document"] = "Chọn văn bản."
    if not ANCHOR_RE.match(anchor or ""):
        errors["anchor"] = "Điều, khoản phải có dạng dieu-93 hoặc dieu-93-khoan-2."
    if not (text or "").strip():
        errors["text"] = "Nhập nội dung câu hỏi."
    if len(choices) < 2:
        errors["__all__"] = "Cần ít nhất hai phương án trả lời."
    elif not any(ok for _, ok in choices):
        errors["__all__"] = "Đánh dấu ít nhất một phương án đúng."
    elif all(ok for _, ok in choices):
        errors["__all__"] = "Không thể mọi phương án đều đúng."
    if errors:
        raise ValidationError(errors)


def save_question(actor, *, document, anchor: str, text: str, explanation: str,
                  choices: list[tuple[str, bool]], active: bool = True,
                  question: Question | None = None) -> Question:
    """Create a question, or replace an existing one's wording and choices."""
    require_dept(actor)
    anchor = (anchor or "").strip().lower()
    choices = [(" ".join(t.split()), bool(ok)) for t, ok in choices if t and t.strip()]
    _check_question(document, anchor, text, choices)
    with transaction.atomic():
        if question is None:
            q = Question(created_by=actor)
            old = None
        else:
            q = Question.objects.select_for_update().get(pk=question.pk)
            old = {"text": q.text, "anchor": q.anchor, "active": q.active}
        q.document, q.anchor, q.text = document, anchor, text.strip()
        q.explanation, q.active = (explanation or "").strip(), active
        q.save()
        if old is not None:
            q.choices.all().delete()
        Choice.objects.bulk_create(
            Choice(question=q, text=t, correct=ok, position=i) for i, (t, ok) in
            enumerate(choices))
        changes = {"text": [old and old["text"], q.text], "anchor": [old and old["anchor"],
                                                                     q.anchor],
                   "active": [old and old["active"], q.active], "choices": len(choices)}
        record(actor, "contest_question.create" if old is None else "contest_question.update",
               q, changes)
    return q


@dataclass
class ImportResult:
    created: int
    skipped: int


def import_questions(actor, specs: list[QuestionSpec], *, check_dept: bool = True
                     ) -> ImportResult:
    """Save the questions of a bank file in one transaction. A question whose document and
    wording (without diacritics, case, spacing) already exist is skipped, so importing the
    same file twice adds nothing. `check_dept=False` only for the demo loader."""
    from tdkt.legal.models import LegalDocument

    if check_dept:
        require_dept(actor)
    docs = {d.code: d for d in LegalDocument.objects.filter(
        code__in={s.document for s in specs})}
    missing = sorted({s.document for s in specs} - docs.keys())
    if missing:
        raise ValidationError(
            f"Văn bản chưa có trong thư viện pháp luật: {', '.join(missing)}.")
    existing = set(Question.objects.filter(document__in=docs.values())
                   .values_list("document__code", "search_text"))
    created = skipped = 0
    with transaction.atomic():
        for spec in specs:
            q = Question(document=docs[spec.document], anchor=spec.anchor, text=spec.text,
                         explanation=spec.explanation, created_by=actor)
            key = (spec.document, fold(f"{spec.text} {spec.explanation}"))
            if key in existing:
                skipped += 1
                continue
            existing.add(key)
            q.save()
            Choice.objects.bulk_create(
                Choice(question=q, text=t, correct=ok, position=i)
                for i, (t, ok) in enumerate(spec.choices))
            created += 1
        if created:
            record(actor, "contest_question.import_file", docs[specs[0].document],
                   {"created": created, "skipped": skipped})
    return ImportResult(created, skipped)
