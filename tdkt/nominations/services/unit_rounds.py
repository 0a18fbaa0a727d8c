"""A unit's own year-end round (bình xét thi đua, khen thưởng cuối năm của đơn vị).

Law 06/2022 art. 80(1): the head of a unit with legal status decides Lao động tiên tiến,
Chiến sĩ thi đua cơ sở, Tập thể lao động tiên tiến and Giấy khen on its council's advice. For
higher awards the council only proposes: its result goes up as a submission to the level
above's round (the existing submission flow).

Steps, each a service here (atomic, audited, the round row locked and re-read first):
1. the unit officer opens the round for the year (`open_unit_round`): the award codes the
   unit's head decides plus, as proposals, the higher ones; one internal list (Submission of
   the organiser itself) holds the candidates;
2. the officer adds candidates from the unit subtree's due list and from movement reviews
   (`add_candidates_from_due_list`, `add_candidates_from_proposals`) and completes each
   dossier (`unit_dossier`: the catalogue's dossier less what the round itself produces);
3. the unit head approves the agenda (`approve_agenda`): the meeting of the unit's council is
   created with every complete candidate on it;
4. the council votes (ballot services) and the results are recorded (`settle_results`);
5. the head issues the decision in the unit's own numbering (`issue_unit_decision`,
   "N/QĐ-STP"), writing the titles into history at once; proposals go up with
   `forward_to_level_above`.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from tdkt.accounts.models import Role, User
from tdkt.accounts.scoping import Scope
from tdkt.audit.services import record

from ..config import award_config, award_configs, catalogue_for
from ..models import (
    AgendaItem,
    Attendance,
    AwardRound,
    Council,
    DocKind,
    ItemResult,
    Meeting,
    MeetingStatus,
    Nomination,
    NominationEvent,
    RoundKind,
    Status,
    SubjectKind,
    Submission,
    SubmissionStatus,
)

# Documents the unit round produces itself (the list is the unit's own, the minutes come from
# the council's meeting): a candidate's dossier in a unit round is the rest.
ROUND_PRODUCED = (DocKind.TO_TRINH, DocKind.BIEN_BAN_BINH_XET, DocKind.BIEN_BAN_XET_KT)
# Levels a unit council looks at: its own (decides) and the Ministry's (proposes).
ROUND_LEVELS = ("co_so", "bo")
SKIP_AWARDS = ("ky_niem_chuong_vi_su_nghiep_tu_phap",)  # not a year-end award

HEAD_ONLY = "Chỉ thủ trưởng đơn vị tổ chức đợt bình xét được thực hiện bước này."
OFFICER_ONLY = "Chỉ cán bộ làm công tác thi đua, khen thưởng của đơn vị được thực hiện bước này."

# (from, to) -> who in the organising unit may take the step.
UNIT_TRANSITIONS = {
    (Status.DRAFT, Status.AT_COUNCIL): "head",
    (Status.AT_COUNCIL, Status.APPROVED): "unit",
    (Status.AT_COUNCIL, Status.NOT_APPROVED): "unit",
    (Status.APPROVED, Status.DECIDED): "head",
}


def _today(today):
    return today or datetime.date.today()


# --- who may act ------------------------------------------------------------------------


def is_head(actor, unit) -> bool:
    return Scope(actor).covers(unit, {Role.UNIT_HEAD})


def is_officer(actor, unit) -> bool:
    return Scope(actor).covers(unit, {Role.UNIT_OFFICER})


def require_head(actor, unit) -> None:
    if not is_head(actor, unit):
        raise PermissionDenied(HEAD_ONLY)


def require_officer(actor, unit) -> None:
    if not is_officer(actor, unit):
        raise PermissionDenied(OFFICER_ONLY)


def _require_unit(actor, unit) -> None:
    if not (is_officer(actor, unit) or is_head(actor, unit)):
        raise PermissionDenied(OFFICER_ONLY)


# --- authority and council ----------------------------------------------------------------


class _Fallback:
    """Authority when the council module has no matrix: art. 80(1) for units with legal
    status (a document identity), the Minister above."""

    def __init__(self, decides, reason_vi, source_vi):
        self.decides, self.reason_vi, self.source_vi = decides, reason_vi, source_vi


def authority(unit, award_code: str, day: datetime.date):
    """Whether `unit`'s head decides `award_code` on `day` (.decides), why (.reason_vi) and
    where the rule comes from (.source_vi): the council module's authority matrix."""
    try:
        from ..councils import authority_for
    except ImportError:  # pragma: no cover - matrix not present
        authority_for = None
    if authority_for is not None:
        return authority_for(unit, award_code, day)
    from tdkt.organisation.models import UnitDocumentIdentity

    award = catalogue_for(day).awards.get(award_code)
    legal = UnitDocumentIdentity.objects.filter(unit=unit).exists()
    if award is not None and award.level == "co_so" and legal:
        return _Fallback(True, "Thủ trưởng đơn vị có tư cách pháp nhân quyết định.",
                         "Luật Thi đua, khen thưởng 2022, Điều 80 khoản 1")
    return _Fallback(False, "Vượt thẩm quyền của thủ trưởng đơn vị; Hội đồng chỉ đề nghị "
                            "cấp trên.", "Luật Thi đua, khen thưởng 2022, Điều 79, 80")


