"""An import whose worker died is marked failed with a Vietnamese reason, and its confirmation
can be repeated from its page: nothing is applied twice (fast, in-process; the real killed
worker is tests/history/test_killed_worker.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tdkt.audit.models import Action
from tdkt.history import importer, stored, tasks
from tdkt.history.models import ImportJob, PersonRating
from tdkt.people.models import Person
from tdkt.worker.jobs import STALE_REASON, reap_stale_jobs
from tests.history.helpers import PEOPLE_HEADER, book, person

pytestmark = pytest.mark.django_db

IDS = ["001085000001", "001090000002", "001091000003"]


@pytest.fixture
def import_dir(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # uploads are kept in the file storage under imports/
    return tmp_path / "imports"


@pytest.fixture
def retry(django_capture_on_commit_callbacks):
    def post(client, job):
        with django_capture_on_commit_callbacks(execute=True):  # the task is enqueued then
            return client.post(reverse("history:import_retry", args=[job.pk]))

    return post


def _ready_job(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = book({
        "Nhân sự": [PEOPLE_HEADER, *(person(i, f"Nguyễn Văn Số {n}") for n, i in enumerate(IDS))],
        "Xếp loại": [["Số định danh", "Năm", "Xếp loại"],
                     *([i, y, "HTXSNV"] for i in IDS for y in (2023, 2024))],
    }).getvalue()
    client.post(reverse("history:import_upload"),
                {"workbook": SimpleUploadedFile("ho-so.xlsx", data)})
    job = ImportJob.objects.get()
    assert job.status == "ready"
    return job


def _applied_counts():
    return (Person.objects.filter(id_number__in=IDS).count(),
            PersonRating.objects.filter(person__id_number__in=IDS).count())


def test_a_job_whose_worker_died_is_failed_when_its_page_is_polled_and_retried_once(
    cast, client_for, import_dir, retry
):
    client = client_for(cast.officer_a)
    job = _ready_job(client)
    # The worker took the confirmation, started applying, and was killed: the job stays
    # "applying" and its heartbeat stops.
    ImportJob.objects.filter(pk=job.pk).update(
        status="applying", heartbeat_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    page = client.get(reverse("history:import_job", args=[job.pk]),
                      headers={"HX-Request": "true"}).content.decode()
    job.refresh_from_db()
    assert job.status == "failed" and job.failed_step == "applying"
    assert job.failure_reason == STALE_REASON
    assert STALE_REASON in page and "Chạy lại" in page
    assert _applied_counts() == (0, 0)

    retry(client, job)
    job.refresh_from_db()
    assert job.status == "done"
    assert _applied_counts() == (3, 6)
    # Repeating the retry, the confirmation or the task itself applies nothing again.
    retry(client, job)
    client.post(reverse("history:import_confirm", args=[job.pk]))
    tasks.apply_import.call(job.pk)
    assert _applied_counts() == (3, 6)
    assert Action.objects.filter(verb="history.import", target_id=str(job.pk)).count() == 1
    assert Action.objects.filter(verb="history.import.retry", target_id=str(job.pk)).count() == 1


def test_an_apply_that_dies_before_committing_writes_nothing_and_the_retry_applies_once(
    cast, client_for, import_dir, monkeypatch, retry
):
    client = client_for(cast.officer_a)
    job = _ready_job(client)
    original = importer._apply

    def dies_after_writing(planner, actor, job):
        original(planner, actor, job)  # every row written inside the apply's transaction…
        raise RuntimeError("worker killed")  # …then the process dies before the commit

    monkeypatch.setattr(importer, "_apply", dies_after_writing)
    client.post(reverse("history:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "failed" and job.failed_step == "applying"
    assert _applied_counts() == (0, 0)
    page = client.get(reverse("history:import_job", args=[job.pk])).content.decode()
    assert "Chạy lại" in page

    monkeypatch.setattr(importer, "_apply", original)
    retry(client, job)
    job.refresh_from_db()
    assert job.status == "done" and _applied_counts() == (3, 6)


def test_an_apply_whose_job_was_failed_meanwhile_writes_nothing(cast, client_for, import_dir):
    # The reaper presumed the worker dead (and the user may retry): the old apply must not
    # also write its rows.
    job = _ready_job(client_for(cast.officer_a))
    ImportJob.objects.filter(pk=job.pk).update(status="failed", failed_step="applying")
    job.refresh_from_db()
    with pytest.raises(RuntimeError), stored.local_copy(job.stored_path) as source:
        importer.run_import(source, actor=cast.officer_a, job=job)
    assert _applied_counts() == (0, 0)


def test_a_validation_whose_worker_died_is_validated_again_then_awaits_confirmation(
    cast, client_for, import_dir, retry
):
    client = client_for(cast.officer_a)
    job = _ready_job(client)
    ImportJob.objects.filter(pk=job.pk).update(
        status="validating", summary={},
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    assert reap_stale_jobs() == {"import": 1, "sweep": 0, "documents": 0}
    job.refresh_from_db()
    assert job.status == "failed" and job.failed_step == "validating"
    retry(client, job)
    job.refresh_from_db()
    assert job.status == "ready" and _applied_counts() == (0, 0)  # confirmation needed again


def test_a_live_job_and_a_queued_one_are_left_alone(cast, client_for, import_dir):
    job = _ready_job(client_for(cast.officer_a))
    ImportJob.objects.filter(pk=job.pk).update(status="applying", heartbeat_at=timezone.now())
    queued = ImportJob.objects.create(created_by=cast.officer_a, file_name="b.xlsx")
    ImportJob.objects.filter(pk=queued.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1))
    assert reap_stale_jobs()["import"] == 0
    assert set(ImportJob.objects.values_list("status", flat=True)) == {"applying", "pending"}


def test_only_the_uploader_retries_and_only_a_failed_job(cast, client_for, import_dir):
    job = _ready_job(client_for(cast.officer_a))
    ImportJob.objects.filter(pk=job.pk).update(status="failed", failed_step="applying")
    assert client_for(cast.officer_b).post(
        reverse("history:import_retry", args=[job.pk])).status_code == 404
    assert client_for(cast.admin).post(
        reverse("history:import_retry", args=[job.pk])).status_code == 403
    assert _applied_counts() == (0, 0)
