"""Commendation's part of the home task list (tdkt.dashboard.todo).

- unit officer: tờ trình still being drawn up (dossiers to complete), dossiers returned for
  supplement — for rounds organised *above* the officer's subtree;
- unit head: tờ trình to approve and submit, returned dossiers to submit again;
- emulation department (and administrators): dossiers to appraise, appraised dossiers to take
  to the council, approved dossiers awaiting a decision, disclosure comments to moderate,
  disclosure periods ended but not concluded — for the rounds of the unit they are granted at;
- council member: open ballots they have not voted in (`ballots()`, kept apart: the council
  and ballot models are being reworked), appraised dossiers waiting for their council;
- staff: their own dossier being prepared (the achievement report is theirs to write).
Each part is one grouped query."""

from django.db.models import Count, Exists, F, Min, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse

from tdkt.accounts.models import WRITE_ROLES, Role
from tdkt.dashboard.todo import TodoItem

from .models import (
    AgendaItem,
    AwardRound,
    BallotMarker,
    CommentStatus,
    CouncilMember,
    DisclosurePeriod,
    MeetingStatus,
    Nomination,
    Status,
    Submission,
    SubmissionStatus,
)

GROUP = "Khen thưởng"
COUNCIL_GROUP = "Hội đồng Thi đua – Khen thưởng"


def _owed_upward(roots, unit_field: str, organiser_field: str) -> Q:
    """Rows of units under a root, in rounds organised outside that root."""
    q = Q(pk__in=[])
    for root in roots:
        q |= Q(**{f"{unit_field}__path__startswith": root}) & ~Q(
            **{f"{organiser_field}__path__startswith": root})
    return q


def _organised_by(scope, role) -> Q | None:
    """Rounds organised by a unit where the user holds `role` (or administers) — that unit's
    own rounds, not those of units below it (a Sở's year-end round is the Sở's business,
    not the Ministry's). None: no such grant."""
    units = {g.unit_id for g in scope.grants if g.role in (role, Role.ADMIN)}
    if units:
        return Q(round__organiser_id__in=units)
    return Q() if scope.user.is_superuser else None


def _index(round_id, status) -> str:
    return reverse("nominations:index") + f"?dot={round_id}&trang_thai={status}"


# --- units ---------------------------------------------------------------------------------


def _draft_submissions(roots):
    return (
        Submission.objects.filter(_owed_upward(roots, "unit", "round__organiser"))
        .filter(status=SubmissionStatus.DRAFT, round__closed=False)
        .annotate(n=Count("nominations", filter=Q(nominations__status=Status.DRAFT)))
        .values("pk", "title", "n", "unit__name", "round__name", "round__submission_deadline")
        .order_by("round__submission_deadline", "pk")
    )


def officer_items(scope, today):
    roots = scope.people_paths(WRITE_ROLES)
    if not roots:
        return []
    items = [
        TodoItem(
            title=f"Hoàn thiện hồ sơ, tờ trình “{row['title']}” ({row['round__name']})",
            link=reverse("nominations:submission", args=[row["pk"]]),
            count=max(row["n"], 1), due_on=row["round__submission_deadline"], group=GROUP,
        )
        for row in _draft_submissions(roots)
    ]
    items += _returned(roots, "Bổ sung hồ sơ bị trả lại")
    return items


def _returned(roots, title):
    rows = (
        Nomination.objects.filter(_owed_upward(roots, "proposing_unit", "round__organiser"))
        .filter(status=Status.RETURNED)
        .values("round_id", "round__name")
        .annotate(n=Count("id"), first=Min("id"),
                  due=Min(Coalesce("round__appraisal_deadline", "round__submission_deadline")))
        .order_by("round_id")
    )
    return [
        TodoItem(
            title=f"{title} ({row['round__name']})",
            link=(reverse("nominations:nomination", args=[row["first"]]) if row["n"] == 1
                  else _index(row["round_id"], Status.RETURNED)),
            count=row["n"], due_on=row["due"], group=GROUP,
        )
        for row in rows
    ]


