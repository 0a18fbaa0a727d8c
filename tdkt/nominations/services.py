"""Every state change of the commendation workflow. Each service runs in one transaction,
checks the actor's role (defence in depth: views check too), writes, and records an audit
action. Errors for users are `ValidationError`s with Vietnamese messages; a role that may
not take a step gets `PermissionDenied`.
"""

from __future__ import annotations

import datetime
import hashlib
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse

from tdkt.accounts.models import Role
from tdkt.accounts.scoping import Scope
from tdkt.audit.services import record
from tdkt.core.text import vietnamese_sort_key, vietnamese_text_key
from tdkt.core.uploads import validate_upload

from . import selectors
from .calendar import WorkCalendar
from .config import award_config, passes
from .eligibility import evaluate_subject
from .models import (
    ROUND_METHOD,
    VOTE_RESULT_KINDS,
    AgendaItem,
    Attachment,
    Attendance,
    Awardee,
    AwardRound,
    BallotCast,
    CommentStatus,
    CouncilMember,
    Decision,
    DecisionCounter,
    DisclosurePeriod,
    ItemResult,
    Meeting,
    MeetingStatus,
    Nomination,
    NominationEvent,
    Notification,
    PublicComment,
    RevocationGround,
    Status,
    SubjectKind,
    Submission,
    SubmissionStatus,
)

HEAD, DEPT = "head", "dept"

# (from, to) -> who may take the step.
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.DRAFT, Status.SUBMITTED): HEAD,
    (Status.RETURNED, Status.SUBMITTED): HEAD,
    (Status.SUBMITTED, Status.UNDER_APPRAISAL): DEPT,
    (Status.SUBMITTED, Status.RETURNED): DEPT,
    (Status.UNDER_APPRAISAL, Status.RETURNED): DEPT,
    (Status.APPRAISED, Status.RETURNED): DEPT,
    (Status.UNDER_APPRAISAL, Status.APPRAISED): DEPT,
    (Status.APPRAISED, Status.AT_COUNCIL): DEPT,
    (Status.APPRAISED, Status.APPROVED): DEPT,  # simplified procedure only
    (Status.AT_COUNCIL, Status.IN_DISCLOSURE): DEPT,
    (Status.AT_COUNCIL, Status.APPROVED): DEPT,
    (Status.AT_COUNCIL, Status.NOT_APPROVED): DEPT,
    (Status.IN_DISCLOSURE, Status.APPROVED): DEPT,
    (Status.IN_DISCLOSURE, Status.NOT_APPROVED): DEPT,
    (Status.APPROVED, Status.DECIDED): DEPT,
    (Status.DECIDED, Status.REVOKED): DEPT,
}

def _today(today):
    return today or datetime.date.today()


def _scope(actor) -> Scope:
    return Scope(actor)


def is_dept(actor) -> bool:
    return _scope(actor).has_role(Role.EMULATION_DEPT)


def require_dept(actor) -> None:
    if not is_dept(actor):
        raise PermissionDenied(
            "Chỉ Thường trực Hội đồng TĐKT (Vụ TCCB) được thực hiện thao tác này."
        )


def can_head(actor, unit) -> bool:
    return _scope(actor).covers(unit, {Role.UNIT_HEAD})


def _require_role(actor, who: str, nomination: Nomination) -> None:
    scope = _scope(actor)
    if who == HEAD:
        if not scope.covers(nomination.proposing_unit, {Role.UNIT_HEAD}):
            raise PermissionDenied("Chỉ thủ trưởng đơn vị được phê duyệt và trình hồ sơ.")
    elif who == DEPT:
        if not (scope.has_role(Role.EMULATION_DEPT) and scope.covers(nomination.proposing_unit)):
            raise PermissionDenied(
                "Chỉ Thường trực Hội đồng TĐKT (Vụ TCCB) được thực hiện thao tác này."
            )


def _require_officer(actor, unit) -> None:
    _scope(actor).require_write(unit)


def _move(actor, nomination: Nomination, to: str, note: str = "", today=None,
          changes: dict | None = None) -> None:
    old = nomination.status
    who = TRANSITIONS.get((old, to))
    if who is None:
        raise ValidationError(
            f"Không thể chuyển hồ sơ từ “{Status(old).label}” sang “{Status(to).label}”."
        )
    _require_role(actor, who, nomination)
    nomination.status = to
    nomination.status_since = _today(today)
    nomination.save(update_fields=["status", "status_since"])
    NominationEvent.objects.create(
        nomination=nomination, from_status=old, to_status=to, actor=actor, note=note
    )
    record(actor, f"nomination.{to}", nomination, {"status": [old, to], **(changes or {})},
           note=note[:500])


