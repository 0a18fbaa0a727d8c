"""The home page's task from contests (contract: tdkt.dashboard.todo): each open round the
user's staff record may take and has not yet submitted an attempt for. Two queries."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from tdkt.dashboard.todo import TodoItem
from tdkt.people.models import Person

from .models import Entry, Round
from .selectors import _prefixes

GROUP = "Cuộc thi tìm hiểu pháp luật"


def items(user, scope, today: datetime.date) -> list[TodoItem]:
    if not getattr(user, "person_id", None):
        return []
    path = (Person.objects.filter(pk=user.person_id).values_list("unit__path", flat=True)
            .first())
    if not path:
        return []
    now = timezone.now()
    done = Entry.objects.filter(round=OuterRef("pk"), person_id=user.person_id,
                                best_score__isnull=False)
    rounds = (Round.objects.filter(opens_at__lte=now, closes_at__gt=now)
              .filter(Q(contest__units__isnull=True) | Q(contest__units__path__in=_prefixes(path)))
              .exclude(Exists(done)).select_related("contest").distinct()
              .order_by("closes_at", "pk"))
    result = []
    for r in rounds[:5]:
        closes = timezone.localtime(r.closes_at)
        result.append(TodoItem(
            title=f"Cuộc thi đang mở: {r.contest.title}, vòng {r.number}, hạn "
                  f"{closes:%H:%M} ngày {closes:%d/%m/%Y}",
            link=reverse("contests:round", kwargs={"contest_round_pk": r.pk}),
            due_on=closes.date(), group=GROUP))
    return result
