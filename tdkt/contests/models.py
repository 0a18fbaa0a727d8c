"""Online law contests (cuộc thi tìm hiểu pháp luật trực tuyến): a question bank tied to the
articles of the legal library, contests with weekly rounds, attempts graded on the server,
results per person and per unit, prizes and their decisions.

Scoping: a contest reaches the whole sector (no units chosen) or the subtrees of its units
(`selectors.visible_contests`). A participant's entry and attempts belong to the unit the
person was in when they first started the round (`Entry.unit`)."""

import re

from django.conf import settings
from django.db import models
from django.db.models import Q

from tdkt.core.text import fold

ANCHOR_RE = re.compile(r"^dieu-(\d+)([a-z]?)(-khoan-\d+[a-z]?(-diem-[a-z]{1,2})?)?$")


def duration_text(ms: int | None) -> str:
    """"7 phút 05 giây" from milliseconds ("" for none)."""
    if ms is None:
        return ""
    seconds = round(ms / 1000)
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes} phút {seconds:02d} giây" if minutes else f"{seconds} giây"


def article_of(anchor: str) -> int | None:
    m = ANCHOR_RE.match(anchor or "")
    return int(m.group(1)) if m else None


class Question(models.Model):
    """A multiple-choice question testing one article (clause) of a legal document. One or
    more choices are right; an answer scores only when it picks exactly the right ones."""

    document = models.ForeignKey("legal.LegalDocument", on_delete=models.PROTECT,
                                 related_name="contest_questions", verbose_name="văn bản")
    anchor = models.CharField("điều, khoản", max_length=80,
                              help_text="Ví dụ: dieu-93 hoặc dieu-93-khoan-2.")
    article = models.PositiveSmallIntegerField("điều", editable=False, null=True)
    text = models.TextField("câu hỏi")
    explanation = models.TextField("giải thích", blank=True)
    active = models.BooleanField("đang dùng", default=True)
    search_text = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["document__code", "article", "anchor", "pk"]
        indexes = [models.Index(fields=["document", "article"])]
        verbose_name = "câu hỏi"
        verbose_name_plural = "ngân hàng câu hỏi"

    def __str__(self):
        return self.text[:80]

    def save(self, *args, **kwargs):
        self.article = article_of(self.anchor)
        self.search_text = fold(f"{self.text} {self.explanation}")
        super().save(*args, **kwargs)

    @property
    def article_label(self) -> str:
        """"Điều 93, khoản 2" from the anchor."""
        m = ANCHOR_RE.match(self.anchor or "")
        if not m:
            return self.anchor
        label = f"Điều {m.group(1)}{m.group(2)}"
        rest = self.anchor[m.end(2):]
        parts = rest.split("-")
        if "khoan" in parts:
            label += f", khoản {parts[parts.index('khoan') + 1]}"
        if "diem" in parts:
            label += f", điểm {parts[parts.index('diem') + 1].replace('dd', 'đ')}"
        return label


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField("phương án", max_length=1000)
    correct = models.BooleanField("đúng", default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["question", "position", "pk"]
        verbose_name = "phương án trả lời"

    def __str__(self):
        return self.text[:60]


DEFAULT_TIEBREAK = "Dự đoán có bao nhiêu người tham gia vòng thi này?"


class Contest(models.Model):
    title = models.CharField("tên cuộc thi", max_length=300)
    rules = models.TextField("thể lệ", blank=True)
    units = models.ManyToManyField(
        "organisation.Unit", blank=True, related_name="contests",
        verbose_name="đơn vị tham gia",
        help_text="Để trống: toàn ngành. Chọn đơn vị: cán bộ của đơn vị và các đơn vị trực thuộc.")
    documents = models.ManyToManyField(
        "legal.LegalDocument", blank=True, related_name="contests",
        verbose_name="văn bản dùng ra đề", help_text="Để trống: toàn bộ ngân hàng câu hỏi.")
    questions_per_attempt = models.PositiveSmallIntegerField("số câu hỏi mỗi lượt", default=20)
    time_limit_minutes = models.PositiveSmallIntegerField("thời gian làm bài (phút)", default=20)
    max_attempts = models.PositiveSmallIntegerField("số lượt thi tối đa mỗi vòng", default=3)
    tiebreak_question = models.CharField("câu hỏi phụ (dự đoán)", max_length=300,
                                         default=DEFAULT_TIEBREAK)
    published = models.BooleanField("công khai trên trang công khai", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "cuộc thi"
        verbose_name_plural = "cuộc thi"

    def __str__(self):
        return self.title


class Round(models.Model):
    """A round (usually a week): open between two moments."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField("vòng")
    opens_at = models.DateTimeField("mở từ")
    closes_at = models.DateTimeField("đóng lúc")

    class Meta:
        ordering = ["contest", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "number"], name="uniq_contest_round"),
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")),
                                   name="contest_round_closes_after_opening"),
        ]
        verbose_name = "vòng thi"
        verbose_name_plural = "vòng thi"

    def __str__(self):
        return f"Vòng {self.number}"

    def is_open(self, now) -> bool:
        return self.opens_at <= now < self.closes_at

    def is_closed(self, now) -> bool:
        return now >= self.closes_at


class Entry(models.Model):
    """One person's participation in a round: the row locked while starting or submitting
    (attempt limit, one open attempt), and the best attempt (highest score, then shortest
    time) kept here for rankings."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE,
                               related_name="contest_entries")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name="đơn vị")
    attempts_used = models.PositiveSmallIntegerField(default=0)
    best_attempt = models.ForeignKey("Attempt", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    best_score = models.PositiveSmallIntegerField(null=True, blank=True)
    best_duration_ms = models.PositiveIntegerField(null=True, blank=True)
    prediction = models.PositiveIntegerField(null=True, blank=True)
    best_submitted_at = models.DateTimeField(null=True, blank=True)

    scope_field = "unit"
    person_field = "person"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="uniq_contest_entry"),
        ]
        indexes = [models.Index(fields=["round", "best_score"])]
        verbose_name = "người dự thi"
        verbose_name_plural = "người dự thi"

    def __str__(self):
        return f"{self.person} – {self.round}"

    @property
    def duration_text(self) -> str:
        return duration_text(self.best_duration_ms)


