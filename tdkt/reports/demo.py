"""Demo: the department's review calls — the year-end review of the last complete year
(ctx.year - 1; most provincial units sent, a few late, some never), the mid-year review of the
current year (a few units sent their report, each the .docx the system wrote from their data),
and the current year-end review, due soon, nothing sent yet. The sector's year-end report is
generated on demand from the call's page ("Tải báo cáo tổng hợp"). Deterministic."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from tdkt.accounts.models import RoleAssignment, User
from tdkt.organisation.models import Unit

from . import docx, figures, services
from .models import ReviewKind, UnitReport

ORDER = 97
KINDS = ("provincial_justice_dept", "provincial_enforcement_office")
MIDYEAR_SENDERS = ("STP-79", "STP-04", "STP-08", "STP-11", "STP-12")


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


def _send(actor, report, content: bytes, when: datetime.datetime, note: str = ""):
    services.send_report(actor, report, ContentFile(content, name=f"bao-cao-{report.unit.code}"
                                                                  ".docx"), note)
    UnitReport.objects.filter(pk=report.pk).update(sent_at=when)


def seed(ctx):
    dept = User.objects.filter(username="thuongtruc").first()
    btp = Unit.objects.filter(code="BTP").first()
    if dept is None or btp is None:
        ctx.say("  reports: không có tài khoản thuongtruc hoặc Bộ Tư pháp, bỏ qua.")
        return
    rng = ctx.rng
    units = list(Unit.objects.filter(path__startswith=btp.path, kind__in=KINDS).order_by("path"))
    officers = {ra.unit_id: ra.user for ra in RoleAssignment.objects.filter(
        unit__in=units, role="unit_officer").select_related("user")}
    last = ctx.year - 1
    # 1. last year's year-end review: most sent, a few late, some not at all
    call = services.create_call(
        dept, issuer=btp, year=last, kind=ReviewKind.YEAREND,
        title=f"Báo cáo tổng kết công tác thi đua, khen thưởng năm {last}",
        due_on=datetime.date(last, 12, 15), units=units,
        note="Các đơn vị gửi báo cáo tổng kết kèm biểu thống kê 0601–0603 trước ngày 15/12.")
    placeholder = docx.build(btp, figures.gather(btp, last, ReviewKind.YEAREND))
    sent = late = 0
    for report in call.reports.select_related("unit").order_by("unit__path"):
        draw = rng.random()
        if report.unit.code == "STP-01" or draw < 0.70:
            day = datetime.date(last, 12, rng.randint(1, 15))
        elif draw < 0.82:
            day = datetime.date(last, 12, rng.randint(16, 28))
            late += 1
        else:
            continue
        _send(officers.get(report.unit_id, dept), report, placeholder, _at(day, 9))
        sent += 1
    # 2. this year's mid-year review: a few units sent their own report
    mid = services.create_call(
        dept, issuer=btp, year=ctx.year, kind=ReviewKind.MIDYEAR,
        title=f"Báo cáo sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm {ctx.year}",
        due_on=datetime.date(ctx.year, 7, 10), units=units)
    by_code = {r.unit.code: r for r in mid.reports.select_related("unit")}
    for i, code in enumerate(MIDYEAR_SENDERS):
        report = by_code.get(code)
        if report is None:
            continue
        content = docx.build(report.unit, figures.gather(report.unit, ctx.year,
                                                         ReviewKind.MIDYEAR))
        _send(officers.get(report.unit_id, dept), report, content,
              _at(datetime.date(ctx.year, 7, 3 + 2 * i), 15), "Báo cáo sơ kết 6 tháng")
    # 3. this year's year-end review, due soon: nothing sent yet
    services.create_call(
        dept, issuer=btp, year=ctx.year, kind=ReviewKind.YEAREND,
        title=f"Báo cáo tổng kết công tác thi đua, khen thưởng năm {ctx.year}",
        due_on=datetime.date(ctx.year, 12, 15), units=units,
        note="Dùng chức năng “Tải dự thảo báo cáo” để có báo cáo đã điền số liệu.")
    ctx.say(f"  reports: 3 đợt báo cáo; tổng kết {last}: {sent}/{len(units)} đơn vị đã gửi "
            f"({late} muộn); sơ kết {ctx.year}: {len(MIDYEAR_SENDERS)} đơn vị đã gửi.")
