"""The body of a bulk generation job (run by tasks.run_job in the task worker)."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.utils import timezone

from . import bundles, contexts, pdfs, services, word
from .models import GenerationJob, JobKind, JobStatus

log = logging.getLogger(__name__)


def _progress(job_id: int):
    def update(done: int) -> None:
        # (also the job's heartbeat, see tdkt.worker.jobs)
        GenerationJob.objects.filter(pk=job_id).update(processed=done,
                                                        heartbeat_at=timezone.now())

    return update


def _awardees(job):
    ids = job.params.get("awardee_ids") or []
    return list(job.decision.awardees.filter(pk__in=ids, revoked=False)
                .select_related("person__unit", "unit", "proposing_unit")
                .order_by("position", "pk"))


def _decision_file(decision) -> tuple[str, bytes]:
    data = contexts.decision_data(decision)
    content = services.render("decision", word.decision_context(data))
    name = bundles.safe_name(decision.number_display.replace("/", "-"))
    return f"Quyet dinh {name}.docx", content


def _decision_pdf(decision) -> tuple[str, bytes]:
    name = bundles.safe_name(decision.number_display.replace("/", "-"))
    return f"Quyet dinh {name}.pdf", pdfs.decision_pdf(decision)


def certificates(job) -> list[tuple[str, bytes]]:
    decision = job.decision
    awardees = _awardees(job)
    items = contexts.certificate_items(decision, awardees, job.params.get("base_url", ""))
    job.total = len(items)
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["total", "heartbeat_at"])
    groups: dict[str, list] = {}
    for awardee, item in zip([a for a in awardees if not a.revoked], items, strict=True):
        unit = awardee.proposing_unit
        groups.setdefault(f"{unit.code} {unit.short_name or unit.name}", []).append(item)
    layouts = contexts.layouts() if job.params.get("mode") == "blank" else None
    files = bundles.render_groups(
        list(groups.items()), job.params.get("mode", "full"), layouts, _progress(job.pk),
        finish=lambda pdf, chunk: pdfs.finish_certificates(decision, pdf, chunk))
    return [_decision_file(decision), _decision_pdf(decision), *files]


def reports(job) -> list[tuple[str, bytes]]:
    decision = job.decision
    awardees = _awardees(job)
    job.total = len(awardees)
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["total", "heartbeat_at"])
    until = decision.round.year if decision.round else decision.year - 1
    files = [_decision_file(decision)]
    update = _progress(job.pk)
    for n, a in enumerate(awardees, start=1):
        if a.subject_kind == "collective":
            data = contexts.collective_report_data(a.unit, a.award_name, until)
            content = services.render("report_collective", word.collective_report_context(data))
        else:
            data = contexts.individual_report_data(a.person, a.award_name, until)
            content = services.render("report_individual", word.individual_report_context(data))
        files.append((f"{n:03d} Bao cao thanh tich - {bundles.safe_name(a.subject_name)}.docx",
                      content))
        update(n)
    return files


def run(job_id: int) -> str:
    job = GenerationJob.objects.select_related("decision__issuer", "decision__round").get(
        pk=job_id)
    job.status = JobStatus.RUNNING
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["status", "heartbeat_at"])
    try:
        files = certificates(job) if job.kind == JobKind.CERTIFICATES else reports(job)
        archive = bundles.zip_files(files)
        name = f"{job.get_kind_display()[:20]} {job.decision.number_display}".replace("/", "-")
        job.file.save(f"{bundles.safe_name(name)}.zip", ContentFile(archive), save=False)
        job.status = JobStatus.DONE
        job.processed = job.total
    except Exception as exc:  # noqa: BLE001 - the job records the failure for the user
        log.exception("documents job %s failed", job_id)
        job.status = JobStatus.FAILED
        job.error = f"Không tạo được tệp: {exc}"[:1000]
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "status", "processed", "error", "finished_at"])
    return job.status
