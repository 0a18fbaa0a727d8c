"""Advanced exemplars (điển hình tiên tiến) and "good people, good deeds" (người tốt, việc tốt):
discovered (proposed by a unit, the department, or a public report), accepted or declined,
fostered, summarised, replicated and published as public stories."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models

from tdkt.core.text import fold


class SubjectKind(models.TextChoices):
    PERSON = "person", "Cá nhân"
    COLLECTIVE = "collective", "Tập thể"


class Stage(models.TextChoices):
    DISCOVER = "discover", "Phát hiện"
    FOSTER = "foster", "Bồi dưỡng"
    SUMMARISE = "summarise", "Tổng kết"
    REPLICATE = "replicate", "Nhân rộng"


class Status(models.TextChoices):
    PROPOSED = "proposed", "Chờ xem xét"
    ACCEPTED = "accepted", "Đã công nhận"
    DECLINED = "declined", "Không công nhận"


class Source(models.TextChoices):
    UNIT = "unit", "Đơn vị đề xuất"
    DEPT = "dept", "Vụ TCCB đề xuất"
    PUBLIC = "public", "Phản ánh người tốt, việc tốt"
    SUGGESTION = "suggestion", "Gợi ý từ dữ liệu"


class Exemplar(models.Model):
    kind = models.CharField("đối tượng", max_length=12, choices=SubjectKind.choices)
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT,
                             related_name="exemplars", verbose_name="đơn vị")
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="exemplars", verbose_name="cán bộ")
    name = models.CharField("tên cá nhân, tập thể", max_length=255)
    title = models.CharField("tiêu đề", max_length=255)
    achievement = models.TextField("thành tích, việc làm tốt")
    year = models.PositiveSmallIntegerField("năm")
    stage = models.CharField("giai đoạn", max_length=12, choices=Stage.choices,
                             default=Stage.DISCOVER)
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices,
                              default=Status.PROPOSED)
    source = models.CharField("nguồn", max_length=12, choices=Source.choices)
    consent_publish = models.BooleanField(
        "đồng ý công khai thông tin cá nhân", default=False,
        help_text="Chỉ công khai họ tên, hình ảnh của cá nhân khi đã ghi nhận sự đồng ý.")
    consent_note = models.CharField("căn cứ ghi nhận đồng ý", max_length=255, blank=True)
    reporter_name = models.CharField("người phản ánh", max_length=120, blank=True)
    reporter_contact = models.CharField("liên hệ người phản ánh", max_length=120, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField("ý kiến xử lý", max_length=500, blank=True)
    story = models.TextField("bài viết giới thiệu", blank=True)
    published_at = models.DateTimeField("ngày công bố", null=True, blank=True)
    featured = models.BooleanField(
        "nêu gương trên trang công khai", default=False,
        help_text="Bài viết được giới thiệu trên trang chủ công khai (tối đa 3 bài mới nhất).")
    search_text = models.CharField(max_length=800, editable=False, db_index=True)

    scope_field = "unit"

    class Meta:
        ordering = ["-year", "-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "published_at"])]
        verbose_name = "điển hình tiên tiến"
        verbose_name_plural = "điển hình tiên tiến"

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.name} {self.title}")[:800]
        super().save(*args, **kwargs)

    @property
    def public_name(self) -> str:
        """The name the public sees: a person's only with consent recorded."""
        if self.kind == SubjectKind.COLLECTIVE or self.consent_publish:
            return self.name
        return "Một cán bộ (chưa đồng ý công khai họ tên)"


class FosterPlan(models.Model):
    """The fostering plan (kế hoạch bồi dưỡng) of an accepted exemplar."""

    exemplar = models.OneToOneField(Exemplar, on_delete=models.CASCADE, related_name="plan")
    responsible_unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT,
                                         related_name="+", verbose_name="đơn vị phụ trách")
    mentor = models.CharField("người hướng dẫn, giúp đỡ", max_length=160, blank=True)
    goals = models.TextField("mục tiêu")

    scope_field = "exemplar__unit"

    def __str__(self):
        return f"Kế hoạch bồi dưỡng: {self.exemplar_id}"


