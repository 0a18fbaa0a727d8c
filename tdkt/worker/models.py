"""The task worker's own heartbeat (one row per worker name), shown by /healthz."""

from django.db import models


class WorkerHeartbeat(models.Model):
    name = models.CharField("tiến trình", max_length=100, unique=True)
    beat_at = models.DateTimeField("nhịp gần nhất", db_index=True)
    pid = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "nhịp tiến trình nền"
        verbose_name_plural = "nhịp tiến trình nền"

    def __str__(self):
        return f"{self.name} ({self.beat_at:%d/%m/%Y %H:%M:%S})"
