"""The home page's tasks from exemplars (contract: tdkt.dashboard.todo): proposals and
"người tốt, việc tốt" reports waiting for moderation in the user's write scope; fostering
milestones due within two weeks or overdue for the responsible unit; results of a model
the unit applies due within two weeks (Báo cáo kết quả nhân rộng); summary records waiting for
the unit head's or the department's approval, or returned to the officer. A few queries."""

from __future__ import annotations

import datetime

from django.db.models import Count, Min
from django.urls import reverse

from tdkt.accounts.models import WRITE_ROLES
from tdkt.dashboard.todo import TodoItem

from .models import Exemplar, Milestone, Status

GROUP = "Điển hình tiên tiến"
SOON_DAYS = 14


def _summary_items(scope) -> list[TodoItem]:
    """Summary records waiting for this user: the unit head's first approval, the
    department's second, the officer's corrections after a return. One query."""
    from django.db.models import Q

    from tdkt.accounts.models import Role
    from tdkt.accounts.scoping import is_dept

    from .models import Summary, SummaryStatus

    wanted = []
    if scope.paths({Role.UNIT_HEAD}):
        wanted.append((SummaryStatus.AT_HEAD, {Role.UNIT_HEAD},
                       "Báo cáo tổng kết điển hình chờ thủ trưởng đơn vị duyệt"))
    if is_dept(scope):
        wanted.append((SummaryStatus.AT_DEPT, None,
                       "Báo cáo tổng kết điển hình chờ Vụ Tổ chức cán bộ phê duyệt"))
    if scope.paths(WRITE_ROLES):
        wanted.append((SummaryStatus.RETURNED, WRITE_ROLES,
                       "Báo cáo tổng kết điển hình bị trả lại, cần chỉnh sửa"))
    if not wanted:
        return []
    counts = {}
    for status, roles, _title in wanted:
        q = Q(status=status)
        if not scope.is_admin:
            q &= scope.unit_q("exemplar__unit", roles)
        counts[status] = Count("pk", filter=q)
    got = Summary.objects.filter(exemplar__status=Status.ACCEPTED).aggregate(**counts)
    return [TodoItem(title=title, count=got[status], group=GROUP,
                     link=reverse("exemplars:index") + f"?tong_ket={status}")
            for status, _roles, title in wanted if got[status]]


def items(user, scope, today: datetime.date) -> list[TodoItem]:
    result = _summary_items(scope)
    if not scope.paths(WRITE_ROLES) and not scope.is_admin:
        return result
    qs = Exemplar.objects.filter(status=Status.PROPOSED)
    if not scope.is_admin:
        qs = qs.filter(scope.unit_q("unit", WRITE_ROLES))
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