def council_for(unit, day: datetime.date) -> Council | None:
    """The unit's council whose term covers `day`."""
    return (
        Council.objects.filter(unit=unit, term_start__lte=day)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=day))
        .order_by("-term_start", "-id").first()
    )


def round_awards(unit, day: datetime.date) -> tuple[list[str], list[str]]:
    """(codes the unit's head decides, codes its council proposes upward)."""
    catalogue = catalogue_for(day)
    decides, proposes = [], []
    for code, award in catalogue.awards.items():
        if award.level not in ROUND_LEVELS or code in SKIP_AWARDS:
            continue
        answer = authority(unit, code, day)
        if answer.decides:
            decides.append(code)
        elif getattr(answer, "may_consider", True):
            proposes.append(code)
    return decides, proposes


def may_hold_round(unit, day: datetime.date) -> bool:
    return bool(round_awards(unit, day)[0])


# --- the round ----------------------------------------------------------------------------


def unit_list(award_round: AwardRound) -> Submission | None:
    """The round's candidate list (the organiser's own Submission)."""
    return (award_round.submissions.filter(unit_id=award_round.organiser_id)
            .order_by("id").first())


def unit_rounds_for(scope):
    """Unit rounds of units in `scope` (never another subtree's)."""
    return scope.filter(AwardRound.objects.filter(unit_round=True), "organiser")


@transaction.atomic
def open_unit_round(actor, unit, year: int, today=None) -> AwardRound:
    """The unit officer opens its unit's year-end round for `year`."""
    from tdkt.organisation.models import Unit

    today = _today(today)
    require_officer(actor, unit)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)  # one opening at a time
    if not 2000 <= int(year) <= today.year:
        raise ValidationError(f"Năm bình xét không hợp lệ (đến năm {today.year}).")
    decides, proposes = round_awards(unit, today)
    if not decides:
        raise ValidationError(
            f"{unit.name} không có thẩm quyền quyết định danh hiệu, hình thức khen thưởng "
            "nào nên không tổ chức bình xét riêng (Luật Thi đua, khen thưởng 2022, Điều 80)."
        )
    if AwardRound.objects.filter(organiser=unit, year=year, unit_round=True).exists():
        raise ValidationError(f"{unit.name} đã mở đợt bình xét năm {year}.")
    award_round = AwardRound.objects.create(
        name=f"Bình xét thi đua, khen thưởng năm {year}", kind=RoundKind.REGULAR, year=year,
        organiser=unit, award_codes=decides + proposes, opens_on=today,
        submission_deadline=max(today, datetime.date(year + 1, 1, 31)),
        unit_round=True,
    )
    listing = Submission.objects.create(
        round=award_round, unit=unit, title=f"Danh sách bình xét năm {year}", created_by=actor,
    )
    record(actor, "round.create", award_round,
           {"organiser": [None, unit.code], "year": [None, year], "unit_round": [None, True],
            "decides": decides, "proposes": proposes})
    record(actor, "submission.create", listing, {"round": [None, award_round.pk]})
    return award_round


