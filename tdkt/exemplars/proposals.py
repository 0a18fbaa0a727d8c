"""Into commendation in one click: an exemplar proposed for an award becomes a draft nomination
in the right open round, with its approved summary record attached and the eligibility check
run — never bypassed: a subject the rules find ineligible is refused, with every reason shown.

The right round is the round of whoever decides the award (the authority matrix,
tdkt.nominations.councils.authority_for over Law 06/2022 arts. 77–80): a unit whose head
decides it (Giấy khen, Chiến sĩ thi đua cơ sở…) takes it in its own year-end round; an award
the Minister decides (Bằng khen của Bộ trưởng…) goes to the Ministry's round, proposed by the
exemplar's unit with legal status (its Sở, its THADS office) or by the unit itself."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q

from tdkt.accounts.scoping import Scope
from tdkt.audit.services import record

from .models import AwardProposal, Exemplar, Status, SubjectKind, Summary, SummaryStatus

TITLE = "Tờ trình đề nghị khen thưởng điển hình tiên tiến"
RECIPIENT = {SubjectKind.PERSON: "individual", SubjectKind.COLLECTIVE: "collective"}


class NotEligible(ValidationError):
    """The rules find the subject ineligible: nothing is created; `result` holds every check."""

    def __init__(self, message: str, result: dict):
        super().__init__(message)
        self.result = result


@dataclass
class Option:
    code: str
    name: str
    round: object  # AwardRound
    unit_round: bool = False


@dataclass
class Outcome:
    nomination: object
    round: object
    result: dict = field(default_factory=dict)


def _today(today):
    return today or datetime.date.today()


def _open_rounds(ex: Exemplar, today: datetime.date):
    """Rounds taking dossiers today whose organiser's subtree holds the exemplar's unit."""
    from tdkt.nominations.models import AwardRound

    path = ex.unit.path
    prefixes = [path[:i] for i in range(ex.unit.steplen, len(path) + 1, ex.unit.steplen)]
    return list(
        AwardRound.objects.filter(closed=False, opens_on__lte=today,
                                  organiser__path__in=prefixes)
        .filter(Q(submission_deadline__gte=today) | Q(simplified=True))
        .filter(Q(unit_round=False) | Q(agenda_approved_on__isnull=True))
        .select_related("organiser").order_by("-organiser__depth", "-opens_on", "-pk"))


def _fits(code: str, ex: Exemplar, rules) -> bool:
    rule = rules.get(code)
    recipient = rule.recipient if rule else ""
    return not recipient or recipient in ("individual_or_collective", RECIPIENT[ex.kind])


def _local_decides(ex: Exemplar, code: str, today) -> bool:
    """Whether the head of the exemplar's unit with legal status (its Sở, its THADS office)
    decides `code` (then the award belongs in that unit's own round, never the Ministry's)."""
    from tdkt.nominations.councils import authority_for

    return authority_for(_proposing_unit(ex), code, today).decides


def options(ex: Exemplar, today=None) -> list[Option]:
    """The awards the exemplar may be proposed for today, each with the round it goes to."""
    from tdkt.nominations.config import award_configs
    from tdkt.nominations.councils import authority_for

    today = _today(today)
    rounds = _open_rounds(ex, today)
    codes = {c for r in rounds for c in r.award_codes}
    rules = award_configs(sorted(codes), today) if codes else {}
    local = {code: _local_decides(ex, code, today) for code in codes}
    chosen: dict[str, Option] = {}
    for r in rounds:  # deepest organiser first
        for code in r.award_codes:
            if code in chosen or not _fits(code, ex, rules):
                continue
            if r.unit_round and local[code]:
                if authority_for(r.organiser, code, today).decides:
                    chosen[code] = Option(code, rules[code].name, r, True)
            elif not r.unit_round and not local[code]:
                chosen[code] = Option(code, rules[code].name, r, False)
    return sorted(chosen.values(), key=lambda o: (not o.unit_round, o.name))


def _refusal(ex: Exemplar, code: str, today) -> str:
    from tdkt.nominations.config import award_config

    rule = award_config(code, today)
    if _local_decides(ex, code, today):
        unit = _proposing_unit(ex)
        return (f"Chưa có đợt bình xét thi đua, khen thưởng của {unit.name} đang nhận đề nghị "
                f"“{rule.name}” (thủ trưởng đơn vị quyết định hình thức này). Cán bộ thi đua, "
                "khen thưởng của đơn vị mở đợt bình xét trước, rồi đề nghị lại.")
    return (f"Chưa có đợt xét khen thưởng của Bộ đang nhận hồ sơ đề nghị “{rule.name}”. "
            "Đề nghị lại khi Vụ Tổ chức cán bộ mở đợt xét khen thưởng.")


def _proposing_unit(ex: Exemplar):
    from tdkt.organisation.identity import identity_for

    identity = identity_for(ex.unit)
    return identity.unit if identity is not None else ex.unit


def _submission(actor, option: Option, ex: Exemplar, today):
    from tdkt.nominations import services as nominations
    from tdkt.nominations.models import Submission, SubmissionStatus
    from tdkt.nominations.services.unit_rounds import unit_list

    if option.unit_round:
        listing = unit_list(option.round)
        if listing is None or listing.status != SubmissionStatus.DRAFT:
            raise ValidationError("Danh sách bình xét của đơn vị không còn nhận thêm đề nghị.")
        return listing
    unit = _proposing_unit(ex)
    found = (Submission.objects.filter(round=option.round, unit=unit,
                                       status=SubmissionStatus.DRAFT).order_by("pk").first())
    return found or nominations.create_submission(actor, option.round, unit, TITLE, today=today)


def propose_for_award(actor, ex: Exemplar, award_code: str, today=None) -> Outcome:
    """Create the nomination of `ex` for `award_code` in the right open round, with the
    approved summary record attached. Raises ValidationError when refused (no round open,
    summary not approved, already proposed) and NotEligible when the rules say no."""
    from tdkt.nominations import services as nominations
    from tdkt.nominations.eligibility import evaluate_subject
    from tdkt.nominations.models import ACTIVE_STATUSES, DocKind, Nomination

    today = _today(today)
    Scope(actor).require_write(ex.unit)
    with transaction.atomic():
        ex = Exemplar.objects.select_for_update(of=("self",)).select_related("unit", "person").get(
            pk=ex.pk)
        if ex.status != Status.ACCEPTED:
            raise ValidationError("Chỉ đề nghị khen thưởng điển hình đã được công nhận.")
        summary = Summary.objects.filter(exemplar=ex).first()
        if summary is None or summary.status != SummaryStatus.APPROVED or not summary.document:
            raise ValidationError("Báo cáo tổng kết điển hình chưa được phê duyệt: hoàn thành "
                                  "báo cáo tổng kết (thủ trưởng đơn vị duyệt, Vụ Tổ chức cán "
                                  "bộ phê duyệt) trước khi đề nghị khen thưởng.")
        if ex.kind == SubjectKind.PERSON and ex.person_id is None:
            raise ValidationError("Điển hình cá nhân chưa gắn với hồ sơ cán bộ trên Hệ thống: "
                                  "không lập được hồ sơ đề nghị khen thưởng.")
        option = next((o for o in options(ex, today) if o.code == award_code), None)
        if option is None:
            raise ValidationError(_refusal(ex, award_code, today))
        if AwardProposal.objects.filter(
                exemplar=ex, award_code=award_code, nomination__round=option.round,
                nomination__status__in=ACTIVE_STATUSES).exists():
            raise ValidationError("Điển hình đã được đề nghị hình thức này trong đợt "
                                  f"“{option.round.name}”.")
        person = ex.person if ex.kind == SubjectKind.PERSON else None
        unit = ex.unit if ex.kind == SubjectKind.COLLECTIVE else None
        subject_kind = "individual" if person is not None else "collective"
        # the check the dossier will face, run before anything is created
        probe = Nomination(round=option.round, year=option.round.year, award_code=award_code,
                           subject_kind=subject_kind, person=person, unit=unit,
                           proposing_unit=ex.unit, attested=False)
        result = evaluate_subject(probe)
        if result.get("verdict") == "ineligible":
            raise NotEligible(f"{ex.name} chưa đủ điều kiện đề nghị “{option.name}” năm "
                              f"{option.round.year}: không lập hồ sơ.", result)
        submission = _submission(actor, option, ex, today)
        nomination = nominations.add_nomination(
            actor, submission, award_code=award_code, subject_kind=subject_kind, person=person,
            unit=unit, achievement=summary.achievement)
        with summary.document.open("rb") as fh:
            content = fh.read()
        nominations.add_attachment(actor, nomination, DocKind.KHAC, ContentFile(
            content, name=f"bao-cao-tong-ket-dien-hinh-{ex.pk}.docx"))
        AwardProposal.objects.create(exemplar=ex, nomination=nomination, award_code=award_code,
                                     created_by=actor)
        record(actor, "exemplar.propose_award", ex,
               {"nomination": [None, nomination.pk], "award": award_code,
                "round": option.round.pk, "verdict": result.get("verdict")})
    return Outcome(nomination=nomination, round=option.round, result=result)
