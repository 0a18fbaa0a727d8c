"""Feeding the engine from the database: one subject on demand, or a whole subtree in a
background sweep whose result is stored with the catalogue version used."""

import gc
import json
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from tdkt.audit.services import record
from tdkt.organisation.models import Unit
from tdkt.people.models import Person
from tdkt.rules import Catalogue, CatalogueError, Result

from . import loading
from .catalogue import (
    COLLECTIVE_AWARDS,
    INDIVIDUAL_AWARDS,
    default_as_of,
    evaluator,
)
from .models import CatalogueVersion, DueCategory, Sweep, SweepEntry, SweepStatus

# --- one subject -------------------------------------------------------------------------


def registered_for(year: int, people_q: Q) -> dict[int, set[int]] | None:
    """Individual registrations the engine should check for `year`.

    Only people whose unit lies in the scope of a regular movement of that year are checked
    (pid -> approved years, possibly empty); others are absent, meaning "not recorded here"
    rather than "did not register". None when no regular movement of the year exists."""
    from tdkt.movements.models import IndividualRegistration, Registration

    regular = {"movement__year": year, "movement__kind": "regular"}
    roots = sorted(set(Registration.objects.filter(**regular).values_list("unit__path", flat=True)))
    if not roots:
        return None
    covered_q = Q()
    for root in roots:
        covered_q |= Q(unit__path__startswith=root)
    covered = Person.objects.filter(people_q).filter(covered_q)
    result: dict[int, set[int]] = {pid: set() for pid in covered.values_list("id", flat=True)}
    approved = IndividualRegistration.objects.filter(
        person__in=covered.values("id"),
        registration__status="approved",
        **{f"registration__{k}": v for k, v in regular.items()},
    ).values_list("person_id", flat=True)
    for pid in approved:
        result[pid].add(year)
    return result


def person_case(person: Person, year: int, as_of: date | None = None, attested: bool = False):
    as_of = as_of or default_as_of(year)
    q = Q(pk=person.pk)
    subject = next(loading.iter_person_cases(q, year, as_of, registered_for(year, q)))
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


def run_sweep(sweep: Sweep, progress_every: int = 500) -> Sweep:
    """Evaluate every person and collective of the subtree; store who is due."""
    ev = evaluator()
    catalogue = ev.version_for(sweep.as_of)
    people_q = Q(unit__path__startswith=sweep.root.path)
    # Collectives are few (at most the units of the subtree): build their cases up front.
    unit_cases = list(
        loading.collective_cases(
            loading.collective_units(sweep.root),
            sweep.year,
            sweep.as_of,
            _cluster_leaders(sweep.year),
        )
    )
    total = Person.objects.filter(people_q).count() + len(unit_cases)
    Sweep.objects.filter(pk=sweep.pk).update(
        status=SweepStatus.RUNNING, total=total, rules_version=catalogue.version, processed=0
    )
    SweepEntry.objects.filter(sweep=sweep).delete()
    summary: dict[str, dict[str, int]] = {
        code: {"eligible": 0, "confirm": 0} for code in (*INDIVIDUAL_AWARDS, *COLLECTIVE_AWARDS)
    }
    batch: list[tuple] = []
    done = 0

    def keep(case, awards, person_id, unit_id):
        # The engine's verdict-only path: full checks are built only for the few entries
        # whose open questions are stored; the person's check page recomputes the rest.
        for code, verdict, judged_open in ev.verdicts(case, awards):
            if verdict == "eligible":
                category, open_checks = DueCategory.ELIGIBLE, []
            elif verdict == "ineligible" or judged_open:
                continue
            else:
                category, open_checks = DueCategory.CONFIRM, ev.open_checks(case, code)
            summary[code][category] += 1
            batch.append((sweep.pk, person_id, unit_id, code, category, open_checks))

    def flush():
        nonlocal batch
        if batch:
            _insert_entries(batch)
            batch = []

    # Cases hold no reference cycles, so the cyclic collector only adds pauses here.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        registered = registered_for(sweep.year, people_q)
        for subject in loading.iter_person_cases(people_q, sweep.year, sweep.as_of, registered):
            keep(subject.case, INDIVIDUAL_AWARDS, subject.person_id, subject.unit_id)
            done += 1
            if done % progress_every == 0:
                flush()
                Sweep.objects.filter(pk=sweep.pk).update(processed=done)
        for unit, case in unit_cases:
            keep(case, COLLECTIVE_AWARDS, None, unit.pk)
            done += 1
        flush()
    except Exception as exc:
        Sweep.objects.filter(pk=sweep.pk).update(
            status=SweepStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    finally:
        if gc_was_enabled:
            gc.enable()
    Sweep.objects.filter(pk=sweep.pk).update(
        status=SweepStatus.DONE, processed=done, summary=summary, finished_at=timezone.now()
    )
    sweep.refresh_from_db()
    return sweep


def _insert_entries(rows: list[tuple]) -> None:
    """Plain multi-row INSERTs: a sector sweep stores tens of thousands of entries, and model
    instances would cost more than the evaluation itself."""
    table = SweepEntry._meta.db_table
    columns = "sweep_id, person_id, unit_id, award, category, checks"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 150):
            chunk = rows[start : start + 150]
            placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(chunk))
            params = []
            for sweep_id, person_id, unit_id, award, category, checks in chunk:
                params += [sweep_id, person_id, unit_id, award, category, json.dumps(checks)]
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
