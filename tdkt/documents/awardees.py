"""One way to write an awardee, wherever one is named (decisions, attached lists, submissions,
certificates, the verification page, the public disclosure page).

A person: "Bà Nguyễn Thị Hiền" + "Chấp hành viên, Văn phòng, Thi hành án dân sự Thành phố Hồ
Chí Minh" — salutation and full name, then position, department (the person's own unit, left
out when it is the agency itself) and agency (the nearest unit with legal status: a Sở Tư
pháp, a provincial THADS office, a Cục, the Ministry…). A collective: its full name, then the
agency above it ("Văn phòng Sở" + "Sở Tư pháp thành phố Hà Nội").

The formatting functions are plain; `Agencies` resolves the agencies of any number of units in
one query (every ancestor path of every unit, filtered by kind).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import formats as f

# Unit kinds with legal status (seal, account): the "agency" named after a department.
LEGAL_KINDS = frozenset({
    "ministry", "directorate_general", "directorate", "public_service_unit",
    "public_service_unit_other", "provincial_justice_dept", "provincial_enforcement_office",
    "local_public_service_unit",
})
# Agencies whose name does not say where they are ("Trung tâm Trợ giúp pháp lý nhà nước"):
# written with the agency above them ("…, Sở Tư pháp thành phố Hà Nội").
LOCAL_KINDS = frozenset({"local_public_service_unit"})
# Units whose full name stands alone as a collective: written without a parent agency (a Sở
# belongs to its province's People's Committee, not to the unit above it in our tree).
SELF_NAMED_KINDS = frozenset({"ministry", "provincial_justice_dept",
                              "provincial_enforcement_office"})


@dataclass(frozen=True)
class Designation:
    name: str  # "Bà Nguyễn Thị Hiền", or the collective's full name
    detail: str  # "Chấp hành viên, Văn phòng, Thi hành án dân sự …", or the parent agency

    @property
    def line(self) -> str:
        return ", ".join(p for p in (self.name, self.detail) if p)

    def __str__(self) -> str:
        return self.line


def _join(*parts: str) -> str:
    out: list[str] = []
    for part in parts:
        part = (part or "").strip()
        if part and part not in out:
            out.append(part)
    return ", ".join(out)


def person(name: str, gender: str = "", position: str = "", department: str = "",
           agency: str = "") -> Designation:
    """"Ông/Bà Full Name" and "Position, Department, Agency" (the department left out when
    the agency already is, or begins with, it)."""
    if department and agency and (agency == department or agency.startswith(department + ",")):
        department = ""
    return Designation(f"{f.salutation(gender)} {name}".strip(),
                       _join(position, department, agency))


def collective(name: str, agency: str = "") -> Designation:
    """The collective's full name and the agency above it."""
    return Designation(name, "" if agency == name else agency or "")


class Agencies:
    """The agencies of a set of units, resolved in one query."""

    def __init__(self, units):
        from tdkt.organisation.models import Unit

        self.step = step = Unit.steplen
        paths = {u.path for u in units if u is not None}
        prefixes = {p[:i] for p in paths for i in range(step, len(p) + 1, step)}
        self.legal = {u.path: u for u in Unit.objects.filter(path__in=prefixes,
                                                             kind__in=LEGAL_KINDS)} \
            if prefixes else {}

    def nearest(self, path: str):
        """The nearest unit with legal status containing `path` (itself included)."""
        for i in range(len(path), 0, -self.step):
            found = self.legal.get(path[:i])
            if found is not None:
                return found
        return None

    def _text(self, path: str) -> str:
        names = []
        agency = self.nearest(path)
        while agency is not None:
            names.append(agency.name)
            if agency.kind not in LOCAL_KINDS:
                break
            agency = self.nearest(agency.path[:-self.step])
        return ", ".join(names)

    def of(self, unit) -> str:
        """The agency a person of `unit` works for: "Sở Tư pháp thành phố Hà Nội"."""
        return self._text(unit.path) if unit is not None else ""

    def above(self, unit) -> str:
        """The agency above a collective `unit` ("" when its name stands alone)."""
        if unit is None or unit.kind in SELF_NAMED_KINDS or len(unit.path) <= self.step:
            return ""
        return self._text(unit.path[:-self.step])


# --- model rows (callers select_related what is named here) -----------------------------------


def for_awardees(awardees) -> dict[int, Designation]:
    """Awardee pk -> its designation (select_related("person__unit", "unit"))."""
    agencies = Agencies([a.person.unit if a.person_id else a.unit for a in awardees])
    out = {}
    for a in awardees:
        if a.subject_kind == "collective":
            out[a.pk] = collective(a.subject_name, agencies.above(a.unit) if a.unit_id else "")
        else:
            unit = a.person.unit if a.person_id else a.unit
            out[a.pk] = person(a.subject_name, a.person.gender if a.person_id else "",
                               a.position_title, a.unit_name, agencies.of(unit))
    return out


def for_nominations(nominations) -> dict[int, Designation]:
    """Nomination pk -> its designation (select_related("person__unit", "unit"))."""
    agencies = Agencies([n.person.unit if n.person_id else n.unit for n in nominations])
    out = {}
    for n in nominations:
        if n.subject_kind == "collective" or not n.person_id:
            out[n.pk] = collective(n.subject_name, agencies.above(n.unit) if n.unit_id else "")
        else:
            p = n.person
            out[n.pk] = person(n.subject_name, p.gender, p.position, p.unit.name,
                               agencies.of(p.unit))
    return out


def label(rows):
    """Set `.designation` on each awardee or nomination row (one query in all); returns a list."""
    rows = list(rows)
    if rows:
        from tdkt.nominations.models import Awardee

        found = (for_awardees if isinstance(rows[0], Awardee) else for_nominations)(rows)
        for row in rows:
            row.designation = found[row.pk]
    return rows
