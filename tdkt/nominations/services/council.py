"""The council (Hội đồng TĐKT): members, meetings, agenda, attendance, opening the ballot."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from tdkt.audit.services import record

from ..models import (
    AgendaItem,
    Attendance,
    CouncilMember,
    Meeting,
    MeetingStatus,
    NominationEvent,
    Status,
)
from .common import _move, require_dept


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
