"""Secret ballots (bỏ phiếu kín): who may vote, sealing each member's sheet, closing the
ballot and tallying once. Design and threat model: docs/decisions/secret-ballot.md.

Nothing written in a voter's transaction depends on the choice in readable form: the sheet is
sealed to the meeting's public key (`sealing`) and stored without the voter
(`SealedBallot`); the same transaction writes that the member voted (`BallotMarker`, unique)
and the audit row `ballot.cast` without content. No counter moves until the chair closes the
ballot with the passphrase typed at opening: the sheets are opened in memory, shuffled,
counted, only the totals are written, and the sealed rows are deleted.
"""

from __future__ import annotations

import logging
import random

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from tdkt.audit.services import record

from ..config import award_config, passes
from ..councils import council_thresholds
from ..models import (
    Attendance,
    BallotMarker,
    CouncilMember,
    CouncilPosition,
    Denominator,
    ItemResult,
    Meeting,
    MeetingStatus,
    NominationEvent,
    SealedBallot,
    Status,
)
from ..sealing import (
    MIN_PASSPHRASE,
    SealError,
    new_kdf,
    normalise,
    open_sheet,
    private_key,
    public_hex,
    seal_sheet,
)
from .common import _move

logger = logging.getLogger(__name__)

WRONG_PASSPHRASE = ("Cụm mật khẩu kiểm phiếu không đúng: đó phải là cụm mật khẩu Chủ tịch Hội "
                    "đồng đã nhập khi mở bỏ phiếu. Chưa có gì thay đổi; hãy nhập lại.")
ALREADY_VOTED = "Bạn đã bỏ phiếu ở phiên họp này; phiếu đã bỏ không thay đổi được."


# --- who may act -------------------------------------------------------------------------


def is_chair(user, meeting: Meeting) -> bool:
    return CouncilMember.objects.filter(
        council_id=meeting.council_id, user=user, left_on__isnull=True,
        position=CouncilPosition.CHAIR).exists()


def require_ballot_manager(actor, meeting: Meeting) -> None:
    """Who opens and closes the ballot: the council's chair in person, or whoever manages the
    council (the emulation department; a unit's officer for its own council) at the chair's
    side — the chair types the passphrase either way."""
    if is_chair(actor, meeting):
        return
    from .council import _require_manage

    _require_manage(actor, meeting.council)


def can_vote(user, meeting: Meeting) -> bool:
    """A current member of the meeting's council, marked present, while the ballot is open."""
    return (
        meeting.status == MeetingStatus.VOTING
        and CouncilMember.objects.filter(council_id=meeting.council_id, user=user,
                                         left_on__isnull=True).exists()
        and meeting.attendance.filter(user=user, present=True).exists()
    )


def has_voted(user, meeting: Meeting) -> bool:
    return BallotMarker.objects.filter(meeting=meeting, member=user).exists()


def _item_ids(meeting: Meeting) -> list[int]:
    """The agenda in a fixed order (by id): the layout of every sheet of the meeting."""
    return sorted(meeting.items.values_list("pk", flat=True))


# --- opening -------------------------------------------------------------------------------


@sensitive_variables("passphrase", "passphrase_again", "key")
def setup_sealing(meeting: Meeting, passphrase: str, passphrase_again: str | None = None
                  ) -> list[str]:
    """Derive the meeting's key pair from the chair's passphrase and keep only the public key
    and the KDF parameters on `meeting` (not saved: returns the fields to save)."""
    if len(normalise(passphrase)) < MIN_PASSPHRASE:
        raise ValidationError(
            f"Cụm mật khẩu kiểm phiếu cần ít nhất {MIN_PASSPHRASE} ký tự (nên là một câu dễ "
            "nhớ). Chủ tịch Hội đồng sẽ nhập lại đúng cụm này khi kết thúc bỏ phiếu.")
    if passphrase_again is not None and normalise(passphrase_again) != normalise(passphrase):
        raise ValidationError("Hai lần nhập cụm mật khẩu kiểm phiếu không khớp nhau.")
    kdf = new_kdf()
    key = private_key(passphrase, kdf)
    meeting.ballot_kdf = kdf
    meeting.ballot_public_key = public_hex(key)
    return ["ballot_kdf", "ballot_public_key"]


@sensitive_variables("passphrase", "passphrase_again")
def open_ballot(actor, meeting: Meeting, passphrase: str,
                passphrase_again: str | None = None) -> None:
    """Open voting (quorum checks in council.open_voting) sealed to the chair's passphrase."""
    from .council import open_voting

    open_voting(actor, meeting, passphrase=passphrase, passphrase_again=passphrase_again)


