"""Read queries for inspection pages: scoped, a few queries whatever the size."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.http import Http404

from tdkt.accounts.models import SELF_ONLY_ROLES, WRITE_ROLES, Role

from .models import (
    OPEN_ACTION,
    ActionStatus,
    CorrectiveAction,
    Evidence,
    Inspection,
    InspectionPlan,
    ItemKind,
    Side,
)

NOT_FOUND = "Không tìm thấy hoặc ngoài phạm vi của bạn."


# Staff (a self-only role) do not read inspection files: evidence and minutes name colleagues.
READER_ROLES = frozenset(Role.values) - SELF_ONLY_ROLES


def inspection_q(scope, prefix: str = "") -> Q:
    """An inspection is seen by the inspected unit's subtree scope and by the inspecting
    (issuing) unit's scope (roles other than staff)."""
    return (scope.unit_q(f"{prefix}unit", READER_ROLES)
            | scope.unit_q(f"{prefix}plan__issuing_unit", READER_ROLES))


def visible_inspections(scope):
    return Inspection.objects.filter(inspection_q(scope))


def visible_plans(scope):
    return InspectionPlan.objects.filter(
        scope.unit_q("issuing_unit", READER_ROLES)
        | Q(pk__in=visible_inspections(scope).values("plan_id"))
    ).distinct()


def visible_actions(scope):
    return CorrectiveAction.objects.filter(
        scope.unit_q("owner_unit", READER_ROLES) | inspection_q(scope, "inspection__"))


def get_or_404(queryset, **lookup):
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404(NOT_FOUND)
    return obj


def inspection_for(scope, pk):
    return get_or_404(
        visible_inspections(scope).select_related("plan__issuing_unit", "unit", "template"),
        pk=pk)


def plan_for(scope, pk):
    return get_or_404(visible_plans(scope).select_related("issuing_unit"), pk=pk)


def action_for(scope, pk):
    return get_or_404(
        visible_actions(scope).select_related(
            "owner_unit", "finding", "inspection__plan__issuing_unit", "inspection__unit",
            "decided_by"),
        pk=pk)


def evidence_for(scope, pk):
    return get_or_404(
        Evidence.objects.filter(Q(inspection__in=visible_inspections(scope))
                                | Q(action__in=visible_actions(scope))), pk=pk)


# --- the checklist with both sides -------------------------------------------------------------


@dataclass
class Row:
    item: object
    self_result: object = None
    team_result: object = None
    evidence: list = field(default_factory=list)


@dataclass
class Total:
    points: Decimal = Decimal(0)
    max_points: Decimal = Decimal(0)
    scored: int = 0
    passed: int = 0
    pass_fail: int = 0
    answered_pf: int = 0

    @property
    def percent(self) -> Decimal | None:
        if not self.max_points:
            return None
        return (self.points * 100 / self.max_points).quantize(Decimal("0.1"))

    @property
    def answered(self) -> bool:
        return bool(self.scored or self.answered_pf)

    def text(self) -> str:
        if not self.answered:
            return "chưa chấm"
        parts = []
        if self.max_points:
            percent = str(self.percent).replace(".", ",")
            parts.append(f"{_num(self.points)}/{_num(self.max_points)} điểm ({percent}%)")
        if self.pass_fail:
            parts.append(f"{self.passed}/{self.pass_fail} tiêu chí đạt")
        return "; ".join(parts) or "chưa chấm"


def _num(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def checklist_rows(inspection) -> list[Row]:
    """Every item of the inspection's checklist with the unit's and the team's answers and
    the unit's evidence files (three queries)."""
    rows = {item.pk: Row(item) for item in inspection.template.items.all()}
    for result in inspection.results.all():
        row = rows.get(result.item_id)
        if row is not None:
            if result.side == Side.SELF:
                row.self_result = result
            else:
                row.team_result = result
    for ev in inspection.evidence.filter(action__isnull=True, item__isnull=False):
        if ev.item_id in rows:
            rows[ev.item_id].evidence.append(ev)
    return list(rows.values())


def total(rows: list[Row], side: str) -> Total:
    """Weighted total: Σ points × weight over Σ max × weight for score items; pass/fail items
    are counted apart."""
    t = Total()
    for row in rows:
        result = row.self_result if side == Side.SELF else row.team_result
        item = row.item
        if item.kind == ItemKind.SCORE:
            t.max_points += item.max_points * item.weight
            if result is not None and result.points is not None:
                t.points += result.points * item.weight
                t.scored += 1
        else:
            t.pass_fail += 1
            if result is not None and result.passed is not None:
                t.answered_pf += 1
                t.passed += int(result.passed)
    return t


# --- lists and counts ---------------------------------------------------------------------------


def action_counts(queryset, today) -> dict:
    """{"open", "overdue", "submitted", "accepted"} for a queryset of actions (one query)."""
    open_q = Q(status__in=OPEN_ACTION)
    return queryset.aggregate(
        open=Count("pk", filter=open_q & Q(due_on__gte=today)),
        overdue=Count("pk", filter=open_q & Q(due_on__lt=today)),
        submitted=Count("pk", filter=Q(status=ActionStatus.SUBMITTED)),
        accepted=Count("pk", filter=Q(status=ActionStatus.ACCEPTED)),
    )


def writable_units_q(scope, field: str) -> Q:
    return scope.unit_q(field, WRITE_ROLES)