def _lock_round(award_round: AwardRound) -> AwardRound:
    locked = AwardRound.objects.select_for_update().select_related("organiser").get(
        pk=award_round.pk)
    if not locked.unit_round:
        raise ValidationError("Đây không phải đợt bình xét của đơn vị.")
    return locked


# --- candidates and dossiers ----------------------------------------------------------------


def unit_dossier(nomination: Nomination, rule=None) -> list[dict]:
    """What a candidate's dossier needs in the unit round: the catalogue's dossier for the
    award (AwardSetting.dossier) less what the round itself produces."""
    rule = rule or award_config(nomination.award_code, nomination.round.opens_on)
    required = [d for d in rule.required_docs(False) if d not in ROUND_PRODUCED]
    if nomination.subject_kind == SubjectKind.COLLECTIVE:
        required = [d for d in required if d != DocKind.SANG_KIEN]
    attached: dict[str, list] = {}
    for att in nomination.attachments.all():
        attached.setdefault(att.kind, []).append(att)
    return [{"kind": kind, "label": DocKind(kind).label, "present": bool(attached.get(kind)),
             "files": attached.get(kind, [])} for kind in required]


def missing_documents(nominations) -> list[str]:
    nominations = list(nominations)
    if not nominations:
        return []
    rules = award_configs({n.award_code for n in nominations}, nominations[0].round.opens_on)
    errors = []
    for nom in nominations:
        missing = [i["label"] for i in unit_dossier(nom, rules[nom.award_code])
                   if not i["present"]]
        if missing:
            errors.append(f"{nom.subject_name} ({rules[nom.award_code].name}): còn thiếu "
                          f"{', '.join(missing)}.")
    return errors


def due_candidates(award_round: AwardRound):
    """(sweep, entries) of the unit subtree's due list for the round's awards and year, not
    yet on the list; None, [] before any finished sweep."""
    from tdkt.eligibility import selectors as due

    sweep = due.latest_sweep(award_round.organiser, award_round.year)
    if sweep is None:
        return None, []
    listing = unit_list(award_round)
    taken = set(listing.nominations.values_list("award_code", "person_id", "unit_id")) \
        if listing else set()
    entries = due.due_entries(sweep, award_round.organiser).filter(
        award__in=award_round.award_codes)
    return sweep, [
        e for e in entries
        if (e.award, e.person_id, None if e.person_id else e.unit_id) not in taken
    ]


def reasons(entry, sweep) -> str:
    """The due-list entry's reasons in one line: each criterion as the engine explains it
    (the sweep stores verdicts only, so the picked subject is judged again, as of the sweep's
    date)."""
    from tdkt.eligibility.services import evaluate_person, evaluate_unit

    if entry.person_id:
        result = evaluate_person(entry.person, entry.award, sweep.year, sweep.as_of)
    else:
        result = evaluate_unit(entry.unit, entry.award, sweep.year, sweep.as_of)
    return "; ".join(c.why.rstrip(".") for c in result.checks if c.why)


@transaction.atomic
def add_candidates_from_due_list(actor, award_round: AwardRound, entry_ids) -> tuple[int, list]:
    """Each picked due-list entry becomes a draft candidate, with the engine's reasons as the
    start of its achievement summary."""
    from .dossiers import add_candidates

    award_round = _lock_round(award_round)
    require_officer(actor, award_round.organiser)
    _require_open(award_round)
    sweep, entries = due_candidates(award_round)
    wanted = {int(i) for i in entry_ids}
    picks = []
    for entry in entries:
        if entry.pk not in wanted:
            continue
        why = reasons(entry, sweep)
        picks.append((entry.award, entry.person if entry.person_id else None, entry.unit,
                      f"Đủ điều kiện theo danh sách rà soát ngày {sweep.finished_at:%d/%m/%Y}: "
                      f"{why}" if why else
                      f"Đủ điều kiện theo danh sách rà soát năm {award_round.year}."))
    return add_candidates(actor, unit_list(award_round), picks)


