"""The home page's tasks from reviews (contract: tdkt.dashboard.todo): reports my units must
send (with the nearest deadline), and, for the unit that asked, reports still missing after
the deadline. Two queries whatever the amount of data."""

from __future__ import annotations

import datetime

from django.db.models import Count, Min
from django.urls import reverse

from tdkt.accounts.models import WRITE_ROLES
from tdkt.dashboard.todo import TodoItem

from .models import UnitReport

GROUP = "Báo cáo sơ kết, tổng kết"


def items(user, scope, today: datetime.date) -> list[TodoItem]:
    if not scope.paths(WRITE_ROLES):
        return []
    link = reverse("reports:index") + "#dot-bao-cao"
    result = []
    due = UnitReport.objects.filter(scope.unit_q("unit", WRITE_ROLES), sent_at__isnull=True) \
        .exclude(scope.unit_q("call__issuer", WRITE_ROLES)) \
        .aggregate(n=Count("pk"), first=Min("call__due_on"))
    if due["n"]:
        result.append(TodoItem("Báo cáo sơ kết, tổng kết phải gửi cấp trên", link, due["n"],
                               due["first"], GROUP))
    late = UnitReport.objects.filter(scope.unit_q("call__issuer", WRITE_ROLES),
                                     sent_at__isnull=True, call__due_on__lt=today) \
        .aggregate(n=Count("pk"), first=Min("call__due_on"))
    if late["n"]:
        result.append(TodoItem("Đơn vị chưa gửi báo cáo sơ kết, tổng kết đã quá hạn", link,
                               late["n"], None, GROUP))
    return result
