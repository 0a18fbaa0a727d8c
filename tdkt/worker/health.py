"""What /healthz reports: the database, the task worker's last heartbeat, jobs waiting."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

log = logging.getLogger(__name__)

# A worker that has not beaten for this long is reported (status "degraded").
DEFAULT_WORKER_STALE_SECONDS = 120


def health() -> tuple[dict, int]:
    """(report, HTTP status): 200 while the database answers, 503 when it does not."""
    report = {
        "database": "ok",
        "worker_heartbeat": None,
        "worker_age_seconds": None,
        "jobs_waiting": None,
        "status": "ok",
    }
    try:
        from django_tasks_db.models import DBTaskResult

        from .models import WorkerHeartbeat

        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        beat = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True)
        beat = beat.first()
        report["jobs_waiting"] = DBTaskResult.objects.filter(status__in=["READY", "NEW"]).count()
    except DatabaseError as exc:
        log.error("healthz: database unreachable: %s", exc)
        report.update(database="error", status="error")
        return report, 503
    limit = getattr(settings, "TDKT_WORKER_STALE_SECONDS", DEFAULT_WORKER_STALE_SECONDS)
    if beat is None:
        report["status"] = "degraded"
    else:
        age = max(0.0, (timezone.now() - beat).total_seconds())
        report["worker_heartbeat"] = beat.isoformat()
        report["worker_age_seconds"] = round(age, 1)
        if age > limit:
            report["status"] = "degraded"
    return report, 200
