"""State changes of questions: ask, answer (with citations), publish, unpublish. Each runs in
one transaction, locks the row it changes and is audited. Only the department answers and
publishes; the asker is told through the notification service when answered."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tdkt.accounts.scoping import Scope, require_dept
from tdkt.audit.services import record

from ..models import Provision, Question, QuestionCitation, QuestionStatus
from ..parser import anchor_for

MAX_CITATIONS = 5
DEPT_ONLY = "Chỉ Thường trực Hội đồng TĐKT (Vụ TCCB) trả lời và công khai câu hỏi."


def lock(question: Question) -> Question:
    """Lock the row (SELECT … FOR UPDATE until the transaction ends) and re-read it, so the
    checks that follow see what is stored (the tdkt.nominations.services.common.lock
    pattern)."""
    question.refresh_from_db(from_queryset=Question.objects.select_for_update())
    return question


def _clean(value: str, limit: int) -> str:
    return " ".join((value or "").split())[:limit]


def asker_unit(user):
    """The unit a question is asked from: the user's staff record's unit, else the unit of
    their first role."""
    person = getattr(user, "person", None)
    if person is not None and person.unit_id:
        return person.unit
    grant = user.role_assignments.select_related("unit").order_by("pk").first()
    return grant.unit if grant else None


def ask(actor, *, title: str, body: str, anonymous: bool = False) -> Question:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    unit = asker_unit(actor)
    if unit is None:
        raise ValidationError("Tài khoản chưa gắn với đơn vị nào nên chưa gửi được câu hỏi.")
    title, body = _clean(title, 255), (body or "").strip()[:5000]
    errors = {}
    if not title:
        errors["title"] = "Nhập tóm tắt câu hỏi."
    if not body:
        errors["body"] = "Nhập nội dung câu hỏi."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        q = Question.objects.create(asker=actor, unit=unit, anonymous=bool(anonymous),
                                    title=title, body=body)
        record(actor, "legal.question_ask", q,
               {"status": [None, q.status], "anonymous": [None, q.anonymous]})
    return q


def resolve(citations) -> list[Provision]:
    """[(document code, article number, clause number or "")] -> the provisions in the
    library, in order, without repeats. Raises ValidationError naming what is not there."""
    found, errors = [], []
    for code, article, clause in citations:
        article, clause = (article or "").strip(), (clause or "").strip()
        if not code and not article:
            continue
        if not code or not article:
            errors.append("Mỗi căn cứ cần chọn văn bản và ghi số Điều.")
            continue
        anchor = anchor_for(article, clause or None)
        p = (Provision.objects.filter(document__code=code, anchor=anchor,
                                      level__in=("dieu", "khoan"))
             .select_related("document", "parent").first())
        if p is None:
            where = f"Điều {article}" + (f", khoản {clause}" if clause else "")
            errors.append(f"Thư viện chưa có {where} của văn bản đã chọn.")
        elif p.pk not in {f.pk for f in found}:
            found.append(p)
    if errors:
        raise ValidationError(errors)
    if len(found) > MAX_CITATIONS:
        raise ValidationError(f"Trích dẫn tối đa {MAX_CITATIONS} Điều, khoản.")
    return found


def answer(actor, question: Question, *, text: str, citations=()) -> Question:
    """Answer (or correct the answer of) a question. `citations` as for `resolve`. The asker
    is notified the first time."""
    require_dept(actor, DEPT_ONLY)
    text = (text or "").strip()[:20000]
    if not text:
        raise ValidationError({"answer": "Nhập nội dung trả lời."})
    provisions = resolve(citations)
    with transaction.atomic():
        q = lock(question)
        first = q.status == QuestionStatus.WAITING
        old_cites = list(q.citations.values_list("provision__anchor", flat=True))
        old = (q.status, bool(q.answer))
        q.answer, q.status = text, QuestionStatus.ANSWERED
        q.answered_by, q.answered_at = actor, timezone.now()
        q.save()
        q.citations.all().delete()
        QuestionCitation.objects.bulk_create([
            QuestionCitation(question=q, provision=p,
                             article=p if p.level == "dieu" else p.parent, position=i)
            for i, p in enumerate(provisions)])
        record(actor, "legal.question_answer" if first else "legal.question_answer_edit", q,
               {"status": [old[0], q.status], "answer": [old[1], True],
                "citations": [old_cites, [f"{p.document.code}#{p.anchor}" for p in provisions]]})
        if first and q.asker_id:
            from tdkt.notifications.services import notify

            notify(users=[q.asker_id], message=f"Câu hỏi “{q.title}” đã được trả lời.",
                   link=reverse("legal:qa_detail", kwargs={"question_pk": q.pk}),
                   key=f"legal-question-answered-{q.pk}")
    return q


def publish(actor, question: Question, *, public_body: str) -> Question:
    """Put an answered question on the public FAQ with the wording `public_body` (the
    department may take out personal details). Never shows the asker or their unit."""
    require_dept(actor, DEPT_ONLY)
    public_body = (public_body or "").strip()[:5000]
    if not public_body:
        raise ValidationError({"public_body": "Nhập nội dung câu hỏi sẽ công khai."})
    with transaction.atomic():
        q = lock(question)
        if q.status != QuestionStatus.ANSWERED:
            raise ValidationError("Chỉ công khai câu hỏi đã được trả lời.")
        old = q.published_at
        q.public_body = public_body
        q.published_at = q.published_at or timezone.now()
        q.save()
        record(actor, "legal.question_publish", q, {"published_at": [old, q.published_at]})
    return q


def unpublish(actor, question: Question) -> Question:
    require_dept(actor, DEPT_ONLY)
    with transaction.atomic():
        q = lock(question)
        if q.published_at is None:
            raise ValidationError("Câu hỏi này chưa được công khai.")
        old, q.published_at = q.published_at, None
        q.save()
        record(actor, "legal.question_unpublish", q, {"published_at": [old, None]})
    return q


def can_see_asker(scope: Scope, question: Question) -> bool:
    """The asker's name: always for the department and the asker; for others only when the
    question was not asked anonymously."""
    from tdkt.accounts.scoping import is_dept

    return (not question.anonymous or is_dept(scope)
            or (question.asker_id is not None and question.asker_id == scope.user.pk))