class Milestone(models.Model):
    plan = models.ForeignKey(FosterPlan, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField("mốc", max_length=255)
    due_on = models.DateField("hạn")
    done_on = models.DateField("ngày hoàn thành", null=True, blank=True)

    scope_field = "plan__exemplar__unit"

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title


class ProgressNote(models.Model):
    exemplar = models.ForeignKey(Exemplar, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField("ghi nhận tiến độ")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    scope_field = "exemplar__unit"

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.text[:60]


# --- summary record (báo cáo tổng kết điển hình) -------------------------------------------


class SummaryStatus(models.TextChoices):
    DRAFT = "draft", "Đang soạn thảo"
    AT_HEAD = "at_head", "Chờ thủ trưởng đơn vị duyệt"
    AT_DEPT = "at_dept", "Chờ Vụ TCCB duyệt"
    APPROVED = "approved", "Đã phê duyệt"
    RETURNED = "returned", "Trả lại để chỉnh sửa"


SUMMARY_EDITABLE = (SummaryStatus.DRAFT, SummaryStatus.RETURNED)


def summary_path(instance, filename):
    return f"dien-hinh/{instance.exemplar_id}/tong-ket/{uuid.uuid4().hex}.docx"


class Summary(models.Model):
    """The summary record of an exemplar: what it achieved, what made it work, its evidence and
    the figures taken from the records; approved by the unit head, then the department."""

    exemplar = models.OneToOneField(Exemplar, on_delete=models.CASCADE, related_name="summary")
    achievement = models.TextField("thành tích, kết quả nổi bật")
    lessons = models.TextField("nguyên nhân thành công, bài học kinh nghiệm")
    replication = models.TextField("khả năng nhân rộng, đề xuất", blank=True)
    status = models.CharField("trạng thái", max_length=10, choices=SummaryStatus.choices,
                              default=SummaryStatus.DRAFT)
    # The figures pulled from the records, frozen when the unit submits the record.
    figures = models.JSONField("số liệu từ hệ thống", default=dict, blank=True)
    head_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    head_approved_at = models.DateTimeField("ngày thủ trưởng duyệt", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField("ngày Vụ TCCB phê duyệt", null=True, blank=True)
    return_note = models.CharField("lý do trả lại", max_length=500, blank=True)
    document = models.FileField("báo cáo tổng kết (.docx)", upload_to=summary_path,
                                max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    scope_field = "exemplar__unit"

    class Meta:
        verbose_name = "báo cáo tổng kết điển hình"
        verbose_name_plural = "báo cáo tổng kết điển hình"

    def __str__(self):
        return f"Báo cáo tổng kết: {self.exemplar_id}"

    @property
    def editable(self) -> bool:
        return self.status in SUMMARY_EDITABLE


class EvidenceKind(models.TextChoices):
    FILE = "file", "Tài liệu minh chứng"
    PHOTO = "photo", "Ảnh"


def evidence_path(instance, filename):
    suffix = PurePosixPath(filename).suffix.lower()[:6]
    return f"dien-hinh/{instance.exemplar_id}/minh-chung/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    """A file or a captioned photo supporting an exemplar. Photos marked public appear in the
    published story (served publicly only while the story is published, and for a person only
    with consent recorded)."""

    exemplar = models.ForeignKey(Exemplar, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField("loại", max_length=8, choices=EvidenceKind.choices)
    file = models.FileField("tệp", upload_to=evidence_path, max_length=300)
    original_name = models.CharField("tên tệp", max_length=255)
    size = models.PositiveIntegerField("dung lượng (byte)")
    caption = models.CharField("chú thích", max_length=300, blank=True)
    public = models.BooleanField("dùng trong bài viết công khai", default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    scope_field = "exemplar__unit"

    class Meta:
        ordering = ["kind", "uploaded_at", "pk"]
        verbose_name = "minh chứng điển hình"
        verbose_name_plural = "minh chứng điển hình"

    def __str__(self):
        return self.caption or self.original_name


# --- into commendation (đề nghị khen thưởng) ------------------------------------------------


class AwardProposal(models.Model):
    """The nomination created from an exemplar in one click (its summary attached)."""

    exemplar = models.ForeignKey(Exemplar, on_delete=models.CASCADE,
                                 related_name="award_proposals")
    nomination = models.OneToOneField("nominations.Nomination", on_delete=models.CASCADE,
                                      related_name="exemplar_proposal")
    award_code = models.CharField("danh hiệu, hình thức", max_length=80)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    scope_field = "exemplar__unit"

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "đề nghị khen thưởng từ điển hình"
        verbose_name_plural = "đề nghị khen thưởng từ điển hình"

    def __str__(self):
        return f"{self.exemplar_id} → {self.nomination_id}"


# --- replication (nhân rộng) -----------------------------------------------------------------

class AdoptionStatus(models.TextChoices):
    APPLYING = "applying", "Đang áp dụng"
    REPORTED = "reported", "Đã báo cáo kết quả"


class Adoption(models.Model):
    """Another unit registers to apply a published model (đăng ký học tập, nhân rộng) — what,
    from when to when, who is responsible — and reports its results at the end. When it names
    a movement of the year, it appears in that unit's movement registration."""

    exemplar = models.ForeignKey(Exemplar, on_delete=models.PROTECT, related_name="adoptions",
                                 verbose_name="mô hình, điển hình")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT,
                             related_name="exemplar_adoptions", verbose_name="đơn vị áp dụng")
    plan = models.TextField("nội dung áp dụng")
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    responsible = models.CharField("người phụ trách", max_length=160)
    registration = models.ForeignKey(
        "movements.Registration", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="exemplar_adoptions", verbose_name="gắn với đăng ký thi đua")
    status = models.CharField("trạng thái", max_length=10, choices=AdoptionStatus.choices,
                              default=AdoptionStatus.APPLYING)
    result_text = models.TextField("kết quả áp dụng", blank=True)
    result_figures = models.JSONField("số liệu kết quả", default=list, blank=True)
    reported_at = models.DateTimeField("ngày báo cáo kết quả", null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    scope_field = "unit"

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="adoption_period_order"),
        ]
        verbose_name = "đăng ký nhân rộng"
        verbose_name_plural = "đăng ký nhân rộng"

    def __str__(self):
        return f"{self.unit} áp dụng: {self.exemplar}"

    @property
    def period_label(self) -> str:
        return f"{self.starts_on:%d/%m/%Y} – {self.ends_on:%d/%m/%Y}"


def adoption_upload_to(instance, filename):
    return f"dien-hinh/nhan-rong/{instance.adoption_id}/{filename}"


class AdoptionFile(models.Model):
    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="files")
    file = models.FileField("tệp", upload_to=adoption_upload_to, max_length=300)
    name = models.CharField("tên tệp", max_length=255)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    scope_field = "adoption__unit"

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name
