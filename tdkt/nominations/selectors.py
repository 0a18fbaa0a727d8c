"""Read queries and derived views of nominations: dossier checklist, duplicates, hold rule,
appraisal report, working-day clocks. Set-based; callers prefetch what they pass in."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q

from .calendar import WorkCalendar
from .config import award_config
from .eligibility import evaluate_subject
from .models import (
    ACTIVE_STATUSES,
    VOTE_RESULT_KINDS,
    Awardee,
    AwardRound,
    DocKind,
    Nomination,
    Status,
    SubjectKind,
)


def visible_decisions(scope):
    """Decisions a user may see: all for the emulation department; otherwise those issued by
    a unit in scope or naming an awardee in scope."""
    from tdkt.accounts.scoping import is_dept

    from .models import Decision

    if is_dept(scope):
        return Decision.objects.all()
    mine = scope.filter(Awardee.objects.all()).values("decision_id")
    return Decision.objects.filter(Q(pk__in=mine) | scope.unit_q("issuer"))


def visible_rounds(scope):
    """Rounds a user may see: organised by a unit in their scope or by an ancestor of one
    (units submit upward to their superiors' rounds)."""
    roots = scope.paths()
    if not roots:
        return AwardRound.objects.none()
    if "" in roots:
        return AwardRound.objects.all()
    step = 4  # treebeard steplen
    ancestors = {root[:i] for root in roots for i in range(step, len(root) + 1, step)}
    q = Q(organiser__path__in=ancestors)
    for root in roots:
        q |= Q(organiser__path__startswith=root)
    return AwardRound.objects.filter(q)


def checklist(nomination: Nomination, rule=None) -> list[dict]:
    """The dossier list for the nomination's award, each with whether it is attached.
    Uses `nomination.attachments.all()` (prefetch it for lists; pass `rule` from
    `award_configs` to avoid a settings query per nomination)."""
    rule = rule or award_config(nomination.award_code, nomination.round.opens_on)
    required = rule.required_docs(nomination.round.simplified)
    if (DocKind.SANG_KIEN in required and nomination.subject_kind == SubjectKind.INDIVIDUAL
            and nomination.round.kind != "regular"):
        required = [d for d in required if d != DocKind.SANG_KIEN]
    attached: dict[str, list] = {}
    for att in nomination.attachments.all():
        attached.setdefault(att.kind, []).append(att)
    items = []
    for kind in required:
        files = attached.get(kind, [])
        note = ""
        present = bool(files)
        if present and kind in VOTE_RESULT_KINDS and not any(f.vote_result for f in files):
            present, note = False, "thiếu kết quả bỏ phiếu"
        items.append({"kind": kind, "label": DocKind(kind).label, "present": present,
                      "files": files, "note": note})
    return items


def duplicates(nomination: Nomination) -> list[str]:
    """Same subject + award + year elsewhere in the sector, already in history, or the same
    achievement (initiative) already counted or proposed."""
    from tdkt.history import models as h

    found = []
    subject = ({"person_id": nomination.person_id} if nomination.person_id
               else {"unit_id": nomination.unit_id})
    others = (Nomination.objects.filter(award_code=nomination.award_code, year=nomination.year,
                                        status__in=ACTIVE_STATUSES, **subject)
              .exclude(pk=nomination.pk).select_related("proposing_unit", "round"))
    for other in others:
        found.append(
            f"Đã có hồ sơ đề nghị cùng danh hiệu, hình thức năm {other.year} do "
            f"{other.proposing_unit.name} trình ({other.round.name}, "
            f"{other.get_status_display().lower()})."
        )
    if nomination.person_id:
        models = (h.PersonTitle, h.PersonAward)
    else:
        models = (h.UnitTitle, h.UnitAward)
    for model in models:
        row = model.objects.filter(award__code=nomination.award_code, year=nomination.year,
                                   **subject).first()
        if row:
            found.append(
                f"Hồ sơ thi đua đã ghi nhận {row.award.name} năm {row.year}"
                f"{' (QĐ ' + row.decision_number + ')' if row.decision_number else ''}."
            )
    for initiative in nomination.initiatives.all():
        if initiative.used_for_id or initiative.used_for_title_id:
            found.append(f"Sáng kiến “{initiative.title}” đã được dùng để khen thưởng.")
        other_noms = initiative.nominations.filter(status__in=ACTIVE_STATUSES).exclude(
            pk=nomination.pk)
        for other in other_noms:
            found.append(
                f"Sáng kiến “{initiative.title}” cũng là căn cứ của hồ sơ đề nghị "
                f"{award_config(other.award_code).name} năm {other.year}."
            )
    return found


def holds(nomination: Nomination, today: datetime.date) -> list[str]:
    """Open proceedings (discipline, inspection, investigation, complaint) hold back the award
    (NĐ 152/2025 Điều 4 khoản 4)."""
    if not nomination.person_id:
        return []
    from tdkt.history.models import Proceeding

    open_cases = Proceeding.objects.filter(person_id=nomination.person_id,
                                           opened_on__lte=today).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=today))
    return [f"Đang có vụ việc: {p.get_kind_display()} (từ {p.opened_on:%d/%m/%Y})"
            f"{' – ' + p.note if p.note else ''}." for p in open_cases]


