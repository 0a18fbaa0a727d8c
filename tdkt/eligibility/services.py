"""Feeding the engine from the database: one subject on demand, or a whole subtree in a
background sweep whose result is stored with the catalogue version used."""

import gc
import itertools
import json
import multiprocessing
import os
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.db.models import Q
from django.utils import timezone

from tdkt.audit.services import record
from tdkt.core.db import refresh_planner_statistics
from tdkt.organisation.models import Unit
from tdkt.people.models import Person
from tdkt.rules import Catalogue, CatalogueError, Result
from tdkt.rules.catalogue import set_readings

from . import loading
from .catalogue import (
    COLLECTIVE_AWARDS,
    INDIVIDUAL_AWARDS,
    default_as_of,
    evaluator,
)
from .models import CatalogueVersion, DueCategory, Sweep, SweepEntry, SweepStatus

# --- one subject -------------------------------------------------------------------------


def person_case(person: Person, year: int, as_of: date | None = None, attested: bool = False):
    as_of = as_of or default_as_of(year)
    q = Q(pk=person.pk)
    subject = next(loading.iter_person_cases(q, year, as_of))
    subject.case.attested = attested
    return subject.case


def evaluate_person(
    person: Person, award: str, year: int, as_of: date | None = None, attested: bool = False
) -> Result:
    """Judge one person for one award; every check with its explanation and source."""
    case = person_case(person, year, as_of, attested)
    case.award = award
    return evaluator().evaluate(case)


def evaluate_unit(
    unit: Unit, award: str, year: int, as_of: date | None = None, attested: bool = False
) -> Result:
    as_of = as_of or default_as_of(year)
    _, case = next(loading.collective_cases([unit], year, as_of, _cluster_leaders(year)))
    case.award = award
    case.attested = attested
    return evaluator().evaluate(case)


def _cluster_leaders(year: int) -> set[int] | None:
    """Units honoured (suy tôn) by their cluster for `year`, or None if no vote is closed."""
    try:
        from tdkt.movements.selectors import flag_proposals
    except ImportError:  # pragma: no cover
        return None
    proposals = flag_proposals(year)
    if not proposals:
        return None
    return {p.unit.pk for p in proposals if getattr(p, "unit", None) is not None}


# --- sweeps ------------------------------------------------------------------------------


@transaction.atomic
def start_sweep(actor, root: Unit, year: int, as_of: date | None = None) -> Sweep:
    if not 2000 <= year <= timezone.localdate().year:
        raise ValidationError("Năm xét không hợp lệ.")
    sweep = Sweep.objects.create(
        root=root, year=year, as_of=as_of or default_as_of(year), created_by=actor
    )
    record(
        actor, "eligibility.sweep_start", sweep, {"year": [None, year], "root": [None, root.code]}
    )
    from .tasks import run_sweep_task

    transaction.on_commit(lambda: run_sweep_task.enqueue(sweep.pk))
    return sweep


@transaction.atomic
def retry_sweep(actor, sweep: Sweep) -> Sweep:
    """Run a failed sweep again (its worker died, or it failed): the run starts by removing
    whatever entries the failed run stored, so each subject is stored once."""
    sweep = Sweep.objects.select_for_update().get(pk=sweep.pk)
    if sweep.status != SweepStatus.FAILED:
        raise ValidationError("Chỉ chạy lại được đợt rà soát bị lỗi.")
    Sweep.objects.filter(pk=sweep.pk).update(
        status=SweepStatus.QUEUED, error="", processed=0, heartbeat_at=None, finished_at=None
    )
    record(actor, "eligibility.sweep_retry", sweep,
           {"status": [SweepStatus.FAILED, SweepStatus.QUEUED]})
    from .tasks import run_sweep_task

    transaction.on_commit(lambda: run_sweep_task.enqueue(sweep.pk))
    sweep.refresh_from_db()
    return sweep


