"""Sweeps and document jobs whose worker died are marked failed (Vietnamese reason) by the
reaper — the command, the job's page, the worker's heartbeat — and can be run again."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tdkt.documents.models import GenerationJob
from tdkt.eligibility import services
from tdkt.eligibility.models import Sweep, SweepEntry, SweepStatus
from tdkt.organisation.models import Unit
from tdkt.worker.jobs import STALE_REASON, reap_stale_jobs
from tests.eligibility.test_services import give_record
from tests.factories import make_person

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.timedelta(minutes=10)


def _sweep_data(cast):
    give_record(cast.person_a, {2024: "HTXSNV", 2025: "HTXSNV"},
                {2024: ["lao_dong_tien_tien"], 2025: ["lao_dong_tien_tien"]})
    for n in range(4):
        give_record(make_person("STP-01-HCBT", f"Vũ Văn Số {n}"), {2025: "HTXSNV"},
                    {2025: ["lao_dong_tien_tien"]})


def _entries(sweep):
    return sorted(SweepEntry.objects.filter(sweep=sweep)
                  .values_list("person_id", "unit_id", "award", "category"), key=str)


def test_a_sweep_whose_worker_died_fails_on_its_page_and_a_retry_stores_each_entry_once(
    cast, client_for, django_capture_on_commit_callbacks
):
    _sweep_data(cast)
    root = Unit.objects.get(code="STP-01")
    reference = services.run_sweep(Sweep.objects.create(root=root, year=2025,
                                                        as_of=datetime.date(2025, 12, 31)))
    assert reference.status == SweepStatus.DONE and _entries(reference)
    # A second run: the worker stored part of its entries, then died.
    crashed = Sweep.objects.create(root=root, year=2025, as_of=datetime.date(2025, 12, 31),
                                   created_by=cast.officer_a)
    part = SweepEntry.objects.filter(sweep=reference)[:3]
    SweepEntry.objects.bulk_create(
        SweepEntry(sweep=crashed, person_id=e.person_id, unit_id=e.unit_id, award=e.award,
                   category=e.category) for e in part)
    Sweep.objects.filter(pk=crashed.pk).update(
        status=SweepStatus.RUNNING, processed=3, heartbeat_at=timezone.now() - LONG_AGO)

    client = client_for(cast.officer_a)
    page = client.get(reverse("eligibility:sweep", args=[crashed.pk])).content.decode()
    crashed.refresh_from_db()
    assert crashed.status == SweepStatus.FAILED and crashed.error == STALE_REASON
    assert STALE_REASON in page and "Chạy lại" in page
    # A read-only role sees the reason but cannot run it again.
    assert "Chạy lại" not in client_for(cast.head_a).get(
        reverse("eligibility:sweep", args=[crashed.pk])).content.decode()
    assert client_for(cast.head_a).post(
        reverse("eligibility:sweep_retry", args=[crashed.pk])).status_code == 403

    client = client_for(cast.officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("eligibility:sweep_retry", args=[crashed.pk]))
    crashed.refresh_from_db()
    assert crashed.status == SweepStatus.DONE and crashed.error == ""
    assert _entries(crashed) == _entries(reference)  # nothing stored twice


def test_a_document_job_whose_worker_died_fails_and_can_be_run_again(
    cast, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    from tdkt.documents import tasks

    job = GenerationJob.objects.create(kind="reports", created_by=cast.officer_a,
                                       status="running", processed=2, total=9)
    GenerationJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - LONG_AGO)
    client = client_for(cast.officer_a)
    page = client.get(reverse("documents:job", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == "failed" and job.error == STALE_REASON
    assert STALE_REASON in page and "Chạy lại" in page

    enqueued = []
    fake_task = type("Task", (), {"enqueue": staticmethod(enqueued.append)})
    monkeypatch.setattr(tasks, "run_job", fake_task)
    assert client_for(cast.officer_b).post(
        reverse("documents:job_retry", args=[job.pk])).status_code == 404
    client = client_for(cast.officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:job_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "pending" and job.processed == 0 and enqueued == [job.pk]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:job_retry", args=[job.pk]))  # not failed: refused
    assert enqueued == [job.pk]


def test_the_command_reaps_only_running_jobs_with_a_stale_heartbeat(cast):
    root = Unit.objects.get(code="STP-01")
    old = timezone.now() - LONG_AGO

    def sweep(status, beat):
        s = Sweep.objects.create(root=root, year=2025, as_of=datetime.date(2025, 12, 31))
        Sweep.objects.filter(pk=s.pk).update(status=status, heartbeat_at=beat)
        return s

    dead = sweep(SweepStatus.RUNNING, old)
    alive = sweep(SweepStatus.RUNNING, timezone.now())
    queued = sweep(SweepStatus.QUEUED, None)
    Sweep.objects.filter(pk=queued.pk).update(created_at=old)  # waiting for a worker: kept
    finished = sweep(SweepStatus.DONE, old)
    call_command("reap_stale_jobs")
    statuses = dict(Sweep.objects.values_list("pk", "status"))
    assert statuses == {dead.pk: "failed", alive.pk: "running", queued.pk: "queued",
                        finished.pk: "done"}
    # A smaller threshold (the setting) reaps the one that beat a few seconds ago.
    Sweep.objects.filter(pk=alive.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=5))
    assert reap_stale_jobs(seconds=2)["sweep"] == 1


def test_the_worker_heartbeat_reaps_stale_jobs(cast, settings):
    import threading

    from tdkt.worker.management.commands.tdkt_worker import heartbeat_loop
    from tdkt.worker.models import WorkerHeartbeat

    root = Unit.objects.get(code="STP-01")
    dead = Sweep.objects.create(root=root, year=2025, as_of=datetime.date(2025, 12, 31))
    Sweep.objects.filter(pk=dead.pk).update(status="running",
                                            heartbeat_at=timezone.now() - LONG_AGO)
    stop = threading.Event()
    stop.set()  # one beat, then return (here, in the test's own thread and transaction)
    from django.db import connection

    close = connection.close
    connection.close = lambda: None  # keep the test's transaction open
    try:
        heartbeat_loop("test-host:default", stop, 0)
    finally:
        connection.close = close
    assert WorkerHeartbeat.objects.get(name="test-host:default").beat_at
    dead.refresh_from_db()
    assert dead.status == "failed" and dead.error == STALE_REASON