def notify(unit, message: str, link: str = "", key: str | None = None) -> Notification | None:
    if key:
        obj, created = Notification.objects.get_or_create(
            key=key, defaults={"unit": unit, "message": message[:500], "link": link}
        )
        return obj if created else None
    return Notification.objects.create(unit=unit, message=message[:500], link=link)


# --- rounds -------------------------------------------------------------------------------


ROUND_FIELDS = ("name", "kind", "year", "organiser", "award_codes", "movement",
                "movement_title", "opens_on", "submission_deadline", "appraisal_deadline",
                "council_date", "simplified", "closed")


@transaction.atomic
def save_round(actor, data: dict, award_round: AwardRound | None = None) -> AwardRound:
    require_dept(actor)
    if data["submission_deadline"] < data["opens_on"]:
        raise ValidationError("Hạn nộp hồ sơ phải sau ngày bắt đầu nhận hồ sơ.")
    if not data.get("award_codes"):
        raise ValidationError("Chọn ít nhất một danh hiệu, hình thức được xét trong đợt.")
    if data["kind"] == "sudden":
        data["simplified"] = True
    if data["kind"] == "thematic" and not (data.get("movement") or data.get("movement_title")):
        raise ValidationError(
            "Đợt khen thưởng chuyên đề phải gắn với phong trào thi đua được sơ kết, tổng kết."
        )
    if data.get("movement") and not data.get("movement_title"):
        data["movement_title"] = data["movement"].name
    creating = award_round is None
    award_round = award_round or AwardRound()
    changes = {}
    for field in ROUND_FIELDS:
        if field in data:
            old = getattr(award_round, field, None)
            if old != data[field]:
                changes[field] = [str(old) if old is not None else None, str(data[field])]
            setattr(award_round, field, data[field])
    award_round.save()
    record(actor, "round.create" if creating else "round.update", award_round, changes)
    return award_round


# --- submissions and nominations -------------------------------------------------------------


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
    nomination = attachment.nomination
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
    if not can_head(actor, submission.unit):
        raise PermissionDenied("Chỉ thủ trưởng đơn vị được phê duyệt và trình tờ trình.")
    if submission.status != SubmissionStatus.DRAFT:
        raise ValidationError("Tờ trình đã được trình.")
    award_round = submission.round
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
    errors = _completeness_errors([nomination])
    if errors:
        raise ValidationError(errors)
    _require_role(actor, HEAD, nomination)
    _snapshot(nomination, today)
    _move(actor, nomination, Status.SUBMITTED, note=note or "Trình lại sau khi bổ sung",
          today=today)


# --- appraisal --------------------------------------------------------------------------------


@transaction.atomic
def run_appraisal(actor, nomination: Nomination, today=None) -> dict:
    """Receive (if needed) and appraise: checklist, engine re-run, duplicates, hold rule.
    Stores the report on the nomination; does not pass it."""
    today = _today(today)
    _require_role(actor, DEPT, nomination)
    if nomination.status == Status.SUBMITTED:
        _move(actor, nomination, Status.UNDER_APPRAISAL, today=today)
    if nomination.status != Status.UNDER_APPRAISAL:
        raise ValidationError("Chỉ thẩm định hồ sơ đã trình hoặc đang thẩm định.")
    report = selectors.appraisal_report(nomination, today)
    report["by"] = str(actor)
    nomination.appraisal = report
    nomination.checklist = report["checklist"]
    nomination.save(update_fields=["appraisal", "checklist"])
    record(actor, "nomination.appraisal_run", nomination,
           {"verdict": report["engine"].get("verdict"), "blockers": len(report["blockers"])})
    return report


def pass_appraisal(actor, nomination: Nomination, note: str = "", today=None) -> None:
    """Run the appraisal (its report is kept either way) and pass the nomination when
    nothing blocks it."""
    today = _today(today)
    report = run_appraisal(actor, nomination, today)
    if report["blockers"]:
        raise ValidationError(["Chưa thể kết luận đạt:", *report["blockers"]])
    with transaction.atomic():
        _move(actor, nomination, Status.APPRAISED, note=note, today=today)


@transaction.atomic
def return_for_supplement(actor, nomination: Nomination, reason: str, today=None) -> None:
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError("Ghi rõ lý do trả lại và nội dung cần bổ sung.")
    nomination.return_reason = reason
    nomination.save(update_fields=["return_reason"])
    _move(actor, nomination, Status.RETURNED, note=reason, today=today)
    submission = nomination.submission
    if submission.status == SubmissionStatus.SUBMITTED:
        pass  # the tờ trình stays submitted; the nomination alone comes back
    notify(nomination.proposing_unit,
           f"Hồ sơ {nomination.subject_name} bị trả lại để bổ sung: {reason}",
           reverse("nominations:nomination", args=[nomination.pk]))


