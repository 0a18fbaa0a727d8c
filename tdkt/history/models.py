"""The emulation-and-commendation record (sổ theo dõi thi đua, khen thưởng) of every person
and every unit, year by year.

Individual and collective rows are separate models (Person*/Unit*), so each has a plain
`scope_field`: person rows reach their unit through the person's *current* unit
("person__unit"), which follows the person when they move; unit rows through "unit".
Person rows also declare `person_field = "person"`: a staff member reads only their own.
Every table is indexed for set-based per-year reads (see selectors.py).
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from tdkt.core.text import fold, normalise_name

FIRST_YEAR = 1975


def last_year() -> int:
    return datetime.date.today().year


class Rating(models.TextChoices):
    """Annual assessment of civil servants (NĐ 90/2020, amended by NĐ 48/2023)."""

    HTXSNV = "HTXSNV", "Hoàn thành xuất sắc nhiệm vụ"
    HTTNV = "HTTNV", "Hoàn thành tốt nhiệm vụ"
    HTNV = "HTNV", "Hoàn thành nhiệm vụ"
    KHTNV = "KHTNV", "Không hoàn thành nhiệm vụ"


RATING_RANK = {Rating.HTXSNV: 4, Rating.HTTNV: 3, Rating.HTNV: 2, Rating.KHTNV: 1}
COMPLETED_RATINGS = (Rating.HTXSNV, Rating.HTTNV, Rating.HTNV)


class Method(models.TextChoices):
    """How a form of commendation was given (Luật TĐKT 2022, Điều 8)."""

    REGULAR = "regular", "Thường xuyên"
    THEMATIC = "thematic", "Chuyên đề"
    SUDDEN = "sudden", "Đột xuất"
    FOREIGN = "foreign", "Đối ngoại"
    DEDICATION = "dedication", "Cống hiến"
    TENURE = "tenure", "Niên hạn"


class AwardKind(models.TextChoices):
    TITLE = "title", "Danh hiệu thi đua"
    FORM = "form", "Hình thức khen thưởng"


class AwardSubject(models.TextChoices):
    INDIVIDUAL = "individual", "Cá nhân"
    COLLECTIVE = "collective", "Tập thể"
    BOTH = "individual_or_collective", "Cá nhân hoặc tập thể"


class AwardLevel(models.TextChoices):
    BASE = "co_so", "Cơ sở"
    MINISTRY = "bo", "Cấp Bộ"
    STATE = "nha_nuoc", "Cấp Nhà nước"


class AwardType(models.Model):
    """Reference list of titles and forms (codes of the award catalogue). The eligibility
    engine owns the legal catalogue (tdkt.rules); this table only names what history rows
    and imports refer to."""

    code = models.CharField("mã", max_length=80, unique=True)
    name = models.CharField("tên", max_length=255)
    kind = models.CharField("loại", max_length=10, choices=AwardKind.choices)
    subject = models.CharField("đối tượng", max_length=30, choices=AwardSubject.choices)
    level = models.CharField("cấp", max_length=10, choices=AwardLevel.choices)
    aliases = models.JSONField("tên gọi khác", default=list, blank=True)
    rank = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["kind", "rank", "code"]
        verbose_name = "danh hiệu, hình thức khen thưởng"
        verbose_name_plural = "danh mục danh hiệu, hình thức khen thưởng"

    def __str__(self):
        return self.name

    def fits(self, collective: bool) -> bool:
        if self.subject == AwardSubject.BOTH:
            return True
        return self.subject == (AwardSubject.COLLECTIVE if collective else AwardSubject.INDIVIDUAL)

    def keys(self) -> list[str]:
        return [fold(self.code), fold(self.name), *(fold(a) for a in self.aliases)]


def _year_checks(name: str, field: str = "year") -> list:
    return [
        models.CheckConstraint(
            condition=Q(**{f"{field}__gte": FIRST_YEAR}) & Q(**{f"{field}__lte": 2100}),
            name=f"{name}_year_sane",
        )
    ]


# --- annual rating ----------------------------------------------------------------------


class PersonRating(models.Model):
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="ratings", verbose_name="cán bộ"
    )
    year = models.PositiveSmallIntegerField("năm")
    rating = models.CharField("xếp loại", max_length=6, choices=Rating.choices)

    scope_field = "person__unit"
    person_field = "person"

    class Meta:
        ordering = ["person", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="uniq_person_rating_year"),
            *_year_checks("person_rating"),
        ]
        indexes = [models.Index(fields=["year", "rating"], name="person_rating_year_idx")]
        verbose_name = "xếp loại cá nhân"
        verbose_name_plural = "xếp loại cá nhân"

    def __str__(self):
        return f"{self.year}: {self.rating}"


class UnitRating(models.Model):
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.CASCADE, related_name="ratings",
        verbose_name="đơn vị",
    )
    year = models.PositiveSmallIntegerField("năm")
    rating = models.CharField("xếp loại", max_length=6, choices=Rating.choices)

    scope_field = "unit"

    class Meta:
        ordering = ["unit", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="uniq_unit_rating_year"),
            *_year_checks("unit_rating"),
        ]
        verbose_name = "xếp loại tập thể"
        verbose_name_plural = "xếp loại tập thể"

    def __str__(self):
        return f"{self.year}: {self.rating}"


# --- titles and forms -------------------------------------------------------------------


class Decision(models.Model):
    """Decision reference shared by titles and forms."""

    year = models.PositiveSmallIntegerField("năm")
    award = models.ForeignKey(AwardType, on_delete=models.PROTECT, verbose_name="danh hiệu")
    decision_number = models.CharField("số quyết định", max_length=60, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    issuer = models.CharField("cấp quyết định", max_length=160, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.year}: {self.award}"


class PersonTitle(Decision):
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="titles", verbose_name="cán bộ"
    )
    scope_field = "person__unit"
    person_field = "person"

    class Meta:
        ordering = ["person", "-year", "award__rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year", "award"], name="uniq_person_title"
            ),
            *_year_checks("person_title"),
        ]
        indexes = [models.Index(fields=["award", "year"], name="person_title_award_year_idx")]
        verbose_name = "danh hiệu cá nhân"
        verbose_name_plural = "danh hiệu cá nhân"


class UnitTitle(Decision):
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.CASCADE, related_name="titles",
        verbose_name="đơn vị",
    )
    scope_field = "unit"

    class Meta:
        ordering = ["unit", "-year", "award__rank"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "award"], name="uniq_unit_title"),
            *_year_checks("unit_title"),
        ]
        indexes = [models.Index(fields=["award", "year"], name="unit_title_award_year_idx")]
        verbose_name = "danh hiệu tập thể"
        verbose_name_plural = "danh hiệu tập thể"


class PersonAward(Decision):
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="awards", verbose_name="cán bộ"
    )
    method = models.CharField(
        "phương thức", max_length=12, choices=Method.choices, default=Method.REGULAR
    )
    scope_field = "person__unit"
    person_field = "person"

    class Meta:
        ordering = ["person", "-year", "award__rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year", "award"], name="uniq_person_award"
            ),
            *_year_checks("person_award"),
        ]
        indexes = [models.Index(fields=["award", "year"], name="person_award_award_year_idx")]
        verbose_name = "khen thưởng cá nhân"
        verbose_name_plural = "khen thưởng cá nhân"


class UnitAward(Decision):
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.CASCADE, related_name="awards",
        verbose_name="đơn vị",
    )
    method = models.CharField(
        "phương thức", max_length=12, choices=Method.choices, default=Method.REGULAR
    )
    scope_field = "unit"

    class Meta:
        ordering = ["unit", "-year", "award__rank"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "award"], name="uniq_unit_award"),
            *_year_checks("unit_award"),
        ]
        indexes = [models.Index(fields=["award", "year"], name="unit_award_award_year_idx")]
        verbose_name = "khen thưởng tập thể"
        verbose_name_plural = "khen thưởng tập thể"


# --- initiatives, discipline, proceedings, leave, posts -----------------------------------


class InitiativeKind(models.TextChoices):
    INITIATIVE = "initiative", "Sáng kiến"
    RESEARCH = "research", "Đề tài"


class InitiativeScope(models.TextChoices):
    BASE = "co_so", "Cơ sở"
    MINISTRY = "bo", "Bộ"
    NATIONAL = "toan_quoc", "Toàn quốc"


class Initiative(models.Model):
    """An initiative or accepted research. One achievement serves one award only: `used_for`
    names the award it was counted for (null while unused)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="initiatives",
        verbose_name="cán bộ",
    )
    year = models.PositiveSmallIntegerField("năm")
    title = models.CharField("tên sáng kiến, đề tài", max_length=500)
    title_key = models.CharField(max_length=500, editable=False)
    kind = models.CharField(
        "loại", max_length=12, choices=InitiativeKind.choices, default=InitiativeKind.INITIATIVE
    )
    scope = models.CharField(
        "phạm vi", max_length=10, choices=InitiativeScope.choices, default=InitiativeScope.BASE
    )
    decision_number = models.CharField("số quyết định công nhận", max_length=60, blank=True)
    used_for = models.ForeignKey(
        PersonAward, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="initiatives_used", verbose_name="đã dùng để khen thưởng",
    )
    used_for_title = models.ForeignKey(
        PersonTitle, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="initiatives_used", verbose_name="đã dùng cho danh hiệu",
    )
    scope_field = "person__unit"
    person_field = "person"

    class Meta:
        ordering = ["person", "-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year", "title_key"], name="uniq_person_initiative"
            ),
            models.CheckConstraint(
                condition=Q(used_for__isnull=True) | Q(used_for_title__isnull=True),
                name="initiative_used_once",
            ),
            *_year_checks("initiative"),
        ]
        verbose_name = "sáng kiến, đề tài"
        verbose_name_plural = "sáng kiến, đề tài"

    def __str__(self):
        return f"{self.year}: {self.title}"

    def save(self, *args, **kwargs):
        self.prepare()
        super().save(*args, **kwargs)

    def prepare(self):
        """Normalise; called by save() and by bulk writers that bypass it."""
        self.title = normalise_name(self.title)
        self.title_key = fold(self.title)
        return self


