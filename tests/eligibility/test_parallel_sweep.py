"""Large sweeps are split across forked worker processes; the result must be the one a single
process gives."""

import datetime
import random

import pytest
from django.db import connection
from django.db.models import Q

from tdkt.eligibility import services
from tdkt.eligibility.models import Sweep, SweepEntry, SweepStatus
from tdkt.history import models as h
from tdkt.organisation.models import Unit
from tdkt.people.models import Person
from tests.factories import make_person, seed_award_types


@pytest.mark.django_db
def test_id_ranges_cover_every_person_of_the_subtree_once(cast):
    for i in range(23):
        make_person("STP-01-VP" if i % 2 else "STP-01-HCBT", f"Nguyễn Văn Số {i}")
        if i == 4:  # a long run of ids outside the subtree
            for j in range(40):
                make_person("STP-79-VP", f"Trần Văn Ngoài {j}")
    people_q = Q(unit__path__startswith=cast.unit_a.path)
    parts = services._pk_parts(people_q, 4)
    assert len(parts) == 4
    sizes = [Person.objects.filter(people_q & part).count() for part in parts]
    seen = [pk for part in parts for pk in
            Person.objects.filter(people_q & part).values_list("pk", flat=True)]
    assert sorted(seen) == sorted(Person.objects.filter(people_q).values_list("pk", flat=True))
    # As many people in each range (the workers finish together), whatever the id gaps.
    assert max(sizes) - min(sizes) <= 1


def test_small_sweeps_take_one_range_per_worker_large_ones_several():
    # Each range costs its own queries; several per worker only once they hold thousands.
    assert services._part_count(13_657, 2) == 2
    assert services._part_count(50_000, 2) == 8
    assert services._part_count(1_000_000, 2) == 8
    assert services._part_count(30_000, 3) == 3


@pytest.mark.django_db
def test_one_process_when_forked_workers_could_not_read_the_data(settings):
    settings.ELIGIBILITY_SWEEP_WORKERS = 2
    # Inside the test's transaction, children would not see its uncommitted rows.
    assert services._workers(10**6) == 1


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the SQLite test database lives in memory, which forked workers cannot open "
    "(the sweep then runs in one process); runs on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_parallel_sweep_stores_what_a_single_process_stores(settings, monkeypatch):
    from tdkt.organisation.loader import load_organisation

    load_organisation()
    seed_award_types()
    rng = random.Random(7)
    codes = dict(h.AwardType.objects.values_list("code", "pk"))
    for i in range(120):
        person = make_person(rng.choice(["STP-01-VP", "STP-01-HCBT", "STP-79-VP"]),
                             f"Trần Thị Số {i}", gender=rng.choice(["male", "female"]))
        for year in range(2019, 2026):
            rating = rng.choice(["HTXSNV", "HTXSNV", "HTTNV", "HTTNV", "HTNV"])
            h.PersonRating.objects.create(person=person, year=year, rating=rating)
            if rating != "HTNV":
                h.PersonTitle.objects.create(person=person, year=year,
                                             award_id=codes["lao_dong_tien_tien"])
            if rating == "HTXSNV" and rng.random() < 0.7:
                h.PersonTitle.objects.create(person=person, year=year,
                                             award_id=codes["chien_si_thi_dua_co_so"])
    root = Unit.objects.get(code="BTP")
    monkeypatch.setattr(services, "PARALLEL_MIN_PEOPLE", 10)
    settings.ELIGIBILITY_SWEEP_WORKERS = 2
    assert services._workers(120) == 2

    def sweep(workers):
        done = services.run_sweep(
            Sweep.objects.create(root=root, year=2025, as_of=datetime.date(2026, 1, 31)),
            workers=workers,
        )
        assert done.status == SweepStatus.DONE
        entries = set(
            SweepEntry.objects.filter(sweep=done).values_list(
                "person_id", "unit_id", "award", "category"
            )
        )
        return done, entries

    single, single_entries = sweep(1)
    parallel, parallel_entries = sweep(2)
    assert parallel_entries == single_entries
    assert any(award == "chien_si_thi_dua_co_so" for _, _, award, _ in parallel_entries)
    assert parallel.summary == single.summary
    assert parallel.processed == single.processed == parallel.total


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="forked workers cannot open the in-memory SQLite test database; runs on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_parallel_sweep_shows_progress_while_the_workers_judge(settings, monkeypatch):
    """The progress bar must move during a long sweep, not jump when a range is done."""
    import threading
    import time

    from django.db import connections

    from tdkt.organisation.loader import load_organisation

    load_organisation()
    seed_award_types()
    for i in range(60):
        make_person(["STP-01-VP", "STP-79-VP"][i % 2], f"Đỗ Văn Chờ {i}")
    monkeypatch.setattr(services, "PARALLEL_MIN_PEOPLE", 10)
    monkeypatch.setattr(services, "PROGRESS_SECONDS", 0.05)
    monkeypatch.setattr(services, "COUNT_EVERY", 5)
    settings.ELIGIBILITY_SWEEP_WORKERS = 2
    judge = services._judge

    def slow_judge(*args):  # inherited by the forked workers
        time.sleep(0.02)
        judge(*args)

    monkeypatch.setattr(services, "_judge", slow_judge)
    sweep = Sweep.objects.create(
        root=Unit.objects.get(code="BTP"), year=2025, as_of=datetime.date(2026, 1, 31)
    )
    seen, done = set(), threading.Event()

    def watch():
        while not done.is_set():
            seen.add(Sweep.objects.get(pk=sweep.pk).processed)
            time.sleep(0.02)
        connections.close_all()

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        finished = services.run_sweep(sweep, workers=2)
    finally:
        done.set()
        watcher.join()
    people = Person.objects.count()
    assert finished.processed == finished.total
    # Counts between none and all of the people were shown while the two ranges ran.
    assert any(0 < n < people // 2 for n in seen), sorted(seen)
