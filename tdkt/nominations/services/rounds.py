"""Award rounds (đợt xét khen thưởng): create and edit."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from tdkt.audit.services import record

from ..models import AwardRound
from .common import lock, require_dept

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
    # Re-read under a lock: the caller's object may already hold the new values (a bound
    # ModelForm writes them into its instance), and the audit row must show the stored ones.
    award_round = AwardRound() if creating else lock(award_round)
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