def appraisal_report(nomination: Nomination, today: datetime.date) -> dict:
    items = checklist(nomination)
    engine = evaluate_subject(nomination)
    dups = duplicates(nomination)
    hold = holds(nomination, today)
    blockers = []
    missing = [i["label"] + (f" ({i['note']})" if i["note"] else "")
               for i in items if not i["present"]]
    if missing:
        blockers.append("Thiếu thành phần hồ sơ: " + "; ".join(missing) + ".")
    blockers.extend(dups)
    blockers.extend(hold)
    warnings = []
    if engine.get("verdict") == "ineligible":
        failing = [c["why"] for c in engine.get("checks", []) if c.get("met") is False]
        blockers.append("Không đủ điều kiện theo bộ tiêu chuẩn: " + " ".join(failing))
    elif engine.get("verdict") == "needs_review":
        open_checks = [c["why"] for c in engine.get("checks", []) if c.get("met") is None]
        warnings.append("Cần xem xét thêm: " + " ".join(open_checks))
    return {
        "at": today.isoformat(),
        "checklist": [{"kind": i["kind"], "label": i["label"], "present": i["present"],
                       "note": i["note"]} for i in items],
        "engine": engine,
        "duplicates": dups,
        "hold": hold,
        "blockers": blockers,
        "warnings": warnings,
    }


# --- clocks -------------------------------------------------------------------------------


# A dossier's clock stops when it is settled: counted to the day it was decided.
STOPPED_CLOCK = {Status.DECIDED: "Đã quyết định",
                 Status.NOT_APPROVED: "Kết thúc (không được đề nghị)",
                 Status.REVOKED: "Kết thúc (đã thu hồi)"}


def clock(nomination: Nomination, cal: WorkCalendar, today: datetime.date) -> dict:
    """Working days elapsed since submission and left to the deadline that applies now; for a
    settled dossier (decided, not approved, revoked) the days up to the day it was settled,
    which no longer grow (`stopped`)."""
    start = nomination.submitted_on or nomination.created_at.date()
    status = nomination.status
    if status in STOPPED_CLOCK:
        end = min(nomination.status_since or today, today)
        return {"elapsed": cal.between(start, max(start, end)), "deadline": None, "label": "",
                "left": None, "overdue": False, "stopped": STOPPED_CLOCK[status], "end": end}
    elapsed = cal.between(start, today)
    deadline, label = None, ""
    rnd = nomination.round
    if status in (Status.DRAFT, Status.RETURNED):
        deadline, label = rnd.submission_deadline, "hạn nộp hồ sơ"
        if status == Status.RETURNED and rnd.appraisal_deadline:
            deadline, label = rnd.appraisal_deadline, "hạn bổ sung, thẩm định"
    elif status in (Status.SUBMITTED, Status.UNDER_APPRAISAL):
        deadline, label = rnd.appraisal_deadline, "hạn thẩm định"
    elif status == Status.APPRAISED:
        deadline, label = rnd.council_date, "ngày họp Hội đồng"
    elif status == Status.IN_DISCLOSURE and nomination.disclosure_id:
        deadline, label = nomination.disclosure.ends_on, "hết công khai"
    left = cal.between(today, deadline) if deadline else None
    return {"elapsed": elapsed, "deadline": deadline, "label": label, "left": left,
            "overdue": left is not None and left < 0 and status not in (Status.IN_DISCLOSURE,)}


def status_counts(queryset) -> dict[str, int]:
    rows = queryset.order_by().values("status").annotate(n=Count("id"))
    return {r["status"]: r["n"] for r in rows}


def nomination_list(queryset):
    return queryset.select_related(
        "round", "proposing_unit", "person__unit", "unit", "disclosure", "submission"
    )


def person_award_notes(person_id: int):
    """A person's awards from decisions in this system that were revoked or flagged for
    re-checking (for the person's record; revoked awards no longer count in the history)."""
    return (
        Awardee.objects.filter(person_id=person_id)
        .filter(Q(revoked=True) | Q(flagged=True))
        .select_related("decision")
        .order_by("-year", "pk")
    )


def movement_proposals_for(submission):
    """The round's movement's review proposals for subjects in the submitting unit's subtree,
    for the awards the round admits, not yet nominated in this submission."""
    from tdkt.movements.models import ReviewProposal

    round_, path = submission.round, submission.unit.path
    taken = submission.nominations.values_list("award_code", "person_id", "unit_id")
    taken_people = {(award, pid) for award, pid, _ in taken if pid}
    taken_units = {(award, uid) for award, pid, uid in taken if not pid and uid}
    proposals = (
        ReviewProposal.objects.filter(
            review__movement_id=round_.movement_id, award_code__in=round_.award_codes
        )
        .filter(Q(person__unit__path__startswith=path) | Q(unit__path__startswith=path))
        .select_related("review", "person__unit", "unit")
        .order_by("review__kind", "id")
    )
    keep = [
        p.pk for p in proposals
        if (p.award_code, p.person_id) not in taken_people
        and (p.award_code, p.unit_id) not in taken_units
    ]
    return proposals.filter(pk__in=keep)


# Chair, vice-chairs, members, then the secretary, as the council's decision lists them.
COUNCIL_RANK = {"chair": 0, "vice": 1, "member": 2, "secretary": 3}


def council_sorted(seats, positions=None):
    """Council seats (or attendance rows with `positions` = {user_id: position}) in the
    council's order: by position, then by name in Vietnamese collation. Callers
    select_related("user__person")."""
    def rank(row):
        position = positions.get(row.user_id, "member") if positions is not None else row.position
        return (COUNCIL_RANK.get(position, 9), row.user.sort_key)

    return sorted(seats, key=rank)
