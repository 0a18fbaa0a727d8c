"""A finished sweep leaves PostgreSQL's planner knowing how many entries it stored.

Without fresh statistics a new sweep's entries look like a handful of rows until autovacuum
runs, and the due list joins them with nested loops (measured: 0.45 s instead of 0.15 s for
the sector at scale 1.0; see bench/load.py).
"""

import datetime

import pytest
from django.db import connection

from tdkt.eligibility import services
from tdkt.eligibility.models import Sweep, SweepEntry
from tdkt.organisation.models import Unit
from tests.factories import make_person, seed_award_types


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="planner statistics are PostgreSQL's (SQLite keeps none by default)")
@pytest.mark.django_db
def test_the_planner_knows_the_entries_of_the_sweep_that_just_finished(cast):
    seed_award_types()
    for i in range(40):
        make_person(["STP-01-VP", "STP-79-VP"][i % 2], f"Lê Thị Thống Kê {i}")
    sweep = Sweep.objects.create(
        root=Unit.objects.get(code="BTP"), year=2025, as_of=datetime.date(2026, 1, 31)
    )
    services.run_sweep(sweep, workers=1)
    stored = SweepEntry.objects.filter(sweep=sweep).count()
    assert stored > 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s",
                       [SweepEntry._meta.db_table])
        (estimated,) = cursor.fetchone()
    assert estimated == stored
