"""Catalogue v2 (issue 18): the award types added to data/award_types.json — the Prime
Minister's certificate for collectives and the Labour Order's classes for individuals and
collectives — for databases seeded before them (same idempotent seed as 0002)."""

import importlib

from django.db import migrations

seed = importlib.import_module("tdkt.history.migrations.0002_seed_award_types").seed


class Migration(migrations.Migration):
    dependencies = [("history", "0004_import_job_heartbeat")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
