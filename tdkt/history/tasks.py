"""Background import: validation (dry run with progress) and apply, each a django-tasks task.
Progress lives on the ImportJob row, polled by the job page through HTMX."""

import datetime
import logging

from django.utils import timezone
from django_tasks import task

from . import stored
from .importer import run_import
from .models import ImportJob, ImportStatus

log = logging.getLogger(__name__)
MAX_STORED_ERRORS = 1000
# An upload that passed validation waits this long for its confirmation; then its file (which
# holds personal data) is deleted and the job cannot be applied any more.
CONFIRM_WITHIN = datetime.timedelta(days=7)


def _progress(job_pk):
    def report(processed, total):
        # (every PROGRESS_EVERY rows: also the job's heartbeat, see tdkt.worker.jobs)
        ImportJob.objects.filter(pk=job_pk).update(
            processed=processed, total=total, heartbeat_at=timezone.now()
        )

    return report


def _discard(job: ImportJob) -> None:
    stored.discard(job.stored_path)


def _fail(job: ImportJob, result) -> None:
    job.status = ImportStatus.INVALID
    job.errors = result.problem_lines()[:MAX_STORED_ERRORS]
    job.error_count = len(result.problems)
    job.summary = result.summary()
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "errors", "error_count", "summary", "finished_at"])
    _discard(job)


def expire_unconfirmed(now=None) -> int:
    """Delete the files of uploads left unconfirmed longer than CONFIRM_WITHIN (and of jobs
    stuck in a running state as long); returns how many jobs expired."""
    cutoff = (now or timezone.now()) - CONFIRM_WITHIN
    stale = ImportJob.objects.filter(
        created_at__lt=cutoff,
        status__in=[ImportStatus.READY, ImportStatus.PENDING, ImportStatus.VALIDATING],
    )
    count = 0
    for job in stale:
        _discard(job)
        ImportJob.objects.filter(pk=job.pk, status=job.status).update(
            status=ImportStatus.EXPIRED, finished_at=timezone.now()
        )
        count += 1
    return count


@task()
def validate_import(job_pk: int) -> str:
    job = ImportJob.objects.get(pk=job_pk)
    job.status = ImportStatus.VALIDATING
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["status", "heartbeat_at"])
    try:
        with stored.local_copy(job.stored_path) as source:
            result = run_import(source, scope_paths=job.scope_paths or None, dry_run=True,
                                progress=_progress(job.pk))
    except Exception:
        log.exception("import validation failed (job %s)", job_pk)
        ImportJob.objects.filter(pk=job_pk).update(
            status=ImportStatus.FAILED, failed_step=ImportStatus.VALIDATING
        )
        raise
    job.refresh_from_db()
    if not result.ok:
        _fail(job, result)
        return job.status
    job.status = ImportStatus.READY
    job.summary = result.summary()
    job.processed = job.total = max(job.total, job.processed)
    job.save(update_fields=["status", "summary", "processed", "total"])
    return job.status


@task()
def apply_import(job_pk: int) -> str:
    # Claimed in one conditional UPDATE: a job confirmed (or made ready again by "Chạy lại")
    # is applied by exactly one task, however many times it is enqueued.
    claimed = ImportJob.objects.filter(
        pk=job_pk, status__in=[ImportStatus.READY, ImportStatus.CONFIRMED]
    ).update(status=ImportStatus.APPLYING, processed=0, heartbeat_at=timezone.now())
    job = ImportJob.objects.get(pk=job_pk)
    if not claimed:
        return job.status
    try:
        with stored.local_copy(job.stored_path) as source:
            result = run_import(source, scope_paths=job.scope_paths or None,
                                actor=job.created_by, job=job, progress=_progress(job.pk))
    except Exception:
        log.exception("import apply failed (job %s)", job_pk)
        # (nothing was written: the apply is one transaction; a retry applies it once)
        ImportJob.objects.filter(pk=job_pk, status=ImportStatus.APPLYING).update(
            status=ImportStatus.FAILED, failed_step=ImportStatus.APPLYING
        )
        raise
    job.refresh_from_db()
    if not result.ok:  # the database changed since the preview
        _fail(job, result)
        return job.status
    _discard(job)
    return job.status
