from django.db import models
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from tdkt.core.text import fold, normalise_name


class UnitKind(models.TextChoices):
    MINISTRY = "ministry", "Bộ"
    DEPARTMENT = "department", "Vụ"
    OFFICE = "office", "Văn phòng Bộ"
    INSPECTORATE = "inspectorate", "Thanh tra Bộ"
    DIRECTORATE_GENERAL = "directorate_general", "Tổng cục"
    DIRECTORATE = "directorate", "Cục"
    DIRECTORATE_DIVISION = "directorate_division", "Ban/Văn phòng thuộc Cục"
    PUBLIC_SERVICE_UNIT = "public_service_unit", "Đơn vị sự nghiệp"
    PUBLIC_SERVICE_UNIT_OTHER = "public_service_unit_other", "Đơn vị sự nghiệp khác"
    VIRTUAL_GROUP = "virtual_group", "Khối (nhóm đơn vị)"
    PROVINCIAL_JUSTICE_DEPT = "provincial_justice_dept", "Sở Tư pháp"
    PROVINCIAL_ENFORCEMENT_OFFICE = "provincial_enforcement_office", "Thi hành án dân sự tỉnh"
    REGIONAL_ENFORCEMENT_OFFICE = "regional_enforcement_office", "Phòng THADS khu vực"
    INTERNAL_DIVISION = "internal_division", "Phòng chuyên môn"
    LOCAL_PUBLIC_SERVICE_UNIT = "local_public_service_unit", "Đơn vị sự nghiệp thuộc Sở"


class UnitQuerySet(MP_NodeQuerySet):
    def current(self):
        return self.filter(effective_to__isnull=True)

    def subtree_of(self, unit):
        return self.filter(path__startswith=unit.path)


class UnitManager(MP_NodeManager):
    def get_queryset(self):
        return UnitQuerySet(self.model, using=self._db).order_by("path")

    def current(self):
        return self.get_queryset().current()

    def subtree_of(self, unit):
        return self.get_queryset().subtree_of(unit)


class Unit(MP_Node):
    """A unit of the sector. `code` is the sector's stable key (BTP, STP-01, THADS-01-NV…);
    the materialised path gives cheap subtree queries for role scopes."""

    code = models.CharField("mã đơn vị", max_length=40, unique=True)
    name = models.CharField("tên đơn vị", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=120, blank=True)
    kind = models.CharField("loại đơn vị", max_length=40, choices=UnitKind.choices)
    province_code = models.CharField("mã tỉnh", max_length=2, blank=True)
    effective_from = models.DateField("hiệu lực từ", null=True, blank=True)
    effective_to = models.DateField("hiệu lực đến", null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        verbose_name="đơn vị kế thừa",
    )
    basis = models.CharField("căn cứ", max_length=255, blank=True)
    confidence = models.CharField("độ tin cậy", max_length=80, blank=True)
    note = models.TextField("ghi chú", blank=True)
    search_text = models.CharField(max_length=400, editable=False, db_index=True)

    node_order_by = ["code"]
    scope_field = ""
    objects = UnitManager()

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"

    def __str__(self):
        return self.name

    @property
    def is_historic(self) -> bool:
        return self.effective_to is not None

    def save(self, *args, **kwargs):
        self.name = normalise_name(self.name)
        self.search_text = fold(f"{self.name} {self.short_name} {self.code}")
        super().save(*args, **kwargs)

    def covers(self, other: "Unit") -> bool:
        """True if `other` is this unit or lies in its subtree."""
        return other.path.startswith(self.path)


class ClusterScope(models.TextChoices):
    MINISTRY_UNITS = "ministry_units", "Các đơn vị thuộc Bộ"
    LOCAL = "local_justice_and_enforcement", "Sở Tư pháp và THADS địa phương"


class EmulationCluster(models.Model):
    """Cụm / Khối thi đua. Membership and leadership change yearly."""

    code = models.CharField("mã cụm", max_length=40, unique=True)
    name = models.CharField("tên cụm, khối", max_length=255)
    scope = models.CharField("phạm vi", max_length=40, choices=ClusterScope.choices)
    confidence = models.CharField("độ tin cậy", max_length=80, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "cụm, khối thi đua"
        verbose_name_plural = "cụm, khối thi đua"

    def __str__(self):
        return self.name


class ClusterRole(models.TextChoices):
    MEMBER = "member", "Thành viên"
    HEAD = "head", "Cụm trưởng"
    DEPUTY = "deputy", "Cụm phó"


class ClusterMembership(models.Model):
    cluster = models.ForeignKey(
        EmulationCluster, on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cluster_memberships")
    year = models.PositiveSmallIntegerField("năm")
    role = models.CharField(
        "vai trò", max_length=10, choices=ClusterRole.choices, default=ClusterRole.MEMBER
    )

    class Meta:
        ordering = ["cluster", "year", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "unit", "year"], name="uniq_cluster_member"),
            models.UniqueConstraint(
                fields=["cluster", "year"],
                condition=models.Q(role="head"),
                name="one_cluster_head_per_year",
            ),
        ]
        verbose_name = "thành viên cụm"
        verbose_name_plural = "thành viên cụm"

    def __str__(self):
        return f"{self.unit.code} – {self.cluster.code} ({self.year})"


class UnitDocumentIdentity(models.Model):
    """How a unit with legal status (Sở Tư pháp, THADS tỉnh…) names itself on its documents:
    header lines (Nghị định 30/2020/NĐ-CP, boxes 1–2), numbering symbol, place and the head's
    title for the signature block. Seeded by the org loader; edited by the emulation dept."""

    unit = models.OneToOneField(
        Unit, on_delete=models.CASCADE, related_name="document_identity", verbose_name="đơn vị"
    )
    parent_body = models.CharField("tên cơ quan chủ quản", max_length=255, blank=True)
    own_name = models.CharField("tên cơ quan ban hành", max_length=255)
    symbol = models.CharField("chữ viết tắt (ký hiệu văn bản)", max_length=40)
    place_name = models.CharField("địa danh ghi trên văn bản", max_length=120)
    head_title = models.CharField("chức danh người đứng đầu", max_length=120)

    class Meta:
        verbose_name = "thể thức văn bản của đơn vị"
        verbose_name_plural = "thể thức văn bản của đơn vị"

    def __str__(self):
        return f"{self.own_name} ({self.unit.code})"
