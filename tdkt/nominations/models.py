"""Commendation workflow: rounds, submissions (tờ trình), nominations and their dossiers,
appraisal, the council's secret ballot, public disclosure, decisions and revocation.

State changes live in services.py; this module holds data and row-level invariants only.

Secret ballot storage (docs/decisions/secret-ballot.md): who has voted is a `BallotMarker`
(meeting, member) with no choice; each sheet is a `SealedBallot` sealed to the meeting's public
key, stored without the voter, and deleted at the tally; `AgendaItem.agree`/`disagree` hold
only the totals, written once when the chair closes the ballot.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

# --- vocabularies ------------------------------------------------------------------------


class RoundKind(models.TextChoices):
    REGULAR = "regular", "Thường xuyên (tổng kết năm)"
    THEMATIC = "thematic", "Chuyên đề (theo phong trào)"
    SUDDEN = "sudden", "Đột xuất (thủ tục đơn giản)"
    COMMEMORATIVE = "commemorative", "Kỷ niệm chương (28/8)"


# history.Method values for each kind of round (awards written into people's history).
ROUND_METHOD = {
    RoundKind.REGULAR: "regular",
    RoundKind.THEMATIC: "thematic",
    RoundKind.SUDDEN: "sudden",
    RoundKind.COMMEMORATIVE: "dedication",
}


class SubjectKind(models.TextChoices):
    INDIVIDUAL = "individual", "Cá nhân"
    COLLECTIVE = "collective", "Tập thể"


class Status(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    SUBMITTED = "submitted", "Đã trình"
    UNDER_APPRAISAL = "under_appraisal", "Đang thẩm định"
    RETURNED = "returned", "Trả lại bổ sung"
    APPRAISED = "appraised", "Đã thẩm định"
    AT_COUNCIL = "at_council", "Trình Hội đồng"
    IN_DISCLOSURE = "in_disclosure", "Đang công khai"
    APPROVED = "approved", "Được đề nghị khen thưởng"
    NOT_APPROVED = "not_approved", "Không được đề nghị"
    DECIDED = "decided", "Đã có quyết định"
    REVOKED = "revoked", "Đã thu hồi, hủy bỏ"


# Nominations that still "occupy" their subject/award/year (for duplicate detection).
ACTIVE_STATUSES = (
    Status.DRAFT,
    Status.SUBMITTED,
    Status.UNDER_APPRAISAL,
    Status.RETURNED,
    Status.APPRAISED,
    Status.AT_COUNCIL,
    Status.IN_DISCLOSURE,
    Status.APPROVED,
    Status.DECIDED,
)
EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)


class DocKind(models.TextChoices):
    """Typed attachments of a dossier (Luật TĐKT 2022 Điều 84; thủ tục đơn giản Điều 85)."""

    TO_TRINH = "to_trinh", "Tờ trình đề nghị khen thưởng"
    BAO_CAO = "bao_cao_thanh_tich", "Báo cáo thành tích"
    BIEN_BAN_BINH_XET = "bien_ban_binh_xet", "Biên bản bình xét thi đua (có kết quả bỏ phiếu)"
    BIEN_BAN_XET_KT = "bien_ban_xet_khen_thuong", "Biên bản họp xét khen thưởng"
    SANG_KIEN = "chung_nhan_sang_kien", "Giấy chứng nhận, xác nhận sáng kiến, đề tài"
    XAC_NHAN = "xac_nhan_co_quan", "Xác nhận của cơ quan có thẩm quyền"
    TOM_TAT = "tom_tat_thanh_tich", "Tóm tắt thành tích (thủ tục đơn giản)"
    QUA_TRINH = "qua_trinh_cong_tac", "Bản tóm tắt quá trình công tác"
    KHAC = "khac", "Tài liệu khác"


# Documents whose minutes must show the vote result.
VOTE_RESULT_KINDS = (DocKind.BIEN_BAN_BINH_XET, DocKind.BIEN_BAN_XET_KT)


class Denominator(models.TextChoices):
    ALL = "all", "Tổng số thành viên Hội đồng"
    PRESENT = "present", "Số thành viên có mặt"


class VerifyStatus(models.TextChoices):
    VERIFIED = "verified", "Đã đối chiếu văn bản"
    UNVERIFIED = "chưa xác minh", "Chưa đối chiếu văn bản"


# --- configuration (editable by the emulation department) ---------------------------------


class AwardSetting(models.Model):
    """Per-award values the workflow needs. A null value means "take it from the catalogue
    version in force" (tdkt.rules); values the catalogue leaves open are seeded here with
    defaults marked "chưa xác minh". See config.award_config() for the merge."""

    code = models.CharField("mã", max_length=80, unique=True)
    name = models.CharField("tên", max_length=255)
    level = models.CharField("cấp", max_length=10, blank=True)
    recipient = models.CharField("đối tượng", max_length=30, blank=True)
    kind = models.CharField("loại", max_length=20, blank=True)
    disclosure_required = models.BooleanField("phải công khai", null=True, blank=True)
    disclosure_working_days = models.PositiveSmallIntegerField(
        "số ngày làm việc công khai", null=True, blank=True
    )
    vote_threshold_percent = models.PositiveSmallIntegerField(
        "tỷ lệ phiếu đồng ý tối thiểu (%)", null=True, blank=True
    )
    vote_denominator = models.CharField(
        "tính trên", max_length=10, choices=Denominator.choices, blank=True
    )
    dossier = models.JSONField("thành phần hồ sơ", default=list, blank=True)
    status = models.CharField(
        "tình trạng", max_length=20, choices=VerifyStatus.choices,
        default=VerifyStatus.UNVERIFIED,
    )
    note = models.CharField("ghi chú", max_length=500, blank=True)

    class Meta:
        ordering = ["level", "code"]
        verbose_name = "cấu hình khen thưởng"
        verbose_name_plural = "cấu hình khen thưởng"

    def __str__(self):
        return self.name


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "Ngày nghỉ lễ, Tết"
    WORKING = "working", "Ngày làm bù (thứ Bảy, Chủ nhật đi làm)"


class Holiday(models.Model):
    """The Vietnamese working-day calendar's exceptions: public holidays (and days off in
    lieu) and weekend days worked in exchange. Weekends are off otherwise."""

    day = models.DateField("ngày", unique=True)
    kind = models.CharField("loại", max_length=10, choices=DayKind.choices, default=DayKind.HOLIDAY)
    name = models.CharField("tên", max_length=160)
    status = models.CharField(
        "tình trạng", max_length=20, choices=VerifyStatus.choices, default=VerifyStatus.VERIFIED
    )

    class Meta:
        ordering = ["day"]
        verbose_name = "ngày nghỉ, ngày làm bù"
        verbose_name_plural = "lịch ngày nghỉ"

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.name}"


# --- rounds, submissions, nominations -----------------------------------------------------


class AwardRound(models.Model):
    """Đợt xét khen thưởng, organised by a unit (the Ministry for sector-wide rounds)."""

    name = models.CharField("tên đợt", max_length=255)
    kind = models.CharField("loại đợt", max_length=16, choices=RoundKind.choices)
    year = models.PositiveSmallIntegerField("năm thành tích")
    organiser = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="award_rounds",
        verbose_name="đơn vị tổ chức",
    )
    award_codes = models.JSONField("danh hiệu, hình thức được xét", default=list)
    movement = models.ForeignKey(
        "movements.Movement", null=True, blank=True, on_delete=models.PROTECT,
        related_name="award_rounds", verbose_name="phong trào thi đua",
    )
    movement_title = models.CharField("tên phong trào (nếu ngoài hệ thống)", max_length=255,
                                      blank=True)
    opens_on = models.DateField("ngày bắt đầu nhận hồ sơ")
    submission_deadline = models.DateField("hạn nộp hồ sơ")
    appraisal_deadline = models.DateField("hạn thẩm định", null=True, blank=True)
    council_date = models.DateField("dự kiến họp Hội đồng", null=True, blank=True)
    simplified = models.BooleanField("thủ tục đơn giản", default=False)
    closed = models.BooleanField("đã kết thúc", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # A unit's own year-end round (bình xét của đơn vị): its officer lists the candidates, its
    # head approves the agenda, its council votes and its head decides (services/unit_rounds).
    unit_round = models.BooleanField("đợt bình xét của đơn vị", default=False)
    agenda_approved_on = models.DateField("ngày thủ trưởng phê duyệt chương trình họp",
                                          null=True, blank=True)
    agenda_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name="người phê duyệt chương trình họp",
    )

    class Meta:
        ordering = ["-year", "-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(submission_deadline__gte=models.F("opens_on")),
                name="round_deadline_after_opening",
            ),
        ]
        verbose_name = "đợt xét khen thưởng"
        verbose_name_plural = "đợt xét khen thưởng"

    def __str__(self):
        return self.name


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", "Đang lập"
    SUBMITTED = "submitted", "Đã trình lên cấp trên"


class Submission(models.Model):
    """A unit's tờ trình for a round: the list of its nominations."""

    round = models.ForeignKey(
        AwardRound, on_delete=models.PROTECT, related_name="submissions", verbose_name="đợt"
    )
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="submissions",
        verbose_name="đơn vị trình",
    )
    number = models.CharField("số tờ trình", max_length=60, blank=True)
    title = models.CharField("trích yếu", max_length=300)
    status = models.CharField(
        "trạng thái", max_length=10, choices=SubmissionStatus.choices,
        default=SubmissionStatus.DRAFT,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_on = models.DateField("ngày trình", null=True, blank=True)

    scope_field = "unit"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "tờ trình"
        verbose_name_plural = "tờ trình"

    def __str__(self):
        return self.title


class Nomination(models.Model):
    """One subject (person or unit) proposed for one award in one round."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="nominations", verbose_name="tờ trình"
    )
    round = models.ForeignKey(
        AwardRound, on_delete=models.PROTECT, related_name="nominations", verbose_name="đợt"
    )
    proposing_unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+",
        verbose_name="đơn vị đề nghị",
    )
    year = models.PositiveSmallIntegerField("năm thành tích")
    award_code = models.CharField("danh hiệu, hình thức", max_length=80)
    subject_kind = models.CharField("đối tượng", max_length=12, choices=SubjectKind.choices)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT,
        related_name="nominations", verbose_name="cá nhân",
    )
    unit = models.ForeignKey(
        "organisation.Unit", null=True, blank=True, on_delete=models.PROTECT,
        related_name="nominations", verbose_name="tập thể",
    )
    subject_name = models.CharField("tên cá nhân, tập thể", max_length=255)
    achievement = models.TextField("tóm tắt thành tích")
    attested = models.BooleanField("đơn vị xác nhận các tiêu chuẩn định tính", default=False)
    initiatives = models.ManyToManyField(
        "history.Initiative", blank=True, related_name="nominations",
        verbose_name="sáng kiến, đề tài làm căn cứ",
    )
    status = models.CharField(
        "trạng thái", max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    status_since = models.DateField("ngày chuyển trạng thái", null=True, blank=True)
    submitted_on = models.DateField("ngày trình", null=True, blank=True)
    eligibility_snapshot = models.JSONField("kết quả xét điều kiện khi trình", null=True)
    appraisal = models.JSONField("kết quả thẩm định", null=True)
    checklist = models.JSONField("kiểm tra thành phần hồ sơ", null=True)
    return_reason = models.TextField("lý do trả lại", blank=True)
    disclosure = models.ForeignKey(
        "DisclosurePeriod", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="nominations", verbose_name="đợt công khai",
    )
    flag_note = models.TextField("cảnh báo cần xem lại", blank=True)
    # The unit council's result this nomination carries to the level above (proposes-only).
    forwarded_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="forwarded_to",
        verbose_name="kết quả bình xét của đơn vị",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope_field = "proposing_unit"
    person_field = "person"  # a dossier is its person's own record (staff: only their own)

    class Meta:
        ordering = ["round", "proposing_unit__path", "subject_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(subject_kind="individual", person__isnull=False, unit__isnull=True)
                    | Q(subject_kind="collective", unit__isnull=False, person__isnull=True)
                ),
                name="nomination_subject_matches_kind",
            ),
        ]
        indexes = [
            models.Index(fields=["award_code", "year"], name="nomination_award_year_idx"),
            models.Index(fields=["person", "year"], name="nomination_person_year_idx"),
        ]
        verbose_name = "hồ sơ đề nghị"
        verbose_name_plural = "hồ sơ đề nghị"

    def __str__(self):
        return f"{self.subject_name} – {self.award_code} {self.year}"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class NominationEvent(models.Model):
    """The nomination's own timeline (every transition, with reasons); mirrors the audit log
    so units see their dossier's history without administrator rights."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


def attachment_path(instance, filename):
    return f"khen-thuong/{instance.nomination_id}/{uuid.uuid4().hex}-{filename[-80:]}"


class Attachment(models.Model):
    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField("loại tài liệu", max_length=30, choices=DocKind.choices)
    file = models.FileField("tệp", upload_to=attachment_path, max_length=300)
    original_name = models.CharField("tên tệp", max_length=255)
    size = models.PositiveIntegerField("dung lượng (byte)")
    vote_result = models.CharField("kết quả bỏ phiếu", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    scope_field = "nomination__proposing_unit"
    person_field = "nomination__person"

    class Meta:
        ordering = ["nomination", "kind", "id"]
        verbose_name = "tài liệu hồ sơ"
        verbose_name_plural = "tài liệu hồ sơ"

    def __str__(self):
        return self.original_name


# --- council and secret ballot -------------------------------------------------------------


class CouncilPosition(models.TextChoices):
    CHAIR = "chair", "Chủ tịch Hội đồng"
    VICE = "vice", "Phó Chủ tịch Hội đồng"
    MEMBER = "member", "Ủy viên"
    SECRETARY = "secretary", "Ủy viên, Thư ký"


class Council(models.Model):
    """The Hội đồng Thi đua – Khen thưởng of a unit for one term (nhiệm kỳ). The Ministry's
    sector council is the council of the Ministry unit (BTP). Its rules: the quorum as a
    fraction of all members and, per award, the approval threshold (`CouncilThreshold`), each
    with the source the unit entered (its own regulation). See services/council.py."""

    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="councils",
        verbose_name="đơn vị",
    )
    name = models.CharField("tên Hội đồng", max_length=255)
    term_start = models.DateField("nhiệm kỳ từ ngày")
    term_end = models.DateField("đến ngày", null=True, blank=True)
    established_by = models.CharField(
        "quyết định thành lập, kiện toàn", max_length=255, blank=True
    )
    quorum_numerator = models.PositiveSmallIntegerField(
        "số thành viên có mặt tối thiểu (tử số)", default=2
    )
    quorum_denominator = models.PositiveSmallIntegerField("(mẫu số)", default=3)
    quorum_source = models.CharField(
        "căn cứ tỷ lệ có mặt (quy chế của đơn vị)", max_length=255, blank=True
    )
    minutes_symbol = models.CharField(
        "ký hiệu biên bản", max_length=40, default="BB-HĐTĐKT"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope_field = "unit"

    class Meta:
        ordering = ["unit__path", "-term_start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="council_term_order",
            ),
            models.CheckConstraint(
                condition=Q(quorum_numerator__gt=0)
                & Q(quorum_numerator__lte=models.F("quorum_denominator")),
                name="council_quorum_fraction",
            ),
        ]
        verbose_name = "Hội đồng Thi đua – Khen thưởng"
        verbose_name_plural = "Hội đồng Thi đua – Khen thưởng"

    def __str__(self):
        return self.name

    def in_term(self, day) -> bool:
        return self.term_start <= day and (self.term_end is None or day <= self.term_end)

    def quorum_needed(self, members: int) -> int:
        return -(-members * self.quorum_numerator // self.quorum_denominator)


class CouncilThreshold(models.Model):
    """A council's approval threshold for one award, from the unit's own regulation."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="thresholds")
    award_code = models.CharField("danh hiệu, hình thức", max_length=80)
    percent = models.PositiveSmallIntegerField("tỷ lệ phiếu đồng ý tối thiểu (%)")
    denominator = models.CharField("tính trên", max_length=10, choices=Denominator.choices)
    source = models.CharField("căn cứ (quy chế, quyết định của đơn vị)", max_length=255)

    scope_field = "council__unit"

    class Meta:
        ordering = ["council", "award_code"]
        constraints = [
            models.UniqueConstraint(fields=["council", "award_code"],
                                    name="uniq_council_threshold"),
            models.CheckConstraint(condition=Q(percent__gte=1) & Q(percent__lte=100),
                                   name="council_threshold_percent"),
        ]
        verbose_name = "ngưỡng biểu quyết của Hội đồng"
        verbose_name_plural = "ngưỡng biểu quyết của Hội đồng"

    def __str__(self):
        return f"{self.award_code}: {self.percent}%"


class CouncilMember(models.Model):
    """A seat on a council; `left_on` empty = a current member (a member who leaves keeps the
    row as history)."""

    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="members", verbose_name="Hội đồng",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_seats",
        verbose_name="thành viên",
    )
    position = models.CharField(
        "chức danh", max_length=10, choices=CouncilPosition.choices,
        default=CouncilPosition.MEMBER,
    )
    joined_on = models.DateField("từ ngày", null=True, blank=True)
    left_on = models.DateField("thôi tham gia từ ngày", null=True, blank=True)

    scope_field = "council__unit"

    class Meta:
        ordering = ["council", "position", "user__last_name", "user__first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "user"], condition=Q(left_on__isnull=True),
                name="uniq_council_member_current",
            ),
        ]
        verbose_name = "thành viên Hội đồng"
        verbose_name_plural = "thành viên Hội đồng"

    def __str__(self):
        return f"{self.user} ({self.council_id})"


class MeetingStatus(models.TextChoices):
    PREPARING = "preparing", "Đang chuẩn bị"
    VOTING = "voting", "Đang bỏ phiếu"
    CLOSED = "closed", "Đã kết thúc"


class Meeting(models.Model):
    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, related_name="meetings", verbose_name="Hội đồng",
    )
    year = models.PositiveSmallIntegerField("năm (nhiệm kỳ Hội đồng)")
    minutes_number = models.CharField("số biên bản", max_length=60, blank=True)
    starts_at = models.TimeField("giờ họp", null=True, blank=True)
    title = models.CharField("tên phiên họp", max_length=255)
    held_on = models.DateField("ngày họp")
    place = models.CharField("địa điểm", max_length=255, blank=True)
    quorum_numerator = models.PositiveSmallIntegerField("tỷ lệ tối thiểu có mặt (tử số)", default=2)
    quorum_denominator = models.PositiveSmallIntegerField("(mẫu số)", default=3)
    status = models.CharField(
        "trạng thái", max_length=10, choices=MeetingStatus.choices,
        default=MeetingStatus.PREPARING,
    )
    members_total = models.PositiveSmallIntegerField("tổng số thành viên", default=0)
    present_count = models.PositiveSmallIntegerField("số thành viên có mặt", default=0)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Secret ballot (docs/decisions/secret-ballot.md): the X25519 public key derived from the
    # chair's passphrase at opening, and the KDF parameters (salt…) to derive it again at the
    # tally. The private key and the passphrase are never stored.
    ballot_public_key = models.CharField(max_length=64, blank=True, editable=False)
    ballot_kdf = models.JSONField(default=dict, blank=True, editable=False)
    ballots_counted = models.PositiveSmallIntegerField("số phiếu thu về", null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "phiên họp Hội đồng"
        verbose_name_plural = "phiên họp Hội đồng"

    def __str__(self):
        return self.title

    def quorum_needed(self, members: int) -> int:
        """Smallest attendance meeting the quorum fraction (ceil)."""
        return -(-members * self.quorum_numerator // self.quorum_denominator)


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField("có mặt", default=True)
    note = models.CharField("ghi chú (ý kiến bằng văn bản…)", max_length=255, blank=True)

    class Meta:
        ordering = ["meeting", "user__last_name", "user__first_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="uniq_attendance"),
        ]

    def __str__(self):
        return f"{self.user_id} {'có mặt' if self.present else 'vắng mặt'}"


class ItemResult(models.TextChoices):
    PENDING = "pending", "Chưa có kết quả"
    PASSED = "passed", "Đạt"
    FAILED = "failed", "Không đạt"


class AgendaPurpose(models.TextChoices):
    DECIDE = "decide", "Xét, quyết định khen thưởng"
    PROPOSE = "propose", "Xét, đề nghị cấp trên khen thưởng"


class AgendaItem(models.Model):
    """A nomination on a meeting's agenda. `agree`/`disagree` are the tallied totals, written
    once when the chair closes the ballot (0 until then); no per-ballot counter exists."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    agree = models.PositiveSmallIntegerField("đồng ý", default=0)
    disagree = models.PositiveSmallIntegerField("không đồng ý", default=0)
    # Rule applied, copied from the configuration in force when voting closed.
    threshold_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    denominator = models.CharField(max_length=10, choices=Denominator.choices, blank=True)
    base_count = models.PositiveSmallIntegerField(null=True, blank=True)
    rule_status = models.CharField(max_length=20, blank=True)
    rule_source = models.CharField(max_length=255, blank=True)
    # decide: the unit's head decides on the council's result; propose: above the unit's
    # authority, the result is a proposal to the level above (services.council.authority_for).
    purpose = models.CharField(
        "mục đích xét", max_length=10, choices=AgendaPurpose.choices,
        default=AgendaPurpose.DECIDE,
    )
    result = models.CharField(
        max_length=10, choices=ItemResult.choices, default=ItemResult.PENDING
    )

    class Meta:
        ordering = ["meeting", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "nomination"], name="uniq_agenda_item"),
        ]

    def __str__(self):
        return f"{self.meeting}: {self.nomination}"

    @property
    def votes(self) -> int:
        return self.agree + self.disagree


