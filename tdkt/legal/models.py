"""The legal library: documents, their structure (Chương/Mục/Điều/Khoản/Điểm) and the
wordings of an article over time. Not unit-scoped: the texts are public (see views)."""

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
