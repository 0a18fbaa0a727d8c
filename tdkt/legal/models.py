"""The legal library: documents, their structure (Chương/Mục/Điều/Khoản/Điểm) and the
wordings of an article over time. Not unit-scoped: the texts are public (see views)."""

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    LAW = "luat", "Luật"
    DECREE = "nghi_dinh", "Nghị định"
    CIRCULAR = "thong_tu", "Thông tư"
    DECISION = "quyet_dinh", "Quyết định"
    OTHER = "khac", "Văn bản khác"


class Status(models.TextChoices):
    IN_FORCE = "con_hieu_luc", "Còn hiệu lực"
    PARTLY = "het_mot_phan", "Hết hiệu lực một phần"
    EXPIRED = "het_hieu_luc", "Hết hiệu lực"


class LegalDocument(models.Model):
    # Same codes as the rules catalogue's documents (tdkt/rules/data/base.json).
    code = models.SlugField("mã", max_length=60, unique=True)
    number = models.CharField("số, ký hiệu", max_length=60)
    title = models.CharField("trích yếu", max_length=500)
    kind = models.CharField("loại văn bản", max_length=20, choices=Kind.choices)
    issuer = models.CharField("cơ quan ban hành", max_length=200, blank=True)
    signed_on = models.DateField("ngày ký", null=True, blank=True)
    in_force_from = models.DateField("hiệu lực từ", null=True, blank=True)
    in_force_to = models.DateField("hiệu lực đến", null=True, blank=True)
    status = models.CharField("tình trạng", max_length=20, choices=Status.choices,
                              default=Status.IN_FORCE)
    amends = models.ManyToManyField("self", symmetrical=False, blank=True,
                                    related_name="amended_by", verbose_name="sửa đổi, bổ sung")
    replaces = models.ManyToManyField("self", symmetrical=False, blank=True,
                                      related_name="replaced_by", verbose_name="thay thế")
    preamble = models.TextField("phần mở đầu", blank=True)
    source_url = models.URLField("nguồn văn bản", max_length=500, blank=True)
    coverage = models.TextField("phần đã có / còn thiếu", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "code"]
        verbose_name = "văn bản pháp luật"

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"


class Provision(models.Model):
    """One node of the structure. `anchor` is stable: dieu-23, dieu-23-khoan-2(-diem-a)."""

    class Level(models.TextChoices):
        CHAPTER = "chuong", "Chương"
        SECTION = "muc", "Mục"
        ARTICLE = "dieu", "Điều"
        CLAUSE = "khoan", "Khoản"
        POINT = "diem", "Điểm"

    document = models.ForeignKey(LegalDocument, on_delete=models.CASCADE,
                                 related_name="provisions")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="children")
    level = models.CharField(max_length=10, choices=Level.choices)
    number = models.CharField(max_length=10)
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    anchor = models.CharField(max_length=80)
    position = models.PositiveIntegerField()
    depth = models.PositiveSmallIntegerField(default=0)
    # For articles: folded text of the article and everything under it (search).
    search_text = models.TextField(blank=True)

    class Meta:
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "anchor"], name="uniq_provision_anchor")
        ]

    def __str__(self):
        return f"{self.get_level_display()} {self.number}"


