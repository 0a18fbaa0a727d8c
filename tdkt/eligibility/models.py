from django.conf import settings
from django.db import models


class CatalogueVersion(models.Model):
    """A catalogue version added by an administrator (e.g. when a new circular is issued).

    The built-in versions ship with tdkt.rules; rows here are added on top without code
    changes. `data` is the whole version as tdkt.rules.Catalogue.to_dict() produces it."""

    version = models.CharField("mã phiên bản", max_length=80, unique=True)
    title = models.CharField("tên phiên bản (văn bản căn cứ)", max_length=300)
    effective_from = models.DateField("hiệu lực từ")
    data = models.JSONField("nội dung danh mục")
    based_on = models.CharField("sửa từ phiên bản", max_length=80, blank=True)
    note = models.TextField("ghi chú", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["effective_from", "id"]
        verbose_name = "phiên bản danh mục"
        verbose_name_plural = "phiên bản danh mục"

    def __str__(self):
        return f"{self.version} (từ {self.effective_from:%d/%m/%Y})"


class SweepStatus(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang rà soát"
    DONE = "done", "Hoàn thành"
    FAILED = "failed", "Lỗi"


class Sweep(models.Model):
    """One run of the engine over every person and collective of a subtree for a year."""

    root = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="phạm vi"
    )
    year = models.PositiveSmallIntegerField("năm xét")
    as_of = models.DateField("ngày xét")
    rules_version = models.CharField("phiên bản danh mục", max_length=80, blank=True)
    status = models.CharField(
        max_length=10, choices=SweepStatus.choices, default=SweepStatus.QUEUED
    )
    processed = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)  # award -> {eligible, confirm}
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Written with the progress (tdkt.core.jobs.reap_stale_jobs fails a sweep whose heartbeat
    # is stale: its worker died).
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    scope_field = "root"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "đợt rà soát"
        verbose_name_plural = "đợt rà soát"

    def __str__(self):
        return f"Rà soát {self.year} – {self.root.code}"

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else 0


class DueCategory(models.TextChoices):
    ELIGIBLE = "eligible", "Đủ điều kiện"
    CONFIRM = "confirm", "Cần đơn vị xác nhận"


class SweepEntry(models.Model):
    """A subject that meets an award in a sweep (eligible, or only a human confirmation
    missing). Ineligible results are counted in Sweep.summary, not stored."""

    # A sector sweep writes tens of thousands of rows, so the person and unit references
    # carry neither an index nor a database constraint: each cost as much as the row itself
    # (57,000 rows: 1.1 s with both, 0.6 s without the person index, 0.4 s without the
    # constraints; an index on unit, whose ids arrive in no order, took 0.65 s of the 0.75 s
    # once a few sweeps were stored). Entries are derived rows, written only by the sweep
    # from ids it has just read, always read by sweep (the (sweep, award, category) index
    # below, then the unit by its key), and removed with their sweep; Django still cascades
    # a person's or unit's deletion (neither is ever deleted: people leave by moving, units
    # become historic).
    sweep = models.ForeignKey(
        Sweep, on_delete=models.CASCADE, related_name="entries", db_index=False
    )
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
        help_text="The person's unit at sweep time, or the collective itself.",
    )
    award = models.CharField("danh hiệu, hình thức", max_length=80)
    category = models.CharField(max_length=10, choices=DueCategory.choices)
    checks = models.JSONField(default=list)

    scope_field = "unit"
    person_field = "person"  # a person's eligibility: staff see only their own entries

    class Meta:
        indexes = [models.Index(fields=["sweep", "award", "category"])]
        verbose_name = "kết quả rà soát"
        verbose_name_plural = "kết quả rà soát"

    def __str__(self):
        return f"{self.award}: {self.person or self.unit}"
