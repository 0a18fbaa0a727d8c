"""Candidates suggested from the records, each with its reasons (in the style of the
eligibility explanations). `suggest` is a pure function of plain facts; `suggestions_for`
feeds it from the database in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

CSTD_CS = "chien_si_thi_dua_co_so"
TTLDXS = "tap_the_lao_dong_xuat_sac"
MIN_STREAK = 2


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "person" | "collective"
    pk: int  # person or unit id
    name: str
    unit_id: int
    reasons: tuple[str, ...] = field(default_factory=tuple)


def _streak_ending(years: set[int]) -> tuple[int, int] | None:
    """The longest run of consecutive years (latest run on ties): (first, last)."""
    best = None
    for y in sorted(years):
        if y - 1 in years:
            continue
        end = y
        while end + 1 in years:
            end += 1
        if best is None or end - y >= best[1] - best[0]:
            best = (y, end)
    return best


def _years(first: int, last: int) -> str:
    return ", ".join(str(y) for y in range(first, last + 1))


def suggest(*, people: dict, person_titles: dict, initiatives: dict, units: dict,
            unit_titles: dict, exclude_people=frozenset(), exclude_units=frozenset(),
            min_streak: int = MIN_STREAK) -> list[Suggestion]:
    """people: {person_id: (name, unit_id)}; person_titles: {person_id: {year, …}} of CSTĐ cơ
    sở; initiatives: {person_id: [(year, title), …]} recognised initiatives; units: {unit_id:
    name}; unit_titles: {unit_id: {year, …}} of Tập thể lao động xuất sắc. Those already
    exemplars are excluded."""
    out = []
    for pid, years in person_titles.items():
        if pid in exclude_people or pid not in people:
            continue
        run = _streak_ending(set(years))
        inits = sorted(initiatives.get(pid, ()))
        if not run or run[1] - run[0] + 1 < min_streak or not inits:
            continue
        name, unit_id = people[pid]
        n = run[1] - run[0] + 1
        reasons = [f"{n} năm liên tục đạt Chiến sĩ thi đua cơ sở ({_years(*run)})."]
        reasons += [f"Sáng kiến được công nhận năm {y}: {t}." for y, t in inits]
        out.append(Suggestion("person", pid, name, unit_id, tuple(reasons)))
    for uid, years in unit_titles.items():
        if uid in exclude_units or uid not in units:
            continue
        run = _streak_ending(set(years))
        if not run or run[1] - run[0] + 1 < min_streak:
            continue
        n = run[1] - run[0] + 1
        out.append(Suggestion("collective", uid, units[uid], uid, (
            f"{n} năm liên tục đạt Tập thể lao động xuất sắc ({_years(*run)}).",)))
    out.sort(key=lambda s: (-len(s.reasons), s.kind, s.name, s.pk))
    return out


def suggestions_for(scope, *, since_year: int) -> list[Suggestion]:
    """Suggestions within the user's scope from the titles and initiatives since
    `since_year`. Five queries whatever the size."""
    from tdkt.history.models import Initiative, PersonTitle, UnitTitle
    from tdkt.organisation.models import Unit
    from tdkt.people.models import Person

    from .models import Exemplar

    person_titles: dict[int, set] = {}
    for pid, year in scope.filter(PersonTitle.objects.filter(
            award__code=CSTD_CS, year__gte=since_year)).values_list("person_id", "year"):
        person_titles.setdefault(pid, set()).add(year)
    unit_titles: dict[int, set] = {}
    for uid, year in scope.filter(UnitTitle.objects.filter(
            award__code=TTLDXS, year__gte=since_year)).values_list("unit_id", "year"):
        unit_titles.setdefault(uid, set()).add(year)
    candidates = [p for p, ys in person_titles.items() if len(ys) >= MIN_STREAK]
    initiatives: dict[int, list] = {}
    for pid, year, title in Initiative.objects.filter(
            person_id__in=candidates).values_list("person_id", "year", "title"):
        initiatives.setdefault(pid, []).append((year, title))
    people = {pk: (n, u) for pk, n, u in Person.objects.filter(pk__in=list(initiatives))
              .values_list("pk", "full_name", "unit_id")}
    units = dict(Unit.objects.filter(pk__in=[u for u, ys in unit_titles.items()
                                             if len(ys) >= MIN_STREAK])
                 .values_list("pk", "name"))
    taken = Exemplar.objects.exclude(status="declined").values_list("kind", "person_id",
                                                                     "unit_id")
    ex_people = {p for k, p, _ in taken if k == "person" and p}
    ex_units = {u for k, _, u in taken if k == "collective"}
    return suggest(people=people, person_titles=person_titles, initiatives=initiatives,
                   units=units, unit_titles=unit_titles, exclude_people=ex_people,
                   exclude_units=ex_units)