class ArticleVersion(models.Model):
    """A wording of an article valid over [valid_from, valid_to]; kept when amended."""

    article = models.ForeignKey(Provision, on_delete=models.CASCADE, related_name="versions")
    text = models.TextField()
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    amended_by = models.ForeignKey(LegalDocument, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["article", "valid_from"]

    def __str__(self):
        return f"{self.article} từ {self.valid_from:%d/%m/%Y}"


# --- questions and answers (hỏi đáp) ---------------------------------------------------------

class QuestionStatus(models.TextChoices):
    WAITING = "waiting", "Chờ trả lời"
    ANSWERED = "answered", "Đã trả lời"


class Question(models.Model):
    """A staff member's question about the law, answered by the department (Vụ TCCB) citing
    articles of the library; may be published to the public FAQ. When `anonymous`, the
    asker's name is shown to the department only, never to the unit (see tdkt/legal/qa)."""

    asker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="legal_questions", verbose_name="người hỏi")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+",
                             verbose_name="đơn vị")
    anonymous = models.BooleanField("ẩn tên với đơn vị", default=False)
    title = models.CharField("tóm tắt câu hỏi", max_length=255)
    body = models.TextField("nội dung câu hỏi")
    status = models.CharField("trạng thái", max_length=10, choices=QuestionStatus.choices,
                              default=QuestionStatus.WAITING)
    created_at = models.DateTimeField("ngày hỏi", auto_now_add=True)
    answer = models.TextField("trả lời", blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField("ngày trả lời", null=True, blank=True)
    # What the public FAQ shows of the question (the department may take out personal details).
    public_body = models.TextField("nội dung câu hỏi công khai", blank=True)
    published_at = models.DateTimeField("ngày công khai", null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True)

    scope_field = "unit"

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"]),
                   models.Index(fields=["published_at"])]
        verbose_name = "câu hỏi pháp luật"
        verbose_name_plural = "câu hỏi pháp luật"

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        from tdkt.core.text import fold

        self.search_text = fold(
            f"{self.title} {self.public_body or self.body} {self.answer}")
        super().save(*args, **kwargs)


class QuestionCitation(models.Model):
    """An article (or clause) of the library an answer cites. `article` is the Điều itself
    (the provision, or its parent for a clause), for "the questions citing Điều N"."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="citations")
    provision = models.ForeignKey(Provision, on_delete=models.PROTECT, related_name="+")
    article = models.ForeignKey(Provision, on_delete=models.PROTECT,
                                related_name="qa_citations")
    position = models.PositiveSmallIntegerField(default=0)

    scope_field = "question__unit"

    class Meta:
        ordering = ["question", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["question", "provision"],
                                               name="uniq_question_citation")]

    def __str__(self):
        return f"{self.question_id}: {self.provision.anchor}"

    @property
    def label(self) -> str:
        """"Khoản 2 Điều 93 – Luật 06/2022/QH15" (needs provision__document, article)."""
        p = self.provision
        where = f"Điều {self.article.number}"
        if p.level == Provision.Level.CLAUSE:
            where = f"Khoản {p.number} {where}"
        return f"{where} – {p.document}"


class ReadingAssignment(models.Model):
    """A document the department gives the sector (or chosen units with their subtrees) to
    read by a deadline (giao văn bản cần đọc). The readers are the staff whose current unit
    lies under a target; who read it is a `Reading` each."""

    document = models.ForeignKey(LegalDocument, on_delete=models.PROTECT,
                                 related_name="reading_assignments", verbose_name="văn bản")
    whole_sector = models.BooleanField("toàn ngành", default=False)
    units = models.ManyToManyField("organisation.Unit", blank=True, related_name="+",
                                   verbose_name="đơn vị được giao (gồm đơn vị trực thuộc)")
    due_on = models.DateField("hạn đọc")
    note = models.CharField("ghi chú", max_length=1000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due_on", "-pk"]
        verbose_name = "văn bản giao đọc"
        verbose_name_plural = "văn bản giao đọc"

    def __str__(self):
        return f"Đọc {self.document} (hạn {self.due_on:%d/%m/%Y})"


class Reading(models.Model):
    """One person's confirmation that they read an assigned document (Tôi đã đọc)."""

    assignment = models.ForeignKey(ReadingAssignment, on_delete=models.CASCADE,
                                   related_name="readings")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE,
                               related_name="legal_readings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="+", verbose_name="tài khoản xác nhận")
    read_at = models.DateTimeField("thời điểm xác nhận đã đọc")

    scope_field = "person__unit"
    person_field = "person"

    class Meta:
        ordering = ["-read_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "person"], name="uniq_reading_person")
        ]
        verbose_name = "lượt xác nhận đã đọc"

    def __str__(self):
        return f"{self.person_id} đã đọc {self.assignment_id}"