def movement_proposals(award_round: AwardRound):
    """Movement reviews' proposals (any movement's mid-term or final review of the round's
    year) for subjects of the unit subtree, for the round's awards, not yet on the list."""
    from tdkt.movements.models import ReviewProposal

    path = award_round.organiser.path
    listing = unit_list(award_round)
    taken = set(listing.nominations.values_list("award_code", "person_id", "unit_id")) \
        if listing else set()
    proposals = (
        ReviewProposal.objects.filter(award_code__in=award_round.award_codes,
                                      review__movement__year=award_round.year)
        .filter(Q(person__unit__path__startswith=path) | Q(unit__path__startswith=path))
        .select_related("review__movement", "person__unit", "unit")
        .order_by("review__kind", "id")
    )
    return [p for p in proposals
            if (p.award_code, p.person_id, None if p.person_id else p.unit_id) not in taken]


@transaction.atomic
def add_candidates_from_proposals(actor, award_round: AwardRound, proposal_ids) -> tuple[int, list]:
    """Each picked movement-review proposal becomes a draft candidate carrying its reason."""
    from .dossiers import add_candidates

    award_round = _lock_round(award_round)
    require_officer(actor, award_round.organiser)
    _require_open(award_round)
    wanted = {int(i) for i in proposal_ids}
    picks = [
        (p.award_code, p.person if p.person_id else None, p.unit,
         f"{p.review.get_kind_display()} “{p.review.movement.name}”: {p.reason}")
        for p in movement_proposals(award_round) if p.pk in wanted
    ]
    return add_candidates(actor, unit_list(award_round), picks)


def _require_open(award_round):
    if award_round.closed:
        raise ValidationError("Đợt bình xét đã kết thúc.")
    if award_round.agenda_approved_on:
        raise ValidationError(
            "Thủ trưởng đơn vị đã phê duyệt chương trình họp; danh sách không thay đổi được nữa.")


# --- status moves -------------------------------------------------------------------------


def _unit_move(actor, nomination: Nomination, to: str, note: str = "", today=None) -> None:
    """The unit round's status machine (the Ministry's is common._move): who may take each
    step is a role in the organising unit, not the emulation department."""
    # The stored status, read under a row lock (as common._move): a stale object cannot move
    # a nomination out of a status it has already left.
    old = (Nomination.objects.select_for_update().values_list("status", flat=True)
           .get(pk=nomination.pk))
    nomination.status = old
    who = UNIT_TRANSITIONS.get((old, to))
    if who is None:
        raise ValidationError(
            f"Không thể chuyển hồ sơ từ “{Status(old).label}” sang “{Status(to).label}”.")
    unit = nomination.round.organiser
    if who == "head":
        require_head(actor, unit)
    nomination.status = to
    nomination.status_since = _today(today)
    nomination.save(update_fields=["status", "status_since"])
    NominationEvent.objects.create(nomination=nomination, from_status=old, to_status=to,
                                   actor=actor, note=note)
    record(actor, f"nomination.{to}", nomination, {"status": [old, to]}, note=note[:500])


# --- agenda -------------------------------------------------------------------------------


