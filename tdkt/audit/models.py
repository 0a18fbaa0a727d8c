"""Append-only record of every state change: who, when, what, and the values changed."""

from django.conf import settings
from django.db import models


class AuditImmutableError(Exception):
    """Raised on any attempt to edit or delete a recorded action."""


class ActionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditImmutableError("Nhật ký thao tác không được sửa.")

    def delete(self):
        raise AuditImmutableError("Nhật ký thao tác không được xóa.")

    def for_object(self, obj):
        return self.filter(target_type=type(obj)._meta.label_lower, target_id=str(obj.pk))


class Action(models.Model):
    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name="người thực hiện",
    )
    verb = models.CharField("thao tác", max_length=80, db_index=True)
    target_type = models.CharField("loại đối tượng", max_length=100)
    target_id = models.CharField("mã đối tượng", max_length=64)
    target_repr = models.CharField("đối tượng", max_length=300)
    changes = models.JSONField("giá trị thay đổi", default=dict, blank=True)
    note = models.TextField("ghi chú", blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name = "thao tác"
        verbose_name_plural = "nhật ký thao tác"

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.verb} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditImmutableError("Nhật ký thao tác không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutableError("Nhật ký thao tác không được xóa.")

    @property
    def verb_label(self) -> str:
        from .labels import verb_label

        return verb_label(self.verb)

    @property
    def change_rows(self) -> list[tuple[str, str]]:
        """(field, value) pairs in words: the field's Vietnamese name, "cũ → mới" with dates
        dd/mm/yyyy and choices by their label (templates can't use .items when a key is named
        "items")."""
        from .labels import change_rows

        return change_rows(self.target_type, self.changes)
