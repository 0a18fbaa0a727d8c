"""The council (Hội đồng TĐKT): councils per unit and term, their rules and members; meetings,
agenda, attendance, opening the ballot.

A council belongs to a unit (the Ministry's sector council is the council of BTP) and a term.
What it may decide comes from the catalogue's authority matrix (`councils.authority_for`): an
award above the unit's authority goes on the agenda only as a proposal to the level above.
Councils are managed by the emulation department (all) and by the unit's own officer."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from tdkt.accounts.models import Role, RoleAssignment
from tdkt.accounts.scoping import Scope
from tdkt.audit.services import record

from ..councils import (
    authority_for,
    council_threshold,
    council_thresholds,
    current_council,
    current_members,
    holds_council,
    ministry_council,
    quorum_wording,
    require_decides,
)
from ..models import (
    AgendaItem,
    AgendaPurpose,
    Attendance,
    Council,
    CouncilMember,
    CouncilPosition,
    CouncilThreshold,
    Denominator,
    Meeting,
    MeetingStatus,
    NominationEvent,
    Status,
)
from .common import _move, _today, lock

__all__ = [
    "add_agenda_items", "add_council_member", "authority_for", "change_member_position",
    "council_threshold", "council_thresholds", "create_council", "create_meeting",
    "current_council", "current_members", "holds_council", "meeting_members",
    "ministry_council", "open_voting", "quorum_wording", "remove_agenda_item",
    "remove_council_member", "require_decides", "set_attendance", "set_council_threshold",
    "update_council",
]


# --- councils per unit and term ---------------------------------------------------------------


def _require_manage(actor, council_or_unit) -> None:
    """The emulation department (every council) or the unit's own officer (its council):
    outside the actor's scope → 404, a read-only role → 403."""
    unit = getattr(council_or_unit, "unit", council_or_unit)
    scope = Scope(actor)
    if not scope.covers(unit):
        raise Http404("Không tìm thấy hoặc ngoài phạm vi của bạn.")
    scope.require_write(unit)


def _council(council_or_year) -> Council:
    """A council, or — for callers that still speak of "the council of year N" — the
    Ministry's council of that year."""
    if isinstance(council_or_year, Council):
        return council_or_year
    return ministry_council(int(council_or_year))


def _check_quorum(numerator, denominator) -> None:
    if not (isinstance(numerator, int) and isinstance(denominator, int)
            and 0 < numerator <= denominator):
        raise ValidationError("Tỷ lệ có mặt tối thiểu không hợp lệ (tử số từ 1 đến mẫu số).")


def _overlapping(unit, start, end, exclude=None):
    qs = Council.objects.filter(unit=unit).filter(
        Q(term_end__isnull=True) | Q(term_end__gte=start))
    if end is not None:
        qs = qs.filter(term_start__lte=end)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.first()


@transaction.atomic
def create_council(actor, *, unit, term_start, term_end=None, name: str = "",
                   established_by: str = "", quorum_numerator: int = 2,
                   quorum_denominator: int = 3, quorum_source: str = "",
                   minutes_symbol: str = "BB-HĐTĐKT") -> Council:
    """A council of `unit` for a term. Only units whose kind holds a council (catalogue
    authority matrix, Law art. 80) may have one; terms of one unit do not overlap."""
    _require_manage(actor, unit)
    ok, reason = holds_council(unit, term_start)
    if not ok:
        raise ValidationError(reason)
    if term_end is not None and term_end < term_start:
        raise ValidationError("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.")
    _check_quorum(quorum_numerator, quorum_denominator)
    other = _overlapping(unit, term_start, term_end)
    if other is not None:
        raise ValidationError(f"{unit.name} đã có {other.name} nhiệm kỳ từ "
                              f"{other.term_start:%d/%m/%Y}; hai nhiệm kỳ không được trùng "
                              "thời gian.")
    council = Council.objects.create(
        unit=unit, name=(name or "").strip() or f"Hội đồng Thi đua - Khen thưởng {unit.name}",
        term_start=term_start, term_end=term_end, established_by=established_by.strip(),
        quorum_numerator=quorum_numerator, quorum_denominator=quorum_denominator,
        quorum_source=quorum_source.strip(), minutes_symbol=minutes_symbol.strip() or "BB-HĐTĐKT",
    )
    record(actor, "council.create", council, {
        "unit": [None, unit.code], "term": [None, f"{term_start:%d/%m/%Y}–"
                                                  f"{term_end:%d/%m/%Y}" if term_end else
                                                  f"{term_start:%d/%m/%Y}–"],
        "quorum": [None, f"{quorum_numerator}/{quorum_denominator}"],
        "quorum_source": [None, council.quorum_source]})
    return council


