"""Secret ballots (bỏ phiếu kín): who may vote, casting, closing and tallying."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from tdkt.audit.services import record

from ..config import award_config, passes
from ..models import (
    AgendaItem,
    BallotCast,
    CouncilMember,
    ItemResult,
    Meeting,
    MeetingStatus,
    NominationEvent,
    Status,
)
from .common import _move, require_dept


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
