"""Review reports (sơ kết 6 tháng, tổng kết năm) of emulation and commendation work.

The department issues a `ReviewCall` (year, kind, deadline, the units that must report); each
unit that must report has one `UnitReport` row, which records the file the unit sent (the
generated .docx, edited by its officer) and when. Sent late = sent after the deadline."""

from django.conf import settings
from django.db import models


class ReviewKind(models.TextChoices):
    MIDYEAR = "midyear", "Sơ kết 6 tháng đầu năm"
    YEAREND = "yearend", "Tổng kết năm"


class ReviewCall(models.Model):
    issuer = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="review_calls",
        verbose_name="đơn vị yêu cầu báo cáo",
    )
    year = models.PositiveSmallIntegerField("năm")
    kind = models.CharField("loại báo cáo", max_length=10, choices=ReviewKind.choices)
    title = models.CharField("tên đợt báo cáo", max_length=300)
    due_on = models.DateField("hạn gửi")
    note = models.TextField("yêu cầu, hướng dẫn", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope_field = "issuer"

    class Meta:
        ordering = ["-year", "-due_on", "-id"]
        verbose_name = "đợt báo cáo sơ kết, tổng kết"

    def __str__(self):
        return self.title


def report_upload_to(instance, filename):
    return f"bao-cao/{instance.call.year}/{instance.call_id}/{instance.unit_id}/{filename}"


class UnitReport(models.Model):
    """One unit's report for a call: expected until `sent_at` is set."""

    call = models.ForeignKey(ReviewCall, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="review_reports",
        verbose_name="đơn vị báo cáo",
    )
    file = models.FileField("tệp báo cáo", upload_to=report_upload_to, max_length=300,
                            blank=True)
    note = models.CharField("ghi chú của đơn vị", max_length=500, blank=True)
    sent_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    reminded_at = models.DateTimeField("nhắc lần cuối", null=True, blank=True)

    scope_field = "unit"

    class Meta:
        ordering = ["call", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["call", "unit"], name="uniq_unit_report_per_call")
        ]
        indexes = [models.Index(fields=["call", "sent_at"])]
        verbose_name = "báo cáo của đơn vị"

    def __str__(self):
        return f"{self.unit} – {self.call}"

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""

    @property
    def is_late(self) -> bool:
        from django.utils import timezone

        return bool(self.sent_at) and timezone.localdate(self.sent_at) > self.call.due_on
