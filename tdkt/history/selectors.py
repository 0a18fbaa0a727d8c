"""Set-based reads of the record. Each loader runs one query per table whatever the number of
subjects (ids are sent in chunks of 10,000, or as a subquery when given a queryset), so the
eligibility sweep can read the whole sector's history in a handful of queries.

    load_person_records(people, years=None) -> dict[person_id, PersonRecord]
    load_unit_records(units, years=None) -> dict[unit_id, UnitRecord]
    person_timeline(person) -> list[YearRow]       (the person page)
    unit_timeline(unit) -> list[UnitYearRow]       (the unit page)
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from .models import (
    COMPLETED_RATINGS,
    RATING_RANK,
    AwardType,
    Discipline,
    Initiative,
    LeadershipPost,
    LeavePeriod,
    PersonAward,
    PersonRating,
    PersonTitle,
    Proceeding,
    UnitAward,
    UnitRating,
    UnitTitle,
)

ID_CHUNK = 10_000
LDTT = "lao_dong_tien_tien"
CSTD_CS = "chien_si_thi_dua_co_so"


@dataclass(frozen=True, slots=True)
class TitleEntry:
    id: int
    award: str  # catalogue code
    name: str
    year: int
    decision_number: str
    decision_date: datetime.date | None
    issuer: str


@dataclass(frozen=True, slots=True)
class AwardEntry:
    id: int
    award: str
    name: str
    year: int
    method: str  # regular, thematic, sudden, foreign, dedication, tenure
    decision_number: str
    decision_date: datetime.date | None
    issuer: str


@dataclass(frozen=True, slots=True)
class InitiativeEntry:
    id: int
    year: int
    title: str
    kind: str  # initiative, research
    scope: str  # co_so, bo, toan_quoc
    decision_number: str
    used_for_award_id: int | None
    used_for_title_id: int | None

    @property
    def used(self) -> bool:
        return self.used_for_award_id is not None or self.used_for_title_id is not None


@dataclass(frozen=True, slots=True)
class DisciplineEntry:
    id: int
    form: str
    decided_on: datetime.date
    ends_on: datetime.date | None
    decision_number: str

    def running_on(self, day: datetime.date) -> bool:
        return self.decided_on <= day and (self.ends_on is None or day < self.ends_on)

    def touches_year(self, year: int) -> bool:
        return self.decided_on.year <= year and (
            self.ends_on is None or self.ends_on > datetime.date(year, 1, 1)
        )


@dataclass(frozen=True, slots=True)
class ProceedingEntry:
    id: int
    kind: str
    opened_on: datetime.date
    closed_on: datetime.date | None
    note: str

    def open_on(self, day: datetime.date) -> bool:
        return self.opened_on <= day and (self.closed_on is None or day <= self.closed_on)


@dataclass(frozen=True, slots=True)
class LeaveEntry:
    id: int
    kind: str
    starts_on: datetime.date
    ends_on: datetime.date
    counts_as_work: bool


@dataclass(frozen=True, slots=True)
class PostEntry:
    id: int
    post: str  # head, deputy, minister, deputy_minister
    title: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    transferred_in: bool


@dataclass
class PersonRecord:
    person_id: int
    ratings: dict[int, str] = field(default_factory=dict)
    rating_ids: dict[int, int] = field(default_factory=dict)  # year -> row id
    titles: list[TitleEntry] = field(default_factory=list)
    awards: list[AwardEntry] = field(default_factory=list)
    initiatives: list[InitiativeEntry] = field(default_factory=list)
    disciplines: list[DisciplineEntry] = field(default_factory=list)
    proceedings: list[ProceedingEntry] = field(default_factory=list)
    leaves: list[LeaveEntry] = field(default_factory=list)
    posts: list[PostEntry] = field(default_factory=list)

    def pending_proceedings(self, as_of: datetime.date | None = None) -> bool:
        day = as_of or datetime.date.today()
        return any(p.open_on(day) for p in self.proceedings)

    def title_years(self, code: str) -> list[int]:
        return sorted(t.year for t in self.titles if t.award == code)

    def case_fields(self, as_of: datetime.date | None = None) -> dict:
        """The record in the shape of the eligibility-case contract (ratings, titles, awards,
        initiatives, disciplines, pending_proceedings, posts)."""
        return {
            "ratings": {str(y): r for y, r in sorted(self.ratings.items())},
            "titles": [{"award": t.award, "year": t.year} for t in self.titles],
            "awards": [{"award": a.award, "year": a.year, "method": a.method} for a in self.awards],
            "initiatives": [
                {"year": i.year, "scope": i.scope, "kind": i.kind} for i in self.initiatives
            ],
            "disciplines": [
                {"form": d.form, "decided_on": d.decided_on.isoformat(),
                 "ends_on": d.ends_on.isoformat() if d.ends_on else None}
                for d in self.disciplines
            ],
            "pending_proceedings": self.pending_proceedings(as_of),
            "posts": [
                {"post": p.post, "from": p.starts_on.isoformat(),
                 "to": p.ends_on.isoformat() if p.ends_on else None,
                 "transferred_in": p.transferred_in}
                for p in self.posts
            ],
        }


@dataclass
class MemberCounts:
    """A collective's roster in one year (people currently in the unit's subtree who had joined
    the sector by the end of that year; people with no joining date always count)."""

    members: int = 0
    rated: int = 0
    completed_tasks: int = 0  # rated HTNV or better
    excellent: int = 0  # rated HTXSNV
    lao_dong_tien_tien: int = 0
    chien_si_thi_dua_co_so: int = 0
    disciplined: dict[str, int] = field(default_factory=dict)  # form -> people that year

    def as_case(self) -> dict:
        return {
            "members": self.members,
            "completed_tasks": self.completed_tasks,
            "lao_dong_tien_tien": self.lao_dong_tien_tien,
            "chien_si_thi_dua_co_so": self.chien_si_thi_dua_co_so,
            "disciplined": dict(self.disciplined),
        }


@dataclass
class UnitRecord:
    unit_id: int
    ratings: dict[int, str] = field(default_factory=dict)
    rating_ids: dict[int, int] = field(default_factory=dict)  # year -> row id
    titles: list[TitleEntry] = field(default_factory=list)
    awards: list[AwardEntry] = field(default_factory=list)
    members: dict[int, MemberCounts] = field(default_factory=dict)  # year -> counts


# --- helpers ----------------------------------------------------------------------------


def _award_names() -> dict[int, tuple[str, str]]:
    return {pk: (code, name) for pk, code, name in AwardType.objects.values_list(
        "pk", "code", "name")}


def _id_filters(subjects, field_name: str) -> list[Q]:
    """Q objects restricting `field_name` to the subjects: one subquery for a queryset, else
    chunks of ids."""
    if isinstance(subjects, QuerySet):
        return [Q(**{f"{field_name}__in": subjects.values("pk")})]
    ids = sorted({getattr(s, "pk", s) for s in subjects})
    return [
        Q(**{f"{field_name}__in": ids[start:start + ID_CHUNK]})
        for start in range(0, len(ids), ID_CHUNK)
    ]


def _years_q(years, field_name: str = "year") -> Q:
    if not years:
        return Q()
    first, last = years
    return Q(**{f"{field_name}__gte": first, f"{field_name}__lte": last})


def _rows(model, filters: list[Q], extra: Q, fields: tuple[str, ...]):
    for q in filters:
        yield from model.objects.filter(q, extra).order_by().values_list(*fields)


# --- people ------------------------------------------------------------------------------


def load_person_records(
    people: QuerySet | Iterable, years: tuple[int, int] | None = None
) -> dict[int, PersonRecord]:
    """Every person's record, keyed by person id. `people` is a Person queryset (sent as a
    subquery) or an iterable of ids / Person objects. `years` (first, last) limits ratings,
    titles, awards and initiatives; discipline, proceedings, leave and posts are always whole
    (they matter across years). One query per table (per 10,000 ids for id lists)."""
    filters = _id_filters(people, "person_id")
    records: dict[int, PersonRecord] = {}
    if isinstance(people, QuerySet):
        for pk in people.order_by().values_list("pk", flat=True):
            records[pk] = PersonRecord(pk)
    else:
        for item in people:
            pk = getattr(item, "pk", item)
            records[pk] = PersonRecord(pk)

    def get(pk):
        record = records.get(pk)
        if record is None:
            record = records[pk] = PersonRecord(pk)
        return record

    names = _award_names()
    year_q = _years_q(years)
    for pk, row_id, year, rating in _rows(PersonRating, filters, year_q,
                                          ("person_id", "id", "year", "rating")):
        record = get(pk)
        record.ratings[year] = rating
        record.rating_ids[year] = row_id
    fields = ("person_id", "id", "award_id", "year", "decision_number", "decision_date",
              "issuer")
    for pk, row_id, award, year, number, date, issuer in _rows(PersonTitle, filters, year_q,
                                                               fields):
        code, name = names[award]
        get(pk).titles.append(TitleEntry(row_id, code, name, year, number, date, issuer))
    fields = ("person_id", "id", "award_id", "year", "method", "decision_number",
              "decision_date", "issuer")
    for pk, row_id, award, year, method, number, date, issuer in _rows(
        PersonAward, filters, year_q, fields
    ):
        code, name = names[award]
        get(pk).awards.append(AwardEntry(row_id, code, name, year, method, number, date, issuer))
    fields = ("person_id", "id", "year", "title", "kind", "scope", "decision_number",
              "used_for_id", "used_for_title_id")
    for pk, *values in _rows(Initiative, filters, year_q, fields):
        get(pk).initiatives.append(InitiativeEntry(*values))
    fields = ("person_id", "id", "form", "decided_on", "ends_on", "decision_number")
    for pk, *values in _rows(Discipline, filters, Q(), fields):
        get(pk).disciplines.append(DisciplineEntry(*values))
    fields = ("person_id", "id", "kind", "opened_on", "closed_on", "note")
    for pk, *values in _rows(Proceeding, filters, Q(), fields):
        get(pk).proceedings.append(ProceedingEntry(*values))
    fields = ("person_id", "id", "kind", "starts_on", "ends_on")
    for pk, row_id, kind, starts, ends in _rows(LeavePeriod, filters, Q(), fields):
        get(pk).leaves.append(LeaveEntry(row_id, kind, starts, ends, kind == "maternity"))
    fields = ("person_id", "id", "post", "title", "starts_on", "ends_on", "transferred_in")
    for pk, *values in _rows(LeadershipPost, filters, Q(), fields):
        get(pk).posts.append(PostEntry(*values))
    for record in records.values():
        record.titles.sort(key=lambda t: (t.year, t.award))
        record.awards.sort(key=lambda a: (a.year, a.award))
        record.initiatives.sort(key=lambda i: (i.year, i.id))
        record.disciplines.sort(key=lambda d: d.decided_on)
        record.proceedings.sort(key=lambda p: p.opened_on)
        record.leaves.sort(key=lambda leave: leave.starts_on)
        record.posts.sort(key=lambda p: p.starts_on)
    return records


# --- collectives -------------------------------------------------------------------------


def _roots(paths: Iterable[str]) -> list[str]:
    roots: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(root) for root in roots):
            roots.append(path)
    return roots


def _subtree_q(field_name: str, roots: list[str]) -> Q:
    q = Q(pk__in=[])
    for root in roots:
        q |= Q(**{f"{field_name}__path__startswith": root})
    return q


def load_unit_records(units, years: tuple[int, int] | None = None) -> dict[int, UnitRecord]:
    """Every unit's own record plus its members' counts per year, keyed by unit id. `units` is
    a Unit queryset or an iterable of Unit objects. Members are counted over the unit's
    subtree. Roughly ten queries whatever the number of units and people."""
    from tdkt.organisation.models import Unit
    from tdkt.people.models import Person

    if isinstance(units, QuerySet):
        unit_list = list(units.only("pk", "path"))
    else:
        unit_list = list(units)
        if unit_list and not isinstance(unit_list[0], Unit):
            unit_list = list(Unit.objects.filter(pk__in=unit_list).only("pk", "path"))
    records = {u.pk: UnitRecord(u.pk) for u in unit_list}
    if not unit_list:
        return records
    by_path = {u.path: u.pk for u in unit_list}
    roots = _roots(by_path)
    step = Unit.steplen
    unit_filter = [Q(unit_id__in=list(records))]
    names = _award_names()
    year_q = _years_q(years)

    for pk, row_id, year, rating in _rows(UnitRating, unit_filter, year_q,
                                          ("unit_id", "id", "year", "rating")):
        records[pk].ratings[year] = rating
        records[pk].rating_ids[year] = row_id
    fields = ("unit_id", "id", "award_id", "year", "decision_number", "decision_date", "issuer")
    for pk, row_id, award, year, number, date, issuer in _rows(UnitTitle, unit_filter, year_q,
                                                               fields):
        code, name = names[award]
        records[pk].titles.append(TitleEntry(row_id, code, name, year, number, date, issuer))
    fields = ("unit_id", "id", "award_id", "year", "method", "decision_number",
              "decision_date", "issuer")
    for pk, row_id, award, year, method, number, date, issuer in _rows(
        UnitAward, unit_filter, year_q, fields
    ):
        code, name = names[award]
        records[pk].awards.append(
            AwardEntry(row_id, code, name, year, method, number, date, issuer)
        )

    def owners(path: str):
        """Requested units whose subtree contains `path`."""
        for end in range(step, len(path) + 1, step):
            pk = by_path.get(path[:end])
            if pk is not None:
                yield pk

    # Members: current subtree staff by joining year (one grouped query).
    joined: dict[int, dict[int | None, int]] = defaultdict(lambda: defaultdict(int))
    people_q = _subtree_q("unit", roots)
    for path, year, n in (
        Person.objects.filter(people_q).order_by()
        .values_list("unit__path", "joined_sector_on__year").annotate(n=Count("id"))
    ):
        for pk in owners(path):
            joined[pk][year] += n

    counts: dict[int, dict[int, MemberCounts]] = defaultdict(dict)

    def at(pk, year) -> MemberCounts:
        bucket = counts[pk].get(year)
        if bucket is None:
            bucket = counts[pk][year] = MemberCounts()
        return bucket

    member_q = _subtree_q("person__unit", roots)
    for path, year, rating, n in (
        PersonRating.objects.filter(member_q, year_q).order_by()
        .values_list("person__unit__path", "year", "rating").annotate(n=Count("id"))
    ):
        for pk in owners(path):
            bucket = at(pk, year)
            bucket.rated += n
            if rating in COMPLETED_RATINGS:
                bucket.completed_tasks += n
            if rating == "HTXSNV":
                bucket.excellent += n
    for path, year, code, n in (
        PersonTitle.objects.filter(member_q, year_q, award__code__in=[LDTT, CSTD_CS]).order_by()
        .values_list("person__unit__path", "year", "award__code").annotate(n=Count("id"))
    ):
        for pk in owners(path):
            setattr(at(pk, year), code, getattr(at(pk, year), code) + n)
    disciplined: dict[tuple[int, int, str], set[int]] = defaultdict(set)
    for path, person, form, decided, ends in (
        Discipline.objects.filter(member_q).order_by()
        .values_list("person__unit__path", "person_id", "form", "decided_on", "ends_on")
    ):
        last = (ends.year if ends else datetime.date.today().year)
        if ends and ends == datetime.date(ends.year, 1, 1):
            last -= 1
        for year in range(decided.year, last + 1):
            if years and not years[0] <= year <= years[1]:
                continue
            for pk in owners(path):
                disciplined[(pk, year, form)].add(person)
    for (pk, year, form), people in disciplined.items():
        at(pk, year).disciplined[form] = len(people)
    for pk, per_year in counts.items():
        for year, bucket in per_year.items():
            bucket.members = sum(
                n for joined_year, n in joined[pk].items()
                if joined_year is None or joined_year <= year
            )
        records[pk].members = dict(sorted(per_year.items()))
    for record in records.values():
        record.titles.sort(key=lambda t: (t.year, t.award))
        record.awards.sort(key=lambda a: (a.year, a.award))
    return records


# --- pages -------------------------------------------------------------------------------


@dataclass
class YearRow:
    year: int
    rating: str | None = None
    rating_id: int | None = None
    titles: list = field(default_factory=list)
    awards: list = field(default_factory=list)
    initiatives: list = field(default_factory=list)
    disciplines: list = field(default_factory=list)
    registrations: list = field(default_factory=list)

    @property
    def rating_rank(self) -> int:
        return RATING_RANK.get(self.rating, 0)


def person_timeline(person, registrations=()) -> tuple[list[YearRow], PersonRecord]:
    """Year-by-year rows (newest first) and the full record of one person.

    `registrations` are the person's emulation registrations (objects with a `year`), supplied
    by the caller so that the record does not depend on the movements area."""
    record = load_person_records([person.pk])[person.pk]
    rows: dict[int, YearRow] = {}

    def row(year):
        return rows.setdefault(year, YearRow(year))

    for year, rating in record.ratings.items():
        row(year).rating = rating
        row(year).rating_id = record.rating_ids[year]
    for title in record.titles:
        row(title.year).titles.append(title)
    for award in record.awards:
        row(award.year).awards.append(award)
    for initiative in record.initiatives:
        row(initiative.year).initiatives.append(initiative)
    for discipline in record.disciplines:
        row(discipline.decided_on.year).disciplines.append(discipline)
    for registration in registrations:
        row(registration.year).registrations.append(registration)
    return [rows[y] for y in sorted(rows, reverse=True)], record


@dataclass
class UnitYearRow:
    year: int
    rating: str | None = None
    rating_id: int | None = None
    titles: list = field(default_factory=list)
    awards: list = field(default_factory=list)
    members: MemberCounts | None = None


def unit_timeline(unit) -> list[UnitYearRow]:
    record = load_unit_records([unit])[unit.pk]
    rows: dict[int, UnitYearRow] = {}

    def row(year):
        return rows.setdefault(year, UnitYearRow(year))

    for year, rating in record.ratings.items():
        row(year).rating = rating
        row(year).rating_id = record.rating_ids[year]
    for title in record.titles:
        row(title.year).titles.append(title)
    for award in record.awards:
        row(award.year).awards.append(award)
    for year, members in record.members.items():
        row(year).members = members
    return [rows[y] for y in sorted(rows, reverse=True)]
