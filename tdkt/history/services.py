"""State changes on the record. Each runs in one transaction and is audited."""

from django.db import transaction

from tdkt.audit.services import record


def _label(entry) -> str:
    return type(entry)._meta.model_name


def _values(entry, fields) -> dict:
    values = {}
    for name in fields:
        value = getattr(entry, name)
        values[name] = str(value) if hasattr(value, "_meta") else value
    return values


@transaction.atomic
def save_entry(actor, entry, data: dict, fields: list[str]):
    """Create or correct one record entry (rating, title, award…) from validated form data."""
    creating = entry.pk is None
    # (a ModelForm has already copied its data onto `entry`: compare with the stored row)
    before = {} if creating else _values(type(entry).objects.get(pk=entry.pk), fields)
    for name in fields:
        setattr(entry, name, data[name])
    entry.full_clean()
    entry.save()
    after = _values(entry, fields)
    if creating:
        changes = {name: [None, value] for name, value in after.items()}
        record(actor, f"history.{_label(entry)}.create", entry, changes)
    else:
        changes = {n: [before[n], after[n]] for n in fields if before[n] != after[n]}
        if changes:
            record(actor, f"history.{_label(entry)}.update", entry, changes)
    return entry


@transaction.atomic
def delete_entry(actor, entry, fields: list[str]) -> None:
    values = _values(entry, fields)
    record(
        actor, f"history.{_label(entry)}.delete", entry,
        {name: [value, None] for name, value in values.items()},
    )
    entry.delete()


def confirm_import(actor, job):
    """The uploader confirms a validated import: the job leaves "Sẵn sàng nhập" at once (its
    page polls until the apply ends) and the apply is queued once; a second confirmation — a
    double click, a second tab — is refused."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from . import tasks
    from .models import ImportJob, ImportStatus

    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.created_by_id != actor.pk:
            raise PermissionDenied("Chỉ người tải tệp lên mới được xác nhận nhập.")
        if job.status != ImportStatus.READY:
            raise ValidationError("Lần nhập này đã được xác nhận hoặc không còn chờ xác nhận.")
        job.status = ImportStatus.CONFIRMED
        job.save(update_fields=["status"])
        record(actor, "history.import.confirm", job,
               {"status": [ImportStatus.READY, ImportStatus.CONFIRMED]}, note=job.file_name)
    tasks.apply_import.enqueue(job.pk)  # after the commit: the worker finds it confirmed
    return job


@transaction.atomic
def retry_import(actor, job):
    """Run a failed import job again (its worker died, or it failed unexpectedly): from the
    validation if it failed there, else its confirmed apply, which writes everything once
    (importer.run_import applies in one transaction that also marks the job done)."""
    from django.core.exceptions import ValidationError

    from . import stored, tasks
    from .models import ImportJob, ImportStatus

    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportStatus.FAILED:
        raise ValidationError("Chỉ chạy lại được lần nhập bị lỗi.")
    if not stored.exists(job.stored_path):
        raise ValidationError("Tệp của lần nhập này không còn; hãy tải tệp lên lại.")
    applying = job.failed_step == ImportStatus.APPLYING
    before = job.status
    job.status = ImportStatus.READY if applying else ImportStatus.PENDING
    job.failed_step = job.failure_reason = ""
    job.processed = 0
    job.heartbeat_at = job.finished_at = None
    job.save(update_fields=["status", "failed_step", "failure_reason", "processed",
                            "heartbeat_at", "finished_at"])
    record(actor, "history.import.retry", job, {"status": [before, job.status]},
           note=job.file_name)
    task = tasks.apply_import if applying else tasks.validate_import
    transaction.on_commit(lambda: task.enqueue(job.pk))
    return job
