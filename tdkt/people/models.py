from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from tdkt.core.text import fold, normalise_name, vietnamese_sort_text


class Gender(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


id_number_validator = RegexValidator(
    r"^\d{12}$", "Số định danh cá nhân phải gồm đúng 12 chữ số (giữ cả số 0 ở đầu)."
)


class PersonQuerySet(models.QuerySet):
    def search(self, text: str):
        key = fold(text)
        if not key:
            return self
        if key.isdigit():
            return self.filter(id_number__startswith=key)
        return self.filter(search_text__contains=key)


class Person(models.Model):
    """A member of staff (cán bộ, công chức, viên chức, người lao động)."""

    full_name = models.CharField("họ và tên", max_length=120)
    gender = models.CharField("giới tính", max_length=6, choices=Gender.choices)
    date_of_birth = models.DateField("ngày sinh")
    id_number = models.CharField(
        "số định danh cá nhân", max_length=12, unique=True, validators=[id_number_validator]
    )
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="members", verbose_name="đơn vị"
    )
    position = models.CharField("chức vụ", max_length=120, blank=True)
    is_leader = models.BooleanField("giữ chức vụ lãnh đạo", default=False)
    is_frontline = models.BooleanField("trực tiếp lao động", default=False)
    joined_sector_on = models.DateField("ngày vào ngành", null=True, blank=True)
    # What the achievement report's curriculum vitae asks (Decree 152/2025, mẫu báo cáo thành
    # tích); blank when the unit has not recorded it, and the report then leaves dots.
    ethnicity = models.CharField("dân tộc", max_length=40, blank=True)
    home_town = models.CharField("quê quán", max_length=255, blank=True)
    residence = models.CharField("nơi thường trú", max_length=255, blank=True)
    political_theory = models.CharField("trình độ lý luận chính trị", max_length=60, blank=True)
    qualification = models.CharField("trình độ chuyên môn, nghiệp vụ", max_length=255,
                                     blank=True)
    academic_title = models.CharField("học hàm, học vị", max_length=120, blank=True)
    search_text = models.CharField(max_length=200, editable=False, db_index=True)
    # Vietnamese order (given name first, Đ after D) as a digit string every database sorts
    # alike; lists order by it instead of full_name's code points.
    sort_key = models.CharField(max_length=255, editable=False, db_index=True, default="")

    objects = PersonQuerySet.as_manager()
    scope_field = "unit"  # role scopes reach a person through their unit
    person_field = ""  # a person's own record: staff reach only their own (accounts.scoping)
    history = HistoricalRecords(excluded_fields=["search_text", "sort_key"])

    class Meta:
        ordering = ["unit__path", "sort_key", "id"]
        verbose_name = "cán bộ"
        verbose_name_plural = "cán bộ"

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.prepare()
        super().save(*args, **kwargs)

    def prepare(self):
        """Normalise fields; called by save() and by bulk loaders that bypass save()."""
        self.full_name = normalise_name(self.full_name)
        self.position = normalise_name(self.position)
        self.search_text = fold(self.full_name)
        self.sort_key = vietnamese_sort_text(self.full_name)
        for name in ("ethnicity", "home_town", "residence", "political_theory", "qualification",
                     "academic_title"):
            setattr(self, name, normalise_name(getattr(self, name)))
        return self


class PersonMove(models.Model):
    """A transfer between units; the current unit is Person.unit, the past is here."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="moves")
    from_unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="từ đơn vị"
    )
    to_unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="đến đơn vị"
    )
    moved_on = models.DateField("ngày chuyển")
    scope_field = "person__unit"
    person_field = "person"
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        ordering = ["-moved_on", "-id"]
        verbose_name = "điều chuyển"
        verbose_name_plural = "quá trình công tác"

    def __str__(self):
        return f"{self.person}: {self.from_unit.code} → {self.to_unit.code}"
