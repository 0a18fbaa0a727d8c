"""The home page's tasks from exemplars (contract: tdkt.dashboard.todo): proposals and
"người tốt, việc tốt" reports waiting for moderation in the user's write scope. One query."""

from __future__ import annotations

import datetime

from django.urls import reverse

from tdkt.accounts.models import WRITE_ROLES
from tdkt.dashboard.todo import TodoItem

from .models import Exemplar, Status

GROUP = "Điển hình tiên tiến"


def items(user, scope, today: datetime.date) -> list[TodoItem]:
    if not scope.paths(WRITE_ROLES) and not scope.is_admin:
        return []
    qs = Exemplar.objects.filter(status=Status.PROPOSED)
    if not scope.is_admin:
        qs = qs.filter(scope.unit_q("unit", WRITE_ROLES))
    n = qs.count()
    if not n:
        return []
    return [TodoItem(title="Đề xuất, phản ánh điển hình chờ xem xét",
                     link=reverse("exemplars:index") + "?trang_thai=proposed", count=n,
                     group=GROUP)]
