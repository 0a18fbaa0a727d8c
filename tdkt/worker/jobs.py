"""Long jobs (Excel import, eligibility sweep, bulk documents) that lost their worker.

Each job writes `heartbeat_at` with its progress while a task works on it. A job still in a
running state whose heartbeat is older than settings.TDKT_JOB_STALE_SECONDS (default 120 s)
lost its worker (killed, out of memory, machine restarted): `reap_stale_jobs` marks it failed
with a Vietnamese reason, and its page offers to run it again. Called by the
`reap_stale_jobs` command, by `tdkt_worker` every minute and when a job's page is polled.

A job that is alive but inside a long write transaction is never reaped: the Excel import
locks its job row for the whole apply (PostgreSQL: rows locked by a live transaction are
skipped; SQLite: the reaper waits for the writer, then finds the job done)."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import OperationalError, models, transaction
from django.utils import timezone

log = logging.getLogger(__name__)

STALE_REASON = "Tiến trình nền dừng đột ngột; công việc chưa hoàn tất. Có thể chạy lại."
DEFAULT_STALE_SECONDS = 120


def stale_seconds() -> float:
    return float(getattr(settings, "TDKT_JOB_STALE_SECONDS", DEFAULT_STALE_SECONDS))


@dataclass(frozen=True)
class JobKind:
    label: str
    model: type[models.Model]
    running: tuple[str, ...]
    failed: dict  # fields written on the reaped job (besides finished_at)
    step_field: str = ""  # field that keeps the status the job failed in


def kinds() -> list[JobKind]:
    from tdkt.documents.models import GenerationJob, JobStatus
    from tdkt.eligibility.models import Sweep, SweepStatus
    from tdkt.history.models import ImportJob, ImportStatus

    return [
        JobKind("import", ImportJob, (ImportStatus.VALIDATING, ImportStatus.APPLYING),
                {"status": ImportStatus.FAILED, "failure_reason": STALE_REASON},
                step_field="failed_step"),
        JobKind("sweep", Sweep, (SweepStatus.RUNNING,),
                {"status": SweepStatus.FAILED, "error": STALE_REASON}),
        JobKind("documents", GenerationJob, (JobStatus.RUNNING,),
                {"status": JobStatus.FAILED, "error": STALE_REASON}),
    ]


def is_stale(job, now: datetime.datetime | None = None, seconds: float | None = None) -> bool:
    cutoff = (now or timezone.now()) - datetime.timedelta(
        seconds=stale_seconds() if seconds is None else seconds)
    beat = job.heartbeat_at or job.created_at
    return beat < cutoff


def reap_stale_jobs(
    *, seconds: float | None = None, now: datetime.datetime | None = None, job=None
) -> dict[str, int]:
    """Mark failed every running job whose heartbeat is stale (or only `job`); returns how
    many jobs of each kind were reaped."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=stale_seconds() if seconds is None else seconds)
    stale = models.Q(heartbeat_at__lt=cutoff) | models.Q(
        heartbeat_at__isnull=True, created_at__lt=cutoff
    )
    reaped = {}
    for kind in kinds():
        if job is not None and not isinstance(job, kind.model):
            continue
        candidates = kind.model.objects.filter(stale, status__in=kind.running)
        if job is not None:
            candidates = candidates.filter(pk=job.pk)
        if not candidates.exists():  # a plain read: no lock taken when nothing is stale
            reaped[kind.label] = 0
            continue
        count = 0
        try:
            with transaction.atomic():
                rows = list(
                    candidates.select_for_update(skip_locked=True).values_list("pk", "status")
                )
                for pk, status in rows:
                    fields = {**kind.failed, "finished_at": now}
                    if kind.step_field:
                        fields[kind.step_field] = status
                    # Only if it is still running and stale (re-checked under the lock).
                    count += kind.model.objects.filter(
                        stale, pk=pk, status=status
                    ).update(**fields)
        except OperationalError as exc:  # SQLite: a live job's write transaction holds the file
            log.warning("reap_stale_jobs: %s skipped (%s)", kind.label, exc)
        if count:
            log.warning("reap_stale_jobs: %d %s job(s) lost their worker", count, kind.label)
        reaped[kind.label] = count
    return reaped