def head_items(scope, today):
    roots = scope.people_paths({Role.UNIT_HEAD})
    if not roots:
        return []
    items = [
        TodoItem(
            title=f"Phê duyệt và trình tờ trình “{row['title']}” ({row['round__name']})",
            link=reverse("nominations:submission", args=[row["pk"]]),
            count=row["n"], due_on=row["round__submission_deadline"], group=GROUP,
        )
        for row in _draft_submissions(roots) if row["n"]
    ]
    items += _returned(roots, "Trình lại hồ sơ đã bổ sung")
    return items + _unit_round_items(scope)


def _unit_round_items(scope):
    """The head's steps in the unit's own year-end round (services/unit_rounds.py): approve
    the agenda once candidates are in, then decide those the council approved. One query."""
    units = {g.unit_id for g in scope.grants if g.role == Role.UNIT_HEAD}
    if not units:
        return []
    rows = (
        AwardRound.objects.filter(unit_round=True, closed=False, organiser_id__in=units)
        .annotate(
            drafts=Count("nominations", filter=Q(nominations__status=Status.DRAFT)),
            approved=Count("nominations", filter=Q(nominations__status=Status.APPROVED)),
        )
        .values("pk", "name", "agenda_approved_on", "submission_deadline", "drafts", "approved")
        .order_by("submission_deadline", "pk")
    )
    items = []
    for row in rows:
        link = reverse("nominations:unit_round", args=[row["pk"]])
        if row["agenda_approved_on"] is None and row["drafts"]:
            items.append(TodoItem(title=f"Phê duyệt chương trình họp Hội đồng ({row['name']})",
                                  link=link, count=row["drafts"],
                                  due_on=row["submission_deadline"], group=GROUP))
        if row["approved"]:
            items.append(TodoItem(
                title=f"Ban hành quyết định khen thưởng của đơn vị ({row['name']})",
                link=link, count=row["approved"], group=GROUP))
    return items


# --- the emulation department ----------------------------------------------------------------


def dept_items(scope, today):
    inside = _organised_by(scope, Role.EMULATION_DEPT)
    if inside is None:
        return []
    rows = (
        Nomination.objects.filter(inside)
        .filter(Q(status__in=(Status.SUBMITTED, Status.UNDER_APPRAISAL, Status.APPRAISED))
                | Q(status=Status.APPROVED, awardee__isnull=True))
        .values("round_id", "round__name", "round__simplified", "round__appraisal_deadline",
                "round__council_date", "status")
        .annotate(n=Count("id"),
                  waiting=Count("id", filter=Q(disclosure__ends_on__gte=today)))
        .order_by("round_id", "status")
    )
    appraise: dict = {}
    items = []
    for row in rows:
        status, rid, name = row["status"], row["round_id"], row["round__name"]
        if status in (Status.SUBMITTED, Status.UNDER_APPRAISAL):
            entry = appraise.setdefault(rid, [name, 0, row["round__appraisal_deadline"]])
            entry[1] += row["n"]
        elif status == Status.APPRAISED:
            if row["round__simplified"]:
                items.append(TodoItem(
                    title=f"Phê duyệt hồ sơ theo thủ tục đơn giản ({name})",
                    link=_index(rid, Status.APPRAISED), count=row["n"], group=GROUP))
            else:
                items.append(TodoItem(
                    title=f"Đưa hồ sơ đã thẩm định ra Hội đồng ({name})",
                    link=reverse("nominations:council"), count=row["n"],
                    due_on=row["round__council_date"], group=GROUP))
        elif row["n"] > row["waiting"]:  # approved, out of disclosure, no decision yet
            items.append(TodoItem(
                title=f"Ra quyết định khen thưởng ({name})",
                link=reverse("nominations:decision_create") + f"?dot={rid}",
                count=row["n"] - row["waiting"], group=GROUP))
    for rid, (name, n, due) in appraise.items():
        items.insert(0, TodoItem(
            title=f"Thẩm định hồ sơ ({name})",
            link=reverse("nominations:appraisal") + f"?dot={rid}",
            count=n, due_on=due, group=GROUP))
    return items + disclosure_items(scope, today)