@transaction.atomic
def approve_agenda(actor, award_round: AwardRound, *, held_on: datetime.date, place: str = "",
                   starts_at: datetime.time | None = None, today=None) -> Meeting:
    """The unit head approves the agenda: every draft candidate (all dossiers complete) goes
    on the agenda of a meeting of the unit's council; each item says whether the council
    decides (the head's authority) or proposes upward."""
    today = _today(today)
    award_round = _lock_round(award_round)
    unit = award_round.organiser
    require_head(actor, unit)
    _require_open(award_round)
    council = council_for(unit, held_on)
    if council is None:
        raise ValidationError(
            f"{unit.name} chưa có Hội đồng Thi đua – Khen thưởng trong nhiệm kỳ ngày "
            f"{held_on:%d/%m/%Y}; kiện toàn Hội đồng trước khi phê duyệt chương trình họp.")
    nominations = list(
        Nomination.objects.select_for_update(of=("self",))
        .filter(round=award_round, status=Status.DRAFT)
        .select_related("round__organiser").prefetch_related("attachments")
        .order_by("award_code", "subject_kind", "subject_name", "pk")
    )
    if not nominations:
        raise ValidationError("Danh sách bình xét chưa có ai; thêm người, tập thể trước.")
    errors = missing_documents(nominations)
    if errors:
        raise ValidationError(["Hồ sơ chưa đủ thành phần:", *errors])
    members = list(council.members.filter(left_on__isnull=True).values_list("user_id", flat=True))
    if not members:
        raise ValidationError(f"{council.name} chưa có thành viên.")
    meeting = Meeting.objects.create(
        council=council, year=award_round.year,
        title=f"Phiên họp {council.name} bình xét thi đua, khen thưởng năm {award_round.year}",
        held_on=held_on, place=place.strip(), starts_at=starts_at,
        quorum_numerator=council.quorum_numerator,
        quorum_denominator=council.quorum_denominator,
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, user_id=uid, present=False) for uid in members)
    purposes = {}
    for position, nom in enumerate(nominations, start=1):
        if nom.award_code not in purposes:
            purposes[nom.award_code] = authority(unit, nom.award_code, held_on).decides
        AgendaItem.objects.create(
            meeting=meeting, nomination=nom, position=position,
            purpose="decide" if purposes[nom.award_code] else "propose",
        )
        _unit_move(actor, nom, Status.AT_COUNCIL, note=meeting.title, today=today)
    award_round.agenda_approved_on = today
    award_round.agenda_approved_by = actor
    award_round.council_date = held_on
    award_round.save(update_fields=["agenda_approved_on", "agenda_approved_by", "council_date"])
    record(actor, "meeting.create", meeting, {"held_on": [None, str(held_on)],
                                              "council": [None, council.pk]})
    record(actor, "round.agenda_approve", award_round,
           {"agenda_approved_on": [None, str(today)], "items": len(nominations),
            "meeting": meeting.pk})
    from django.urls import reverse

    from tdkt.notifications.services import notify

    notify(units=[unit], users=User.objects.filter(pk__in=members),
           message=f"{unit.name}: thủ trưởng đã phê duyệt chương trình họp {council.name} "
                   f"ngày {held_on:%d/%m/%Y} ({len(nominations)} nội dung bình xét năm "
                   f"{award_round.year}).",
           link=reverse("nominations:meeting", args=[meeting.pk]), kind="nomination",
           key=f"unit-round-agenda:{meeting.pk}", due_on=held_on)
    return meeting


def round_meetings(award_round: AwardRound):
    return (Meeting.objects.filter(items__nomination__round=award_round).distinct()
            .select_related("council").order_by("held_on", "id"))


@transaction.atomic
def settle_results(actor, award_round: AwardRound, today=None) -> tuple[int, int]:
    """Carry the closed ballot's results to the candidates still at the council: passed →
    approved (proposed), failed → not approved. Returns (approved, refused)."""
    award_round = _lock_round(award_round)
    _require_unit(actor, award_round.organiser)
    items = (AgendaItem.objects.filter(nomination__round=award_round,
                                       nomination__status=Status.AT_COUNCIL,
                                       meeting__status=MeetingStatus.CLOSED)
             .exclude(result=ItemResult.PENDING).select_related("nomination__round__organiser"))
    approved = refused = 0
    for item in items:
        nom = Nomination.objects.select_for_update().select_related(
            "round__organiser").get(pk=item.nomination_id)
        if nom.status != Status.AT_COUNCIL:
            continue
        summary = f"{item.agree}/{item.base_count or 0} phiếu đồng ý"
        if item.result == ItemResult.PASSED:
            _unit_move(actor, nom, Status.APPROVED, note=f"Hội đồng: đạt, {summary}",
                       today=today)
            approved += 1
        else:
            _unit_move(actor, nom, Status.NOT_APPROVED, note=f"Hội đồng: không đạt, {summary}",
                       today=today)
            refused += 1
    if approved or refused:
        record(actor, "round.settle", award_round, {"approved": approved, "refused": refused})
    return approved, refused