class DisciplineForm(models.TextChoices):
    """Ascending severity."""

    REPRIMAND = "khien_trach", "Khiển trách"
    WARNING = "canh_cao", "Cảnh cáo"
    SALARY_DOWN = "ha_bac_luong", "Hạ bậc lương"
    DEMOTION = "giang_chuc", "Giáng chức"
    DISMISSAL_FROM_POST = "cach_chuc", "Cách chức"
    DISMISSAL = "buoc_thoi_viec", "Buộc thôi việc"


class Discipline(models.Model):
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="disciplines",
        verbose_name="cán bộ",
    )
    form = models.CharField("hình thức kỷ luật", max_length=16, choices=DisciplineForm.choices)
    decided_on = models.DateField("ngày quyết định")
    ends_on = models.DateField("ngày hết hiệu lực", null=True, blank=True)
    decision_number = models.CharField("số quyết định", max_length=60, blank=True)
    scope_field = "person__unit"
    person_field = "person"

    class Meta:
        ordering = ["person", "-decided_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "form", "decided_on"], name="uniq_person_discipline"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("decided_on")),
                name="discipline_ends_after_decision",
            ),
        ]
        indexes = [models.Index(fields=["decided_on"], name="discipline_decided_idx")]
        verbose_name = "kỷ luật"
        verbose_name_plural = "kỷ luật"

    def __str__(self):
        return f"{self.get_form_display()} ({self.decided_on:%d/%m/%Y})"

    def running_on(self, day: datetime.date) -> bool:
        return self.decided_on <= day and (self.ends_on is None or day < self.ends_on)