def bulk(actor, nominations, action: str, reason: str = "", today=None) -> tuple[int, list[str]]:
    """Apply `action` ("appraise" or "return") to each; each in its own transaction."""
    done, errors = 0, []
    for nom in nominations:
        try:
            if action == "appraise":
                pass_appraisal(actor, nom, today=today)
            elif action == "return":
                return_for_supplement(actor, nom, reason, today=today)
            else:
                raise ValidationError("Thao tác không hợp lệ.")
            done += 1
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            errors.append(f"{nom.subject_name}: {' '.join(messages)}")
    return done, errors


@transaction.atomic
def approve_simplified(actor, nomination: Nomination, note: str = "", today=None) -> None:
    if not nomination.round.simplified:
        raise ValidationError("Chỉ hồ sơ theo thủ tục đơn giản mới trình phê duyệt ngay.")
    if nomination.status != Status.APPRAISED:
        raise ValidationError("Hồ sơ phải được thẩm định đạt trước.")
    _move(actor, nomination, Status.APPROVED, note=note or "Thủ tục đơn giản", today=today)


# --- council ---------------------------------------------------------------------------------


@transaction.atomic
def add_council_member(actor, year: int, user, position: str) -> CouncilMember:
    require_dept(actor)
    if CouncilMember.objects.filter(year=year, user=user).exists():
        raise ValidationError(f"{user} đã là thành viên Hội đồng năm {year}.")
    member = CouncilMember.objects.create(year=year, user=user, position=position)
    record(actor, "council.add_member", member, {"user": [None, user.pk], "year": year})
    return member


@transaction.atomic
def remove_council_member(actor, member: CouncilMember) -> None:
    require_dept(actor)
    if Meeting.objects.filter(year=member.year).exclude(status=MeetingStatus.PREPARING).exists():
        raise ValidationError("Hội đồng năm này đã họp; không rút thành viên được nữa.")
    record(actor, "council.remove_member", member, {"user": [member.user_id, None]})
    member.delete()


@transaction.atomic
def create_meeting(actor, *, year: int, title: str, held_on, place: str = "",
                   quorum_numerator: int = 2, quorum_denominator: int = 3) -> Meeting:
    require_dept(actor)
    if not 0 < quorum_numerator <= quorum_denominator:
        raise ValidationError("Tỷ lệ có mặt tối thiểu không hợp lệ.")
    meeting = Meeting.objects.create(
        year=year, title=title, held_on=held_on, place=place,
        quorum_numerator=quorum_numerator, quorum_denominator=quorum_denominator,
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, user_id=uid, present=False)
        for uid in CouncilMember.objects.filter(year=year).values_list("user_id", flat=True)
    )
    record(actor, "meeting.create", meeting, {"held_on": [None, held_on]})
    return meeting


def _require_preparing(meeting):
    if meeting.status != MeetingStatus.PREPARING:
        raise ValidationError("Phiên họp đã bắt đầu bỏ phiếu; không thay đổi chương trình được.")


@transaction.atomic
def add_agenda_items(actor, meeting: Meeting, nominations, today=None) -> int:
    require_dept(actor)
    _require_preparing(meeting)
    position = meeting.items.count()
    added = 0
    for nom in nominations:
        if nom.status != Status.APPRAISED:
            raise ValidationError(f"{nom.subject_name}: hồ sơ chưa được thẩm định đạt.")
        position += 1
        AgendaItem.objects.create(meeting=meeting, nomination=nom, position=position)
        _move(actor, nom, Status.AT_COUNCIL, note=meeting.title, today=today)
        added += 1
    return added


@transaction.atomic
def remove_agenda_item(actor, item: AgendaItem, today=None) -> None:
    require_dept(actor)
    _require_preparing(item.meeting)
    nom = item.nomination
    item.delete()
    nom.status = Status.APPRAISED
    nom.save(update_fields=["status"])
    NominationEvent.objects.create(nomination=nom, from_status=Status.AT_COUNCIL,
                                   to_status=Status.APPRAISED, actor=actor,
                                   note="Rút khỏi chương trình họp")
    record(actor, "nomination.appraised", nom, {"status": [Status.AT_COUNCIL, Status.APPRAISED]},
           note="Rút khỏi chương trình họp")


