"""Documents: replaceable Word templates, certificate layouts for pre-printed blanks,
verification codes of certificates, and background generation jobs."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

# Unguessable verification codes: 20 characters of RFC 4648 base32 (100 bits).
CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
CODE_LENGTH = 20


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class TemplateKind(models.TextChoices):
    DECISION = "decision", "Quyết định khen thưởng và danh sách kèm theo"
    SUBMISSION = "submission", "Tờ trình đề nghị khen thưởng và danh sách"
    MINUTES = "minutes", "Biên bản họp Hội đồng Thi đua - Khen thưởng"
    REPORT_INDIVIDUAL = "report_individual", "Báo cáo thành tích cá nhân"
    REPORT_COLLECTIVE = "report_collective", "Báo cáo thành tích tập thể"


def template_path(instance, filename):
    return f"mau-van-ban/{instance.kind}/v{instance.version}-{secrets.token_hex(4)}.docx"


class DocumentTemplate(models.Model):
    """An uploaded version of a Word template. With no active version of a kind, the template
    bundled in templates_docx/ is used."""

    kind = models.CharField("loại văn bản", max_length=20, choices=TemplateKind.choices)
    version = models.PositiveIntegerField("phiên bản")
    file = models.FileField("tệp mẫu", upload_to=template_path, max_length=300)
    original_name = models.CharField("tên tệp", max_length=255)
    note = models.CharField("ghi chú", max_length=255, blank=True)
    active = models.BooleanField("đang dùng", default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="uniq_template_version"),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(active=True), name="one_active_template_per_kind"
            ),
        ]
        verbose_name = "mẫu văn bản"
        verbose_name_plural = "mẫu văn bản"

    def __str__(self):
        return f"{self.get_kind_display()} – phiên bản {self.version}"


class CertificateKind(models.TextChoices):
    BANG_KHEN = "bang_khen", "Bằng khen (A3 ngang)"
    GIAY_KHEN = "giay_khen", "Giấy khen (A4 ngang)"


class CertificateLayout(models.Model):
    """Calibrated field positions (mm from the sheet's top-left corner, font size in pt) for
    printing onto pre-printed blanks of one kind. Missing fields use the defaults."""

    kind = models.CharField("loại phôi", max_length=12, choices=CertificateKind.choices,
                            unique=True)
    fields = models.JSONField("vị trí các trường", default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "căn chỉnh phôi"
        verbose_name_plural = "căn chỉnh phôi"

    def __str__(self):
        return self.get_kind_display()


class Certificate(models.Model):
    """The verification code (and register number) of one awardee's certificate."""

    awardee = models.OneToOneField(
        "nominations.Awardee", on_delete=models.CASCADE, related_name="certificate"
    )
    code = models.CharField("mã xác minh", max_length=32, unique=True)
    register_number = models.CharField("số sổ vàng", max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope_field = "awardee__proposing_unit"

    class Meta:
        ordering = ["awardee"]
        verbose_name = "mã xác minh giấy khen, bằng khen"
        verbose_name_plural = "mã xác minh giấy khen, bằng khen"

    def __str__(self):
        return self.code


class JobKind(models.TextChoices):
    CERTIFICATES = "certificates", "Bằng khen, giấy khen (PDF)"
    REPORTS = "reports", "Văn bản của quyết định (Word)"


class JobStatus(models.TextChoices):
    PENDING = "pending", "Đang chờ"
    RUNNING = "running", "Đang tạo"
    DONE = "done", "Hoàn thành"
    FAILED = "failed", "Lỗi"


def job_path(instance, filename):
    return f"tao-van-ban/{instance.created_by_id}/{secrets.token_hex(8)}-{filename}"


class GenerationJob(models.Model):
    """A bulk generation run; only its creator can see it and download the zip."""

    kind = models.CharField("loại", max_length=16, choices=JobKind.choices)
    decision = models.ForeignKey(
        "nominations.Decision", null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )
    params = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="generation_jobs"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        "trạng thái", max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    processed = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=job_path, max_length=300, blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Written with the progress (tdkt.core.jobs.reap_stale_jobs fails a job whose heartbeat is
    # stale: its worker died).
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "tác vụ tạo văn bản"
        verbose_name_plural = "tác vụ tạo văn bản"

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