COUNCIL_FIELDS = ("name", "term_start", "term_end", "established_by", "quorum_numerator",
                  "quorum_denominator", "quorum_source", "minutes_symbol")


@transaction.atomic
def update_council(actor, council: Council, **values) -> Council:
    """Change a council's name, term, founding decision or quorum rule (with its source)."""
    council = Council.objects.select_for_update().select_related("unit").get(pk=council.pk)
    _require_manage(actor, council)
    unknown = set(values) - set(COUNCIL_FIELDS)
    if unknown:
        raise ValueError(f"unknown council fields: {sorted(unknown)}")
    changes = {}
    for field, value in values.items():
        if isinstance(value, str):
            value = value.strip()
        if field == "name" and not value:
            continue
        old = getattr(council, field)
        if old != value:
            changes[field] = [str(old) if old is not None else None,
                              str(value) if value is not None else None]
            setattr(council, field, value)
    if council.term_end is not None and council.term_end < council.term_start:
        raise ValidationError("Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.")
    _check_quorum(council.quorum_numerator, council.quorum_denominator)
    other = _overlapping(council.unit, council.term_start, council.term_end, exclude=council)
    if other is not None:
        raise ValidationError(f"Nhiệm kỳ trùng thời gian với {other.name} (từ "
                              f"{other.term_start:%d/%m/%Y}).")
    if changes:
        council.save()
        record(actor, "council.update", council, changes)
    return council


@transaction.atomic
def set_council_threshold(actor, council: Council, award_code: str, percent, denominator="all",
                          source: str = "") -> CouncilThreshold | None:
    """The council's own approval threshold for an award, with the regulation that sets it;
    `percent` None removes it (the catalogue's value, or "chưa quy định", applies again)."""
    council = Council.objects.select_for_update().select_related("unit").get(pk=council.pk)
    _require_manage(actor, council)
    answer = authority_for(council.unit, award_code, council.term_start)
    if not answer.may_consider:
        raise ValidationError(answer.message_vi)
    row = CouncilThreshold.objects.filter(council=council, award_code=award_code).first()
    old = f"{row.percent}% {row.denominator} ({row.source})" if row else None
    if percent is None:
        if row is not None:
            row.delete()
            record(actor, "council.threshold", council, {award_code: [old, None]})
        return None
    if not isinstance(percent, int) or not 1 <= percent <= 100:
        raise ValidationError("Tỷ lệ phiếu đồng ý phải từ 1% đến 100%.")
    if denominator not in Denominator.values:
        raise ValidationError("Chọn cách tính: trên tổng số thành viên hoặc số có mặt.")
    source = (source or "").strip()
    if not source:
        raise ValidationError("Ghi rõ căn cứ: quy chế hoặc quyết định của đơn vị quy định tỷ "
                              "lệ này.")
    row, _ = CouncilThreshold.objects.update_or_create(
        council=council, award_code=award_code,
        defaults={"percent": percent, "denominator": denominator, "source": source})
    new = f"{percent}% {denominator} ({source})"
    if new != old:
        record(actor, "council.threshold", council, {award_code: [old, new]})
    return row


SINGLE_SEATS = {CouncilPosition.CHAIR: "Chủ tịch", CouncilPosition.SECRETARY: "Thư ký"}


def _check_single_seat(council, position, exclude=None) -> None:
    if position not in CouncilPosition.values:
        raise ValidationError("Chức danh không hợp lệ.")
    if position in SINGLE_SEATS:
        taken = current_members(council).filter(position=position)
        if exclude is not None:
            taken = taken.exclude(pk=exclude.pk)
        holder = taken.select_related("user").first()
        if holder is not None:
            raise ValidationError(f"Hội đồng đã có {SINGLE_SEATS[position]} "
                                  f"({holder.user.get_full_name() or holder.user}); đổi chức "
                                  "danh người đó trước.")


def _grant_member_role(actor, user, unit) -> None:
    from tdkt.accounts.services import assign_role

    if not RoleAssignment.objects.filter(user=user, role=Role.COUNCIL_MEMBER, unit=unit).exists():
        assign_role(actor, user, Role.COUNCIL_MEMBER, unit)


def _revoke_member_role(actor, user, unit) -> None:
    from tdkt.accounts.services import revoke_role

    if CouncilMember.objects.filter(user=user, council__unit=unit, left_on__isnull=True).exists():
        return
    for assignment in RoleAssignment.objects.filter(user=user, role=Role.COUNCIL_MEMBER,
                                                    unit=unit).select_related("unit"):
        revoke_role(actor, assignment)


