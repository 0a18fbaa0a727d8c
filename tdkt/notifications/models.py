"""One notification service for the whole system (docs/glossary.md: Thông báo).

A notification is addressed to a unit (every officer, head and emulation-department member
assigned to exactly that unit sees it) or to one user (only that user sees it; a row with
both is for that user, filed under the unit). Each reader has their own read mark. E-mail
follows each user's preference: at once, in a daily digest, or never (in the app only);
every e-mail sent or skipped is recorded as an EmailDelivery.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Notification(models.Model):
    unit = models.ForeignKey(
        "organisation.Unit", null=True, blank=True, on_delete=models.CASCADE,
        related_name="notifications", verbose_name="đơn vị nhận",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
        related_name="notifications", verbose_name="người nhận",
    )
    kind = models.CharField("loại", max_length=30, default="info")
    message = models.CharField("nội dung", max_length=500)
    link = models.CharField("liên kết", max_length=300, blank=True)
    # Idempotency: the caller's key plus the recipient ("<key>|u<unit>", "<key>|p<user>").
    key = models.CharField(max_length=255, unique=True, null=True, blank=True)
    due_on = models.DateField("hạn", null=True, blank=True)
    # Which notify() call inserted the row (tells inserted rows from ignored conflicts).
    batch = models.CharField(max_length=32, db_index=True, editable=False)
    created_at = models.DateTimeField("thời điểm", default=timezone.now, db_index=True)

    scope_field = "unit"

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(user__isnull=False),
                name="notification_has_recipient",
            )
        ]
        indexes = [models.Index(fields=["unit", "created_at"], name="notif_unit_created_idx"),
                   models.Index(fields=["user", "created_at"], name="notif_user_created_idx")]
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"

    def __str__(self):
        return self.message


class NotificationRead(models.Model):
    """One reader's mark on one notification (a unit's officers read independently)."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["notification", "user"], name="notification_read_once")
        ]

    def __str__(self):
        return f"{self.user_id} đã đọc {self.notification_id}"


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", "Gửi thư điện tử ngay"
    DIGEST = "digest", "Thư tổng hợp mỗi ngày"
    IN_APP = "in_app", "Chỉ xem trong hệ thống"


DEFAULT_DELIVERY = Delivery.DIGEST


class NotificationPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    delivery = models.CharField(
        "nhận thông báo", max_length=20, choices=Delivery.choices, default=DEFAULT_DELIVERY
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.user}: {self.get_delivery_display()}"


class EmailStatus(models.TextChoices):
    SENT = "sent", "Đã gửi"
    NO_ADDRESS = "no_address", "Bỏ qua: tài khoản chưa có thư điện tử"
    FAILED = "failed", "Lỗi khi gửi"


class EmailDelivery(models.Model):
    """One e-mail sent (or skipped) to one user: an immediate notice or a day's digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_emails"
    )
    mode = models.CharField(max_length=20, choices=Delivery.choices[:2])
    day = models.DateField("ngày")
    notification = models.ForeignKey(  # immediate: the one notification sent
        Notification, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    notifications = models.ManyToManyField(Notification, blank=True, related_name="+")
    status = models.CharField(max_length=20, choices=EmailStatus.choices)
    address = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    count = models.PositiveIntegerField("số thông báo", default=0)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "day"], condition=Q(mode="digest"), name="one_digest_per_user_day"
            ),
            models.UniqueConstraint(
                fields=["user", "notification"], condition=Q(notification__isnull=False),
                name="one_immediate_email_per_notification",
            ),
        ]

    def __str__(self):
        return self.subject