# Sweeps of at least this many people are split across worker processes (see `_workers`).
PARALLEL_MIN_PEOPLE = 5000
# Each worker takes up to this many id ranges of at least PART_MIN_PEOPLE people: several
# ranges let this process store one range's entries while the next are judged, but each
# range costs its own queries (demo sector, 13,657 people: 0.56 s in 2 ranges, 0.68 s in 8).
MAX_PARTS_PER_WORKER = 4
PART_MIN_PEOPLE = 6000
# While the workers judge, the progress they count (every COUNT_EVERY people) is written
# this often (seconds).
PROGRESS_SECONDS = 0.5
COUNT_EVERY = 500


def _judge(ev, case, awards, person_id, unit_id, sweep_pk, summary, batch) -> None:
    """Append the subject's due entries to `batch` and count them in `summary`.

    The engine's verdict-only path: full checks are built only for the few entries whose
    open questions are stored; the person's check page recomputes the rest."""
    for code, verdict, judged_open in ev.verdicts(case, awards):
        if verdict == "eligible":
            category, open_checks = DueCategory.ELIGIBLE, []
        elif verdict == "ineligible" or judged_open:
            continue
        else:
            category, open_checks = DueCategory.CONFIRM, ev.open_checks(case, code)
        summary[code][category] += 1
        batch.append((sweep_pk, person_id, unit_id, code, category, open_checks))


def _empty_summary() -> dict[str, dict[str, int]]:
    return {
        code: {"eligible": 0, "confirm": 0} for code in (*INDIVIDUAL_AWARDS, *COLLECTIVE_AWARDS)
    }