class AttemptStatus(models.TextChoices):
    OPEN = "open", "Đang làm bài"
    SUBMITTED = "submitted", "Đã nộp bài"
    EXPIRED = "expired", "Quá thời gian, không được tính"


class Attempt(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="attempts")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveSmallIntegerField("lượt")
    status = models.CharField("trạng thái", max_length=10, choices=AttemptStatus.choices,
                              default=AttemptStatus.OPEN)
    started_at = models.DateTimeField("bắt đầu")
    deadline = models.DateTimeField("hạn nộp bài")
    submitted_at = models.DateTimeField("nộp bài lúc", null=True, blank=True)
    score = models.PositiveSmallIntegerField("số câu đúng", null=True, blank=True)
    total = models.PositiveSmallIntegerField("số câu hỏi", default=0)
    duration_ms = models.PositiveIntegerField("thời gian làm bài (ms)", null=True, blank=True)
    prediction = models.PositiveIntegerField("dự đoán", null=True, blank=True)

    scope_field = "entry__unit"
    person_field = "person"

    class Meta:
        ordering = ["entry", "number"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "number"], name="uniq_attempt_number"),
            # No parallel sessions: at most one attempt in progress per person and round.
            models.UniqueConstraint(fields=["entry"], condition=Q(status="open"),
                                    name="one_open_attempt_per_entry"),
        ]
        verbose_name = "lượt thi"
        verbose_name_plural = "lượt thi"

    def __str__(self):
        return f"Lượt {self.number} – {self.entry}"

    @property
    def duration_text(self) -> str:
        return duration_text(self.duration_ms)


class AttemptQuestion(models.Model):
    """A question drawn for an attempt, the order its choices were shown in (choice ids) and
    what the participant chose. The page names choices by their place in `order` only."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    order = models.JSONField(default=list)
    selected = models.JSONField(default=list)
    correct = models.BooleanField(null=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="uniq_attempt_item"),
        ]

    def __str__(self):
        return f"Câu {self.position} – {self.attempt}"


class PrizeKind(models.TextChoices):
    INDIVIDUAL = "individual", "Cá nhân"
    COLLECTIVE = "collective", "Tập thể"


class PrizeLevel(models.TextChoices):
    FIRST = "nhat", "Giải Nhất"
    SECOND = "nhi", "Giải Nhì"
    THIRD = "ba", "Giải Ba"
    CONSOLATION = "khuyen_khich", "Giải Khuyến khích"
    COLLECTIVE = "tap_the", "Giải Tập thể"


class PrizeDecision(models.Model):
    """The organisers' decision awarding the prizes of a round (or of the whole contest)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="decisions")
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="decisions", verbose_name="vòng thi")
    number = models.CharField("số quyết định", max_length=60)
    signed_on = models.DateField("ngày ký")
    signer_title = models.CharField("chức vụ người ký", max_length=200)
    signer_name = models.CharField("họ tên người ký", max_length=120)
    authority = models.CharField("cơ quan, người có thẩm quyền", max_length=200,
                                 default="Trưởng Ban Tổ chức cuộc thi")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "-pk"]
        verbose_name = "quyết định trao giải"
        verbose_name_plural = "quyết định trao giải"

    def __str__(self):
        return f"Quyết định {self.number}"


class Prize(models.Model):
    decision = models.ForeignKey(PrizeDecision, on_delete=models.CASCADE, related_name="prizes")
    kind = models.CharField("loại giải", max_length=12, choices=PrizeKind.choices)
    level = models.CharField("giải", max_length=14, choices=PrizeLevel.choices)
    rank = models.PositiveSmallIntegerField("thứ hạng")
    person = models.ForeignKey("people.Person", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="contest_prizes")
    name = models.CharField("cá nhân, tập thể đạt giải", max_length=300)
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name="đơn vị")
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    total = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    participants = models.PositiveIntegerField(null=True, blank=True)
    headcount = models.PositiveIntegerField(null=True, blank=True)

    scope_field = "unit"
    person_field = "person"  # staff reach their own prizes only

    class Meta:
        ordering = ["decision", "kind", "rank"]
        verbose_name = "giải thưởng"
        verbose_name_plural = "giải thưởng"

    def __str__(self):
        return f"{self.get_level_display()}: {self.name}"

    @property
    def duration_text(self) -> str:
        return duration_text(self.duration_ms)

    @property
    def percent(self) -> str:
        if self.participants is None or not self.headcount:
            return ""
        return f"{100 * self.participants / self.headcount:.1f}".replace(".", ",")
