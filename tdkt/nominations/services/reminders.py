"""Deadline reminders (notifications before due dates)."""

from __future__ import annotations

from django.urls import reverse

from ..calendar import WorkCalendar
from ..models import (
    AwardRound,
    Nomination,
    Status,
    Submission,
    SubmissionStatus,
)
from .common import _today, notify


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
                kind="reminder", due_on=award_round.submission_deadline,
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
            kind="reminder", due_on=deadline,
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
            kind="reminder", due_on=award_round.appraisal_deadline,
        ):
            created += 1
    return created