@transaction.atomic
def add_council_member(actor, council, user, position: str = CouncilPosition.MEMBER,
                       joined_on=None) -> CouncilMember:
    """Seat `user` on `council` (a Council; a year still means the Ministry's council of that
    year). The member gets the council-member role scoped to the council's unit."""
    council = _council(council)
    council = Council.objects.select_for_update().select_related("unit").get(pk=council.pk)
    _require_manage(actor, council)
    if current_members(council).filter(user=user).exists():
        raise ValidationError(f"{user.get_full_name() or user} đã là thành viên {council.name}.")
    _check_single_seat(council, position)
    member = CouncilMember.objects.create(
        council=council, user=user, position=position,
        joined_on=joined_on or datetime.date.today())
    _grant_member_role(actor, user, council.unit)
    record(actor, "council.add_member", member, {
        "user": [None, user.pk], "council": council.pk, "position": [None, position],
        "joined_on": [None, member.joined_on.isoformat()]})
    return member


@transaction.atomic
def change_member_position(actor, member: CouncilMember, position: str) -> CouncilMember:
    member = CouncilMember.objects.select_for_update().select_related(
        "council__unit", "user").get(pk=member.pk)
    _require_manage(actor, member.council)
    if member.left_on is not None:
        raise ValidationError("Thành viên đã thôi tham gia Hội đồng.")
    if member.position == position:
        return member
    _check_single_seat(member.council, position, exclude=member)
    old = member.position
    member.position = position
    member.save(update_fields=["position"])
    record(actor, "council.change_position", member, {"position": [old, position]})
    return member


@transaction.atomic
def remove_council_member(actor, member: CouncilMember, left_on=None) -> None:
    """The member leaves the council from `left_on` (today): the seat is kept as history,
    not deleted. Refused while a ballot the member attends is open."""
    member = CouncilMember.objects.select_for_update().select_related(
        "council__unit", "user").get(pk=member.pk)
    _require_manage(actor, member.council)
    if member.left_on is not None:
        raise ValidationError("Thành viên đã thôi tham gia Hội đồng.")
    if Meeting.objects.filter(council=member.council, status=MeetingStatus.VOTING,
                              attendance__user=member.user).exists():
        raise ValidationError("Hội đồng đang bỏ phiếu tại một phiên họp có thành viên này; "
                              "kết thúc bỏ phiếu trước khi thay đổi thành phần.")
    member.left_on = left_on or datetime.date.today()
    member.save(update_fields=["left_on"])
    _revoke_member_role(actor, member.user, member.council.unit)
    record(actor, "council.remove_member", member, {
        "user": [member.user_id, None], "left_on": [None, member.left_on.isoformat()]})


# --- meetings ------------------------------------------------------------------------------


def meeting_members(meeting) -> set[int]:
    """User ids of the meeting's council members: the roster taken when the meeting was
    created (attendance rows) restricted to seats still current."""
    roster = set(meeting.attendance.values_list("user_id", flat=True))
    current = set(current_members(meeting.council).values_list("user_id", flat=True))
    return roster & current if roster else current


@transaction.atomic
def create_meeting(actor, *, title: str, held_on, council=None, year: int | None = None,
                   place: str = "", starts_at=None, quorum_numerator: int | None = None,
                   quorum_denominator: int | None = None) -> Meeting:
    """A meeting of `council` (without one: the Ministry's council of `year`). The quorum is
    the council's rule; the roster is its current members."""
    if council is None:
        council = ministry_council(int(year or held_on.year))
    council = Council.objects.select_for_update().select_related("unit").get(pk=council.pk)
    _require_manage(actor, council)
    given = (quorum_numerator, quorum_denominator)
    if given != (None, None) and given != (council.quorum_numerator,
                                           council.quorum_denominator):
        raise ValidationError(
            "Tỷ lệ có mặt tối thiểu theo quy chế của Hội đồng "
            f"({council.quorum_numerator}/{council.quorum_denominator}); sửa ở trang Hội đồng.")
    meeting = Meeting.objects.create(
        council=council, year=year or held_on.year, title=title.strip(), held_on=held_on,
        place=place.strip(), starts_at=starts_at,
        quorum_numerator=council.quorum_numerator,
        quorum_denominator=council.quorum_denominator,
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, user_id=uid, present=False)
        for uid in current_members(council).values_list("user_id", flat=True)
    )
    record(actor, "meeting.create", meeting,
           {"held_on": [None, held_on], "council": council.pk,
            "quorum": [None, f"{council.quorum_numerator}/{council.quorum_denominator}"]})
    return meeting


