"""Reads of read tracking. Readers are the staff (Person) whose *current* unit lies under a
target of the assignment (or anywhere, for the whole sector). Every function here answers in
a constant number of queries whatever the number of units and people: counts are grouped by
unit in the database and summed along the unit paths in Python."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Subquery

from tdkt.accounts.scoping import is_dept
from tdkt.organisation.models import Unit
from tdkt.people.models import Person

from ..models import Reading, ReadingAssignment


def ancestor_paths(path: str) -> list[str]:
    """The unit's own path and those of its ancestors (materialised path prefixes)."""
    step = Unit.steplen
    return [path[:i] for i in range(step, len(path) + 1, step)]


def target_paths(assignment: ReadingAssignment) -> tuple[str, ...]:
    """The target subtrees' paths ("" for the whole sector). Uses prefetched units."""
    if assignment.whole_sector:
        return ("",)
    return tuple(sorted(u.path for u in assignment.units.all()))


def covers(assignment: ReadingAssignment, unit_path: str) -> bool:
    """Whether staff of the unit at `unit_path` must read `assignment`."""
    return any(unit_path.startswith(p) for p in target_paths(assignment))


def readers_q(assignment: ReadingAssignment, prefix: str = "unit") -> Q:
    """Q on Person (or on a model reaching a Person's unit through `prefix`): its readers."""
    if assignment.whole_sector:
        return Q()
    q = Q(pk__in=[])
    for path in target_paths(assignment):
        q |= Q(**{f"{prefix}__path__startswith": path})
    return q


def _with_targets(qs):
    return qs.select_related("document").prefetch_related("units")


def visible_assignments(scope):
    """Assignments the user may follow: all for the department and administrators; else
    those for the whole sector or touching a subtree of the user's scope (a target inside
    it, or above it)."""
    qs = ReadingAssignment.objects.all()
    if not (scope.is_admin or is_dept(scope)):
        q = Q(whole_sector=True)
        for root in scope.paths():
            q |= Q(units__path__startswith=root) | Q(units__path__in=ancestor_paths(root))
        qs = qs.filter(pk__in=ReadingAssignment.objects.filter(q).values("pk"))
    return _with_targets(qs).order_by("-due_on", "-pk")


def for_unit(unit: Unit, assignments) -> list[ReadingAssignment]:
    """The assignments with readers in the subtree of `unit`."""
    return [a for a in assignments
            if any(p.startswith(unit.path) or unit.path.startswith(p) for p in target_paths(a))]


def for_person(person: Person):
    """The assignments `person` must read, each annotated with `read_at` (None if unread),
    nearest deadline first. One query."""
    mine = Reading.objects.filter(assignment=OuterRef("pk"), person=person)
    paths = ancestor_paths(person.unit.path)
    ids = ReadingAssignment.objects.filter(Q(whole_sector=True) | Q(units__path__in=paths))
    return (ReadingAssignment.objects.filter(pk__in=ids.values("pk")).select_related("document")
            .annotate(read_at=Subquery(mine.values("read_at")[:1]))
            .order_by("due_on", "pk"))


