"""Read-side queries for the organisation. Each is one or two queries whatever the size."""

from django.db.models import Count

from tdkt.core.text import fold

from .models import ClusterMembership, Unit

STEPLEN = Unit.steplen


def root_units_for(scope) -> list[Unit]:
    """The top units a user may browse: the roots of their scopes."""
    roots = scope.paths()
    if roots == [""]:
        return list(Unit.objects.filter(depth=1))
    return list(Unit.objects.filter(path__in=roots).order_by("path"))


def staff_counts() -> dict[str, int]:
    """Subtree staff count per unit path, from one grouped query."""
    from tdkt.people.models import Person

    per_unit = (
        Person.objects.values("unit__path").annotate(n=Count("id")).values_list("unit__path", "n")
    )
    totals: dict[str, int] = {}
    for path, n in per_unit:
        for end in range(STEPLEN, len(path) + 1, STEPLEN):
            key = path[:end]
            totals[key] = totals.get(key, 0) + n
    return totals


# How officers expect a level of the tree to read: the Ministry's own Vụ and Cục first, then
# public service units, then the provincial blocs; within a kind, by name.
KIND_ORDER = {
    kind: index
    for index, kind in enumerate(
        [
            "office",
            "department",
            "inspectorate",
            "directorate",
            "directorate_general",
            "directorate_division",
            "public_service_unit",
            "public_service_unit_other",
            "virtual_group",
            "provincial_justice_dept",
            "provincial_enforcement_office",
            "internal_division",
            "local_public_service_unit",
            "regional_enforcement_office",
        ]
    )
}


def children_of(unit: Unit, include_historic: bool = False) -> list[Unit]:
    qs = Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
    if not include_historic:
        qs = qs.filter(effective_to__isnull=True)
    return sorted(
        qs, key=lambda u: (KIND_ORDER.get(u.kind, 99), u.code if u.province_code else fold(u.name))
    )


def search_units(scope, text: str):
    key = fold(text)
    return scope.filter(Unit.objects.filter(search_text__contains=key)).order_by("path")


def ancestors(unit: Unit) -> list[Unit]:
    paths = [unit.path[:end] for end in range(STEPLEN, len(unit.path), STEPLEN)]
    return list(Unit.objects.filter(path__in=paths).order_by("depth"))


def cluster_memberships(unit: Unit):
    return (
        ClusterMembership.objects.filter(unit=unit)
        .select_related("cluster")
        .order_by("-year", "cluster__code")
    )