# --- decision ---------------------------------------------------------------------------------


def issuer_identity(unit) -> dict:
    """The unit's numbering symbol and the titles its decision prints (UnitDocumentIdentity;
    a unit without one numbers with its code)."""
    from tdkt.organisation.identity import head_name, identity_for

    identity = identity_for(unit)
    if identity is None or identity.unit_id != unit.pk:
        return {"symbol": unit.code, "head_title": "Thủ trưởng",
                "issuer_title": f"Thủ trưởng {unit.name}", "signer_name": ""}
    head_title = identity.head_title.strip()
    return {"symbol": identity.symbol, "head_title": head_title,
            "issuer_title": authority_title(head_title, unit.name),
            "signer_name": head_name(identity)}


def authority_title(head_title: str, unit_name: str) -> str:
    """"Giám đốc" + "Sở Tư pháp thành phố Hà Nội" → "Giám đốc Sở Tư pháp thành phố Hà Nội";
    "Trưởng Thi hành án dân sự" + "Thi hành án dân sự Thành phố Hồ Chí Minh" → "Trưởng Thi
    hành án dân sự Thành phố Hồ Chí Minh" (the words the title already ends with once)."""
    head, name = head_title.split(), unit_name.split()
    for k in range(min(len(head), len(name)), 0, -1):
        if [w.lower() for w in head[-k:]] == [w.lower() for w in name[:k]]:
            return " ".join(head + name[k:])
    return " ".join(head + name)


def _above_authority(unit, nominations, day) -> list[str]:
    from ..config import award_configs as configs

    rules = configs({n.award_code for n in nominations}, day)
    problems = []
    for nom in nominations:
        auth = authority(unit, nom.award_code, day)
        if not auth.decides:
            problems.append(
                f"{nom.subject_name}: {rules[nom.award_code].name} vượt thẩm quyền của "
                f"thủ trưởng {unit.name} – {auth.reason_vi} (căn cứ: {auth.source_vi}). "
                "Kết quả của Hội đồng được trình lên cấp trên."
            )
    return problems


@transaction.atomic
def issue_unit_decision(actor, award_round: AwardRound, nominations, *, signed_on,
                        signer_name: str, title: str, legal_bases: str,
                        signer_title: str = "", today=None):
    """The unit head's decision in the unit's numbering ("N/QĐ-STP"), for candidates its
    council approved within the head's authority. The titles go into history at once."""
    from .decisions import issue_with_issuer

    today = _today(today)
    award_round = _lock_round(award_round)
    unit = award_round.organiser
    require_head(actor, unit)
    settle_results(actor, award_round, today=today)
    ids = [n.pk for n in nominations]
    chosen = list(Nomination.objects.filter(round=award_round, pk__in=ids)
                  .select_related("round__organiser"))
    if len(chosen) != len(set(ids)):
        raise ValidationError("Có hồ sơ không thuộc đợt bình xét này.")
    problems = _above_authority(unit, chosen, signed_on)
    if problems:
        raise ValidationError(problems)
    if len({n.award_code for n in chosen}) > 1:
        raise ValidationError(
            "Mỗi quyết định công nhận một danh hiệu hoặc tặng một hình thức khen thưởng (danh "
            "sách kèm theo ghi theo danh hiệu, hình thức đó); ban hành quyết định riêng cho "
            "từng danh hiệu, hình thức.")
    ident = issuer_identity(unit)
    decision = issue_with_issuer(
        actor, issuer=unit, nominations=chosen, signed_on=signed_on,
        signer_name=signer_name, signer_title=signer_title or ident["head_title"],
        title=title, legal_bases=legal_bases, issuer_code=unit.code, symbol=ident["symbol"],
        issuer_title=ident["issuer_title"], today=today,
        move=lambda nom, note: _unit_move(actor, nom, Status.DECIDED, note=note, today=today),
    )
    return decision


