"""Public disclosure (công khai): publish, public comments, moderation, conclusion."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from tdkt.audit.services import record

from ..calendar import WorkCalendar
from ..config import award_config
from ..models import (
    CommentStatus,
    DisclosurePeriod,
    ItemResult,
    PublicComment,
    Status,
)
from .common import _move, _today, lock, require_dept


@transaction.atomic
def publish_disclosure(actor, *, title: str, starts_on, nominations,
                       working_days: int | None = None, today=None) -> DisclosurePeriod:
    require_dept(actor)
    nominations = list(nominations)
    if not nominations:
        raise ValidationError("Chọn hồ sơ cần công khai.")
    for nom in nominations:
        lock(nom)
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
    lock(comment)
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
    lock(period)
    if period.concluded:
        raise ValidationError("Đợt công khai này đã được kết thúc.")
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
