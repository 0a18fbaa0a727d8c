"""The home page's tasks from the legal library (contract: tdkt.dashboard.todo)."""

from __future__ import annotations

import datetime

from django.urls import reverse

from tdkt.accounts.scoping import is_dept
from tdkt.dashboard.todo import TodoItem

from .models import Question, QuestionStatus

GROUP = "Văn bản pháp luật"


def qa_items(user, scope, today: datetime.date) -> list[TodoItem]:
    """The department's queue of questions waiting for an answer (one query)."""
    if not is_dept(scope):
        return []
    n = Question.objects.filter(status=QuestionStatus.WAITING).count()
    if not n:
        return []
    return [TodoItem(title="Câu hỏi pháp luật chờ trả lời", count=n, group=GROUP,
                     link=reverse("legal:qa_index") + "?trang_thai=waiting")]


def items(user, scope, today: datetime.date) -> list[TodoItem]:
    return [*qa_items(user, scope, today)]