class ProceedingKind(models.TextChoices):
    DISCIPLINE = "discipline", "Đang xem xét kỷ luật"
    INSPECTION = "inspection", "Đang thanh tra, kiểm tra"
    INVESTIGATION = "investigation", "Đang điều tra"
    COMPLAINT = "complaint", "Đang giải quyết khiếu nại, tố cáo"


class Proceeding(models.Model):
    """An open case that holds back commendation while it runs."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="proceedings",
        verbose_name="cán bộ",
    )
    kind = models.CharField("loại vụ việc", max_length=16, choices=ProceedingKind.choices)
    opened_on = models.DateField("ngày bắt đầu")
    closed_on = models.DateField("ngày kết thúc", null=True, blank=True)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    scope_field = "person__unit"
    person_field = "person"

    class Meta:
        ordering = ["person", "-opened_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="proceeding_closes_after_opening",
            ),
        ]
        verbose_name = "vụ việc đang xem xét"
        verbose_name_plural = "vụ việc đang xem xét"

    def __str__(self):
        return f"{self.get_kind_display()} (từ {self.opened_on:%d/%m/%Y})"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class LeaveKind(models.TextChoices):
    MATERNITY = "maternity", "Nghỉ thai sản"
    SICK = "sick", "Nghỉ ốm dài ngày"
    STUDY = "study", "Đi học tập trung"
    UNPAID = "unpaid", "Nghỉ không lương"
    OTHER = "other", "Nghỉ khác"


# Leave that the law counts as working time (maternity: Luật TĐKT 2022, NĐ 152/2025).
COUNTS_AS_WORK = {LeaveKind.MATERNITY}


class LeavePeriod(models.Model):
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="leaves", verbose_name="cán bộ"
    )
    kind = models.CharField("loại nghỉ", max_length=12, choices=LeaveKind.choices)
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    note = models.CharField("ghi chú", max_length=255, blank=True)
    scope_field = "person__unit"
    person_field = "person"

    class Meta:
        ordering = ["person", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="leave_ends_after_start"
            ),
        ]
        verbose_name = "thời gian nghỉ"
        verbose_name_plural = "thời gian nghỉ"

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y}"

    @property
    def counts_as_work(self) -> bool:
        return self.kind in COUNTS_AS_WORK

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


class Post(models.TextChoices):
    HEAD = "head", "Cấp trưởng"
    DEPUTY = "deputy", "Cấp phó"
    MINISTER = "minister", "Bộ trưởng"
    DEPUTY_MINISTER = "deputy_minister", "Thứ trưởng"


class LeadershipPost(models.Model):
    """A leadership post held (for tenure-based awards)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="posts", verbose_name="cán bộ"
    )
    post = models.CharField("chức vụ", max_length=16, choices=Post.choices)
    title = models.CharField("tên chức vụ", max_length=160, blank=True)
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày", null=True, blank=True)
    transferred_in = models.BooleanField("chuyển từ ngành khác đến", default=False)
    scope_field = "person__unit"
    person_field = "person"

    class Meta:
        ordering = ["person", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="post_ends_after_start",
            ),
        ]
        verbose_name = "chức vụ lãnh đạo"
        verbose_name_plural = "quá trình giữ chức vụ lãnh đạo"

    def __str__(self):
        return f"{self.title or self.get_post_display()} từ {self.starts_on:%d/%m/%Y}"


