"""The home page's tasks from exemplars (contract: tdkt.dashboard.todo): proposals and
"người tốt, việc tốt" reports waiting for moderation in the user's write scope; fostering
milestones due within two weeks or overdue for the responsible unit; results of a model
the unit applies due within two weeks (Báo cáo kết quả nhân rộng). Three queries."""

from __future__ import annotations

import datetime

from django.db.models import Count, Min
from django.urls import reverse

from tdkt.accounts.models import WRITE_ROLES
from tdkt.dashboard.todo import TodoItem

from .models import Exemplar, Milestone, Status

GROUP = "Điển hình tiên tiến"
SOON_DAYS = 14


def items(user, scope, today: datetime.date) -> list[TodoItem]:
    if not scope.paths(WRITE_ROLES) and not scope.is_admin:
        return []
    qs = Exemplar.objects.filter(status=Status.PROPOSED)
    if not scope.is_admin:
        qs = qs.filter(scope.unit_q("unit", WRITE_ROLES))
    result = []
    n = qs.count()
    if n:
        result.append(TodoItem(title="Đề xuất, phản ánh điển hình chờ xem xét",
                               link=reverse("exemplars:index") + "?trang_thai=proposed",
                               count=n, group=GROUP))
    due = Milestone.objects.filter(done_on=None, plan__exemplar__status=Status.ACCEPTED,
                                   due_on__lte=today + datetime.timedelta(days=SOON_DAYS))
    if not scope.is_admin:
        due = due.filter(scope.unit_q("plan__responsible_unit", WRITE_ROLES))
    agg = due.aggregate(n=Count("pk"), first=Min("due_on"))
    if agg["n"]:
        result.append(TodoItem(title="Mốc bồi dưỡng điển hình sắp đến hạn, quá hạn",
                               link=reverse("exemplars:index") + "?giai_doan=foster",
                               count=agg["n"], due_on=agg["first"], group=GROUP))
    from .replication import results_due

    reports = results_due(today)
    if not scope.is_admin:
        reports = reports.filter(scope.unit_q("unit", WRITE_ROLES))
    agg = reports.aggregate(n=Count("pk"), first=Min("ends_on"))
    if agg["n"]:
        result.append(TodoItem(title="Báo cáo kết quả nhân rộng",
                               link=reverse("exemplars:replication"),
                               count=agg["n"], due_on=agg["first"], group=GROUP))
    return result
