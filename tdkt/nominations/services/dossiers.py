"""Submissions (tờ trình), nominations (hồ sơ), attachments, completeness, submit and resubmit."""

from __future__ import annotations

import datetime
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from tdkt.audit.services import record
from tdkt.core.uploads import validate_upload

from .. import selectors
from ..config import award_config
from ..eligibility import evaluate_subject
from ..models import (
    VOTE_RESULT_KINDS,
    Attachment,
    AwardRound,
    Nomination,
    NominationEvent,
    Status,
    SubjectKind,
    Submission,
    SubmissionStatus,
)
from .common import (
    HEAD,
    _move,
    _require_officer,
    _require_role,
    _today,
    can_head,
    lock,
    notify,
)


@transaction.atomic
def create_submission(actor, award_round: AwardRound, unit, title: str, number: str = "",
                      today=None) -> Submission:
    _require_officer(actor, unit)
    if award_round.closed:
        raise ValidationError("Đợt xét khen thưởng đã kết thúc.")
    if _today(today) > award_round.submission_deadline and not award_round.simplified:
        raise ValidationError(
            f"Đã quá hạn nộp hồ sơ của đợt ({award_round.submission_deadline:%d/%m/%Y})."
        )
    submission = Submission.objects.create(
        round=award_round, unit=unit, title=title.strip(), number=number.strip(),
        created_by=actor,
    )
    record(actor, "submission.create", submission, {"round": [None, award_round.pk]})
    return submission


def _validate_subject(submission, award_code, subject_kind, person, unit):
    award_round = submission.round
    if award_code not in award_round.award_codes:
        raise ValidationError("Danh hiệu, hình thức này không được xét trong đợt.")
    rule = award_config(award_code, award_round.opens_on)
    if rule.recipient and rule.recipient != "individual_or_collective" \
            and rule.recipient != subject_kind:
        raise ValidationError(
            f"{rule.name} chỉ xét tặng cho "
            f"{'cá nhân' if rule.recipient == 'individual' else 'tập thể'}."
        )
    if subject_kind == SubjectKind.INDIVIDUAL:
        if person is None:
            raise ValidationError("Chọn cá nhân được đề nghị.")
        if not person.unit.path.startswith(submission.unit.path):
            raise ValidationError("Cá nhân không thuộc đơn vị trình hoặc các đơn vị trực thuộc.")
    else:
        if unit is None:
            raise ValidationError("Chọn tập thể được đề nghị.")
        if not unit.path.startswith(submission.unit.path):
            raise ValidationError("Tập thể không thuộc đơn vị trình hoặc các đơn vị trực thuộc.")


@transaction.atomic
def add_nomination(actor, submission: Submission, *, award_code: str, subject_kind: str,
                   achievement: str, person=None, unit=None, attested: bool = False,
                   initiatives=()) -> Nomination:
    lock(submission)
    _require_officer(actor, submission.unit)
    if submission.status != SubmissionStatus.DRAFT:
        raise ValidationError("Tờ trình đã được trình, không thêm hồ sơ được nữa.")
    if subject_kind == SubjectKind.INDIVIDUAL:
        unit = None
    else:
        person = None
    _validate_subject(submission, award_code, subject_kind, person, unit)
    same = submission.nominations.filter(award_code=award_code, person=person, unit=unit)
    if same.exists():
        raise ValidationError("Tờ trình đã có hồ sơ đề nghị này cho cùng đối tượng.")
    nomination = Nomination.objects.create(
        submission=submission,
        round=submission.round,
        proposing_unit=submission.unit,
        year=submission.round.year,
        award_code=award_code,
        subject_kind=subject_kind,
        person=person,
        unit=unit,
        subject_name=(person.full_name if person else unit.name),
        achievement=achievement.strip(),
        attested=attested,
        created_by=actor,
        status_since=datetime.date.today(),
    )
    _set_initiatives(nomination, initiatives)
    NominationEvent.objects.create(nomination=nomination, to_status=Status.DRAFT, actor=actor)
    record(actor, "nomination.create", nomination,
           {"award_code": [None, award_code], "subject": [None, nomination.subject_name]})
    return nomination


@transaction.atomic
def add_candidates(actor, submission: Submission, candidates) -> tuple[int, list[str]]:
    """Add picked candidates — (award code, person or None, unit, achievement) each, from the
    due list or from movement reviews — as draft nominations. Each in its own savepoint: one
    refused candidate is reported by name and does not stop the others."""
    added, errors = 0, []
    for award_code, person, unit, achievement in candidates:
        kind = SubjectKind.INDIVIDUAL if person is not None else SubjectKind.COLLECTIVE
        try:
            with transaction.atomic():
                add_nomination(actor, submission, award_code=award_code, subject_kind=kind,
                               person=person, unit=None if person is not None else unit,
                               achievement=achievement)
        except ValidationError as exc:
            name = person.full_name if person is not None else unit.name
            errors.append(f"{name}: {' '.join(exc.messages)}")
        else:
            added += 1
    return added, errors


def _set_initiatives(nomination, initiatives):
    initiatives = list(initiatives or ())
    if nomination.person_id is None and initiatives:
        raise ValidationError("Chỉ hồ sơ cá nhân mới gắn sáng kiến, đề tài.")
    for item in initiatives:
        if item.person_id != nomination.person_id:
            raise ValidationError("Sáng kiến, đề tài không phải của cá nhân được đề nghị.")
    nomination.initiatives.set(initiatives)