# --- Excel import jobs -------------------------------------------------------------------


class ImportStatus(models.TextChoices):
    PENDING = "pending", "Đang chờ"
    VALIDATING = "validating", "Đang kiểm tra"
    INVALID = "invalid", "Có lỗi, không nhập"
    READY = "ready", "Sẵn sàng nhập"
    CONFIRMED = "confirmed", "Đã xác nhận, đang chờ ghi"
    APPLYING = "applying", "Đang nhập"
    DONE = "done", "Đã nhập"
    FAILED = "failed", "Lỗi hệ thống"
    EXPIRED = "expired", "Quá hạn xác nhận, tệp đã xóa"


class ImportJob(models.Model):
    """One upload of the people-and-history workbook, from validation to apply."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField("tên tệp", max_length=255)
    stored_path = models.CharField(max_length=500, blank=True)
    scope_paths = models.JSONField(default=list, blank=True)  # [] = whole sector
    unit = models.ForeignKey(
        "organisation.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="giới hạn đơn vị",
    )
    source = models.CharField(max_length=10, default="web")
    status = models.CharField(
        "trạng thái", max_length=12, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    processed = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)  # sheet -> {created, updated, unchanged}
    errors = models.JSONField(default=list, blank=True)  # ["Sheet!Row: column — message", …]
    error_count = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Written with the progress while a task works on the job; a running job whose heartbeat
    # is stale lost its worker (tdkt.core.jobs.reap_stale_jobs).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    failed_step = models.CharField(max_length=12, blank=True)  # status the job failed in
    failure_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "lần nhập tệp Excel"
        verbose_name_plural = "các lần nhập tệp Excel"

    def __str__(self):
        return f"Nhập {self.file_name} ({self.created_at:%d/%m/%Y %H:%M})"

    @property
    def percent(self) -> int:
        if not self.total:
            return 0
        return min(100, round(100 * self.processed / self.total))

    @property
    def running(self) -> bool:
        return self.status in (
            ImportStatus.PENDING, ImportStatus.VALIDATING, ImportStatus.CONFIRMED,
            ImportStatus.APPLYING,
        )
