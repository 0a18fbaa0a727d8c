"""The background-task worker: django-tasks' `db_worker`, plus a heartbeat.

A thread writes this worker's WorkerHeartbeat row every TDKT_WORKER_BEAT_SECONDS (default 10)
for /healthz, and every minute fails the jobs whose own worker died (tdkt.worker.jobs).
Options are db_worker's, e.g. `manage.py tdkt_worker --no-reload --interval 1`."""

import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

log = logging.getLogger(__name__)
REAP_EVERY = 60.0


def beat(name: str) -> None:
    from tdkt.worker.models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(
        name=name, defaults={"beat_at": timezone.now(), "pid": os.getpid()}
    )


def heartbeat_loop(name: str, stop: threading.Event, every: float) -> None:
    from tdkt.worker.jobs import reap_stale_jobs

    last_reap = 0.0
    while True:  # (a beat first: set `stop` beforehand for exactly one)
        try:
            close_old_connections()
            beat(name)
            if time.monotonic() - last_reap >= REAP_EVERY:
                last_reap = time.monotonic()
                reap_stale_jobs()
        except DatabaseError as exc:  # database restarting, or SQLite busy: try again later
            log.warning("worker heartbeat failed: %s", exc)
        finally:
            connection.close()  # this thread's own connection
        if stop.wait(every):
            return


class Command(DbWorkerCommand):
    help = "Run the background-task worker (db_worker) with a heartbeat and the stale-job reaper"

    def handle(self, *args, **options):
        if (options.get("reload") and not options.get("batch")
                and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"):
            # The autoreloader's parent only restarts the child, which beats itself.
            return super().handle(*args, **options)
        name = f"{socket.gethostname()}:{options.get('queue_name') or 'default'}"[:100]
        every = float(getattr(settings, "TDKT_WORKER_BEAT_SECONDS", 10))
        stop = threading.Event()
        thread = threading.Thread(
            target=heartbeat_loop, args=(name, stop, every), name="tdkt-heartbeat", daemon=True
        )
        thread.start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
