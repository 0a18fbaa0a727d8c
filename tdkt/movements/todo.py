"""Movements' part of the home task list (tdkt.dashboard.todo): registrations to send or to
approve, progress not reported, reviews not written, cluster self-scores not sent.

Who owes what:
- a unit's registration in a movement launched *above* the user's write subtree is the
  user's to send (an officer of STP-01 sends STP-01's registration in the Ministry's movement);
- registrations sent to a movement launched *inside* the user's write subtree are the user's
  to approve;
- a movement launched by a unit the user is granted at directly owes its reviews;
- a unit the user is granted at directly owes its cluster self-score.
Each part is one grouped query."""

import datetime

from django.db.models import Count, Exists, F, Min, OuterRef, Q
from django.urls import reverse

from tdkt.accounts.models import WRITE_ROLES
from tdkt.dashboard.todo import TodoItem
from tdkt.organisation.models import ClusterMembership

from .models import (
    EDITABLE_REGISTRATION,
    PROGRESS_OPEN,
    REGISTRATION_OPEN,
    Movement,
    MovementReview,
    MovementStatus,
    ProgressReport,
    Registration,
    RegistrationStatus,
    ReviewKind,
    Scorecard,
    ScorecardStatus,
)

GROUP = "Phong trào thi đua"
# An approved registration whose latest progress report is older than this is reminded.
PROGRESS_EVERY_DAYS = 90


def _write_roots(scope) -> list[str]:
    return scope.paths(WRITE_ROLES)


def _owed_upward(roots) -> Q:
    """Registrations of units under a root, in movements launched outside that root."""
    q = Q(pk__in=[])
    for root in roots:
        q |= Q(unit__path__startswith=root) & ~Q(movement__launching_unit__path__startswith=root)
    return q


def _launched_inside(roots, field="movement__launching_unit") -> Q:
    q = Q(pk__in=[])
    for root in roots:
        q |= Q(**{f"{field}__path__startswith": root})
    return q


def _per_movement(rows, title, single_link, many_link, due_field=None):
    items = []
    for row in rows:
        n = row["n"]
        link = (reverse(single_link, args=[row["first"]]) if n == 1
                else reverse(many_link, args=[row["movement_id"]]))
        items.append(TodoItem(
            title=f"{title}: {row['movement__name']}", link=link, count=n,
            due_on=row.get(due_field) if due_field else None, group=GROUP,
        ))
    return items


def to_send(scope, today):
    roots = _write_roots(scope)
    if not roots:
        return []
    rows = (
        Registration.objects.filter(_owed_upward(roots))
        .filter(status__in=EDITABLE_REGISTRATION, movement__status__in=REGISTRATION_OPEN)
        .values("movement_id", "movement__name", "movement__registration_deadline", "status")
        .annotate(n=Count("id"), first=Min("id"))
        .order_by("movement__registration_deadline", "movement_id", "status")
    )
    items = []
    for row in rows:
        returned = row["status"] == RegistrationStatus.RETURNED
        title = ("Đăng ký thi đua bị trả lại, cần bổ sung và gửi lại" if returned
                 else "Gửi đăng ký thi đua")
        items += _per_movement([row], title, "movements:registration", "movements:detail",
                               "movement__registration_deadline")
    return items


def to_approve(scope, today):
    roots = _write_roots(scope)
    if not roots:
        return []
    rows = (
        Registration.objects.filter(_launched_inside(roots), status=RegistrationStatus.SUBMITTED)
        .values("movement_id", "movement__name")
        .annotate(n=Count("id"), first=Min("id"))
        .order_by("movement_id")
    )
    return _per_movement(rows, "Duyệt đăng ký thi đua", "movements:registration",
                         "movements:rollup")


def progress_due(scope, today):
    roots = _write_roots(scope)
    if not roots:
        return []
    recent = ProgressReport.objects.filter(
        registration=OuterRef("pk"),
        reported_on__gt=today - datetime.timedelta(days=PROGRESS_EVERY_DAYS),
    )
    rows = (
        Registration.objects.filter(_owed_upward(roots))
        .filter(status=RegistrationStatus.APPROVED, movement__status__in=PROGRESS_OPEN)
        .filter(~Exists(recent))
        .values("movement_id", "movement__name", "movement__ends_on")
        .annotate(n=Count("id"), first=Min("id"))
        .order_by("movement_id")
    )
    items = []
    for row in rows:
        link = (reverse("movements:registration_progress", args=[row["first"]]) if row["n"] == 1
                else reverse("movements:detail", args=[row["movement_id"]]))
        items.append(TodoItem(
            title=f"Báo cáo tiến độ thực hiện: {row['movement__name']}", link=link,
            count=row["n"], due_on=row["movement__ends_on"], group=GROUP,
        ))
    return items


REVIEW_DUE = {MovementStatus.MIDTERM: ReviewKind.MIDTERM, MovementStatus.FINAL: ReviewKind.FINAL}


def reviews_due(scope, today):
    unit_ids = {g.unit_id for g in scope.grants if g.role in WRITE_ROLES}
    if not unit_ids:
        return []
    q = Q(pk__in=[])
    for status, kind in REVIEW_DUE.items():
        q |= Q(status=status) & ~Exists(
            MovementReview.objects.filter(movement=OuterRef("pk"), kind=kind))
    rows = Movement.objects.filter(q, launching_unit_id__in=unit_ids).values(
        "pk", "name", "status", "ends_on")
    items = []
    for row in rows:
        kind = REVIEW_DUE[row["status"]]
        slug = "so-ket" if kind == ReviewKind.MIDTERM else "tong-ket"
        items.append(TodoItem(
            title=f"Nhập kết quả {ReviewKind(kind).label.lower()}: {row['name']}",
            link=reverse("movements:review", args=[row["pk"], slug]),
            due_on=row["ends_on"] if kind == ReviewKind.FINAL else None, group=GROUP,
        ))
    return items


def scores_due(scope, today):
    unit_ids = {g.unit_id for g in scope.grants if g.role in WRITE_ROLES}
    if not unit_ids:
        return []
    sent = Scorecard.objects.filter(
        cluster_year_id=OuterRef("cluster__years__id"), unit_id=OuterRef("unit_id"),
        status__in=(ScorecardStatus.SUBMITTED, ScorecardStatus.REVIEWED),
    )
    rows = (
        ClusterMembership.objects.filter(
            unit_id__in=unit_ids,
            cluster__years__year=F("year"),
            cluster__years__vote_closed=False,
            cluster__years__scoring_deadline__isnull=False,
            cluster__years__scoring_deadline__gte=today - datetime.timedelta(days=60),
        )
        .filter(~Exists(sent))
        .values("unit__code", "unit__name", "cluster__code", "cluster__name", "year",
                "cluster__years__scoring_deadline")
        .order_by("cluster__years__scoring_deadline", "unit__code")
    )
    return [
        TodoItem(
            title=f"Tự chấm điểm thi đua năm {row['year']} ({row['cluster__name']})"
                  + (f" – {row['unit__name']}" if len(unit_ids) > 1 else ""),
            link=reverse("movements:scorecard",
                         args=[row["cluster__code"], row["year"], row["unit__code"]]),
            due_on=row["cluster__years__scoring_deadline"], group=GROUP,
        )
        for row in rows
    ]


def items(user, scope, today) -> list[TodoItem]:
    return [
        *to_send(scope, today),
        *to_approve(scope, today),
        *progress_due(scope, today),
        *reviews_due(scope, today),
        *scores_due(scope, today),
    ]
