"""Appraisal (thẩm định) by the emulation department: run, pass, return for supplement,
bulk, simplified approval."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from tdkt.audit.services import record

from .. import selectors
from ..models import (
    Nomination,
    Status,
    SubmissionStatus,
)
from .common import DEPT, _move, _require_role, _today, lock, notify


@transaction.atomic
def run_appraisal(actor, nomination: Nomination, today=None) -> dict:
    """Receive (if needed) and appraise: checklist, engine re-run, duplicates, hold rule.
    Stores the report on the nomination; does not pass it."""
    today = _today(today)
    lock(nomination)
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
    lock(nomination)
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
    lock(nomination)
    if not nomination.round.simplified:
        raise ValidationError("Chỉ hồ sơ theo thủ tục đơn giản mới trình phê duyệt ngay.")
    if nomination.status != Status.APPRAISED:
        raise ValidationError("Hồ sơ phải được thẩm định đạt trước.")
    _move(actor, nomination, Status.APPROVED, note=note or "Thủ tục đơn giản", today=today)
