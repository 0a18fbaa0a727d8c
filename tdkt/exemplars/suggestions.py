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


def _proposal_reason(year: int, review: str, movement: str, award: str) -> str:
    return f"Được đề nghị {award} tại {review} phong trào “{movement}” ({year})."


def _honour_reason(year: int, cluster: str, votes: int, voters: int) -> str:
    return f"Được suy tôn dẫn đầu {cluster} năm {year} ({votes}/{voters} phiếu)."


def suggest(*, people: dict, person_titles: dict, initiatives: dict, units: dict,
            unit_titles: dict, proposals: dict | None = None, honours: dict | None = None,
            exclude_people=frozenset(), exclude_units=frozenset(),
            min_streak: int = MIN_STREAK) -> list[Suggestion]:
    """people: {person_id: (name, unit_id)}; person_titles: {person_id: {year, …}} of CSTĐ cơ
    sở; initiatives: {person_id: [(year, title), …]} recognised initiatives; units: {unit_id:
    name}; unit_titles: {unit_id: {year, …}} of Tập thể lao động xuất sắc; proposals:
    {("person"|"collective", id): [(year, review, movement, award), …]} proposed for an award
    at a movement's review (its best results); honours: {unit_id: [(year, cluster, votes,
    voters), …]} honoured first by its emulation cluster's vote. Those already exemplars are
    excluded."""
    proposals, honours = proposals or {}, honours or {}
    out = []
    person_ids = set(person_titles) | {pk for kind, pk in proposals if kind == "person"}
    for pid in sorted(person_ids):
        if pid in exclude_people or pid not in people:
            continue
        reasons = []
        run = _streak_ending(set(person_titles.get(pid, ())))
        inits = sorted(initiatives.get(pid, ()))
        if run and run[1] - run[0] + 1 >= min_streak and inits:
            n = run[1] - run[0] + 1
            reasons.append(f"{n} năm liên tục đạt Chiến sĩ thi đua cơ sở ({_years(*run)}).")
            reasons += [f"Sáng kiến được công nhận năm {y}: {t}." for y, t in inits]
        reasons += [_proposal_reason(*p) for p in sorted(proposals.get(("person", pid), ()))]
        if reasons:
            name, unit_id = people[pid]
            out.append(Suggestion("person", pid, name, unit_id, tuple(reasons)))
    unit_ids = (set(unit_titles) | set(honours)
                | {pk for kind, pk in proposals if kind == "collective"})
    for uid in sorted(unit_ids):
        if uid in exclude_units or uid not in units:
            continue
        reasons = []
        run = _streak_ending(set(unit_titles.get(uid, ())))
        if run and run[1] - run[0] + 1 >= min_streak:
            n = run[1] - run[0] + 1
            reasons.append(f"{n} năm liên tục đạt Tập thể lao động xuất sắc ({_years(*run)}).")
        reasons += [_honour_reason(*h) for h in sorted(honours.get(uid, ()))]
        reasons += [_proposal_reason(*p) for p in sorted(proposals.get(("collective", uid), ()))]
        if reasons:
            out.append(Suggestion("collective", uid, units[uid], uid, tuple(reasons)))
    out.sort(key=lambda s: (-len(s.reasons), s.kind, s.name, s.pk))
    return out


def _proposals_since(scope, since_year: int) -> dict:
    """Subjects proposed for an award at a movement's review (sơ kết, tổng kết) since
    `since_year`, within the scope. One query."""
    from tdkt.movements.models import ReviewProposal, TitleCode

    qs = ReviewProposal.objects.filter(review__movement__year__gte=since_year)
    if not scope.is_admin:
        qs = qs.filter(scope.unit_q("unit")
                       | scope.unit_q("person__unit", person_field="person"))
    found: dict[tuple, list] = {}
    for pid, uid, code, year, kind, movement in qs.values_list(
            "person_id", "unit_id", "award_code", "review__movement__year", "review__kind",
            "review__movement__name"):
        review = "Tổng kết" if kind == "final" else "Sơ kết"
        award = TitleCode(code).label if code in TitleCode.values else code
        key = ("person", pid) if pid else ("collective", uid)
        found.setdefault(key, []).append((year, review, movement, award))
    return found


def _honours_since(scope, since_year: int) -> dict:
    """Units their emulation cluster honoured first in a closed vote (suy tôn) since
    `since_year`, within the scope: one query for the years, then the movements app's own
    tally for each (a few queries a year)."""
    from tdkt.movements.models import ClusterYear
    from tdkt.movements.selectors import flag_proposals

    years = sorted(set(ClusterYear.objects.filter(year__gte=since_year, vote_closed=True)
                       .values_list("year", flat=True)))
    found: dict[int, list] = {}
    for year in years:
        for p in flag_proposals(year):
            if scope.is_admin or scope.covers(p.unit):
                found.setdefault(p.unit.pk, []).append(
                    (year, p.cluster_year.cluster.name, p.votes, p.voters))
    return found


def suggestions_for(scope, *, since_year: int) -> list[Suggestion]:
    """Suggestions within the user's scope from the titles, initiatives, movement reviews'
    proposals and cluster honouring votes since `since_year`. Seven queries, plus a few for
    each year with a closed honouring vote."""
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
    proposals = _proposals_since(scope, since_year)
    honours = _honours_since(scope, since_year)
    candidates = [p for p, ys in person_titles.items() if len(ys) >= MIN_STREAK]
    initiatives: dict[int, list] = {}
    for pid, year, title in Initiative.objects.filter(
            person_id__in=candidates).values_list("person_id", "year", "title"):
        initiatives.setdefault(pid, []).append((year, title))
    person_ids = set(initiatives) | {pk for kind, pk in proposals if kind == "person"}
    people = {pk: (n, u) for pk, n, u in Person.objects.filter(pk__in=list(person_ids))
              .values_list("pk", "full_name", "unit_id")}
    unit_ids = ({u for u, ys in unit_titles.items() if len(ys) >= MIN_STREAK} | set(honours)
                | {pk for kind, pk in proposals if kind == "collective"})
    units = dict(Unit.objects.filter(pk__in=list(unit_ids)).values_list("pk", "name"))
    taken = Exemplar.objects.exclude(status="declined").values_list("kind", "person_id",
                                                                     "unit_id")
    ex_people = {p for k, p, _ in taken if k == "person" and p}
    ex_units = {u for k, _, u in taken if k == "collective"}
    return suggest(people=people, person_titles=person_titles, initiatives=initiatives,
                   units=units, unit_titles=unit_titles, proposals=proposals, honours=honours,
                   exclude_people=ex_people, exclude_units=ex_units)
