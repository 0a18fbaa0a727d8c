"""Reading contests: which contests a user sees, rankings of people and of units. Each
answers with a fixed number of queries whatever the number of participants."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Abs, Coalesce

from tdkt.organisation.models import Unit, UnitKind
from tdkt.people.models import Person

from .models import Contest, Entry, Round

STEP = Unit.steplen

# Units ranked against each other in a sector-wide contest: the Ministry's departments and
# agencies, the Departments of Justice and the provincial enforcement offices. Their
# divisions and regional offices count towards them (a person counts for the deepest of
# these above them).
RANKED_KINDS = (
    UnitKind.DEPARTMENT, UnitKind.OFFICE, UnitKind.INSPECTORATE, UnitKind.DIRECTORATE_GENERAL,
    UnitKind.DIRECTORATE, UnitKind.PUBLIC_SERVICE_UNIT, UnitKind.PUBLIC_SERVICE_UNIT_OTHER,
    UnitKind.PROVINCIAL_JUSTICE_DEPT, UnitKind.PROVINCIAL_ENFORCEMENT_OFFICE,
)


def _prefixes(path: str) -> list[str]:
    return [path[:i] for i in range(STEP, len(path) + 1, STEP)]


def visible_q(scope) -> Q:
    """Contests a user sees: sector-wide ones, those of a unit above or inside their role
    subtrees, and those of a unit above their own person's unit. The department (and
    administrators) see every contest."""
    if scope.is_admin or scope.has_role("emulation_dept"):
        return Q()
    q = Q(units__isnull=True)
    above: set[str] = set()
    for root in scope.paths():
        q |= Q(units__path__startswith=root)
        above.update(_prefixes(root))
    person = getattr(scope.user, "person", None)
    if person is not None:
        above.update(_prefixes(person.unit.path))
    if above:
        q |= Q(units__path__in=sorted(above))
    return q


def visible_contests(scope):
    return Contest.objects.filter(visible_q(scope)).distinct()


def participants(rnd: Round) -> int:
    return Entry.objects.filter(round=rnd, best_score__isnull=False).count()


def ranking(rnd: Round, count: int | None = None):
    """Entries of a round with a graded attempt, best first: score, then time, then the
    distance of the prediction to the real number of participants, then who submitted
    first."""
    count = participants(rnd) if count is None else count
    return (Entry.objects.filter(round=rnd, best_score__isnull=False)
            .select_related("person", "unit", "best_attempt")
            .annotate(distance=Coalesce(Abs(F("prediction") - Value(count)), Value(10 ** 9)))
            .order_by("-best_score", "best_duration_ms", "distance", "best_submitted_at", "pk"))


def ranks(rnd: Round) -> dict[int, int]:
    """entry id -> place (1-based) in the round's ranking; one query of ids."""
    return {pk: i for i, pk in enumerate(ranking(rnd).values_list("pk", flat=True), start=1)}


@dataclass
class UnitRow:
    unit: Unit
    headcount: int
    participants: int
    score_sum: int
    scored: int
    place: int = 0

    @property
    def rate(self) -> float:
        return self.participants / self.headcount if self.headcount else 0.0

    @property
    def percent(self) -> str:
        return f"{100 * self.rate:.1f}".replace(".", ",")

    @property
    def average(self) -> float | None:
        return self.score_sum / self.scored if self.scored else None

    @property
    def average_text(self) -> str:
        return "—" if self.average is None else f"{self.average:.2f}".replace(".", ",")


def ranked_units(contest: Contest | None = None) -> list[Unit]:
    chosen = list(contest.units.order_by("path")) if contest is not None and contest.pk else []
    if chosen:
        return chosen
    return list(Unit.objects.filter(kind__in=RANKED_KINDS).order_by("path"))


def _assigner(units: list[Unit]):
    deepest_first = sorted(units, key=lambda u: -len(u.path))

    def assign(path: str) -> Unit | None:
        for u in deepest_first:
            if path.startswith(u.path):
                return u
        return None

    return assign


def unit_table(contest: Contest, rnd: Round | None = None) -> list[UnitRow]:
    """Participation and average score per ranked unit, ranked by participation rate
    (participants / people in the unit's subtree), then average score. For the whole
    contest (`rnd` None) a participant counts once; the average is over their best attempt
    in each round. Three queries."""
    units = ranked_units(contest)
    assign = _assigner(units)
    rows = {u.pk: UnitRow(u, 0, 0, 0, 0) for u in units}
    for path, n in (Person.objects.values_list("unit__path").annotate(n=Count("pk"))
                    .order_by()):
        u = assign(path)
        if u:
            rows[u.pk].headcount += n
    entries = Entry.objects.filter(round__contest=contest, best_score__isnull=False)
    if rnd is not None:
        entries = entries.filter(round=rnd)
    for path, people, total, scored in (
            entries.values_list("unit__path").annotate(
                people=Count("person", distinct=True), total=Sum("best_score"),
                scored=Count("pk")).order_by()):
        u = assign(path)
        if u:
            row = rows[u.pk]
            row.participants += people
            row.score_sum += total or 0
            row.scored += scored
    result = [r for r in rows.values() if r.headcount]
    result.sort(key=lambda r: (-r.rate, -(r.average or 0), r.unit.path))
    for place, row in enumerate(result, start=1):
        row.place = place
    return result


def open_rounds(now):
    return Round.objects.filter(opens_at__lte=now, closes_at__gt=now)
