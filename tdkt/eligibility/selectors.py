"""Read side of the due list: the latest finished sweep covering a unit, and its entries."""

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
        "award", "category", "unit__path", "person__full_name", "id"
    )


def due_counts(sweep: Sweep, unit: Unit) -> dict[str, dict[str, int]]:
    """award -> {category: n, 'frontline': n, 'female': n} for the unit's subtree."""
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
