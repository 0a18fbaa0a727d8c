"""Document identity of units with legal status (issue 15 item 3).

`derive_identity` turns a row of org-units.yaml into the identity's fields (used by the org
loader and the data migration); `identity_for` finds the identity that heads a unit's documents
(its own, else the nearest ancestor's)."""

from __future__ import annotations

import re

IDENTITY_KINDS = ("provincial_justice_dept", "provincial_enforcement_office")
ENFORCEMENT_PARENT = "CỤC QUẢN LÝ THI HÀNH ÁN DÂN SỰ"


def upper(text: str) -> str:
    return (text or "").upper()


def place_from_name(name: str) -> str:
    """'Sở Tư pháp thành phố Hà Nội' -> 'Hà Nội'; 'Thành phố Hồ Chí Minh' is kept whole, as
    the city is written in documents."""
    if "Thành phố Hồ Chí Minh" in name or "thành phố Hồ Chí Minh" in name:
        return "Thành phố Hồ Chí Minh"
    match = re.search(r"\b(?:tỉnh|thành phố|Tỉnh|Thành phố)\s+(.+)$", name)
    return match.group(1).strip() if match else ""


def derive_identity(row: dict, parent_name: str = "") -> dict | None:
    """Fields of UnitDocumentIdentity for a catalogue row, or None for units without one."""
    kind = row.get("kind")
    name = row["name_vi"]
    if kind == "provincial_justice_dept":
        admin = row.get("admin_parent") or ""
        admin = re.sub(r"^Ủy ban nhân dân", "UBND", admin, flags=re.IGNORECASE)
        return {
            "parent_body": upper(admin),
            "own_name": "SỞ TƯ PHÁP",
            "symbol": "STP",
            "place_name": place_from_name(name),
            "head_title": "Giám đốc",
        }
    if kind == "provincial_enforcement_office":
        return {
            "parent_body": upper(parent_name) or ENFORCEMENT_PARENT,
            "own_name": upper(name),
            "symbol": "THADS",
            "place_name": place_from_name(name),
            "head_title": row.get("head_title") or "Trưởng Thi hành án dân sự",
        }
    return None


def seed_identities(unit_model, identity_model, rows: dict) -> int:
    """Create the identities missing for the catalogue's units (existing ones, possibly edited
    by the department, are left alone). Returns how many were created."""
    wanted = {code: row for code, row in rows.items() if row.get("kind") in IDENTITY_KINDS}
    units = {u.code: u for u in unit_model.objects.filter(code__in=wanted)}
    have = set(identity_model.objects.values_list("unit_id", flat=True))
    new = []
    for code, row in wanted.items():
        unit = units.get(code)
        if unit is None or unit.pk in have:
            continue
        parent = rows.get(row.get("parent") or "", {})
        fields = derive_identity(row, parent.get("name_vi", ""))
        new.append(identity_model(unit=unit, **fields))
    identity_model.objects.bulk_create(new)
    return len(new)


def identity_for(unit):
    """The document identity heading `unit`'s documents: its own, else the nearest ancestor's
    (a division writes under its Sở). None when no unit on the way has one (Ministry units)."""
    from .models import Unit, UnitDocumentIdentity

    if unit is None:
        return None
    step = Unit.steplen
    paths = [unit.path[:i] for i in range(step, len(unit.path) + 1, step)]
    found = {
        ident.unit.path: ident
        for ident in UnitDocumentIdentity.objects.select_related("unit").filter(
            unit__path__in=paths
        )
    }
    for path in reversed(paths):
        if path in found:
            return found[path]
    return None


def place_for(unit, default: str = "Hà Nội") -> str:
    """The place name written before the date on `unit`'s documents."""
    ident = identity_for(unit)
    return ident.place_name if ident and ident.place_name else default


def head_name(identity) -> str:
    """The name of the unit's head when the staff records say who it is, else ''."""
    from tdkt.people.models import Person

    if identity is None:
        return ""
    # "Giám đốc" is written "Giám đốc Sở" in many staff records: the title, or the title
    # followed by more words, never "Phó Giám đốc".
    people = list(
        Person.objects.filter(unit=identity.unit, is_leader=True,
                              position__istartswith=identity.head_title)
        .order_by("pk").values_list("full_name", "position")[:10]
    )
    title = identity.head_title.casefold()
    exact = [name for name, position in people if position.casefold() == title]
    longer = [name for name, position in people if position.casefold().startswith(title + " ")]
    return (exact or longer or [""])[0]


def document_header(unit) -> dict:
    """What a unit's own documents (submissions, reports) print in the header, the place line
    and the signature block. Empty dict when the unit has no identity (Ministry units)."""
    identity = identity_for(unit)
    if identity is None:
        return {}
    return {
        "parent_body": identity.parent_body,
        "own_name": identity.own_name,
        "place": identity.place_name,
        "signer_title": identity.head_title,
        "signer_name": head_name(identity),
    }