@transaction.atomic
def set_attendance(actor, meeting: Meeting, present_user_ids, notes: dict | None = None) -> None:
    require_dept(actor)
    _require_preparing(meeting)
    present = set(present_user_ids)
    notes = notes or {}
    rows = list(meeting.attendance.all())
    for row in rows:
        row.present = row.user_id in present
        row.note = notes.get(row.user_id, row.note)[:255]
    Attendance.objects.bulk_update(rows, ["present", "note"])
    record(actor, "meeting.attendance", meeting, {"present": sorted(present)})


@transaction.atomic
def open_voting(actor, meeting: Meeting) -> None:
    require_dept(actor)
    _require_preparing(meeting)
    members = set(CouncilMember.objects.filter(year=meeting.year).values_list("user_id", flat=True))
    if not members:
        raise ValidationError(f"Chưa có danh sách thành viên Hội đồng năm {meeting.year}.")
    if not meeting.items.exists():
        raise ValidationError("Chương trình họp chưa có hồ sơ nào.")
    present = set(meeting.attendance.filter(present=True).values_list("user_id", flat=True))
    present &= members
    needed = meeting.quorum_needed(len(members))
    if len(present) < needed:
        raise ValidationError(
            f"Không đủ số thành viên tham dự: có mặt {len(present)}/{len(members)}, "
            f"cần ít nhất {needed} ({meeting.quorum_numerator}/{meeting.quorum_denominator})."
        )
    meeting.members_total = len(members)
    meeting.present_count = len(present)
    meeting.status = MeetingStatus.VOTING
    meeting.save(update_fields=["members_total", "present_count", "status"])
    record(actor, "meeting.open_voting", meeting,
           {"status": [MeetingStatus.PREPARING, MeetingStatus.VOTING],
            "present": [None, len(present)], "members": [None, len(members)]})


def can_vote(user, meeting: Meeting) -> bool:
    return (
        meeting.status == MeetingStatus.VOTING
        and CouncilMember.objects.filter(year=meeting.year, user=user).exists()
        and meeting.attendance.filter(user=user, present=True).exists()
    )


