"""Kill the real task worker (SIGKILL) in the middle of an Excel import and of an
eligibility sweep: the job is marked failed with a Vietnamese reason, nothing is left
half-written, and a retry applies the data exactly once.

PostgreSQL only: the worker is a separate process that must open the test database, and the
SQLite test database lives in memory."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tdkt.accounts.models import Role
from tdkt.audit.models import Action
from tdkt.eligibility import services as eligibility
from tdkt.eligibility.models import Sweep, SweepEntry, SweepStatus
from tdkt.eligibility.tasks import run_sweep_task
from tdkt.history import services as history
from tdkt.history import tasks
from tdkt.history.models import ImportJob, PersonRating
from tdkt.organisation.models import Unit
from tdkt.people.models import Person
from tdkt.worker.jobs import STALE_REASON, reap_stale_jobs
from tdkt.worker.models import WorkerHeartbeat
from tests.factories import make_user, seed_award_types
from tests.history.helpers import PEOPLE_HEADER, book, person

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="the worker subprocess cannot open the in-memory SQLite test database; "
        "runs on PostgreSQL (CI)",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def sector():
    from tdkt.organisation.loader import load_organisation

    load_organisation()
    seed_award_types()
    return make_user("officer_k", Role.UNIT_OFFICER, "STP-01")


@pytest.fixture
def worker(tmp_path):
    """Start the slowed worker against the test database; yields (process, marker)."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tdkt.settings",
        "SECRET_KEY": "killed-worker-test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "TDKT_SWEEP_WORKERS": "1",
        "TDKT_CRASH_MARKER": str(tmp_path / "marker"),
    }
    env.pop("DEBUG", None)
    log = open(tmp_path / "worker.log", "wb")  # noqa: SIM115
    process = subprocess.Popen([sys.executable, str(ROOT / "tests/history/crash_worker.py")],
                               cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    yield process, tmp_path / "marker"
    if process.poll() is None:
        process.kill()
    process.wait(10)
    log.close()


def wait_for(condition, what, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def enqueue(task, *args):
    """Into the database queue the worker reads (this test process runs tasks immediately)."""
    from django_tasks_db.backend import DatabaseBackend

    DatabaseBackend("default", {}).enqueue(task, list(args), {})


def kill(process):
    process.send_signal(signal.SIGKILL)
    process.wait(10)


def reap_until_failed(model, pk):
    # The database ends the dead worker's session (and releases its locks) within moments.
    time.sleep(1.0)
    wait_for(lambda: reap_stale_jobs(seconds=0.5) and
             model.objects.get(pk=pk).status == "failed", "the reaper", timeout=20)


IDS = [f"0010850{n:05d}" for n in range(300)]


def test_import_killed_mid_apply_is_failed_and_retried_exactly_once(sector, worker, tmp_path):
    process, marker = worker
    path = tmp_path / "ho-so.xlsx"
    book({"Nhân sự": [PEOPLE_HEADER, *(person(i, f"Nguyễn Văn Số {n}")
                                       for n, i in enumerate(IDS))],
          "Xếp loại": [["Số định danh", "Năm", "Xếp loại"],
                       *([i, y, "HTXSNV"] for i in IDS for y in (2023, 2024, 2025))]},
         path=path)
    job = ImportJob.objects.create(created_by=sector, file_name="ho-so.xlsx",
                                   stored_path=str(path), scope_paths=[])
    enqueue(tasks.validate_import, job.pk)
    wait_for(lambda: ImportJob.objects.get(pk=job.pk).status == "ready", "the validation")
    assert WorkerHeartbeat.objects.exists()  # the worker beats (/healthz)

    enqueue(tasks.apply_import, job.pk)  # the user confirmed
    wait_for(marker.exists, "the apply's transaction")
    job.refresh_from_db()
    assert job.status == "applying" and job.processed > 0  # its progress moved
    kill(process)

    job.refresh_from_db()
    assert job.status == "applying"  # what a dead worker leaves behind, forever if not reaped
    assert not Person.objects.filter(id_number__in=IDS).exists()  # nothing half-written

    reap_until_failed(ImportJob, job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.failed_step == "applying"
    assert job.failure_reason == STALE_REASON

    history.retry_import(sector, job)  # "Chạy lại": the apply runs (here, immediately)
    job.refresh_from_db()
    assert job.status == "done"
    people = Person.objects.filter(id_number__in=IDS)
    assert people.count() == 300
    assert PersonRating.objects.filter(person__in=people).count() == 900
    tasks.apply_import.call(job.pk)  # a repeated confirmation applies nothing again
    assert PersonRating.objects.filter(person__in=people).count() == 900
    assert Action.objects.filter(verb="history.import", target_id=str(job.pk)).count() == 1


def test_sweep_killed_midway_is_failed_and_retried_exactly_once(sector, worker):
    process, _marker = worker
    units = list(Unit.objects.filter(code__in=["STP-01-VP", "STP-01-HCBT"]))
    Person.objects.bulk_create(
        Person(full_name=f"Trần Văn Số {n}", unit=units[n % 2], gender="male",
               id_number=f"0790850{n:05d}", date_of_birth=datetime.date(1985, 5, 17),
               joined_sector_on=datetime.date(2010, 9, 1)).prepare()
        for n in range(1000))
    people = Person.objects.filter(id_number__startswith="0790850")
    PersonRating.objects.bulk_create(
        PersonRating(person=p, year=y, rating="HTXSNV") for p in people for y in (2024, 2025))
    root = Unit.objects.get(code="STP-01")
    as_of = datetime.date(2025, 12, 31)
    sweep = Sweep.objects.create(root=root, year=2025, as_of=as_of, created_by=sector)
    enqueue(run_sweep_task, sweep.pk)
    wait_for(lambda: Sweep.objects.get(pk=sweep.pk).processed > 0, "the sweep's progress")
    kill(process)
    sweep.refresh_from_db()
    assert sweep.status == SweepStatus.RUNNING and sweep.processed < sweep.total

    reap_until_failed(Sweep, sweep.pk)
    sweep.refresh_from_db()
    assert sweep.status == SweepStatus.FAILED and sweep.error == STALE_REASON

    eligibility.retry_sweep(sector, sweep)  # "Chạy lại" (here, immediately)
    sweep.refresh_from_db()
    assert sweep.status == SweepStatus.DONE
    reference = eligibility.run_sweep(Sweep.objects.create(root=root, year=2025, as_of=as_of))

    def entries(s):
        return sorted(SweepEntry.objects.filter(sweep=s).values_list(
            "person_id", "unit_id", "award", "category"), key=str)

    assert entries(sweep) and entries(sweep) == entries(reference)  # each subject once
