"""Emulation movements, registrations, progress, reviews, and cluster years (pact, rubric,
scores, honouring vote). State changes go through services.py; this module holds data and
row-level invariants only."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

# --- shared vocabularies ------------------------------------------------------------


class TitleCode(models.TextChoices):
    """Titles and forms a unit or a person may aim for (registration) or be proposed for
    (reviews). Codes are shared with the eligibility engine and nominations; each label is the
    catalogue's name of the award (one name everywhere: tests/ux/test_award_names.py)."""

    LAO_DONG_TIEN_TIEN = "lao_dong_tien_tien", "Lao động tiên tiến"
    CSTD_CO_SO = "chien_si_thi_dua_co_so", "Chiến sĩ thi đua cơ sở"
    CSTD_CAP_BO = "chien_si_thi_dua_cap_bo", "Chiến sĩ thi đua Bộ, ban, ngành, tỉnh"
    CSTD_TOAN_QUOC = "chien_si_thi_dua_toan_quoc", "Chiến sĩ thi đua toàn quốc"
    TT_LDTT = "tap_the_lao_dong_tien_tien", "Tập thể lao động tiên tiến"
    TT_LDXS = "tap_the_lao_dong_xuat_sac", "Tập thể lao động xuất sắc"
    CO_THI_DUA_NGANH = "co_thi_dua_nganh_tu_phap", "Cờ thi đua ngành Tư pháp"
    CO_THI_DUA_CHINH_PHU = "co_thi_dua_chinh_phu", "Cờ thi đua của Chính phủ"
    BANG_KHEN_BO_TRUONG = "bang_khen_bo_truong_bo_tu_phap", "Bằng khen của Bộ trưởng Bộ Tư pháp"
    BANG_KHEN_THU_TUONG = "bang_khen_thu_tuong", "Bằng khen của Thủ tướng Chính phủ"
    GIAY_KHEN = "giay_khen", "Giấy khen"


INDIVIDUAL_TITLES = (
    TitleCode.LAO_DONG_TIEN_TIEN,
    TitleCode.CSTD_CO_SO,
    TitleCode.CSTD_CAP_BO,
    TitleCode.CSTD_TOAN_QUOC,
    TitleCode.BANG_KHEN_BO_TRUONG,
)
COLLECTIVE_TITLES = (
    TitleCode.TT_LDTT,
    TitleCode.TT_LDXS,
    TitleCode.CO_THI_DUA_NGANH,
    TitleCode.CO_THI_DUA_CHINH_PHU,
    TitleCode.BANG_KHEN_BO_TRUONG,
)

ORDINALS = ("Một", "Hai", "Ba", "Bốn", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười")


def ordinal(n: int) -> str:
    """1 -> "Một là", 6 -> "Sáu là" (the way launching plans list their contents)."""
    word = ORDINALS[n - 1] if 1 <= n <= len(ORDINALS) else f"Thứ {n}"
    return f"{word} là"


# --- movements ------------------------------------------------------------------------


class MovementKind(models.TextChoices):
    REGULAR = "regular", "Thường xuyên (hằng năm)"
    THEMATIC = "thematic", "Chuyên đề"


class MovementStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    LAUNCHED = "launched", "Đã phát động"
    UNDER_WAY = "under_way", "Đang triển khai"
    MIDTERM = "midterm", "Sơ kết"
    FINAL = "final", "Tổng kết"
    CLOSED = "closed", "Đã kết thúc"


# The lifecycle. A short movement may skip the mid-term review.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    MovementStatus.DRAFT: (MovementStatus.LAUNCHED,),
    MovementStatus.LAUNCHED: (MovementStatus.UNDER_WAY,),
    MovementStatus.UNDER_WAY: (MovementStatus.MIDTERM, MovementStatus.FINAL),
    MovementStatus.MIDTERM: (MovementStatus.FINAL,),
    MovementStatus.FINAL: (MovementStatus.CLOSED,),
    MovementStatus.CLOSED: (),
}
# Registration is open once launched and until the final review.
REGISTRATION_OPEN = (MovementStatus.LAUNCHED, MovementStatus.UNDER_WAY)
PROGRESS_OPEN = (MovementStatus.UNDER_WAY, MovementStatus.MIDTERM)