def open_for_document(user, document) -> list[ReadingAssignment]:
    """The document page: the user's assignments of this document (read or not)."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return []
    return list(for_person(person).filter(document=document))


# --- progress tables --------------------------------------------------------------------

@dataclass
class Cell:
    read: int = 0
    total: int = 0
    overdue: int = 0
    applies: bool = False

    @property
    def percent(self) -> float | None:
        return round(100 * self.read / self.total, 1) if self.total else None

    def add(self, other: Cell) -> None:
        self.read += other.read
        self.total += other.total
        self.overdue += other.overdue
        self.applies = self.applies or other.applies


@dataclass
class Row:
    unit: Unit
    cells: list[Cell]
    label: str = ""
    people: int = 0
    drill: bool = False  # has sub-units with staff (the table can open it)

    @property
    def name(self) -> str:
        return self.label or self.unit.name


@dataclass
class Picture:
    root: Unit
    assignments: list
    rows: list[Row]
    totals: list[Cell] = field(default_factory=list)


def _counts(paths: list[str], assignments) -> tuple[dict, dict]:
    """(staff per unit path, readings per (assignment id, unit path)) under `paths`.
    Two grouped queries."""
    where = Q(pk__in=[])
    for p in paths:
        where |= Q(unit__path__startswith=p)
    people = dict(Person.objects.filter(where).values_list("unit__path")
                  .annotate(n=Count("pk")).values_list("unit__path", "n"))
    reads: dict = {}
    if assignments:
        rwhere = Q(pk__in=[])
        for p in paths:
            rwhere |= Q(person__unit__path__startswith=p)
        reads = {(a, p): n for a, p, n in Reading.objects.filter(
            rwhere, assignment_id__in=[a.pk for a in assignments])
            .values_list("assignment_id", "person__unit__path")
            .annotate(n=Count("pk")).values_list("assignment_id", "person__unit__path", "n")}
    return people, reads


def _cell(assignment, unit_paths, people, reads, today) -> Cell:
    cell = Cell()
    for path in unit_paths:
        if not covers(assignment, path):
            continue
        cell.applies = True
        cell.total += people.get(path, 0)
        cell.read += reads.get((assignment.pk, path), 0)
    if assignment.due_on < today:
        cell.overdue = cell.total - cell.read
    return cell


def picture(root: Unit, assignments: list, today: datetime.date) -> Picture:
    """The table unit × assignment for `root`: one row for the staff placed directly in
    `root` (if any) and one per sub-unit (its whole subtree), each cell read/total and the
    readers overdue. Three queries."""
    assignments = list(assignments)
    people, reads = _counts([root.path], assignments)
    children = list(Unit.objects.filter(path__startswith=root.path, depth=root.depth + 1)
                    .order_by("path"))
    by_child: dict[str, list[str]] = defaultdict(list)
    own: list[str] = []
    for path in people:
        if path == root.path:
            own.append(path)
            continue
        by_child[path[:len(root.path) + Unit.steplen]].append(path)
    rows = []
    if own:
        rows.append(Row(root, [_cell(a, own, people, reads, today) for a in assignments],
                        label=f"{root.name} (cán bộ trực tiếp tại đơn vị)",
                        people=people[root.path]))
    for child in children:
        paths = by_child.get(child.path)
        if not paths:
            continue
        rows.append(Row(child, [_cell(a, paths, people, reads, today) for a in assignments],
                        people=sum(people[p] for p in paths),
                        drill=any(p != child.path for p in paths)))
    totals = [Cell() for _ in assignments]
    for row in rows:
        for total, cell in zip(totals, row.cells, strict=True):
            total.add(cell)
    return Picture(root, assignments, rows, totals)


def overdue_readers(paths: list[str], assignments, today: datetime.date) -> tuple[int, int]:
    """(readers overdue, of how many assignments) under the subtrees `paths`. Two queries."""
    late = [a for a in assignments if a.due_on < today]
    if not late or not paths:
        return 0, 0
    people, reads = _counts(paths, late)
    n, hit = 0, 0
    for a in late:
        cell = _cell(a, list(people), people, reads, today)
        n += cell.overdue
        hit += bool(cell.overdue)
    return n, hit


def people_status(unit: Unit, assignments: list, *, search: str = "", unread_of=None):
    """Staff of `unit`'s subtree (a queryset to paginate); `unread_of`: only those who must
    read that assignment and have not."""
    qs = Person.objects.filter(unit__path__startswith=unit.path).select_related("unit")
    if search:
        qs = qs.search(search)
    if unread_of is not None:
        qs = qs.filter(readers_q(unread_of)).exclude(
            Exists(Reading.objects.filter(assignment=unread_of, person=OuterRef("pk"))))
    return qs.order_by("unit__path", "sort_key", "pk")


@dataclass
class Status:
    state: str  # "na" | "read" | "unread" | "overdue"
    read_at: datetime.datetime | None = None

    LABELS = {"na": "Không giao", "read": "Đã đọc", "unread": "Chưa đọc", "overdue": "Quá hạn"}

    @property
    def label(self) -> str:
        return self.LABELS[self.state]


def statuses(persons: list[Person], assignments: list, today: datetime.date) -> dict:
    """{person pk: [Status per assignment]} for one page of people. One query."""
    read = {(p, a): at for p, a, at in Reading.objects.filter(
        person__in=[p.pk for p in persons], assignment__in=[a.pk for a in assignments])
        .values_list("person_id", "assignment_id", "read_at")}
    result = {}
    for person in persons:
        row = []
        for a in assignments:
            if not covers(a, person.unit.path):
                row.append(Status("na"))
            elif (person.pk, a.pk) in read:
                row.append(Status("read", read[person.pk, a.pk]))
            else:
                row.append(Status("overdue" if a.due_on < today else "unread"))
        result[person.pk] = row
    return result