def _workers(people: int) -> int:
    """How many processes share the people of a sweep: one per core (at most
    ELIGIBILITY_SWEEP_WORKERS), and one only for small sweeps or when forked processes could
    not read what this one sees (inside a transaction, or an in-memory SQLite database)."""
    wanted = getattr(settings, "ELIGIBILITY_SWEEP_WORKERS", None) or min(2, os.cpu_count() or 1)
    if (
        wanted < 2
        or people < PARALLEL_MIN_PEOPLE
        or connection.in_atomic_block
        or (connection.vendor == "sqlite" and connection.is_in_memory_db())
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return 1
    return wanted


# What forked workers read: set by the parent just before forking (never pickled).
_PART_JOB: dict = {}
# In a worker: database connections inherited from the parent, kept referenced so that they
# are never finalised there (closing one would end the parent's session on the shared socket).
_INHERITED: list = []


def _detach_inherited_connections() -> None:
    """Pool initializer: a worker opens its own connections on first use."""
    for conn in connections.all(initialized_only=True):
        if conn.connection is not None:
            _INHERITED.append(conn.connection)
            conn.connection = None


def _judge_part(index: int) -> tuple[list[tuple], dict, dict]:
    """In a forked worker: judge the people of part `index`; returns (entries, summary,
    roster figures per unit).
    Workers only read: a SQLite reader that also wrote would meet the other workers' writes
    (SQLITE_BUSY_SNAPSHOT), so this process stores the entries."""
    job = _PART_JOB
    ev, sweep, counter = job["ev"], job["sweep"], job["counter"]
    summary, batch, pending, figures = _empty_summary(), [], 0, {}
    gc.disable()
    for subject in loading.iter_person_cases(
        job["people_q"] & job["parts"][index], sweep.year, sweep.as_of, figures, job["scope"]
    ):
        _judge(ev, subject.case, INDIVIDUAL_AWARDS, subject.person_id, subject.unit_id,
               sweep.pk, summary, batch)
        pending += 1
        if pending == COUNT_EVERY:
            with counter.get_lock():
                counter.value += pending
            pending = 0
    with counter.get_lock():
        counter.value += pending
    connection.close()  # the worker's own connection, opened after the fork
    return batch, summary, figures


def _pk_parts(people_q: Q, count: int) -> list[Q]:
    """`count` ranges of person ids holding as many people of the sweep each (give or take
    one): a subtree's ids can lie far apart, and equal spans of ids would leave one range
    with most of the work."""
    people = Person.objects.filter(people_q).order_by("pk").values_list("pk", flat=True)
    total = people.count()
    edges = [people[total * i // count] for i in range(1, count) if total * i // count < total]
    bounds = [None, *edges, None]
    parts = []
    for low, high in itertools.pairwise(bounds):
        part = Q()
        if low is not None:
            part &= Q(pk__gte=low)
        if high is not None:
            part &= Q(pk__lt=high)
        parts.append(part)
    return parts


def _merge(summary, other) -> None:
    for code, counts in other.items():
        for category, n in counts.items():
            summary[code][category] += n


def _merge_figures(figures: dict[int, list], other: dict[int, list]) -> None:
    """Add one part's roster figures (see `loading.iter_person_cases`) to `figures`."""
    for unit_id, counts in other.items():
        mine = figures.get(unit_id)
        if mine is None:
            figures[unit_id] = counts
            continue
        for i in range(4):
            mine[i] += counts[i]
        for form, n in counts[4].items():
            mine[4][form] = mine[4].get(form, 0) + n


def run_sweep(sweep: Sweep, progress_every: int = 500, workers: int | None = None) -> Sweep:
    """Evaluate every person and collective of the subtree; store who is due.

    Large sweeps run in forked worker processes, one per core, each judging ranges of person
    ids with the same set-based queries; this process stores the entries and the progress
    meanwhile. Collectives are judged last, from the roster figures counted while the people
    were read."""
    ev = evaluator()
    catalogue = ev.version_for(sweep.as_of)
    people_q = Q(unit__path__startswith=sweep.root.path)
    units = loading.collective_units(sweep.root)
    people = Person.objects.filter(people_q).count()
    Sweep.objects.filter(pk=sweep.pk).update(
        status=SweepStatus.RUNNING,
        total=people + len(units),
        rules_version=catalogue.version,
        processed=0,
        heartbeat_at=timezone.now(),  # written with every progress (tdkt.worker.jobs)
    )
    SweepEntry.objects.filter(sweep=sweep).delete()
    summary = _empty_summary()
    batch: list[tuple] = []
    workers = workers or _workers(people)

    def flush():
        nonlocal batch
        if batch:
            _insert_entries(batch)
            batch = []

    figures: dict[int, list] = {}

    def judge_collectives():
        # Collectives are few (at most the units of the subtree); units without members are
        # not judged but count as processed.
        for unit, case in loading.collective_cases(
            units, sweep.year, sweep.as_of, _cluster_leaders(sweep.year), figures
        ):
            _judge(ev, case, COLLECTIVE_AWARDS, None, unit.pk, sweep.pk, summary, batch)
        return len(units)

    # Cases hold no reference cycles, so the cyclic collector only adds pauses here.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        scope = loading.registration_scope(sweep.year)
        if workers > 1:
            done = _run_parts(ev, sweep, people, people_q, scope, workers, summary, figures)
        else:
            done = 0
            for subject in loading.iter_person_cases(
                people_q, sweep.year, sweep.as_of, figures, scope
            ):
                _judge(ev, subject.case, INDIVIDUAL_AWARDS, subject.person_id, subject.unit_id,
                       sweep.pk, summary, batch)
                done += 1
                if done % progress_every == 0:
                    flush()
                    Sweep.objects.filter(pk=sweep.pk).update(
                        processed=done, heartbeat_at=timezone.now()
                    )
        done += judge_collectives()
        flush()
    except Exception as exc:
        Sweep.objects.filter(pk=sweep.pk).update(
            status=SweepStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    finally:
        if gc_was_enabled:
            gc.enable()
    refresh_planner_statistics(SweepEntry)  # the due list reads these rows next
    Sweep.objects.filter(pk=sweep.pk).update(
        status=SweepStatus.DONE, processed=done, summary=summary, finished_at=timezone.now()
    )
    sweep.refresh_from_db()
    return sweep


def _part_count(people: int, workers: int) -> int:
    return workers * max(1, min(MAX_PARTS_PER_WORKER, people // (workers * PART_MIN_PEOPLE)))


def _run_parts(ev, sweep, people, people_q, scope, workers, summary, figures) -> int:
    """Judge the people in `workers` forked processes, store their entries and add their
    roster figures to `figures`. Returns how many people were judged. The people come in a
    few id ranges per worker, so that this process stores one range's entries while the
    workers judge the next ones."""
    context = multiprocessing.get_context("fork")
    counter = context.Value("q", 0)
    parts = _pk_parts(people_q, _part_count(people, workers))
    _PART_JOB.update(
        ev=ev, sweep=sweep, people_q=people_q, scope=scope, counter=counter,
        parts=parts,
    )
    # A connection must not be shared with the children: they open their own.
    connections.close_all()
    try:
        with context.Pool(workers, initializer=_detach_inherited_connections) as pool:
            results = pool.imap_unordered(_judge_part, range(len(parts)))
            for _ in parts:
                while True:
                    try:
                        entries, part_summary, part_figures = results.next(PROGRESS_SECONDS)
                        break
                    except multiprocessing.TimeoutError:
                        # The progress bar moves while a range is judged, not only after it.
                        Sweep.objects.filter(pk=sweep.pk).update(
                            processed=counter.value, heartbeat_at=timezone.now()
                        )
                _insert_entries(entries)
                _merge(summary, part_summary)
                _merge_figures(figures, part_figures)
                Sweep.objects.filter(pk=sweep.pk).update(
                    processed=counter.value, heartbeat_at=timezone.now()
                )
    finally:
        _PART_JOB.clear()
    return counter.value


def _insert_entries(rows: list[tuple]) -> None:
    """Plain multi-row INSERTs in one transaction: a sector sweep stores tens of thousands of
    entries, and model instances would cost more than the evaluation itself."""
    table = SweepEntry._meta.db_table
    columns = "sweep_id, person_id, unit_id, award, category, checks"
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), 150):
            chunk = rows[start : start + 150]
            placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(chunk))
            params = []
            for sweep_id, person_id, unit_id, award, category, checks in chunk:
                params += [sweep_id, person_id, unit_id, award, category,
                           json.dumps(checks) if checks else "[]"]
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {placeholders}", params)


# --- catalogue versions ------------------------------------------------------------------


@transaction.atomic
def add_catalogue_version(
    actor,
    *,
    data: dict,
    version: str,
    title: str,
    effective_from: date,
    based_on: str = "",
    note: str = "",
) -> CatalogueVersion:
    """Add a version without code changes; it is validated by compiling it."""
    if CatalogueVersion.objects.filter(version=version).exists() or version in {
        v.version for v in evaluator().versions
    }:
        raise ValidationError(f"Mã phiên bản “{version}” đã tồn tại.")
    data = {
        **data,
        "version": version,
        "title_vi": title,
        "effective_from": effective_from.isoformat(),
    }
    data.pop("effective_to", None)
    try:
        Catalogue.from_dict(data)
    except (CatalogueError, KeyError, TypeError, ValueError) as exc:
        raise ValidationError(f"Danh mục không hợp lệ: {exc}") from exc
    row = CatalogueVersion.objects.create(
        version=version,
        title=title,
        effective_from=effective_from,
        data=data,
        based_on=based_on,
        note=note,
        created_by=actor,
    )
    record(
        actor,
        "eligibility.catalogue_version_add",
        row,
        {"version": [None, version], "effective_from": [None, effective_from]},
        note=note,
    )
    return row


@transaction.atomic
def set_interpretations(
    actor,
    *,
    base: Catalogue,
    values: dict[str, bool],
    version: str,
    effective_from: date,
    note: str = "",
) -> CatalogueVersion:
    """The emulation department changes interpretation parameters: a new catalogue version
    copied from `base` with `values` set (each changed one records who set it), audited."""
    changes = {
        key: [base.reading(key).value, value]
        for key, value in values.items()
        if base.reading(key).value != value
    }
    if not changes:
        raise ValidationError("Không có cách hiểu nào thay đổi so với phiên bản gốc.")
    setter = actor.get_full_name() or actor.get_username()
    try:
        data = set_readings(base.to_dict(), values, setter, timezone.localdate())
    except CatalogueError as exc:
        raise ValidationError(f"Danh mục không hợp lệ: {exc}") from exc
    row = add_catalogue_version(
        actor,
        data=data,
        version=version,
        title=f"{base.title_vi}; cách hiểu do {setter} thay đổi"[:300],
        effective_from=effective_from,
        based_on=base.version,
        note=note,
    )
    record(actor, "eligibility.interpretations_set", row, changes, note=note)
    return row

