"""Read side of the due list: the latest finished sweep covering a unit, and its entries.

A finished sweep's entries never change (a new sweep writes new rows), so the due list's
figures and the order of its rows are kept in the shared cache per sweep, unit and filters:
sorting 16,000 entries by unit and name is most of the page's cost for the whole sector.
"""

from django.core.cache import cache
from django.db.models import Count, Q

from tdkt.organisation.models import Unit

from .models import Sweep, SweepEntry, SweepStatus


def latest_sweep(unit: Unit, year: int) -> Sweep | None:
    """The most recent finished sweep for `year` whose subtree contains `unit`."""
    prefixes = [unit.path[:end] for end in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]
    return (
        Sweep.objects.filter(year=year, status=SweepStatus.DONE, root__path__in=prefixes)
        .select_related("root")
        .order_by("-finished_at", "-id")
        .first()
    )


def running_sweep(unit: Unit, year: int) -> Sweep | None:
    return (
        Sweep.objects.filter(
            year=year, root=unit, status__in=[SweepStatus.QUEUED, SweepStatus.RUNNING]
        )
        .order_by("-id")
        .first()
    )


def due_entries(sweep: Sweep, unit: Unit, award=None, category=None, priority=None):
    qs = SweepEntry.objects.filter(sweep=sweep, unit__path__startswith=unit.path)
    if award:
        qs = qs.filter(award=award)
    if category:
        qs = qs.filter(category=category)
    if priority == "frontline":
        qs = qs.filter(person__is_frontline=True)
    elif priority == "female":
        qs = qs.filter(person__gender="female")
    return qs.select_related("person", "unit").order_by(
        "award", "category", "unit__path", "person__sort_key", "id"
    )


DUE_LIST_CACHE_SECONDS = 24 * 3600


def _cache_key(kind: str, sweep: Sweep, unit: Unit, *parts) -> str:
    stamp = sweep.finished_at.timestamp() if sweep.finished_at else ""
    return ":".join(str(p) for p in ("due", kind, sweep.pk, stamp, unit.path, *parts))


def due_entry_ids(sweep: Sweep, unit: Unit, award=None, category=None, priority=None):
    """The ids of `due_entries(...)` in their order, from the cache when this sweep's list
    was read before (a finished sweep does not change)."""
    key = _cache_key("ids", sweep, unit, award or "", category or "", priority or "")
    ids = cache.get(key)
    if ids is None:
        ids = list(due_entries(sweep, unit, award, category, priority)
                   .values_list("id", flat=True))
        cache.set(key, ids, DUE_LIST_CACHE_SECONDS)
    return ids


def entries_in_order(ids) -> list[SweepEntry]:
    """The entries of `ids` (one page), in that order, with their person and unit."""
    rows = SweepEntry.objects.select_related("person", "unit").in_bulk(list(ids))
    return [rows[pk] for pk in ids if pk in rows]


def due_counts(sweep: Sweep, unit: Unit) -> dict[str, dict[str, int]]:
    """award -> {category: n, 'frontline': n, 'female': n} for the unit's subtree."""
    key = _cache_key("counts", sweep, unit)
    counts = cache.get(key)
    if counts is None:
        counts = _due_counts(sweep, unit)
        cache.set(key, counts, DUE_LIST_CACHE_SECONDS)
    return counts


def _due_counts(sweep: Sweep, unit: Unit) -> dict[str, dict[str, int]]:
    rows = (
        SweepEntry.objects.filter(sweep=sweep, unit__path__startswith=unit.path)
        .values("award", "category")
        .annotate(
            n=Count("id"),
            frontline=Count("id", filter=Q(person__is_frontline=True)),
            female=Count("id", filter=Q(person__gender="female")),
        )
    )
    counts: dict[str, dict[str, int]] = {}
    for row in rows:
        bucket = counts.setdefault(
            row["award"], {"eligible": 0, "confirm": 0, "frontline": 0, "female": 0}
        )
        bucket[row["category"]] += row["n"]
        bucket["frontline"] += row["frontline"]
        bucket["female"] += row["female"]
    return counts
