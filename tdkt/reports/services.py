"""State changes of review reports: issue a call, send a unit's report, remind the units that
have not sent. Each inside transaction.atomic and audited."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tdkt.audit.services import record
from tdkt.core.uploads import validate_upload

from .models import ReviewCall, UnitReport

UPLOAD_KIND = "movement_file"  # PDF or Word (.pdf, .doc, .docx)


@transaction.atomic
def create_call(actor, *, issuer, year: int, kind: str, title: str, due_on: datetime.date,
                units, note: str = "") -> ReviewCall:
    units = list(units)
    if not units:
        raise ValidationError("Chọn ít nhất một đơn vị phải báo cáo.")
    outside = [u.name for u in units if not u.path.startswith(issuer.path) or u.pk == issuer.pk]
    if outside:
        raise ValidationError("Chỉ yêu cầu các đơn vị trực thuộc báo cáo: "
                              + ", ".join(outside[:5]) + ".")
    call = ReviewCall.objects.create(issuer=issuer, year=year, kind=kind, title=title,
                                     due_on=due_on, note=note, created_by=actor)
    UnitReport.objects.bulk_create([UnitReport(call=call, unit=u) for u in units])
    from tdkt.notifications.services import notify

    notify(units=units, message=f"Yêu cầu gửi báo cáo “{title}” trước ngày {due_on:%d/%m/%Y}.",
           link=reverse("reports:call", args=[call.pk]), kind="request",
           key=f"review-call-issued:{call.pk}", due_on=due_on)
    record(actor, "review_call.create", call, {
        "year": [None, year], "kind": [None, kind], "due_on": [None, due_on.isoformat()],
        "units": [None, len(units)]})
    return call


@transaction.atomic
def send_report(actor, report: UnitReport, upload, note: str = "") -> UnitReport:
    """Store the unit's report file (checked by validate_upload) and mark it sent. Sending
    again replaces the file; the first sending time stays (lateness is not erased)."""
    if upload is None:
        raise ValidationError("Chọn tệp báo cáo (Word hoặc PDF) để gửi.")
    validate_upload(upload, UPLOAD_KIND)
    report = UnitReport.objects.select_for_update().get(pk=report.pk)
    old_name = report.file.name if report.file else None
    report.file.save(upload.name.replace("\\", "/").rsplit("/", 1)[-1], upload, save=False)
    first = report.sent_at is None
    if first:
        report.sent_at = timezone.now()
        report.sent_by = actor
    report.note = (note or "")[:500]
    report.save()
    record(actor, "review_report.send" if first else "review_report.replace", report,
           {"file": [old_name, report.file.name]})
    return report


@transaction.atomic
def remind(actor, call: ReviewCall, today: datetime.date | None = None) -> int:
    """Remind every unit that has not sent its report (in the app and by e-mail, through the
    one notification service). Idempotent per day. Returns the number of units reminded."""
    from tdkt.notifications.services import notify

    today = today or timezone.localdate()
    missing = list(UnitReport.objects.filter(call=call, sent_at__isnull=True)
                   .select_related("unit"))
    if not missing:
        return 0
    overdue = call.due_on < today
    message = (f"{'Quá hạn' if overdue else 'Nhắc'} gửi báo cáo “{call.title}” "
               f"(hạn {call.due_on:%d/%m/%Y}).")
    notify(units=[r.unit for r in missing], message=message,
           link=reverse("reports:call", args=[call.pk]), kind="reminder",
           key=f"review-call:{call.pk}:{today.isoformat()}", due_on=call.due_on)
    now = timezone.now()
    UnitReport.objects.filter(pk__in=[r.pk for r in missing]).update(reminded_at=now)
    record(actor, "review_call.remind", call, {"units": [None, len(missing)]})
    return len(missing)


def send_reminders(today: datetime.date | None = None, within_days: int = 7,
                   overdue_days: int = 60) -> int:
    """Daily: remind the units that have not sent, for every call due within `within_days`
    or overdue by at most `overdue_days` (once per call and day, see `remind`). Returns the
    number of units reminded."""
    today = today or timezone.localdate()
    calls = ReviewCall.objects.filter(
        due_on__lte=today + datetime.timedelta(days=within_days),
        due_on__gte=today - datetime.timedelta(days=overdue_days),
        reports__sent_at__isnull=True).distinct()
    return sum(remind(None, call, today) for call in calls)
