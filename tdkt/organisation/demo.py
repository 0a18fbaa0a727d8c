"""Demo: the real organisation, plus synthetic yearly heads and deputies of clusters."""

from .loader import load_organisation
from .models import ClusterMembership, ClusterRole, EmulationCluster

ORDER = 10


def seed(ctx) -> None:
    years = tuple(range(ctx.year - 1, ctx.year + 1))
    counts = load_organisation(membership_years=years)
    # Heads and deputies rotate yearly among members (synthetic; set by BTP decision in reality).
    for cluster in EmulationCluster.objects.all():
        for year in years:
            members = list(
                ClusterMembership.objects.filter(cluster=cluster, year=year).order_by("unit__code")
            )
            if not members:
                continue
            start = year % len(members)
            rotated = members[start:] + members[:start]
            rotated[0].role = ClusterRole.HEAD
            for deputy in rotated[1:3]:
                deputy.role = ClusterRole.DEPUTY
            ClusterMembership.objects.bulk_update(rotated[:3], ["role"])
    ctx.say(
        f"Tổ chức: {counts['units_created']} đơn vị, {EmulationCluster.objects.count()} cụm/khối"
    )