class BallotMarker(models.Model):
    """That `member` has cast their ballot sheet in `meeting` — never what they chose. One per
    member and meeting (unique): no second ballot, no change. No timestamp."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="markers")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="uniq_ballot_marker"),
        ]

    def __str__(self):
        return "đã bỏ phiếu"


class SealedBallot(models.Model):
    """One ballot sheet, sealed (HPKE, X25519) with the meeting's public key: no voter, no
    time, a random id, the same length whatever the choices. Opened in memory and deleted
    when the chair closes the ballot; only the totals are kept (`AgendaItem.agree`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    sealed = models.BinaryField()

    def __str__(self):
        return "phiếu kín"


# --- public disclosure ---------------------------------------------------------------------


class DisclosurePeriod(models.Model):
    title = models.CharField("tiêu đề", max_length=255)
    starts_on = models.DateField("ngày bắt đầu")
    working_days = models.PositiveSmallIntegerField("số ngày làm việc")
    ends_on = models.DateField("ngày kết thúc (ngày làm việc cuối cùng)")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    concluded = models.BooleanField("đã kết thúc xử lý", default=False)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = "đợt công khai"
        verbose_name_plural = "đợt công khai"

    def __str__(self):
        return self.title

    def is_open(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on

    def has_ended(self, day) -> bool:
        return day > self.ends_on


class CommentStatus(models.TextChoices):
    NEW = "new", "Chưa xử lý"
    VALID = "valid", "Có cơ sở, cần xem xét"
    DISMISSED = "dismissed", "Không có cơ sở"
    SPAM = "spam", "Không hợp lệ (rác, trùng lặp)"


class PublicComment(models.Model):
    period = models.ForeignKey(
        DisclosurePeriod, on_delete=models.CASCADE, related_name="comments"
    )
    nomination = models.ForeignKey(
        Nomination, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments",
        verbose_name="về hồ sơ",
    )
    author_name = models.CharField("họ tên người góp ý", max_length=120, blank=True)
    contact = models.CharField("thư điện tử hoặc số điện thoại", max_length=120, blank=True)
    content = models.TextField("nội dung góp ý")
    ip_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        "xử lý", max_length=10, choices=CommentStatus.choices, default=CommentStatus.NEW
    )
    response = models.TextField("ý kiến xử lý", blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "ý kiến góp ý"
        verbose_name_plural = "ý kiến góp ý"

    def __str__(self):
        return self.content[:60]


# --- decisions ---------------------------------------------------------------------------


class DecisionCounter(models.Model):
    """The next number of an issuer's yearly series, locked while a number is allocated."""

    issuer_code = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer_code", "year"], name="uniq_decision_counter"),
        ]

    def __str__(self):
        return f"{self.issuer_code} {self.year}: {self.last}"


class Decision(models.Model):
    """Quyết định khen thưởng. Rendered by the documents team from this row and its awardees."""

    issuer = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="award_decisions",
        verbose_name="cơ quan ban hành",
    )
    issuer_code = models.CharField("ký hiệu cơ quan", max_length=20, default="BTP")
    issuer_title = models.CharField(
        "thẩm quyền", max_length=160, default="Bộ trưởng Bộ Tư pháp"
    )
    year = models.PositiveSmallIntegerField("năm ban hành")
    sequence = models.PositiveIntegerField("số thứ tự")
    number = models.CharField("số, ký hiệu", max_length=40)
    signed_on = models.DateField("ngày ký")
    signer_name = models.CharField("người ký", max_length=120)
    signer_title = models.CharField("chức vụ người ký", max_length=120)
    title = models.CharField("trích yếu", max_length=300)
    legal_bases = models.TextField("căn cứ ban hành")
    round = models.ForeignKey(
        AwardRound, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    method = models.CharField("phương thức khen thưởng", max_length=12, default="regular")
    catalogue_version = models.CharField(max_length=40, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope_field = "issuer"

    class Meta:
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_code", "year", "sequence"], name="uniq_decision_number"
            ),
        ]
        verbose_name = "quyết định khen thưởng"
        verbose_name_plural = "quyết định khen thưởng"

    def __str__(self):
        return f"Quyết định số {self.number_display}"

    @property
    def number_display(self) -> str:
        """The one way a decision number is written (screen, public pages, .docx, PDF,
        certificates): below 10 with a leading zero, "02/QĐ-BTP" (Decree 30/2020)."""
        from tdkt.documents.formats import decision_number

        return decision_number(self.number)


