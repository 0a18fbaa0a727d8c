"""/healthz: public JSON on the database, the task worker's heartbeat and the jobs waiting."""

import datetime

import pytest
from django.db import OperationalError
from django.utils import timezone

from tdkt.worker.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def test_anonymous_probe_gets_json_without_logging_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"database": "ok", "worker_heartbeat": None,
                               "worker_age_seconds": None, "jobs_waiting": 0,
                               "status": "degraded"}  # no worker has ever beaten


def test_reports_the_workers_last_heartbeat_and_the_jobs_waiting(client):
    from django_tasks_db.backend import DatabaseBackend

    from tdkt.history.tasks import validate_import

    beat = timezone.now() - datetime.timedelta(seconds=3)
    WorkerHeartbeat.objects.create(name="app1:default", beat_at=beat)
    WorkerHeartbeat.objects.create(name="app2:default", beat_at=beat - datetime.timedelta(1))
    backend = DatabaseBackend("default", {})
    for pk in (1, 2):
        backend.enqueue(validate_import, [pk], {})
    data = client.get("/healthz").json()
    assert data["status"] == "ok" and data["database"] == "ok"
    assert datetime.datetime.fromisoformat(data["worker_heartbeat"]) == beat
    assert 3 <= data["worker_age_seconds"] < 60
    assert data["jobs_waiting"] == 2


def test_a_silent_worker_makes_the_status_degraded(client, settings):
    settings.TDKT_WORKER_STALE_SECONDS = 120
    WorkerHeartbeat.objects.create(name="app1:default",
                                   beat_at=timezone.now() - datetime.timedelta(minutes=5))
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "degraded"


def test_unreachable_database_answers_503(client, monkeypatch):
    from django.db.backends.base.base import BaseDatabaseWrapper

    def refuse(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error" and response.json()["status"] == "error"


def test_a_plain_http_probe_is_answered_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/dang-nhap/").status_code == 301  # everything else goes to HTTPS