@transaction.atomic
def update_nomination(actor, nomination: Nomination, *, achievement: str, attested: bool,
                      initiatives=None) -> Nomination:
    lock(nomination)
    _require_officer(actor, nomination.proposing_unit)
    if not nomination.editable:
        raise ValidationError("Chỉ sửa được hồ sơ đang lập hoặc bị trả lại bổ sung.")
    changes = {}
    if nomination.achievement != achievement.strip():
        changes["achievement"] = [nomination.achievement[:200], achievement.strip()[:200]]
    if nomination.attested != attested:
        changes["attested"] = [nomination.attested, attested]
    nomination.achievement = achievement.strip()
    nomination.attested = attested
    nomination.save(update_fields=["achievement", "attested"])
    if initiatives is not None:
        _set_initiatives(nomination, initiatives)
    record(actor, "nomination.update", nomination, changes)
    return nomination


@transaction.atomic
def delete_nomination(actor, nomination: Nomination) -> None:
    lock(nomination)
    _require_officer(actor, nomination.proposing_unit)
    if nomination.status != Status.DRAFT or nomination.events.count() > 1:
        raise ValidationError("Chỉ xóa được hồ sơ đang lập, chưa từng trình.")
    record(actor, "nomination.delete", nomination, {"subject": [nomination.subject_name, None]})
    for att in nomination.attachments.all():
        att.file.delete(save=False)
    nomination.delete()


@transaction.atomic
def add_attachment(actor, nomination: Nomination, kind: str, upload,
                   vote_result: str = "") -> Attachment:
    lock(nomination)
    _require_officer(actor, nomination.proposing_unit)
    if not nomination.editable:
        raise ValidationError("Chỉ bổ sung tài liệu khi hồ sơ đang lập hoặc bị trả lại.")
    validate_upload(upload, "attachment")
    if kind in VOTE_RESULT_KINDS and not vote_result.strip():
        raise ValidationError("Biên bản phải ghi kết quả bỏ phiếu (ví dụ: 15/17 phiếu đồng ý).")
    name = PurePath(upload.name).name[:255]
    attachment = Attachment(
        nomination=nomination, kind=kind, original_name=name, size=upload.size,
        vote_result=vote_result.strip(), uploaded_by=actor,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    record(actor, "nomination.attach", nomination, {"attachment": [None, name], "kind": kind})
    return attachment


@transaction.atomic
def remove_attachment(actor, attachment: Attachment) -> None:
    nomination = lock(attachment.nomination)
    _require_officer(actor, nomination.proposing_unit)
    if not nomination.editable:
        raise ValidationError("Không xóa tài liệu của hồ sơ đã trình.")
    record(actor, "nomination.detach", nomination,
           {"attachment": [attachment.original_name, None]})
    attachment.file.delete(save=False)
    attachment.delete()


def _completeness_errors(nominations) -> list[str]:
    errors = []
    for nom in nominations:
        missing = [item["label"] for item in selectors.checklist(nom) if not item["present"]]
        if missing:
            errors.append(f"{nom.subject_name}: còn thiếu {', '.join(missing)}.")
    return errors


def _snapshot(nomination, today):
    nomination.eligibility_snapshot = evaluate_subject(nomination)
    nomination.submitted_on = today
    nomination.return_reason = ""
    nomination.save(update_fields=["eligibility_snapshot", "submitted_on", "return_reason"])


@transaction.atomic
def submit_submission(actor, submission: Submission, today=None) -> int:
    """The unit head approves the tờ trình and submits it upward (all draft nominations)."""
    today = _today(today)
    lock(submission)
    if not can_head(actor, submission.unit):
        raise PermissionDenied("Chỉ thủ trưởng đơn vị được phê duyệt và trình tờ trình.")
    if submission.status != SubmissionStatus.DRAFT:
        raise ValidationError("Tờ trình đã được trình.")
    award_round = submission.round
    if award_round.unit_round and submission.unit_id == award_round.organiser_id:
        raise ValidationError(
            "Danh sách bình xét của đơn vị không trình lên cấp trên: thủ trưởng đơn vị phê "
            "duyệt chương trình họp Hội đồng Thi đua – Khen thưởng của đơn vị.")
    if today > award_round.submission_deadline and not award_round.simplified:
        raise ValidationError(
            f"Đã quá hạn nộp hồ sơ của đợt ({award_round.submission_deadline:%d/%m/%Y})."
        )
    nominations = list(
        submission.nominations.filter(status=Status.DRAFT).select_related("round")
        .prefetch_related("attachments")
    )
    if not nominations:
        raise ValidationError("Tờ trình chưa có hồ sơ đề nghị nào.")
    errors = _completeness_errors(nominations)
    if errors:
        raise ValidationError(["Hồ sơ chưa đủ thành phần:", *errors])
    for nom in nominations:
        _snapshot(nom, today)
        _move(actor, nom, Status.SUBMITTED, today=today)
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_by = actor
    submission.submitted_on = today
    submission.save(update_fields=["status", "submitted_by", "submitted_on"])
    record(actor, "submission.submit", submission,
           {"status": [SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED],
            "nominations": len(nominations)})
    notify(award_round.organiser,
           f"{submission.unit.name} đã trình {len(nominations)} hồ sơ đề nghị khen thưởng "
           f"({award_round.name}).",
           reverse("nominations:submission", args=[submission.pk]))
    return len(nominations)


@transaction.atomic
def resubmit(actor, nomination: Nomination, note: str = "", today=None) -> None:
    """A returned nomination, supplemented, goes back up (its history is kept)."""
    today = _today(today)
    lock(nomination)
    errors = _completeness_errors([nomination])
    if errors:
        raise ValidationError(errors)
    _require_role(actor, HEAD, nomination)
    _snapshot(nomination, today)
    _move(actor, nomination, Status.SUBMITTED, note=note or "Trình lại sau khi bổ sung",
          today=today)