class RevocationGround(models.TextChoices):
    """Luật TĐKT 2022 Điều 93 khoản 2 (article number inferred)."""

    FRAUD = "a", "Gian dối trong việc kê khai thành tích"
    FORGED = "b", "Cung cấp thông tin sai sự thật, giả mạo hồ sơ"
    UNLAWFUL = "c", "Thẩm định, đánh giá, xét duyệt, đề nghị khen thưởng trái pháp luật"
    VIOLATION = "d", (
        "Có kết luận, quyết định, bản án của cơ quan có thẩm quyền về vi phạm trong thời gian "
        "được tính thành tích, không đủ tiêu chuẩn"
    )


class Awardee(models.Model):
    """One line of a decision's list: who receives which award (snapshot of names)."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="awardees")
    nomination = models.OneToOneField(
        Nomination, on_delete=models.PROTECT, related_name="awardee"
    )
    position = models.PositiveSmallIntegerField(default=0)
    award_code = models.CharField(max_length=80)
    award_name = models.CharField(max_length=255)
    subject_kind = models.CharField(max_length=12, choices=SubjectKind.choices)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "organisation.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_name = models.CharField(max_length=255)
    position_title = models.CharField("chức vụ", max_length=160, blank=True)
    unit_name = models.CharField("đơn vị công tác", max_length=255, blank=True)
    proposing_unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+"
    )
    achievement = models.TextField(blank=True)
    year = models.PositiveSmallIntegerField()
    # The history row written when the decision was issued ("<model label>:<pk>").
    history_ref = models.CharField(max_length=60, blank=True)
    revoked = models.BooleanField("đã thu hồi", default=False)
    revoked_on = models.DateField(null=True, blank=True)
    revocation_ground = models.CharField(
        max_length=1, choices=RevocationGround.choices, blank=True
    )
    revocation_reason = models.TextField(blank=True)
    revocation_reference = models.CharField("văn bản hủy bỏ", max_length=120, blank=True)
    flagged = models.BooleanField("cần xem xét lại", default=False)
    flag_reason = models.TextField(blank=True)

    scope_field = "proposing_unit"

    class Meta:
        ordering = ["decision", "position", "id"]
        verbose_name = "người, tập thể được khen thưởng"
        verbose_name_plural = "danh sách khen thưởng"

    def __str__(self):
        return f"{self.subject_name} – {self.award_name}"