def disclosure_items(scope, today):
    """Disclosure periods are the Ministry's (no unit): for the department only."""
    if not scope.has_role(Role.EMULATION_DEPT):
        return []
    rows = (
        DisclosurePeriod.objects.filter(concluded=False)
        .annotate(new=Count("comments", filter=Q(comments__status=CommentStatus.NEW)))
        .filter(Q(new__gt=0) | Q(ends_on__lt=today))
        .values("pk", "title", "ends_on", "new")
        .order_by("ends_on", "pk")
    )
    items = []
    for row in rows:
        link = reverse("nominations:disclosure", args=[row["pk"]])
        if row["new"]:
            items.append(TodoItem(title=f"Xử lý ý kiến góp ý ({row['title']})", link=link,
                                  count=row["new"], group=GROUP))
        if row["ends_on"] < today:
            items.append(TodoItem(
                title=f"Kết thúc đợt công khai đã hết thời gian ({row['title']})",
                link=link, group=GROUP))
    return items


# --- the council (kept apart: councils and ballots are being reworked) ------------------------


def _has_voted(user):
    """A subquery: `user` has cast their sealed sheet in the agenda item's meeting (one
    `BallotMarker` per member and meeting, services/ballots.py)."""
    return Exists(BallotMarker.objects.filter(meeting=OuterRef("meeting"), member=user))


def ballots(user, today):
    """Agenda items of meetings open for voting where `user` holds a current seat on the
    meeting's council, is marked present, and has not yet voted — counted per meeting."""
    seat = CouncilMember.objects.filter(council=OuterRef("meeting__council"), user=user,
                                        left_on__isnull=True)
    rows = (
        AgendaItem.objects.filter(
            meeting__status=MeetingStatus.VOTING,
            meeting__attendance__user=user, meeting__attendance__present=True,
        )
        .filter(Exists(seat), ~_has_voted(user))
        .values("meeting_id", "meeting__title", "meeting__held_on")
        .annotate(n=Count("id"))
        .order_by("meeting__held_on", "meeting_id")
    )
    return [
        TodoItem(title=f"Bỏ phiếu kín: {row['meeting__title']}",
                 link=reverse("nominations:vote", args=[row["meeting_id"]]),
                 count=row["n"], due_on=row["meeting__held_on"], group=COUNCIL_GROUP)
        for row in rows
    ]


def council_items(scope, today):
    """Dossiers appraised and waiting for the council of the unit a member sits for: to
    study before the meeting (that unit's own rounds)."""
    if scope.is_admin:
        return []
    units = {g.unit_id for g in scope.grants if g.role == Role.COUNCIL_MEMBER}
    if not units:
        return []
    rows = (
        Nomination.objects.filter(round__organiser_id__in=units,
                                  status__in=(Status.APPRAISED, Status.AT_COUNCIL),
                                  round__simplified=False)
        .values("round_id", "round__name", "round__council_date")
        .annotate(n=Count("id"))
        .order_by("round__council_date", "round_id")
    )
    return [
        TodoItem(title=f"Nghiên cứu hồ sơ đã thẩm định, chờ Hội đồng xét ({row['round__name']})",
                 link=_index(row["round_id"], Status.APPRAISED), count=row["n"],
                 due_on=row["round__council_date"], group=COUNCIL_GROUP)
        for row in rows
    ]


# --- staff: their own dossier ----------------------------------------------------------------


def own_items(user, today):
    if not getattr(user, "person_id", None):
        return []
    rows = (
        Nomination.objects.filter(person_id=user.person_id, round__closed=False,
                                  status__in=(Status.DRAFT, Status.RETURNED))
        .values("pk", "award_code", "status", "round__name",
                deadline=F("round__submission_deadline"))
        .order_by("deadline", "pk")
    )
    return [
        TodoItem(
            title=(f"Bổ sung báo cáo thành tích cá nhân (hồ sơ bị trả lại, {row['round__name']})"
                   if row["status"] == Status.RETURNED
                   else f"Chuẩn bị báo cáo thành tích cá nhân ({row['round__name']})"),
            link=reverse("nominations:nomination", args=[row["pk"]]),
            due_on=row["deadline"], group="Hồ sơ của tôi",
        )
        for row in rows
    ]


def items(user, scope, today) -> list[TodoItem]:
    return [
        *officer_items(scope, today),
        *head_items(scope, today),
        *dept_items(scope, today),
        *ballots(user, today),
        *council_items(scope, today),
        *own_items(user, today),
    ]
