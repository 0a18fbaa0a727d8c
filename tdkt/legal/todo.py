"""The home page's tasks from the legal library (contract: tdkt.dashboard.todo): the
department's queue of questions waiting for an answer; the documents the user has been given
to read and not yet confirmed (everyone with a staff record); and, for those who follow a
unit's staff (officers, heads, the department), the readers of their subtree whose deadline
has passed. A constant number of queries whatever the size."""

from __future__ import annotations

import datetime

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone

from tdkt.accounts.scoping import is_dept
from tdkt.dashboard.todo import TodoItem
from tdkt.people.models import Person

from .models import Question, QuestionStatus
from .reading import selectors

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


def reading_items(user, scope, today: datetime.date) -> list[TodoItem]:
    """Left to read (two queries) and, for officers, heads and the department, the overdue
    readers of their subtree (four queries)."""
    today = today or timezone.localdate()
    result = []
    if user.person_id:
        person = Person.objects.select_related("unit").filter(pk=user.person_id).first()
        if person is not None:
            agg = (selectors.for_person(person).filter(read_at=None)
                   .aggregate(n=Count("pk"), first=Min("due_on")))
            if agg["n"]:
                result.append(TodoItem(title="Văn bản cần đọc", link=reverse("legal:reading_mine"),
                                       count=agg["n"], due_on=agg["first"], group=GROUP))
    paths = scope.people_paths()
    if paths:
        late = list(selectors.visible_assignments(scope).filter(due_on__lt=today))
        n, _ = selectors.overdue_readers(paths, late, today)
        if n:
            result.append(TodoItem(title="Cán bộ chưa đọc văn bản đã quá hạn",
                                   link=reverse("legal:reading_overview"), count=n,
                                   due_on=min(a.due_on for a in late), group=GROUP))
    return result


def items(user, scope, today: datetime.date) -> list[TodoItem]:
    return [*qa_items(user, scope, today), *reading_items(user, scope, today)]