@sensitive_variables("passphrase", "passphrase_again")
@transaction.atomic
def restart_voting(actor, meeting: Meeting, *, passphrase: str, passphrase_again: str | None,
                   reason: str) -> int:
    """The passphrase is lost (or the ballot must be held again): discard every sheet and
    marker of the meeting, seal to a new passphrase; members vote again."""
    require_ballot_manager(actor, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.VOTING:
        raise ValidationError("Phiên họp không trong thời gian bỏ phiếu.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Ghi lý do tổ chức bỏ phiếu lại (sẽ ghi vào nhật ký).")
    fields = setup_sealing(meeting, passphrase, passphrase_again)
    discarded, _ = BallotMarker.objects.filter(meeting=meeting).delete()
    SealedBallot.objects.filter(meeting=meeting).delete()
    meeting.save(update_fields=fields)
    record(actor, "ballot.restart", meeting, {"discarded": discarded}, note=reason[:500])
    return discarded


# --- voting --------------------------------------------------------------------------------


@sensitive_variables("choices", "sheet", "sealed")
@transaction.atomic
def cast_ballot(user, meeting: Meeting, choices: dict[int, bool]) -> int:
    """Record one member's whole ballot sheet: for each agenda item id, True = agree.

    Writes the sealed sheet (no voter), the marker that `user` voted (unique: a second sheet or
    a change is refused, also when two submits race) and the audit row without content.
    Nothing is updated. Returns the number of items on the sheet."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.VOTING:
        raise ValidationError("Phiên họp không trong thời gian bỏ phiếu.")
    if not can_vote(user, meeting):
        raise PermissionDenied("Chỉ thành viên Hội đồng có mặt tại phiên họp được bỏ phiếu.")
    if not meeting.ballot_public_key:
        raise ValidationError("Phiên họp chưa có khóa niêm phong phiếu; Thường trực Hội đồng "
                              "cần mở lại bỏ phiếu.")
    item_ids = _item_ids(meeting)
    if set(choices) - set(item_ids):
        raise ValidationError("Phiếu có nội dung không thuộc chương trình họp.")
    missing = [i for i in item_ids if i not in choices]
    if missing:
        raise ValidationError(
            f"Phiếu còn {len(missing)}/{len(item_ids)} nội dung chưa chọn Đồng ý hoặc Không "
            "đồng ý; hãy chọn cho tất cả nội dung rồi gửi phiếu (mỗi thành viên gửi một lần).")
    if has_voted(user, meeting):
        raise ValidationError(ALREADY_VOTED)
    sheet = {i: bool(choices[i]) for i in item_ids}
    sealed = seal_sheet(meeting.ballot_public_key, meeting.pk, item_ids, sheet)
    try:
        with transaction.atomic():
            BallotMarker.objects.create(meeting=meeting, member=user)
    except IntegrityError:
        raise ValidationError(ALREADY_VOTED) from None
    SealedBallot.objects.create(meeting=meeting, sealed=sealed)
    record(user, "ballot.cast", meeting, {"items": len(item_ids)})
    return len(item_ids)


# --- closing -------------------------------------------------------------------------------


def item_rules(meeting: Meeting, items) -> dict:
    """Award code -> the council's threshold rule (percent, denominator, source, status)."""
    return council_thresholds(meeting.council, {i.nomination.award_code for i in items},
                              meeting.held_on)


def voting_progress(meeting: Meeting) -> dict:
    """Present members, how many have voted, and who has not (names, for the close screen).
    Three queries."""
    present = list(
        Attendance.objects.filter(meeting=meeting, present=True).select_related("user")
    )
    voted = set(BallotMarker.objects.filter(meeting=meeting).values_list("member_id", flat=True))
    missing = [a.user for a in present if a.user_id not in voted]
    return {"present": len(present), "voted": len(present) - len(missing), "missing": missing,
            "ballots": len(voted)}


def missing_votes_rules(meeting: Meeting, items) -> list[str]:
    """How a missing vote counts, in plain words, once per rule used by the agenda."""
    rules = item_rules(meeting, items)
    seen: dict[tuple, list[str]] = {}
    for item in items:
        rule = rules[item.nomination.award_code]
        origin = rule.origin_vi if rule.regulated else "quy chế chưa quy định, tạm áp dụng"
        seen.setdefault((rule.percent, rule.denominator, origin), []).append(rule.award_vi)
    lines = []
    for (percent, denominator, origin), names in seen.items():
        awards = ", ".join(sorted(set(names)))
        if denominator == Denominator.ALL:
            base = f"tổng số {meeting.members_total} thành viên Hội đồng"
            who = "thành viên vắng mặt và thành viên chưa bỏ phiếu đều"
        else:
            base = f"{meeting.present_count} thành viên có mặt"
            who = "thành viên có mặt chưa bỏ phiếu vẫn"
        lines.append(
            f"{awards}: cần ít nhất {percent}% phiếu đồng ý trên {base} ({origin}); {who} được "
            "tính trong số đó, nên mỗi phiếu thiếu được tính như một phiếu không đồng ý.")
    return lines


def _missing_message(missing) -> str:
    names = ", ".join(str(u) for u in missing)
    return (f"Còn {len(missing)} thành viên có mặt chưa bỏ phiếu: {names}. Phiếu của họ sẽ được "
            "tính là không đồng ý. Hãy chờ họ bỏ phiếu, hoặc đánh dấu xác nhận để kết thúc.")


@sensitive_variables("passphrase", "key")
def _key(meeting: Meeting, passphrase: str):
    if not meeting.ballot_public_key:
        raise ValidationError("Phiên họp không có khóa niêm phong phiếu; không kiểm phiếu được.")
    key = private_key(passphrase, meeting.ballot_kdf)
    if public_hex(key) != meeting.ballot_public_key:
        raise ValidationError(WRONG_PASSPHRASE, code="wrong_passphrase")
    return key


@sensitive_variables("passphrase", "key", "sealed_rows", "sheet")
@transaction.atomic
def close_meeting(actor, meeting: Meeting, passphrase: str = "", *,
                  confirm_missing: bool = False, today=None) -> int:
    """End the ballot and tally it once: open every sealed sheet in memory with the key from
    the chair's passphrase, in random order; write only the totals; delete the sealed rows;
    judge each item against its award's threshold and denominator. A wrong passphrase,
    missing votes not confirmed, or sheets that do not match the markers change nothing.
    Returns the number of ballots counted."""
    require_ballot_manager(actor, meeting)
    meeting = Meeting.objects.select_for_update().select_related("council__unit").get(
        pk=meeting.pk)
    if meeting.status != MeetingStatus.VOTING:
        raise ValidationError("Phiên họp chưa mở bỏ phiếu hoặc đã kết thúc.")
    progress = voting_progress(meeting)
    if progress["missing"] and not confirm_missing:
        raise ValidationError(_missing_message(progress["missing"]), code="missing_votes")
    key = _key(meeting, passphrase)
    item_ids = _item_ids(meeting)
    sealed_rows = list(SealedBallot.objects.filter(meeting=meeting)
                       .values_list("sealed", flat=True))
    if len(sealed_rows) != progress["ballots"]:
        raise ValidationError(
            f"Số phiếu kín ({len(sealed_rows)}) không khớp số thành viên đã bỏ phiếu "
            f"({progress['ballots']}); không kiểm phiếu. Báo quản trị hệ thống.")
    random.SystemRandom().shuffle(sealed_rows)
    agree = dict.fromkeys(item_ids, 0)
    try:
        for sealed in sealed_rows:
            sheet = open_sheet(key, meeting, sealed, item_ids)
            for item_id, ok in sheet.items():
                agree[item_id] += ok
    except SealError as exc:
        raise ValidationError(f"{exc} Không kiểm phiếu; báo quản trị hệ thống.") from None
    counted = len(sealed_rows)
    del sealed_rows, key
    items = list(meeting.items.select_related("nomination__proposing_unit",
                                              "nomination__round"))
    rules = item_rules(meeting, items)
    results = {}
    for item in items:
        item.agree, item.disagree = agree[item.pk], counted - agree[item.pk]
        results[str(item.pk)] = _judge(actor, meeting, item, rules[item.nomination.award_code],
                                       today)
    SealedBallot.objects.filter(meeting=meeting).delete()
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = timezone.now()
    meeting.ballots_counted = counted
    meeting.save(update_fields=["status", "closed_at", "ballots_counted"])
    record(actor, "meeting.close", meeting,
           {"status": [MeetingStatus.VOTING, MeetingStatus.CLOSED], "ballots": counted,
            "present": progress["present"],
            "not_voted": sorted(u.pk for u in progress["missing"]), "results": results})
    transaction.on_commit(_vacuum_sealed)
    return counted


close_ballot = close_meeting


def _judge(actor, meeting, item, rule, today) -> str:
    """Apply the council's rule to the item's totals, save them, move the nomination."""
    base = meeting.members_total if rule.denominator == Denominator.ALL else meeting.present_count
    item.threshold_percent = rule.percent
    item.denominator = rule.denominator
    item.base_count = base
    item.rule_status = rule.status
    item.rule_source = rule.source_vi[:255]
    ok = passes(item.agree, base, rule.percent)
    item.result = ItemResult.PASSED if ok else ItemResult.FAILED
    item.save(update_fields=["agree", "disagree", "threshold_percent", "denominator",
                             "base_count", "rule_status", "rule_source", "result"])
    nom = item.nomination
    summary = f"{item.agree}/{base} phiếu đồng ý (ngưỡng {rule.value_vi}, {rule.origin_vi})"
    if not ok:
        _move(actor, nom, Status.NOT_APPROVED, note=f"Hội đồng: không đạt, {summary}",
              today=today)
    elif not award_config(nom.award_code, meeting.held_on).disclosure_required:
        _move(actor, nom, Status.APPROVED, note=f"Hội đồng: đạt, {summary}", today=today)
    else:
        NominationEvent.objects.create(
            nomination=nom, from_status=nom.status, to_status=nom.status, actor=actor,
            note=f"Hội đồng: đạt, {summary}; chờ công khai",
        )
    return item.result


def _vacuum_sealed() -> None:
    """Best effort, after the tally's commit: remove the deleted sealed rows' dead versions
    now rather than at the next autovacuum (PostgreSQL; the table owner only — otherwise the
    table's aggressive autovacuum settings do it within a minute)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {connection.ops.quote_name(SealedBallot._meta.db_table)}")
    except DatabaseError:  # not the owner, or another vacuum running: autovacuum will do it
        logger.warning("VACUUM of sealed ballots skipped", exc_info=True)
