"""The task worker (`manage.py tdkt_worker`) slowed at two points, so that a test can kill it
in the middle of a job (tests/history/test_killed_worker.py):

- the Excel apply stops inside its transaction, after the people are written and before the
  history rows, and writes the file named by TDKT_CRASH_MARKER;
- the eligibility sweep judges one subject every few milliseconds.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from tdkt.eligibility import services  # noqa: E402
from tdkt.history import importer  # noqa: E402

marker = Path(os.environ["TDKT_CRASH_MARKER"])


def stalled_insert(*args, **kwargs):
    marker.write_text("apply")
    time.sleep(120)  # waiting to be killed
    raise SystemExit("not killed")


judge = services._judge


def slow_judge(*args, **kwargs):
    time.sleep(0.004)
    return judge(*args, **kwargs)


importer._insert = stalled_insert
services._judge = slow_judge
call_command("tdkt_worker", "--no-reload", "--interval", "0.1", "--no-startup-delay")
