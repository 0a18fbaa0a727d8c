"""Inspections of emulation and commendation work (kiểm tra công tác thi đua, khen thưởng).

An annual plan (InspectionPlan) issued by a unit lists the inspections (Inspection) of units in
its subtree: when, by which team, on what content, with which checklist version. The inspected
unit answers the same checklist first (self-inspection, side "self"), the team then scores it
(side "team"); the team records findings (kết luận) with recommendations (kiến nghị) and
corrective actions (biện pháp khắc phục) owned by a unit, with a due date, evidence and the
inspector's acceptance. State changes live in services.py.

What the Ministry's own forms look like is not known (reference §1, §7): the checklist, its
weights and the document layouts are data or defaults, and the pages say so.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models

# --- checklist templates ---------------------------------------------------------------------


class ItemKind(models.TextChoices):
    SCORE = "score", "Chấm điểm"
    PASS_FAIL = "pass_fail", "Đạt / không đạt"


class ChecklistTemplate(models.Model):
    """One version of a checklist. A version used by an inspection never changes: a change
    makes a new version (services.new_version)."""

    name = models.CharField("tên bộ tiêu chí", max_length=300)
    version = models.PositiveSmallIntegerField("phiên bản", default=1)
    source_note = models.TextField(
        "nguồn, tình trạng", blank=True,
        help_text="Bộ tiêu chí lấy từ đâu và đã được xác nhận chưa.",
    )
    is_active = models.BooleanField("đang dùng cho kế hoạch mới", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="insp_template_version")
        ]

    def __str__(self):
        return f"{self.name} (phiên bản {self.version})"


class ChecklistItem(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    code = models.CharField("mã", max_length=10)
    text = models.TextField("nội dung kiểm tra")
    legal_basis = models.TextField("căn cứ", blank=True)
    kind = models.CharField("cách đánh giá", max_length=10, choices=ItemKind.choices,
                            default=ItemKind.SCORE)
    max_points = models.DecimalField("điểm tối đa", max_digits=6, decimal_places=2,
                                     default=Decimal("10"))
    weight = models.DecimalField("trọng số", max_digits=5, decimal_places=2, default=Decimal("1"))

    class Meta:
        ordering = ["template", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="insp_item_code")
        ]

    def __str__(self):
        return f"{self.code}. {self.text[:80]}"

    @property
    def is_score(self) -> bool:
        return self.kind == ItemKind.SCORE


# --- plans and inspections -------------------------------------------------------------------


class InspectionPlan(models.Model):
    """The annual inspection plan of a unit (the Ministry's desk, or a unit for its subtree)."""

    year = models.PositiveSmallIntegerField("năm")
    issuing_unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="inspection_plans",
        verbose_name="đơn vị ban hành",
    )
    number = models.CharField("số kế hoạch", max_length=60, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    title = models.CharField("tên kế hoạch", max_length=300)
    purpose = models.TextField("mục đích, yêu cầu", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope_field = "issuing_unit"

    class Meta:
        ordering = ["-year", "-id"]

    def __str__(self):
        return self.title


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", "Chờ đơn vị tự kiểm tra"
    SELF_DONE = "self_done", "Đơn vị đã gửi tự kiểm tra"
    INSPECTED = "inspected", "Đoàn đã chấm điểm"
    CONCLUDED = "concluded", "Đã có kết luận, đang khắc phục"
    CLOSED = "closed", "Đã hoàn thành khắc phục"


class Inspection(models.Model):
    """One item of a plan: a unit inspected, when, by whom, on what, with which checklist."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="inspections")
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="inspections",
        verbose_name="đơn vị được kiểm tra",
    )
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.PROTECT, related_name="inspections",
        verbose_name="bộ tiêu chí",
    )
    starts_on = models.DateField("kiểm tra từ ngày")
    ends_on = models.DateField("đến ngày")
    self_due_on = models.DateField("hạn gửi tự kiểm tra", null=True, blank=True)
    content = models.TextField("nội dung kiểm tra")
    lead_name = models.CharField("trưởng đoàn", max_length=200)
    lead_title = models.CharField("chức vụ trưởng đoàn", max_length=200, blank=True)
    members = models.TextField("thành viên đoàn", blank=True,
                               help_text="Mỗi dòng một người: họ và tên — chức vụ.")
    status = models.CharField("trạng thái", max_length=10, choices=InspectionStatus.choices,
                              default=InspectionStatus.PLANNED)
    self_submitted_at = models.DateTimeField("gửi tự kiểm tra lúc", null=True, blank=True)
    self_summary = models.TextField("tự đánh giá chung của đơn vị", blank=True)
    inspected_on = models.DateField("ngày kiểm tra", null=True, blank=True)
    place = models.CharField("địa điểm", max_length=200, blank=True)
    unit_representative = models.CharField("đại diện đơn vị được kiểm tra", max_length=200,
                                           blank=True)
    conclusion = models.TextField("kết luận chung", blank=True)
    concluded_on = models.DateField("ngày kết luận", null=True, blank=True)
    conclusion_number = models.CharField("số kết luận", max_length=60, blank=True)
    closed_on = models.DateField("ngày hoàn thành", null=True, blank=True)

    scope_field = "unit"

    class Meta:
        ordering = ["plan", "starts_on", "id"]

    def __str__(self):
        return f"Kiểm tra {self.unit} ({self.plan.year})"

    @property
    def member_lines(self) -> list[str]:
        return [line.strip() for line in self.members.splitlines() if line.strip()]


class Side(models.TextChoices):
    SELF = "self", "Đơn vị tự kiểm tra"
    TEAM = "team", "Đoàn kiểm tra"


class ItemResult(models.Model):
    """One side's answer to one checklist item: points (score items) or pass/fail."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="results")
    side = models.CharField(max_length=4, choices=Side.choices)
    points = models.DecimalField("điểm", max_digits=6, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField("đạt", null=True, blank=True)
    note = models.TextField("nhận xét", blank=True)

    scope_field = "inspection__unit"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item", "side"], name="insp_result_once")
        ]

    def __str__(self):
        return f"{self.get_side_display()}: {self.item_id}"


class Finding(models.Model):
    """A conclusion of the inspection (kết luận) and the recommendation made on it (kiến nghị)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    item = models.ForeignKey(ChecklistItem, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name="tiêu chí")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField("kết luận (tồn tại, hạn chế)")
    recommendation = models.TextField("kiến nghị", blank=True)

    scope_field = "inspection__unit"

    class Meta:
        ordering = ["inspection", "order", "id"]

    def __str__(self):
        return self.text[:120]


class ActionStatus(models.TextChoices):
    OPEN = "open", "Đang khắc phục"
    SUBMITTED = "submitted", "Đã gửi minh chứng, chờ nghiệm thu"
    RETURNED = "returned", "Trả lại, khắc phục tiếp"
    ACCEPTED = "accepted", "Đã nghiệm thu, đóng"


OPEN_ACTION = (ActionStatus.OPEN, ActionStatus.RETURNED)


class CorrectiveAction(models.Model):
    """A corrective measure (biện pháp khắc phục) an owner unit must carry out by a date."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="actions")
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="actions")
    owner_unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="corrective_actions",
        verbose_name="đơn vị thực hiện",
    )
    description = models.TextField("biện pháp khắc phục")
    due_on = models.DateField("thời hạn")
    status = models.CharField("trạng thái", max_length=10, choices=ActionStatus.choices,
                              default=ActionStatus.OPEN)
    report = models.TextField("báo cáo kết quả khắc phục", blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField("ý kiến nghiệm thu", blank=True)

    scope_field = "owner_unit"

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return self.description[:120]

    def is_overdue(self, today) -> bool:
        return self.status in OPEN_ACTION and self.due_on < today


def evidence_upload_to(instance, filename):
    return f"kiem-tra/{instance.inspection_id}/{filename}"


class Evidence(models.Model):
    """A file: the unit's evidence for a checklist item (self-inspection) or for a corrective
    action."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="evidence")
    item = models.ForeignKey(ChecklistItem, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    action = models.ForeignKey(CorrectiveAction, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="evidence")
    file = models.FileField("tệp", upload_to=evidence_upload_to, max_length=300)
    name = models.CharField("tên tệp", max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    scope_field = "inspection__unit"

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.name
