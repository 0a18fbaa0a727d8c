"""Load the sector's organisation from the project's copy of org-units.yaml.

Paths are computed here and inserted in bulk (children ordered by code, the tree's
node_order_by), which is much faster than inserting node by node."""

import datetime
from pathlib import Path

import yaml
from django.db import transaction

from tdkt.core.text import fold, normalise_name

from .identity import seed_identities
from .models import ClusterMembership, EmulationCluster, Unit, UnitDocumentIdentity

DATA_FILE = Path(__file__).parent / "data" / "org-units.yaml"


def read_catalogue(path: Path = DATA_FILE) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


@transaction.atomic
def load_organisation(path: Path = DATA_FILE, membership_years=(2025, 2026)) -> dict:
    """Create units and clusters that do not exist yet; update names of those that do.

    Returns counts. Codes are kept exactly as in the file."""
    data = read_catalogue(path)
    rows = {row["code"]: row for row in data["units"]}
    existing = {u.code: u for u in Unit.objects.all()}
    created = updated = 0

    if not existing:
        children: dict[str | None, list[str]] = {}
        for code, row in rows.items():
            children.setdefault(row.get("parent"), []).append(code)
        units: list[Unit] = []

        def build(parent_code, parent_path, depth):
            kids = sorted(children.get(parent_code, []))
            for index, code in enumerate(kids, start=1):
                row = rows[code]
                path = Unit._get_path(parent_path, depth, index)
                unit = Unit(
                    code=code,
                    name=row["name_vi"],
                    short_name=row.get("short_name") or "",
                    kind=row["kind"],
                    province_code=str(row.get("province_code") or ""),
                    effective_from=_date(row.get("effective_from")),
                    effective_to=_date(row.get("effective_to")),
                    basis=row.get("basis") or "",
                    confidence=str(row.get("confidence") or ""),
                    note=row.get("note") or "",
                    path=path,
                    depth=depth,
                    numchild=len(children.get(code, [])),
                )
                units.append(unit)
                build(code, path, depth + 1)

        build(None, "", 1)
        # bulk_create bypasses save(): normalise here as save() would.
        for unit in units:
            unit.name = normalise_name(unit.name)
            unit.search_text = fold(f"{unit.name} {unit.short_name} {unit.code}")
        Unit.objects.bulk_create(units, batch_size=500)
        created = len(units)
    else:
        for code, row in rows.items():
            unit = existing.get(code)
            if unit and (
                unit.name != row["name_vi"] or unit.effective_to != _date(row.get("effective_to"))
            ):
                unit.name = row["name_vi"]
                unit.effective_to = _date(row.get("effective_to"))
                unit.save()
                updated += 1

    by_code = {u.code: u for u in Unit.objects.all()}
    for code, row in rows.items():
        successor = row.get("successor")
        if successor and by_code[code].successor_id is None:
            Unit.objects.filter(pk=by_code[code].pk).update(successor=by_code[successor])

    identities = seed_identities(Unit, UnitDocumentIdentity, rows)

    clusters = 0
    for row in data.get("emulation_clusters", []):
        cluster, made = EmulationCluster.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name_vi"],
                "scope": row["scope"],
                "confidence": row.get("confidence", ""),
            },
        )
        clusters += made
        for year in membership_years:
            for member in row.get("members", []):
                ClusterMembership.objects.get_or_create(
                    cluster=cluster, unit=by_code[member], year=year
                )
    return {"units_created": created, "units_updated": updated, "clusters_created": clusters,
            "identities_created": identities}