class Movement(models.Model):
    name = models.CharField("tên phong trào", max_length=300)
    kind = models.CharField("loại", max_length=10, choices=MovementKind.choices)
    year = models.PositiveSmallIntegerField(
        "năm", help_text="Năm của phong trào thường xuyên; năm bắt đầu của phong trào chuyên đề."
    )
    theme = models.CharField("chủ đề", max_length=400, blank=True)
    launching_unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="launched_movements",
        verbose_name="đơn vị phát động",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        verbose_name="phong trào cấp trên",
    )
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    registration_deadline = models.DateField("hạn đăng ký", null=True, blank=True)
    status = models.CharField(
        "trạng thái", max_length=10, choices=MovementStatus.choices, default=MovementStatus.DRAFT
    )
    launched_on = models.DateField("ngày phát động", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope_field = "launching_unit"

    class Meta:
        ordering = ["-year", "-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="movement_period_order"
            )
        ]
        verbose_name = "phong trào thi đua"
        verbose_name_plural = "phong trào thi đua"

    def __str__(self):
        return self.name

    @property
    def period_label(self) -> str:
        return f"{self.starts_on:%d/%m/%Y} – {self.ends_on:%d/%m/%Y}"

    @property
    def next_statuses(self) -> tuple[str, ...]:
        return TRANSITIONS.get(self.status, ())

    @property
    def registration_open(self) -> bool:
        return self.status in REGISTRATION_OPEN


class Objective(models.Model):
    """One content of the movement ("Một là …")."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="objectives")
    order = models.PositiveSmallIntegerField("thứ tự")
    text = models.TextField("nội dung")

    scope_field = "movement__launching_unit"

    class Meta:
        ordering = ["movement", "order"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "order"], name="uniq_objective_order")
        ]

    def __str__(self):
        return f"{ordinal(self.order)} {self.text}"

    @property
    def label(self) -> str:
        return ordinal(self.order)


class DocumentKind(models.TextChoices):
    PLAN = "plan", "Kế hoạch"
    DECISION = "decision", "Quyết định phát động"
    GUIDANCE = "guidance", "Hướng dẫn"
    REPORT = "report", "Báo cáo sơ kết, tổng kết"
    OTHER = "other", "Văn bản khác"


def movement_upload_to(instance, filename):
    return f"phong-trao/{instance.movement_id}/{filename}"


class MovementDocument(models.Model):
    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("loại văn bản", max_length=10, choices=DocumentKind.choices)
    title = models.CharField("trích yếu", max_length=300)
    file = models.FileField("tệp", upload_to=movement_upload_to, max_length=300)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    scope_field = "movement__launching_unit"

    class Meta:
        ordering = ["movement", "uploaded_at", "id"]

    def __str__(self):
        return self.title

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


# --- registration ---------------------------------------------------------------------


class RegistrationStatus(models.TextChoices):
    NOT_SENT = "not_sent", "Chưa gửi"
    SUBMITTED = "submitted", "Chờ duyệt"
    RETURNED = "returned", "Trả lại bổ sung"
    APPROVED = "approved", "Đã duyệt"


EDITABLE_REGISTRATION = (RegistrationStatus.NOT_SENT, RegistrationStatus.RETURNED)


class Registration(models.Model):
    """One unit's registration in one movement. A row exists for every unit in the movement's
    scope from the moment the movement is drafted (status "not sent"), so the roll-up is a
    single query and the scope is explicit."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="registrations")
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="movement_registrations"
    )
    status = models.CharField(
        "trạng thái",
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.NOT_SENT,
    )
    collective_title = models.CharField(
        "danh hiệu tập thể đăng ký", max_length=40, choices=TitleCode.choices, blank=True
    )
    commitment = models.TextField("cam kết, ghi chú", blank=True)
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    decided_at = models.DateTimeField("duyệt/trả lúc", null=True, blank=True)
    return_reason = models.TextField("lý do trả lại", blank=True)

    scope_field = "unit"

    class Meta:
        ordering = ["movement", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "unit"], name="uniq_registration")
        ]

    def __str__(self):
        return f"Đăng ký thi đua của {self.unit} – {self.movement}"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_REGISTRATION


