"""Benchmark: the eligibility sweep against the floor of merely reading its history rows.

Run from the project root: `python bench/eligibility_sweep.py` (or `.venv/bin/python …`).
Two phases, each in a fresh SQLite database under a temporary folder:
  1. the demo sector at scale 1.0 (about 14,000 people, ten years of demo history);
  2. a synthetic sector of 50,000 people with ten years of history.
For each it prints people per second, the sweep's total time and the floor (the time to
read the same history rows with the same queries). Last line: `sweep/floor ratio: R`
for the 50,000-person run. Figures, not a test: nothing here asserts a target.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2025
ROUNDS = 5


def _seconds(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


def setup_django(data_dir: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["TDKT_DATA_DIR"] = data_dir
    os.environ.setdefault("SECRET_KEY", "bench-only-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tdkt.settings")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def synthetic_sector(people: int, seed: int = 50) -> None:
    """`people` staff spread over the real units, with ten years of plausible history."""
    import datetime
    import random

    from tdkt.history import models as h
    from tdkt.organisation.loader import load_organisation
    from tdkt.organisation.models import Unit
    from tdkt.people.models import Person

    load_organisation()
    rng = random.Random(seed)
    units = list(
        Unit.objects.filter(effective_to__isnull=True)
        .exclude(kind__in=["ministry", "virtual_group"])
        .values_list("id", flat=True)
    )
    batch = [
        Person(
            full_name=f"Cán Bộ Số {i}",
            gender="female" if rng.random() < 0.52 else "male",
            date_of_birth=datetime.date(rng.randint(1966, 2000), rng.randint(1, 12), 1),
            id_number=f"{i:012d}",
            unit_id=rng.choice(units),
            joined_sector_on=datetime.date(rng.randint(1990, 2020), 1, 1),
            is_frontline=rng.random() < 0.3,
        ).prepare()
        for i in range(people)
    ]
    Person.objects.bulk_create(batch, batch_size=5000)
    codes = dict(h.AwardType.objects.values_list("code", "id"))
    ids = list(Person.objects.values_list("id", flat=True))
    ratings, titles, awards, discipline = [], [], [], []
    for pid in ids:
        streak = 0
        for year in range(YEAR - 9, YEAR + 1):
            roll = rng.random()
            rating = (
                "HTXSNV"
                if roll < 0.2
                else "HTTNV"
                if roll < 0.9
                else "HTNV"
                if roll < 0.99
                else "KHTNV"
            )
            ratings.append(h.PersonRating(person_id=pid, year=year, rating=rating))
            if rating in ("HTXSNV", "HTTNV") and rng.random() < 0.9:
                titles.append(
                    h.PersonTitle(person_id=pid, year=year, award_id=codes["lao_dong_tien_tien"])
                )
                if rating == "HTXSNV" and rng.random() < 0.6:
                    streak += 1
                    titles.append(
                        h.PersonTitle(
                            person_id=pid, year=year, award_id=codes["chien_si_thi_dua_co_so"]
                        )
                    )
                else:
                    streak = 0
            if streak == 2 and rng.random() < 0.5:
                awards.append(
                    h.PersonAward(
                        person_id=pid, year=year, award_id=codes["bang_khen_bo_truong_bo_tu_phap"]
                    )
                )
        if rng.random() < 0.01:
            decided = datetime.date(rng.randint(2018, 2025), rng.randint(1, 12), 1)
            discipline.append(
                h.Discipline(
                    person_id=pid,
                    form="khien_trach",
                    decided_on=decided,
                    ends_on=decided + datetime.timedelta(days=365),
                )
            )
    for model, rows in (
        (h.PersonRating, ratings),
        (h.PersonTitle, titles),
        (h.PersonAward, awards),
        (h.Discipline, discipline),
    ):
        model.objects.bulk_create(rows, batch_size=5000)


def measure(label: str) -> tuple[float, float, int]:
    import datetime

    from django.db.models import Q

    from tdkt.eligibility import loading, services
    from tdkt.eligibility.models import Sweep
    from tdkt.organisation.models import Unit
    from tdkt.people.models import Person

    root = Unit.objects.get(code="BTP")
    as_of = datetime.date(YEAR + 1, 1, 31)
    people_q = Q(unit__path__startswith=root.path)
    count = Person.objects.filter(people_q).count()

    # Warm the catalogue (compiled once per process) and the database cache.
    services.evaluator().version_for(as_of)
    people, streams = loading.person_streams(people_q, YEAR, as_of)
    for stream in (people, *streams.values()):
        for _ in stream:
            pass

    def read_floor() -> tuple[float, int]:
        started = time.perf_counter()
        people, streams = loading.person_streams(people_q, YEAR, as_of)
        rows = 0
        for stream in (people, *streams.values()):
            for _ in stream:
                rows += 1
        return time.perf_counter() - started, rows

    def sweep_once() -> tuple[float, Sweep]:
        sweep = Sweep.objects.create(root=root, year=YEAR, as_of=as_of)
        started = time.perf_counter()
        services.run_sweep(sweep, progress_every=2000)
        return time.perf_counter() - started, sweep

    # The machine is shared and its speed drifts: floor and sweep are measured in turn,
    # ROUNDS times, and the medians are compared.
    floors, totals = [], []
    for _ in range(ROUNDS):
        floor, rows = read_floor()
        total, sweep = sweep_once()
        floors.append(floor)
        totals.append(total)
    floor, total = statistics.median(floors), statistics.median(totals)
    print(f"[{label}] floor runs: {_seconds(floors)}; sweep runs: {_seconds(totals)}")
    pairs = [t / f for t, f in zip(totals, floors, strict=True)]
    print(f"[{label}] ratio of each round (sweep / the floor just before it): {_seconds(pairs)}")
    entries = sweep.entries.count()
    print(f"[{label}] people: {count}; history rows read: {rows}; due entries stored: {entries}")
    print(f"[{label}] sweep total seconds: {total:.2f}; people per second: {count / total:,.0f}")
    print(f"[{label}] floor (read the same rows) seconds: {floor:.2f}; ratio: {total / floor:.2f}")
    return total, floor, count


def phase(name: str) -> None:
    with tempfile.TemporaryDirectory(prefix=f"tdkt-bench-{name}-") as data_dir:
        setup_django(data_dir)
        started = time.perf_counter()
        if name == "demo":
            from django.core.management import call_command

            call_command("seed_demo", scale=1.0, seed=2026, verbosity=0)
            label = "demo sector, scale 1.0"
        else:
            synthetic_sector(50_000)
            label = "synthetic 50,000 people"
        print(f"[{label}] setup seconds: {time.perf_counter() - started:.1f}")
        total, floor, _ = measure(label)
        if name == "synthetic":
            print(f"sweep/floor ratio: {total / floor:.2f}")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--phase":
        phase(sys.argv[2])
        return
    for name in ("demo", "synthetic"):
        result = subprocess.run([sys.executable, __file__, "--phase", name], cwd=ROOT)
        if result.returncode:
            sys.exit(result.returncode)


if __name__ == "__main__":
    main()
