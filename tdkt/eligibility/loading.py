"""Set-based loading: build engine cases for every subject of a subtree in a handful of
queries. Each history table is read once, ordered by person, and merged with the people
stream (a merge join), so memory stays flat and no query runs per person."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from tdkt.history import models as h
from tdkt.organisation.models import Unit
from tdkt.people.models import Person
from tdkt.rules import Case, CollectiveStats, Conferral, Discipline, Initiative, Post, Subject

CHUNK = 4000
COMPLETED_RATINGS = frozenset(h.COMPLETED_RATINGS)
# History methods the engine knows; the rest are ordinary (non-merit-excluding) awards.
METHOD_TO_ENGINE = {
    "regular": "regular",
    "thematic": "thematic",
    "sudden": "sudden",
    "dedication": "dedication",
    "foreign": "other",
    "tenure": "other",
}
# Units judged as collectives (grouping nodes and the Ministry itself are not).
COLLECTIVE_KINDS = frozenset(
    {
        "department",
        "office",
        "directorate",
        "directorate_division",
        "public_service_unit",
        "public_service_unit_other",
        "provincial_justice_dept",
        "internal_division",
        "local_public_service_unit",
        "provincial_enforcement_office",
        "regional_enforcement_office",
    }
)


@dataclass(slots=True)
class PersonSubject:
    person_id: int
    unit_id: int
    is_frontline: bool
    gender: str
    case: Case


def _award_codes() -> dict[int, str]:
    return dict(h.AwardType.objects.values_list("id", "code"))


def _grouped(rows: Iterable[tuple]) -> Iterator[tuple[int, list[tuple]]]:
    """(key, rows) for rows sorted by their first column."""
    current, bucket = None, []
    for row in rows:
        if row[0] != current:
            if bucket:
                yield current, bucket
            current, bucket = row[0], []
        bucket.append(row)
    if bucket:
        yield current, bucket


class _Merge:
    """Pull the rows of one person from a stream sorted by person id."""

    def __init__(self, rows: Iterable[tuple]):
        self._it = _grouped(rows)
        self._head = next(self._it, None)

    def take(self, key: int) -> list[tuple]:
        while self._head is not None and self._head[0] < key:
            self._head = next(self._it, None)
        if self._head is not None and self._head[0] == key:
            rows = self._head[1]
            self._head = next(self._it, None)
            return rows
        return []


def registration_scope(year: int) -> frozenset[int] | None:
    """The units whose people must have registered for `year`'s emulation titles: those in
    the subtree of a unit taking part in a regular movement of that year. Elsewhere the
    engine does not check registration ("not recorded here" rather than "did not register").
    None when no regular movement of the year exists."""
    from tdkt.movements.models import Registration

    roots = set(
        Registration.objects.filter(movement__year=year, movement__kind="regular").values_list(
            "unit__path", flat=True
        )
    )
    if not roots:
        return None
    covered = Q()
    for root in roots:
        covered |= Q(path__startswith=root)
    return frozenset(Unit.objects.filter(covered).values_list("id", flat=True))


def _shared(pool: dict, key: tuple, factory):
    found = pool.get(key)
    if found is None:
        found = pool[key] = factory(*key)
    return found


def _months_in_year(start: date, end: date, year: int) -> float:
    lo, hi = max(start, date(year, 1, 1)), min(end, date(year, 12, 31))
    return max(0.0, ((hi - lo).days + 1) / 30.4)


def person_streams(people_q: Q, year: int, as_of: date):
    """The queries of a sweep over the people matching `people_q` (a Q on Person) for
    `year`, each sorted by person id. Returns (people, {name: rows}) of lazy iterators."""
    from tdkt.movements.models import IndividualRegistration

    by_person = {"person__in": Person.objects.filter(people_q).values("id")}

    def rows(model, *fields, extra=None):
        qs = model.objects.filter(**by_person)
        if extra is not None:
            qs = qs.filter(extra)
        return qs.order_by("person_id").values_list("person_id", *fields).iterator(CHUNK)

    people = (
        Person.objects.filter(people_q)
        .order_by("id")
        .values_list("id", "unit_id", "gender", "joined_sector_on", "is_frontline")
        .iterator(CHUNK)
    )
    streams = {
        "ratings": rows(h.PersonRating, "year", "rating"),
        "titles": rows(h.PersonTitle, "year", "award_id"),
        "awards": rows(h.PersonAward, "year", "award_id", "method"),
        "initiatives": rows(h.Initiative, "year", "scope", "kind", extra=Q(used_for__isnull=True)),
        "disciplines": rows(h.Discipline, "form", "decided_on", "ends_on"),
        "proceedings": rows(
            h.Proceeding,
            "kind",
            extra=Q(opened_on__lte=as_of) & (Q(closed_on__isnull=True) | Q(closed_on__gt=as_of)),
        ),
        "posts": rows(h.LeadershipPost, "post", "starts_on", "ends_on", "transferred_in"),
        "leave": rows(h.LeavePeriod, "starts_on", "ends_on", extra=~Q(kind__in=h.COUNTS_AS_WORK)),
        # Approved individual registrations in a regular movement of the year.
        "registrations": rows(
            IndividualRegistration,
            extra=Q(
                registration__status="approved",
                registration__movement__year=year,
                registration__movement__kind="regular",
            ),
        ),
    }
    return people, streams


def iter_person_cases(
    people_q: Q,
    year: int,
    as_of: date,
    figures: dict[int, list] | None = None,
    scope: frozenset[int] | None | str = "look up",
) -> Iterator[PersonSubject]:
    """One engine case per person matching `people_q`; `award` is set by the caller.

    `scope` is `registration_scope(year)`, looked up unless given (a sweep's parts share it).

    With `figures`, also counts each unit's roster figures for `year` from the rows read
    (direct unit id -> `[members, completed tasks, LĐTT, CSTĐ cơ sở, {discipline form: n}]`,
    the counts `_per_unit_figures` takes from the database), so that a sweep judges its
    collectives without reading the people's history a second time."""
    codes = _award_codes()
    by_code = {code: award_id for award_id, code in codes.items()}
    ldtt_id, cstd_id = by_code.get("lao_dong_tien_tien"), by_code.get("chien_si_thi_dua_co_so")
    if scope == "look up":
        scope = registration_scope(year)
    people, streams = person_streams(people_q, year, as_of)
    take = {name: _Merge(stream).take for name, stream in streams.items()}
    take_registrations = take["registrations"]
    registered_yes, registered_no = frozenset([year]), frozenset()
    take_ratings, take_titles, take_awards = take["ratings"], take["titles"], take["awards"]
    take_initiatives, take_disciplines = take["initiatives"], take["disciplines"]
    take_proceedings, take_posts, take_leave = take["proceedings"], take["posts"], take["leave"]
    # History rows repeat the same few (award, year, method) values across thousands of
    # people: share one immutable engine object per value instead of building millions.
    # Keyed by the row without its person id: (year, award id) for titles, (year, award id,
    # method) for awards.
    titles_seen: dict[tuple, Conferral] = {}
    awards_seen: dict[tuple, Conferral] = {}
    initiatives_seen: dict[tuple, Initiative] = {}
    subjects: dict[tuple, Subject] = {}
    empty: tuple = ()

    def title_of(row):
        found = titles_seen[row[1:]] = Conferral(codes[row[2]], row[1])
        return found

    def award_of(row):
        _, y, award_id, method = row
        found = awards_seen[row[1:]] = Conferral(
            codes[award_id], y, METHOD_TO_ENGINE.get(method, "other")
        )
        return found

    for pid, unit_id, gender, joined, frontline in people:
        rows = take_titles(pid)
        titles = (
            tuple([titles_seen.get(r[1:]) or title_of(r) for r in rows]) if rows else empty
        )
        if figures is not None:
            counts = figures.get(unit_id)
            if counts is None:
                counts = figures[unit_id] = [0, 0, 0, 0, {}]
            counts[0] += 1
            for _, y, award_id in rows:
                if y == year:
                    if award_id == ldtt_id:
                        counts[2] += 1
                    elif award_id == cstd_id:
                        counts[3] += 1
        rows = take_awards(pid)
        awards = (
            tuple([awards_seen.get(r[1:]) or award_of(r) for r in rows]) if rows else empty
        )
        rows = take_initiatives(pid)
        initiatives = empty
        if rows:
            initiatives = tuple(
                initiatives_seen.get(r[1:])
                or initiatives_seen.setdefault(r[1:], Initiative(*r[1:]))
                for r in rows
            )
        rows = take_disciplines(pid)
        disciplines = empty
        if rows:
            disciplines = tuple(Discipline(r[1], r[2], r[3]) for r in rows)
            if figures is not None:
                disciplined = counts[4]
                for _, form, decided_on, _ in rows:
                    if decided_on.year == year:
                        disciplined[form] = disciplined.get(form, 0) + 1
        rows = take_posts(pid)
        posts = tuple(Post(r[1], r[2], r[3], r[4]) for r in rows) if rows else empty
        leave = take_leave(pid)
        absence = None
        if leave:
            absence = {}
            for _, start, end in leave:
                for y in range(start.year, end.year + 1):
                    absence[y] = absence.get(y, 0.0) + _months_in_year(start, end, y)
        subject = subjects.get((gender, joined))
        if subject is None:
            subject = subjects[(gender, joined)] = Subject("individual", gender, joined)
        ratings = {r[1]: r[2] for r in take_ratings(pid)}
        if figures is not None and ratings.get(year) in COMPLETED_RATINGS:
            counts[1] += 1
        case = Case(
            award="",
            year=year,
            subject=subject,
            id=str(pid),
            as_of=as_of,
            ratings=ratings,
            registered=None
            if scope is None or unit_id not in scope
            else registered_yes
            if take_registrations(pid)
            else registered_no,
            titles=titles,
            awards=awards,
            initiatives=initiatives,
            disciplines=disciplines,
            pending_proceedings=bool(take_proceedings(pid)),
            attested=True,
            posts=posts,
            absence_months=absence,
        )
        yield PersonSubject(pid, unit_id, frontline, gender, case)


def collective_units(root: Unit) -> list[Unit]:
    return list(
        Unit.objects.filter(
            path__startswith=root.path, effective_to__isnull=True, kind__in=COLLECTIVE_KINDS
        ).order_by("path")
    )


def collective_cases(
    units: list[Unit],
    year: int,
    as_of: date,
    cluster_leaders: set[int] | None = None,
    figures: dict[int, list] | None = None,
) -> Iterator[tuple[Unit, Case]]:
    """One case per unit: its own record plus its roster's figures for `year`.

    The roster is everyone currently in the unit's subtree. Its figures are counted per
    direct unit, given as `figures` (what `iter_person_cases` counted over a subtree holding
    every unit of `units`) or else read with grouped queries, then rolled up by path."""
    codes = _award_codes()
    unit_ids = [u.id for u in units]
    own_ratings: dict[int, dict[int, str]] = {}
    for unit_id, y, rating in h.UnitRating.objects.filter(unit_id__in=unit_ids).values_list(
        "unit_id", "year", "rating"
    ):
        own_ratings.setdefault(unit_id, {})[y] = rating
    own_titles: dict[int, list[Conferral]] = {}
    for unit_id, y, award_id in h.UnitTitle.objects.filter(unit_id__in=unit_ids).values_list(
        "unit_id", "year", "award_id"
    ):
        own_titles.setdefault(unit_id, []).append(Conferral(codes[award_id], y))
    own_awards: dict[int, list[Conferral]] = {}
    for unit_id, y, award_id, method in h.UnitAward.objects.filter(
        unit_id__in=unit_ids
    ).values_list("unit_id", "year", "award_id", "method"):
        own_awards.setdefault(unit_id, []).append(
            Conferral(codes[award_id], y, METHOD_TO_ENGINE.get(method, "other"))
        )

    # Per-unit roster figures: counted per direct unit, then rolled up the tree by path.
    direct = _per_unit_figures(year) if figures is None else _figures_by_path(figures)
    paths = {u.path: u for u in units}
    totals: dict[str, dict] = {}
    for unit_path, figures in direct.items():
        for end in range(Unit.steplen, len(unit_path) + 1, Unit.steplen):
            prefix = unit_path[:end]
            if prefix in paths:
                bucket = totals.setdefault(prefix, {"disciplined": {}})
                for key, value in figures.items():
                    if key == "disciplined":
                        for form, n in value.items():
                            bucket["disciplined"][form] = bucket["disciplined"].get(form, 0) + n
                    else:
                        bucket[key] = bucket.get(key, 0) + value
    for unit in units:
        figures = totals.get(unit.path, {"disciplined": {}})
        if not figures.get("members"):
            continue  # a unit with nobody on its roster is not a collective to judge
        stats = CollectiveStats(
            members=figures.get("members", 0),
            completed_tasks=figures.get("completed_tasks", 0),
            lao_dong_tien_tien=figures.get("lao_dong_tien_tien", 0),
            chien_si_thi_dua_co_so=figures.get("chien_si_thi_dua_co_so", 0),
            disciplined=figures["disciplined"],
        )
        yield (
            unit,
            Case(
                award="",
                year=year,
                subject=Subject("collective"),
                id=unit.code,
                as_of=as_of,
                ratings=own_ratings.get(unit.id, {}),
                titles=tuple(own_titles.get(unit.id, ())),
                awards=tuple(own_awards.get(unit.id, ())),
                attested=True,
                collective=stats,
                cluster_leader=None if cluster_leaders is None else unit.id in cluster_leaders,
            ),
        )


def _figures_by_path(figures: dict[int, list]) -> dict[str, dict]:
    """`iter_person_cases`' counts keyed as `_per_unit_figures` keys its own."""
    paths = dict(Unit.objects.values_list("id", "path"))  # a few thousand rows at most
    by_path: dict[str, dict] = {}
    for unit_id, (members, completed, ldtt, cstd, disciplined) in figures.items():
        by_path[paths[unit_id]] = {
            "members": members,
            "completed_tasks": completed,
            "lao_dong_tien_tien": ldtt,
            "chien_si_thi_dua_co_so": cstd,
            "disciplined": disciplined,
        }
    return by_path


def _per_unit_figures(year: int) -> dict[str, dict]:
    """Roster figures per unit path for `year`, from four grouped queries."""
    figures: dict[str, dict] = {}

    def bucket(path):
        return figures.setdefault(path, {"disciplined": {}})

    for path, n in Person.objects.values_list("unit__path").annotate(n=Count("id")):
        bucket(path)["members"] = n
    for path, n in (
        h.PersonRating.objects.filter(year=year, rating__in=h.COMPLETED_RATINGS)
        .values_list("person__unit__path")
        .annotate(n=Count("id"))
    ):
        bucket(path)["completed_tasks"] = n
    for path, code, n in (
        h.PersonTitle.objects.filter(
            year=year, award__code__in=["lao_dong_tien_tien", "chien_si_thi_dua_co_so"]
        )
        .values_list("person__unit__path", "award__code")
        .annotate(n=Count("id"))
    ):
        bucket(path)[code] = n
    for path, form, n in (
        h.Discipline.objects.filter(decided_on__year=year)
        .values_list("person__unit__path", "form")
        .annotate(n=Count("id"))
    ):
        bucket(path)["disciplined"][form] = n
    return figures