class RegistrationTarget(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveSmallIntegerField("thứ tự")
    text = models.CharField("chỉ tiêu", max_length=500)

    scope_field = "registration__unit"

    class Meta:
        ordering = ["registration", "order"]

    def __str__(self):
        return self.text


class IndividualRegistration(models.Model):
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="individuals"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="movement_registrations"
    )
    title = models.CharField("danh hiệu đăng ký", max_length=40, choices=TitleCode.choices)

    scope_field = "registration__unit"

    class Meta:
        ordering = ["registration", "person__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "person"], name="uniq_individual_registration"
            )
        ]

    def __str__(self):
        return f"{self.person} – {self.get_title_display()}"

    @property
    def year(self) -> int:
        return self.registration.movement.year


class RegistrationEvent(models.Model):
    """History of a registration: every submit, return, resubmit and approval."""

    class Verb(models.TextChoices):
        SUBMIT = "submit", "Gửi đăng ký"
        RESUBMIT = "resubmit", "Gửi lại sau bổ sung"
        RETURN = "return", "Trả lại bổ sung"
        APPROVE = "approve", "Duyệt"

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="events")
    verb = models.CharField(max_length=10, choices=Verb.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField("ghi chú, lý do", blank=True)
    snapshot = models.JSONField(default=dict, blank=True)

    scope_field = "registration__unit"

    class Meta:
        ordering = ["registration", "at", "id"]

    def __str__(self):
        return self.get_verb_display()


# --- progress and reviews ---------------------------------------------------------------


class ProgressReport(models.Model):
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="progress_reports"
    )
    reported_on = models.DateField("ngày báo cáo")
    note = models.TextField("tình hình chung", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope_field = "registration__unit"

    class Meta:
        ordering = ["registration", "-reported_on", "-id"]

    def __str__(self):
        return f"Tiến độ {self.reported_on:%d/%m/%Y}"


class ProgressItem(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="items")
    target = models.ForeignKey(RegistrationTarget, on_delete=models.CASCADE, related_name="+")
    percent = models.PositiveSmallIntegerField("mức độ hoàn thành (%)")
    note = models.CharField("kết quả", max_length=500, blank=True)

    class Meta:
        ordering = ["report", "target__order"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="progress_percent_max")
        ]

    def __str__(self):
        return f"{self.percent}%"


class ReviewKind(models.TextChoices):
    MIDTERM = "midterm", "Sơ kết"
    FINAL = "final", "Tổng kết"


REVIEW_SLUGS = {"so-ket": ReviewKind.MIDTERM, "tong-ket": ReviewKind.FINAL}


class MovementReview(models.Model):
    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField("loại", max_length=10, choices=ReviewKind.choices)
    held_on = models.DateField("ngày tổ chức")
    results = models.TextField("kết quả đạt được")
    findings = models.TextField("hạn chế, bài học kinh nghiệm", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    scope_field = "movement__launching_unit"

    class Meta:
        ordering = ["movement", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "kind"], name="uniq_movement_review")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.movement}"

    @property
    def slug(self) -> str:
        return "so-ket" if self.kind == ReviewKind.MIDTERM else "tong-ket"


class ReviewProposal(models.Model):
    """A collective or an individual proposed for commendation at a review (feeds nominations)."""

    review = models.ForeignKey(MovementReview, on_delete=models.CASCADE, related_name="proposals")
    unit = models.ForeignKey(
        "organisation.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    award_code = models.CharField("hình thức đề nghị", max_length=40, choices=TitleCode.choices)
    reason = models.TextField("thành tích, lý do")

    scope_field = "review__movement__launching_unit"

    class Meta:
        ordering = ["review", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False, person__isnull=True))
                | (Q(unit__isnull=True, person__isnull=False)),
                name="proposal_one_subject",
            )
        ]

    def __str__(self):
        return f"{self.subject} – {self.get_award_code_display()}"

    @property
    def subject(self):
        return self.person or self.unit


# --- clusters -------------------------------------------------------------------------


def cluster_upload_to(instance, filename):
    cy = getattr(instance, "cluster_year", None) or instance
    return f"cum-thi-dua/{cy.cluster_id}/{cy.year}/{filename}"


