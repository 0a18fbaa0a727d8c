"""The home page's tasks from inspections (contract: tdkt.dashboard.todo): corrective actions
due or overdue for the owner unit, evidence waiting for the inspector's acceptance, overdue
actions of the units the user inspects, self-inspections to do. Four queries whatever the
amount of data."""

from __future__ import annotations

import datetime

from django.db.models import Count, Min, Q
from django.urls import reverse

from tdkt.accounts.models import WRITE_ROLES
from tdkt.dashboard.todo import TodoItem

from .models import OPEN_ACTION, ActionStatus, CorrectiveAction, Inspection, InspectionStatus

GROUP = "Kiểm tra công tác TĐKT"
SOON_DAYS = 14


def items(user, scope, today: datetime.date) -> list[TodoItem]:
    if not scope.paths(WRITE_ROLES):
        return []
    owner = scope.unit_q("owner_unit", WRITE_ROLES)
    inspector = scope.unit_q("inspection__plan__issuing_unit", WRITE_ROLES)
    link = reverse("inspections:index") + "#khac-phuc"
    result = []
    running = CorrectiveAction.objects.filter(status__in=OPEN_ACTION,
                                              inspection__status=InspectionStatus.CONCLUDED)
    # 1. my unit's actions: overdue, and due within two weeks (one query)
    # (where the user is also the inspector, the actions count under 3. instead)
    mine = running.filter(owner).exclude(inspector).aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        overdue_since=Min("due_on", filter=Q(due_on__lt=today)),
        soon=Count("pk", filter=Q(due_on__gte=today,
                                  due_on__lte=today + datetime.timedelta(days=SOON_DAYS))),
        soon_due=Min("due_on", filter=Q(due_on__gte=today)),
    )
    if mine["overdue"]:
        result.append(TodoItem("Biện pháp khắc phục sau kiểm tra đã quá hạn", link,
                               mine["overdue"], mine["overdue_since"], GROUP))
    if mine["soon"]:
        result.append(TodoItem("Biện pháp khắc phục sau kiểm tra sắp đến hạn", link,
                               mine["soon"], mine["soon_due"], GROUP))
    # 2. evidence to accept, as the inspecting unit (one query)
    waiting = CorrectiveAction.objects.filter(inspector, status=ActionStatus.SUBMITTED).aggregate(
        n=Count("pk"), first=Min("due_on"))
    if waiting["n"]:
        result.append(TodoItem("Minh chứng khắc phục chờ nghiệm thu", link, waiting["n"],
                               None, GROUP))
    # 3. overdue actions of the units I inspect (escalation) (one query)
    late = running.filter(inspector, due_on__lt=today).aggregate(
        n=Count("pk"), since=Min("due_on"))
    if late["n"]:
        result.append(TodoItem("Đơn vị được kiểm tra chậm khắc phục", link, late["n"],
                               late["since"], GROUP))
    # 4. self-inspections to do for my units (not where I am the inspector) (one query)
    todo = Inspection.objects.filter(
        scope.unit_q("unit", WRITE_ROLES), status=InspectionStatus.PLANNED,
    ).exclude(scope.unit_q("plan__issuing_unit", WRITE_ROLES)).aggregate(
        n=Count("pk"), due=Min("self_due_on"), first=Min("pk"))
    if todo["n"]:
        target = (reverse("inspections:self", args=[todo["first"]]) if todo["n"] == 1
                  else reverse("inspections:index"))
        result.append(TodoItem("Tự kiểm tra công tác thi đua, khen thưởng trước đợt kiểm tra",
                               target, todo["n"], todo["due"], GROUP))
    return result