# --- proposals upward -----------------------------------------------------------------------


def passed(award_round: AwardRound):
    """Candidates the council approved: approved, or still at the council with a passed item
    of a closed ballot (recorded by `settle_results` at the next step); not carried upward."""
    voted = Q(status=Status.AT_COUNCIL, agenda_items__result=ItemResult.PASSED,
              agenda_items__meeting__status=MeetingStatus.CLOSED)
    return (Nomination.objects.filter(round=award_round, forwarded_to__isnull=True)
            .filter(Q(status=Status.APPROVED) | voted).distinct())


def proposals_to_forward(award_round: AwardRound):
    """Approved candidates above the head's authority, not yet carried upward."""
    noms = list(passed(award_round).select_related("person", "unit", "round__organiser"))
    day = award_round.council_date or award_round.opens_on
    return [n for n in noms if not authority(award_round.organiser, n.award_code, day).decides]


def higher_rounds(award_round: AwardRound):
    """Open rounds of the levels above (ancestors of the organiser) admitting at least one of
    the awards the unit proposes."""
    from tdkt.organisation.models import Unit

    path = award_round.organiser.path
    ancestors = [path[:i] for i in range(Unit.steplen, len(path), Unit.steplen)]
    return (AwardRound.objects.filter(organiser__path__in=ancestors, closed=False,
                                      unit_round=False, year=award_round.year)
            .select_related("organiser").order_by("-opens_on", "-id"))


@transaction.atomic
def forward_to_level_above(actor, award_round: AwardRound, target: AwardRound, nominations=None,
                           today=None) -> Submission:
    """The council's proposals become a draft submission (tờ trình) of the unit in the level
    above's round; the officer completes the dossiers and the head submits it as usual."""
    from .dossiers import add_nomination, create_submission

    today = _today(today)
    award_round = _lock_round(award_round)
    unit = award_round.organiser
    require_officer(actor, unit)
    settle_results(actor, award_round, today=today)
    if not higher_rounds(award_round).filter(pk=target.pk).exists():
        raise ValidationError("Chọn đợt xét khen thưởng đang mở của cấp trên cùng năm.")
    pending = proposals_to_forward(award_round)
    if nominations is not None:
        wanted = {n.pk for n in nominations}
        pending = [n for n in pending if n.pk in wanted]
    pending = [n for n in pending if n.award_code in target.award_codes]
    if not pending:
        raise ValidationError("Không có kết quả đề nghị cấp trên nào thuộc các danh hiệu, "
                              "hình thức của đợt đã chọn.")
    submission = create_submission(
        actor, target, unit,
        f"Tờ trình đề nghị khen thưởng năm {award_round.year} (kết quả bình xét của Hội đồng "
        f"Thi đua – Khen thưởng {unit.name})", today=today,
    )
    for nom in pending:
        carried = add_nomination(
            actor, submission, award_code=nom.award_code, subject_kind=nom.subject_kind,
            person=nom.person, unit=nom.unit, achievement=nom.achievement,
            attested=nom.attested,
        )
        carried.forwarded_from = nom
        carried.save(update_fields=["forwarded_from"])
    record(actor, "round.forward", award_round,
           {"submission": [None, submission.pk], "nominations": len(pending),
            "target_round": target.pk})
    return submission


def state(award_round: AwardRound) -> dict:
    """Counts per status of the round's candidates (one query)."""
    from django.db.models import Count

    rows = (Nomination.objects.filter(round=award_round).values("status")
            .annotate(n=Count("id")))
    return {r["status"]: r["n"] for r in rows}


def is_submittable(submission: Submission) -> bool:
    """A unit round's internal list is never 'submitted' upward (the head approves the
    agenda instead)."""
    return not (submission.round.unit_round and submission.unit_id == submission.round.organiser_id
                and submission.status == SubmissionStatus.DRAFT)