class ClusterYear(models.Model):
    """One cluster's emulation year: pact, rubric, scores, ranking, honouring vote."""

    cluster = models.ForeignKey(
        "organisation.EmulationCluster", on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField("năm")
    pact_signed_on = models.DateField("ngày ký giao ước", null=True, blank=True)
    pact_place = models.CharField("địa điểm ký", max_length=200, blank=True)
    pact_content = models.TextField("nội dung giao ước", blank=True)
    scoring_deadline = models.DateField("hạn tự chấm điểm", null=True, blank=True)
    vote_held_on = models.DateField("ngày hội nghị suy tôn", null=True, blank=True)
    vote_minutes = models.TextField("biên bản suy tôn", blank=True)
    vote_minutes_file = models.FileField(
        "tệp biên bản", upload_to=cluster_upload_to, blank=True, max_length=300
    )
    vote_closed = models.BooleanField("đã chốt kết quả suy tôn", default=False)

    class Meta:
        ordering = ["-year", "cluster__code"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="uniq_cluster_year")
        ]

    def __str__(self):
        return f"{self.cluster.name} – năm {self.year}"


class PactTarget(models.Model):
    cluster_year = models.ForeignKey(
        ClusterYear, on_delete=models.CASCADE, related_name="pact_targets"
    )
    order = models.PositiveSmallIntegerField("thứ tự")
    text = models.CharField("chỉ tiêu giao ước", max_length=500)

    class Meta:
        ordering = ["cluster_year", "order"]

    def __str__(self):
        return self.text


class CriterionKind(models.TextChoices):
    STANDARD = "standard", "Tiêu chí chấm điểm"
    BONUS = "bonus", "Điểm thưởng"
    DEDUCTION = "deduction", "Điểm trừ"


class Criterion(models.Model):
    cluster_year = models.ForeignKey(ClusterYear, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField("thứ tự")
    kind = models.CharField(
        "loại", max_length=10, choices=CriterionKind.choices, default=CriterionKind.STANDARD
    )
    title = models.CharField("tiêu chí", max_length=400)
    max_points = models.DecimalField("điểm tối đa", max_digits=6, decimal_places=2)
    evidence_required = models.CharField("tài liệu kiểm chứng", max_length=400, blank=True)

    class Meta:
        ordering = ["cluster_year", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_max_positive")
        ]

    def __str__(self):
        return self.title


class ScorecardStatus(models.TextChoices):
    DRAFT = "draft", "Đang tự chấm"
    SUBMITTED = "submitted", "Đã gửi, chờ cụm trưởng thẩm định"
    REVIEWED = "reviewed", "Cụm trưởng đã thẩm định"


class Scorecard(models.Model):
    cluster_year = models.ForeignKey(
        ClusterYear, on_delete=models.CASCADE, related_name="scorecards"
    )
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=10, choices=ScorecardStatus.choices, default=ScorecardStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    scope_field = "unit"

    class Meta:
        ordering = ["cluster_year", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["cluster_year", "unit"], name="uniq_scorecard")
        ]

    def __str__(self):
        return f"Bảng điểm {self.unit} – {self.cluster_year}"


class Score(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    self_points = models.DecimalField("điểm tự chấm", max_digits=6, decimal_places=2)
    evidence = models.TextField("tài liệu kiểm chứng", blank=True)
    evidence_file = models.FileField(
        "tệp kiểm chứng", upload_to="cum-thi-dua/kiem-chung/", blank=True, max_length=300
    )
    reviewed_points = models.DecimalField(
        "điểm cụm trưởng chấm", max_digits=6, decimal_places=2, null=True, blank=True
    )
    review_reason = models.TextField("lý do điều chỉnh", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_field = "scorecard__unit"

    class Meta:
        ordering = ["scorecard", "criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "criterion"], name="uniq_score")
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.final_points}"

    @property
    def final_points(self) -> Decimal:
        return self.reviewed_points if self.reviewed_points is not None else self.self_points

    @property
    def adjusted(self) -> bool:
        return self.reviewed_points is not None and self.reviewed_points != self.self_points


class HonouringVote(models.Model):
    """Suy tôn: each member unit names one other member. Not secret: who voted is kept."""

    cluster_year = models.ForeignKey(ClusterYear, on_delete=models.CASCADE, related_name="votes")
    voter_unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    candidate_unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+"
    )
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    cast_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cluster_year", "voter_unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["cluster_year", "voter_unit"], name="uniq_vote"),
            models.CheckConstraint(
                condition=~Q(voter_unit=models.F("candidate_unit")), name="vote_not_for_self"
            ),
        ]

    def __str__(self):
        return f"{self.voter_unit_id} → {self.candidate_unit_id}"