@transaction.atomic
def cast_ballot(user, meeting: Meeting, choices: dict[int, bool]) -> int:
    """Record one member's ballot sheet: for each agenda item id, True = agree.

    Writes a `BallotCast` (item, member) row — that the member voted — and increments the
    item's aggregate counter. Nothing links the member to the choice; the audit action
    records only that a ballot was cast, never its content."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.VOTING:
        raise ValidationError("Phiên họp không trong thời gian bỏ phiếu.")
    if not can_vote(user, meeting):
        raise PermissionDenied("Chỉ thành viên Hội đồng có mặt tại phiên họp được bỏ phiếu.")
    items = {i.pk: i for i in meeting.items.all()}
    unknown = set(choices) - set(items)
    if unknown:
        raise ValidationError("Phiếu có nội dung không thuộc chương trình họp.")
    already = set(BallotCast.objects.filter(item__meeting=meeting, member=user)
                  .values_list("item_id", flat=True))
    if already & set(choices):
        raise ValidationError("Bạn đã bỏ phiếu cho nội dung này; mỗi nội dung chỉ bỏ một lần.")
    cast = 0
    # Fixed order (by item id, never by choice) so write order reveals nothing.
    for item_id in sorted(choices):
        try:
            with transaction.atomic():
                BallotCast.objects.create(item_id=item_id, member=user)
        except IntegrityError:
            raise ValidationError("Bạn đã bỏ phiếu cho nội dung này.") from None
        field = "agree" if choices[item_id] else "disagree"
        AgendaItem.objects.filter(pk=item_id).update(**{field: F(field) + 1})
        cast += 1
    if cast:
        record(user, "ballot.cast", meeting, {"items": cast})
    return cast


@transaction.atomic
def close_meeting(actor, meeting: Meeting, today=None) -> None:
    """End the ballot; tally each item against its award's threshold and denominator from
    the catalogue version in force on the meeting date."""
    require_dept(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.VOTING:
        raise ValidationError("Phiên họp chưa mở bỏ phiếu hoặc đã kết thúc.")
    items = list(meeting.items.select_related("nomination__proposing_unit", "nomination__round"))
    for item in items:
        rule = award_config(item.nomination.award_code, meeting.held_on)
        base = meeting.members_total if rule.denominator == "all" else meeting.present_count
        item.threshold_percent = rule.threshold_percent
        item.denominator = rule.denominator
        item.base_count = base
        item.rule_status = "chưa xác minh" if "ngưỡng biểu quyết" in rule.unverified \
            else "verified"
        ok = passes(item.agree, base, rule.threshold_percent)
        item.result = ItemResult.PASSED if ok else ItemResult.FAILED
        item.save(update_fields=["threshold_percent", "denominator", "base_count",
                                 "rule_status", "result"])
        nom = item.nomination
        summary = (f"{item.agree}/{base} phiếu đồng ý (ngưỡng {rule.threshold_percent}% "
                   f"{rule.denominator_label.lower()})")
        if not ok:
            _move(actor, nom, Status.NOT_APPROVED, note=f"Hội đồng: không đạt, {summary}",
                  today=today)
        elif not rule.disclosure_required:
            _move(actor, nom, Status.APPROVED, note=f"Hội đồng: đạt, {summary}", today=today)
        else:
            NominationEvent.objects.create(
                nomination=nom, from_status=nom.status, to_status=nom.status, actor=actor,
                note=f"Hội đồng: đạt, {summary}; chờ công khai",
            )
    meeting.status = MeetingStatus.CLOSED
    meeting.save(update_fields=["status"])
    record(actor, "meeting.close", meeting,
           {"status": [MeetingStatus.VOTING, MeetingStatus.CLOSED],
            "results": {str(i.pk): i.result for i in items}})


# --- public disclosure -------------------------------------------------------------------------


@transaction.atomic
def publish_disclosure(actor, *, title: str, starts_on, nominations,
                       working_days: int | None = None, today=None) -> DisclosurePeriod:
    require_dept(actor)
    nominations = list(nominations)
    if not nominations:
        raise ValidationError("Chọn hồ sơ cần công khai.")
    for nom in nominations:
        if nom.status != Status.AT_COUNCIL or not nom.agenda_items.filter(
                result=ItemResult.PASSED).exists():
            raise ValidationError(
                f"{nom.subject_name}: chỉ công khai hồ sơ Hội đồng đã biểu quyết đạt."
            )
    needed = max(award_config(n.award_code, starts_on).disclosure_days for n in nominations)
    working_days = working_days or needed
    if working_days < needed:
        raise ValidationError(f"Thời gian công khai tối thiểu là {needed} ngày làm việc.")
    cal = WorkCalendar()
    period = DisclosurePeriod.objects.create(
        title=title, starts_on=starts_on, working_days=working_days,
        ends_on=cal.period_end(starts_on, working_days), published_by=actor,
    )
    record(actor, "disclosure.publish", period,
           {"starts_on": [None, starts_on], "ends_on": [None, period.ends_on],
            "working_days": [None, working_days]})
    for nom in nominations:
        nom.disclosure = period
        nom.save(update_fields=["disclosure"])
        _move(actor, nom, Status.IN_DISCLOSURE, note=period.title, today=today)
    return period


def ip_key(ip: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()


@transaction.atomic
def post_comment(period: DisclosurePeriod, *, content: str, ip: str, nomination=None,
                 author_name: str = "", contact: str = "", today=None) -> PublicComment:
    """A comment from the public (no account). Rate limiting is done by the view."""
    today = _today(today)
    if not period.is_open(today):
        raise ValidationError("Đợt công khai này không còn nhận ý kiến.")
    content = (content or "").strip()
    if len(content) < 10:
        raise ValidationError("Nội dung góp ý quá ngắn (ít nhất 10 ký tự).")
    if nomination is not None and nomination.disclosure_id != period.pk:
        raise ValidationError("Hồ sơ không thuộc đợt công khai này.")
    comment = PublicComment.objects.create(
        period=period, nomination=nomination, author_name=author_name.strip()[:120],
        contact=contact.strip()[:120], content=content[:5000], ip_hash=ip_key(ip),
    )
    record(None, "disclosure.comment", period, {"comment": [None, comment.pk]})
    return comment


@transaction.atomic
def moderate_comment(actor, comment: PublicComment, status: str, response: str = "") -> None:
    require_dept(actor)
    if status not in CommentStatus.values:
        raise ValidationError("Trạng thái xử lý không hợp lệ.")
    old = comment.status
    comment.status = status
    comment.response = response.strip()
    comment.moderated_by = actor
    comment.save(update_fields=["status", "response", "moderated_by"])
    record(actor, "disclosure.moderate", comment, {"status": [old, status]})


@transaction.atomic
def conclude_disclosure(actor, period: DisclosurePeriod, rejected: dict | None = None,
                        today=None) -> tuple[int, int]:
    """After the period: nominations go on to approval, except those `rejected`
    ({nomination id: reason}) on the strength of comments."""
    require_dept(actor)
    today = _today(today)
    if not period.has_ended(today):
        raise ValidationError(
            f"Chưa hết thời gian công khai (đến hết ngày {period.ends_on:%d/%m/%Y})."
        )
    rejected = rejected or {}
    approved = refused = 0
    for nom in period.nominations.filter(status=Status.IN_DISCLOSURE):
        if nom.pk in rejected:
            _move(actor, nom, Status.NOT_APPROVED,
                  note=rejected[nom.pk] or "Không đề nghị sau công khai", today=today)
            refused += 1
        else:
            _move(actor, nom, Status.APPROVED, note="Hết thời gian công khai", today=today)
            approved += 1
    period.concluded = True
    period.save(update_fields=["concluded"])
    record(actor, "disclosure.conclude", period, {"approved": approved, "refused": refused})
    return approved, refused


# --- decisions ---------------------------------------------------------------------------------


def allocate_number(issuer_code: str, year: int) -> int:
    """Next number of the issuer's yearly series. Must run inside a transaction; the counter
    row is locked (SELECT … FOR UPDATE; SQLite serialises writers) until it commits."""
    try:
        with transaction.atomic():
            DecisionCounter.objects.get_or_create(issuer_code=issuer_code, year=year)
    except IntegrityError:
        pass  # created concurrently
    counter = DecisionCounter.objects.select_for_update().get(issuer_code=issuer_code, year=year)
    counter.last = F("last") + 1
    counter.save(update_fields=["last"])
    counter.refresh_from_db(fields=["last"])
    return counter.last


def _history_models(is_title: bool, individual: bool):
    from tdkt.history import models as h

    if is_title:
        return h.PersonTitle if individual else h.UnitTitle
    return h.PersonAward if individual else h.UnitAward


def _award_type(code: str, rule):
    from tdkt.history.models import AwardType

    award_type = AwardType.objects.filter(code=code).first()
    if award_type is None:
        award_type = AwardType.objects.create(
            code=code, name=rule.name, kind="title" if rule.is_title else "form",
            subject=rule.recipient or "individual_or_collective", level=rule.level or "bo",
        )
    return award_type


def _write_history(awardee: Awardee, decision: Decision, rule, nomination) -> str:
    """Write the award into the person's or unit's history (seam: history services)."""
    award_type = _award_type(awardee.award_code, rule)
    individual = awardee.subject_kind == SubjectKind.INDIVIDUAL
    model = _history_models(award_type.kind == "title", individual)
    subject = {"person": awardee.person} if individual else {"unit": awardee.unit}
    if model.objects.filter(year=awardee.year, award=award_type, **subject).exists():
        raise ValidationError(
            f"{awardee.subject_name}: hồ sơ đã có {award_type.name} năm {awardee.year}."
        )
    values = {
        "year": awardee.year, "award": award_type, "decision_number": decision.number_display,
        "decision_date": decision.signed_on, "issuer": decision.issuer_title, **subject,
    }
    if award_type.kind != "title":
        values["method"] = decision.method
    row = model.objects.create(**values)
    if individual:
        field = "used_for_title" if award_type.kind == "title" else "used_for"
        nomination.initiatives.filter(used_for__isnull=True, used_for_title__isnull=True) \
            .update(**{field: row})
    return f"{model._meta.label_lower}:{row.pk}"


@transaction.atomic
def issue_decision(actor, *, issuer, nominations, signed_on, signer_name: str,
                   signer_title: str, title: str, legal_bases: str, issuer_code: str = "BTP",
                   issuer_title: str = "Bộ trưởng Bộ Tư pháp", today=None) -> Decision:
    require_dept(actor)
    today = _today(today)
    nominations = list(
        Nomination.objects.select_for_update(of=("self",))
        .filter(pk__in=[n.pk for n in nominations])
        .select_related("person__unit", "unit", "round", "disclosure", "proposing_unit")
        .order_by("proposing_unit__path", "award_code", "subject_name", "pk")
    )
    # The list's order (its STT): by proposing unit and award, collectives first, then people
    # by Vietnamese collation (given name, then family and middle names; Đ after D).
    nominations.sort(key=lambda n: (
        n.proposing_unit.path, n.award_code, n.subject_kind != "collective",
        vietnamese_text_key(n.subject_name) if n.subject_kind == "collective"
        else vietnamese_sort_key(n.subject_name), n.pk))
    if not nominations:
        raise ValidationError("Chọn ít nhất một hồ sơ được đề nghị khen thưởng.")
    problems = []
    for nom in nominations:
        if nom.status != Status.APPROVED:
            problems.append(f"{nom.subject_name}: hồ sơ chưa được đề nghị khen thưởng "
                            f"(đang “{nom.get_status_display()}”).")
        elif nom.disclosure and not nom.disclosure.has_ended(today):
            problems.append(f"{nom.subject_name}: chưa hết thời gian công khai "
                            f"(đến hết ngày {nom.disclosure.ends_on:%d/%m/%Y}).")
    rounds = {nom.round_id for nom in nominations}
    if len(rounds) > 1:
        problems.append("Một quyết định chỉ gồm hồ sơ của cùng một đợt xét khen thưởng.")
    if problems:
        raise ValidationError(problems)
    award_round = nominations[0].round
    year = signed_on.year
    sequence = allocate_number(issuer_code, year)
    rules = {}
    decision = Decision.objects.create(
        issuer=issuer, issuer_code=issuer_code, issuer_title=issuer_title, year=year,
        sequence=sequence, number=f"{sequence}/QĐ-{issuer_code}", signed_on=signed_on,
        signer_name=signer_name.strip(), signer_title=signer_title.strip(), title=title.strip(),
        legal_bases=legal_bases.strip(), round=award_round,
        method=ROUND_METHOD.get(award_round.kind, "regular"), issued_by=actor,
    )
    for position, nom in enumerate(nominations, start=1):
        rule = rules.get(nom.award_code) or award_config(nom.award_code, signed_on)
        rules[nom.award_code] = rule
        person = nom.person
        awardee = Awardee(
            decision=decision, nomination=nom, position=position, award_code=nom.award_code,
            award_name=rule.name, subject_kind=nom.subject_kind, person=person, unit=nom.unit,
            subject_name=nom.subject_name,
            position_title=person.position if person else "",
            unit_name=person.unit.name if person else nom.unit.name,
            proposing_unit=nom.proposing_unit, achievement=nom.achievement, year=nom.year,
        )
        awardee.history_ref = _write_history(awardee, decision, rule, nom)
        awardee.save()
        _move(actor, nom, Status.DECIDED, note=f"Quyết định số {decision.number_display}",
              today=today)
    decision.catalogue_version = next(iter(rules.values())).catalogue_version
    decision.save(update_fields=["catalogue_version"])
    record(actor, "decision.issue", decision,
           {"number": [None, decision.number], "awardees": len(nominations)})
    link = reverse("nominations:decision", args=[decision.pk])
    per_unit: dict = {}
    for nom in nominations:
        per_unit.setdefault(nom.proposing_unit, []).append(nom.subject_name)
    for unit, names in per_unit.items():
        notify(unit, f"Quyết định số {decision.number_display} ngày {signed_on:%d/%m/%Y}: "
                     f"khen thưởng {len(names)} trường hợp của đơn vị ({', '.join(names[:5])}"
                     f"{'…' if len(names) > 5 else ''}).", link)
    return decision


# --- revocation --------------------------------------------------------------------------------


def _delete_history_row(ref: str) -> None:
    if not ref or ":" not in ref:
        return
    from django.apps import apps

    label, pk = ref.split(":", 1)
    model = apps.get_model(label)
    model.objects.filter(pk=pk).delete()


@transaction.atomic
def revoke_award(actor, awardee: Awardee, *, ground: str, reason: str, reference: str = "",
                 today=None) -> list[Awardee]:
    """Cancel an award (Luật TĐKT Điều 93 khoản 2): mark it revoked, take it out of the
    subject's history, and re-check later awards of the same subject that may have relied on
    it; those that no longer pass are flagged. Returns the flagged awardees."""
    require_dept(actor)
    today = _today(today)
    if ground not in RevocationGround.values:
        raise ValidationError("Chọn căn cứ hủy bỏ theo Điều 93 Luật Thi đua, khen thưởng.")
    if len((reason or "").strip()) < 5:
        raise ValidationError("Ghi rõ lý do hủy bỏ quyết định khen thưởng.")
    awardee = Awardee.objects.select_for_update().get(pk=awardee.pk)
    if awardee.revoked:
        raise ValidationError("Khen thưởng này đã bị hủy bỏ.")
    awardee.revoked = True
    awardee.revoked_on = today
    awardee.revocation_ground = ground
    awardee.revocation_reason = reason.strip()
    awardee.revocation_reference = reference.strip()
    awardee.save()
    _delete_history_row(awardee.history_ref)
    nomination = awardee.nomination
    _move(actor, nomination, Status.REVOKED,
          note=f"{RevocationGround(ground).label}: {reason.strip()}", today=today)
    record(actor, "award.revoke", awardee,
           {"revoked": [False, True], "ground": ground, "reference": reference})
    notify(awardee.proposing_unit,
           f"Hủy bỏ khen thưởng {awardee.award_name} năm {awardee.year} của "
           f"{awardee.subject_name} (Quyết định số {awardee.decision.number_display}).",
           reverse("nominations:decision", args=[awardee.decision_id]))
    return recheck_after_revocation(actor, awardee)


def recheck_after_revocation(actor, revoked: Awardee) -> list[Awardee]:
    subject = ({"person_id": revoked.person_id} if revoked.person_id
               else {"unit_id": revoked.unit_id})
    later = (Awardee.objects.filter(revoked=False, year__gte=revoked.year, **subject)
             .exclude(pk=revoked.pk).select_related("decision", "nomination__person",
                                                    "nomination__unit"))
    flagged = []
    for other in later:
        if other.year == revoked.year and other.decision.signed_on < revoked.decision.signed_on:
            continue
        result = evaluate_subject(other.nomination, as_of=other.decision.signed_on)
        if result.get("verdict") == "eligible":
            continue
        failing = [c["why"] for c in result.get("checks", []) if c.get("met") is False]
        other.flagged = True
        other.flag_reason = (
            f"Khen thưởng {revoked.award_name} năm {revoked.year} "
            f"(QĐ {revoked.decision.number_display})"
            f" đã bị hủy bỏ ngày {revoked.revoked_on:%d/%m/%Y}; kiểm tra lại: "
            + ("; ".join(failing) if failing else "cần xem xét lại điều kiện.")
        )
        other.save(update_fields=["flagged", "flag_reason"])
        record(actor, "award.flag", other, {"flagged": [False, True]}, note=other.flag_reason)
        flagged.append(other)
    pending = Nomination.objects.filter(year__gte=revoked.year, **subject).exclude(
        status__in=[Status.DECIDED, Status.REVOKED, Status.NOT_APPROVED]
    ).select_related("person", "unit")
    for nom in pending:
        result = evaluate_subject(nom)
        if result.get("verdict") == "ineligible":
            nom.flag_note = (f"Khen thưởng {revoked.award_name} năm {revoked.year} đã bị hủy bỏ; "
                             "kết quả xét điều kiện hiện tại: không đủ điều kiện.")
            nom.save(update_fields=["flag_note"])
            record(actor, "nomination.flag", nom, {}, note=nom.flag_note)
    return flagged


# --- reminders ------------------------------------------------------------------------------------


def send_reminders(today=None, days_before: int = 5) -> int:
    """Create notifications before deadlines (idempotent per day and subject)."""
    today = _today(today)
    cal = WorkCalendar()
    created = 0
    rounds = AwardRound.objects.filter(closed=False, submission_deadline__gte=today)
    for award_round in rounds:
        left = cal.between(today, award_round.submission_deadline)
        if left > days_before:
            continue
        units = (Submission.objects.filter(round=award_round, status=SubmissionStatus.DRAFT)
                 .select_related("unit"))
        for submission in units:
            if notify(
                submission.unit,
                f"Còn {left} ngày làm việc đến hạn nộp hồ sơ {award_round.name} "
                f"({award_round.submission_deadline:%d/%m/%Y}); tờ trình “{submission.title}” "
                "chưa được trình.",
                reverse("nominations:submission", args=[submission.pk]),
                key=f"deadline:{submission.pk}:{today.isoformat()}",
            ):
                created += 1
    returned = Nomination.objects.filter(status=Status.RETURNED).select_related(
        "proposing_unit", "round")
    for nom in returned:
        deadline = nom.round.submission_deadline
        if nom.round.appraisal_deadline:
            deadline = nom.round.appraisal_deadline
        left = cal.between(today, deadline)
        if 0 <= left <= days_before and notify(
            nom.proposing_unit,
            f"Hồ sơ {nom.subject_name} bị trả lại chưa được bổ sung; còn {left} ngày làm việc "
            f"(hạn {deadline:%d/%m/%Y}).",
            reverse("nominations:nomination", args=[nom.pk]),
            key=f"returned:{nom.pk}:{today.isoformat()}",
        ):
            created += 1
    pending = (AwardRound.objects.filter(closed=False, appraisal_deadline__gte=today)
               .select_related("organiser"))
    for award_round in pending:
        left = cal.between(today, award_round.appraisal_deadline)
        waiting = award_round.nominations.filter(
            status__in=[Status.SUBMITTED, Status.UNDER_APPRAISAL]).count()
        if waiting and left <= days_before and notify(
            award_round.organiser,
            f"{waiting} hồ sơ của {award_round.name} chưa thẩm định xong; còn {left} ngày làm "
            f"việc đến hạn thẩm định ({award_round.appraisal_deadline:%d/%m/%Y}).",
            reverse("nominations:appraisal") + f"?dot={award_round.pk}",
            key=f"appraisal:{award_round.pk}:{today.isoformat()}",
        ):
            created += 1
    return created