def _locked_meeting(meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("council__unit").get(pk=meeting.pk)


def _require_preparing(meeting):
    if meeting.status != MeetingStatus.PREPARING:
        raise ValidationError("Phiên họp đã bắt đầu bỏ phiếu; không thay đổi chương trình được.")


@transaction.atomic
def add_agenda_items(actor, meeting: Meeting, nominations, today=None,
                     purpose: str | None = None) -> int:
    """Put nominations on the agenda. Each award is weighed against the unit's authority on
    the meeting day: within it the item is for the head's decision, above it only a proposal
    to the level above (`purpose` "decide" for such an award is refused with the rule and
    its source); an award the council may not consider at all is refused."""
    meeting = _locked_meeting(meeting)
    council = meeting.council
    _require_manage(actor, council)
    _require_preparing(meeting)
    if purpose not in (None, "", *AgendaPurpose.values):
        raise ValidationError("Mục đích xét không hợp lệ.")
    position = meeting.items.count()
    added = 0
    answers = {}
    for nom in nominations:
        if nom.status != Status.APPRAISED:
            raise ValidationError(f"{nom.subject_name}: hồ sơ chưa được thẩm định đạt.")
        if not nom.proposing_unit.path.startswith(council.unit.path):
            raise ValidationError(f"{nom.subject_name}: hồ sơ không thuộc đơn vị của Hội đồng.")
        answer = answers.get(nom.award_code) or authority_for(council.unit, nom.award_code,
                                                            meeting.held_on)
        answers[nom.award_code] = answer
        if not answer.may_consider:
            raise ValidationError(f"{nom.subject_name}: {answer.message_vi}")
        if purpose == AgendaPurpose.DECIDE and not answer.decides:
            raise ValidationError(
                f"{nom.subject_name}: Hội đồng không được xét quyết định {answer.award_vi}. "
                f"{answer.message_vi}")
        chosen = purpose or (AgendaPurpose.DECIDE if answer.decides else AgendaPurpose.PROPOSE)
        position += 1
        AgendaItem.objects.create(meeting=meeting, nomination=nom, position=position,
                                  purpose=chosen)
        _move(actor, nom, Status.AT_COUNCIL, note=meeting.title, today=today)
        added += 1
    return added


@transaction.atomic
def remove_agenda_item(actor, item: AgendaItem, today=None) -> None:
    meeting = _locked_meeting(item.meeting)
    _require_manage(actor, meeting.council)
    _require_preparing(meeting)
    # The nomination's stored status, under a row lock: a stale page cannot send back a
    # dossier that has meanwhile left the agenda's status.
    nom = lock(item.nomination)
    if nom.status != Status.AT_COUNCIL:
        raise ValidationError(
            f"Hồ sơ của {nom.subject_name} không còn trong chương trình họp "
            f"(đang “{nom.get_status_display()}”).")
    item.delete()
    nom.status = Status.APPRAISED
    nom.status_since = _today(today)
    nom.save(update_fields=["status", "status_since"])
    NominationEvent.objects.create(nomination=nom, from_status=Status.AT_COUNCIL,
                                   to_status=Status.APPRAISED, actor=actor,
                                   note="Rút khỏi chương trình họp")
    record(actor, "nomination.appraised", nom, {"status": [Status.AT_COUNCIL, Status.APPRAISED]},
           note="Rút khỏi chương trình họp")


def assign_minutes_number(meeting) -> str:
    """The minutes' number from the council unit's yearly series ("05/BB-HĐTĐKT"); once.
    Must run inside a transaction."""
    if meeting.minutes_number:
        return meeting.minutes_number
    from .decisions import allocate_number

    council = meeting.council
    sequence = allocate_number(f"BB-{council.unit.code}"[:20], meeting.held_on.year)
    meeting.minutes_number = f"{sequence:02d}/{council.minutes_symbol}"
    meeting.save(update_fields=["minutes_number"])
    return meeting.minutes_number


@transaction.atomic
def set_attendance(actor, meeting: Meeting, present_user_ids, notes: dict | None = None) -> None:
    meeting = _locked_meeting(meeting)
    _require_manage(actor, meeting.council)
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
def open_voting(actor, meeting: Meeting, passphrase: str = "",
                passphrase_again: str | None = None) -> None:
    """Open the secret ballot, sealed to the chair's passphrase (services/ballots.py)."""
    from .ballots import require_ballot_manager, setup_sealing

    meeting = _locked_meeting(meeting)
    require_ballot_manager(actor, meeting)
    _require_preparing(meeting)
    members = meeting_members(meeting)
    if not members:
        raise ValidationError(f"Chưa có danh sách thành viên {meeting.council.name}.")
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
    sealing = setup_sealing(meeting, passphrase, passphrase_again)
    meeting.members_total = len(members)
    meeting.present_count = len(present)
    meeting.status = MeetingStatus.VOTING
    meeting.opened_at = meeting.opened_at or timezone.now()
    meeting.save(update_fields=["members_total", "present_count", "status", "opened_at",
                                *sealing])
    assign_minutes_number(meeting)
    record(actor, "meeting.open_voting", meeting,
           {"status": [MeetingStatus.PREPARING, MeetingStatus.VOTING],
            "present": [None, len(present)], "members": [None, len(members)]})
