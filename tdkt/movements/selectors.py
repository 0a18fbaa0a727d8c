"""Read queries for movements and clusters. Each is one or a few queries whatever the size.

Public API used by other areas:
- registered_years(person_ids, include_submitted=False) -> {person_id: {year, …}}
- registered_unit_years(unit_ids, include_submitted=False) -> {unit_id: {year, …}}
- person_registrations(person_id) -> individual registrations with movement and status
- review_proposals(year=None, movement=None, kind=None) -> ReviewProposal queryset
- flag_proposals(year) -> [FlagProposal] (cluster leaders honoured for the sector flag)
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from tdkt.organisation.models import ClusterMembership, ClusterRole, Unit

from .models import (
    EDITABLE_REGISTRATION,
    ClusterYear,
    CriterionKind,
    HonouringVote,
    IndividualRegistration,
    Movement,
    MovementKind,
    Registration,
    RegistrationStatus,
    ReviewProposal,
    Score,
    ScorecardStatus,
)

STEPLEN = Unit.steplen


# --- visibility -------------------------------------------------------------------------


def _prefixes(path: str) -> list[str]:
    return [path[:end] for end in range(STEPLEN, len(path) + 1, STEPLEN)]


def _upward_q(scope, field: str) -> Q:
    """Units in scope, plus the ancestors of the user's scope roots: a movement launched by
    an upper unit for its subtree concerns every unit below it."""
    roots = scope.paths()
    if roots == [""]:
        return Q()
    if not roots:
        return Q(pk__in=[])
    q = Q()
    ancestors: set[str] = set()
    for root in roots:
        q |= Q(**{f"{field}__path__startswith": root})
        ancestors.update(_prefixes(root))
    return q | Q(**{f"{field}__path__in": sorted(ancestors)})


def visible_movements(scope):
    return Movement.objects.filter(_upward_q(scope, "launching_unit"))


def can_manage(scope, movement: Movement) -> bool:
    return scope.can_write(movement.launching_unit)


def can_read_rollup(scope, movement: Movement) -> bool:
    return scope.covers(movement.launching_unit)


def can_see_registration(scope, registration: Registration) -> bool:
    return scope.covers(registration.unit) or scope.covers(registration.movement.launching_unit)


def movements_page(scope, year=None, status=None):
    qs = visible_movements(scope).select_related("launching_unit", "parent")
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(
        n_units=Count("registrations", distinct=True),
        n_approved=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.APPROVED),
            distinct=True,
        ),
    ).order_by("-year", "-starts_on", "name", "pk")


def own_registrations(scope, movement: Movement):
    """The registrations of this movement that the user's units make (their own subtree)."""
    return scope.filter(
        movement.registrations.select_related("unit"), field="unit"
    ).order_by("unit__path")


def unread_notifications(user, scope, limit: int = 20):
    """The user's latest unread notifications (the one notification service's)."""
    from tdkt.notifications.selectors import latest_unread

    return latest_unread(user, limit)


# --- roll-up ----------------------------------------------------------------------------

ROLLUP_ORDER = (
    RegistrationStatus.NOT_SENT,
    RegistrationStatus.SUBMITTED,
    RegistrationStatus.RETURNED,
    RegistrationStatus.APPROVED,
)


@dataclass
class Rollup:
    movement: Movement
    total: int = 0
    counts: dict = field(default_factory=dict)
    groups: dict = field(default_factory=dict)
    overdue: int = 0

    @property
    def rows(self):
        return [
            {"status": s, "label": RegistrationStatus(s).label, "count": self.counts.get(s, 0),
             "items": self.groups.get(s, [])}
            for s in ROLLUP_ORDER
        ]


def rollup(movement: Movement, today=None) -> Rollup:
    """Counts per status and the registrations behind each count (one query).

    Each registration gets `overdue` (deadline passed and not sent / not re-sent) and
    `n_individuals`."""
    today = today or timezone.localdate()
    deadline = movement.registration_deadline
    regs = list(
        movement.registrations.select_related("unit")
        .annotate(n_individuals=Count("individuals"))
        .order_by("unit__path")
    )
    result = Rollup(movement=movement, total=len(regs))
    for status in ROLLUP_ORDER:
        result.groups[status] = []
    for reg in regs:
        reg.overdue = bool(deadline and deadline < today and reg.status in EDITABLE_REGISTRATION)
        result.overdue += reg.overdue
        result.groups[reg.status].append(reg)
    result.counts = {s: len(items) for s, items in result.groups.items()}
    return result


def individual_rows(movement: Movement, status=None):
    qs = IndividualRegistration.objects.filter(registration__movement=movement).select_related(
        "person", "registration__unit"
    ).order_by("registration__unit__path", "person__sort_key", "person_id")
    if status:
        qs = qs.filter(registration__status=status)
    return qs


# --- history API ------------------------------------------------------------------------


def _counted_statuses(include_submitted: bool):
    if include_submitted:
        return (RegistrationStatus.APPROVED, RegistrationStatus.SUBMITTED)
    return (RegistrationStatus.APPROVED,)


def registered_years(person_ids, include_submitted: bool = False) -> dict[int, set[int]]:
    """Years in which each person has an individual registration in a yearly (regular)
    movement. Only *approved* registrations count by default: a submitted one has not yet
    been accepted by the upper level and may be returned; pass include_submitted=True to
    count those too (for provisional lists). One query."""
    rows = IndividualRegistration.objects.filter(
        person_id__in=list(person_ids),
        registration__status__in=_counted_statuses(include_submitted),
        registration__movement__kind=MovementKind.REGULAR,
    ).values_list("person_id", "registration__movement__year").distinct()
    result: dict[int, set[int]] = defaultdict(set)
    for pid, year in rows:
        result[pid].add(year)
    return dict(result)


def registered_unit_years(unit_ids, include_submitted: bool = False) -> dict[int, set[int]]:
    """Same as registered_years for collectives: years with an approved registration of a
    collective title in a yearly movement. One query."""
    rows = Registration.objects.filter(
        unit_id__in=list(unit_ids),
        status__in=_counted_statuses(include_submitted),
        movement__kind=MovementKind.REGULAR,
    ).exclude(collective_title="").values_list("unit_id", "movement__year").distinct()
    result: dict[int, set[int]] = defaultdict(set)
    for uid, year in rows:
        result[uid].add(year)
    return dict(result)


def person_registrations(person_id: int):
    """A person's individual registrations (for the person's history page), newest first.
    A unit's unsent draft is not yet a registration and is left out."""
    return IndividualRegistration.objects.filter(person_id=person_id).exclude(
        registration__status=RegistrationStatus.NOT_SENT
    ).select_related(
        "registration__movement", "registration__unit"
    ).order_by("-registration__movement__year", "registration__movement__name")


def review_proposals(year=None, movement=None, kind=None):
    """Collectives and individuals proposed for commendation at reviews (feeds nominations)."""
    qs = ReviewProposal.objects.select_related(
        "review__movement__launching_unit", "unit", "person__unit"
    )
    if year is not None:
        qs = qs.filter(review__movement__year=year)
    if movement is not None:
        qs = qs.filter(review__movement=movement)
    if kind is not None:
        qs = qs.filter(review__kind=kind)
    return qs.order_by("review__movement_id", "review__kind", "id")


def latest_progress(registration: Registration) -> dict[int, object]:
    """target id -> the latest ProgressItem for it (one query)."""
    from .models import ProgressItem

    latest: dict[int, object] = {}
    items = ProgressItem.objects.filter(report__registration=registration).select_related(
        "report").order_by("report__reported_on", "report_id")
    for item in items:
        latest[item.target_id] = item
    return latest


# --- clusters ---------------------------------------------------------------------------


def visible_memberships(scope, year: int):
    return ClusterMembership.objects.filter(year=year).filter(_upward_q(scope, "unit"))


def visible_cluster_ids(scope, year: int) -> set[int]:
    return set(visible_memberships(scope, year).values_list("cluster_id", flat=True))


def members(cluster, year: int) -> list[ClusterMembership]:
    return list(
        ClusterMembership.objects.filter(cluster=cluster, year=year)
        .select_related("unit").order_by("unit__code")
    )


def head_unit(memberships) -> Unit | None:
    return next((m.unit for m in memberships if m.role == ClusterRole.HEAD), None)


def is_emulation_manager(scope, memberships) -> bool:
    from tdkt.accounts.models import Role

    units = [m.unit for m in memberships]
    return bool(units) and all(
        scope.covers(u, roles={Role.EMULATION_DEPT}) for u in units
    )


def can_manage_cluster(scope, memberships) -> bool:
    """The emulation department, or the officers of the year's head unit."""
    head = head_unit(memberships)
    return is_emulation_manager(scope, memberships) or bool(head and scope.can_write(head))


def can_review_scorecard(scope, memberships, unit: Unit) -> bool:
    """The head unit's officers review members' scorecards; the head's own scorecard is
    reviewed by a deputy's officers (or the emulation department)."""
    if is_emulation_manager(scope, memberships):
        return True
    head = head_unit(memberships)
    if head is None:
        return False
    if unit.pk != head.pk:
        return scope.can_write(head)
    return any(m.role == ClusterRole.DEPUTY and scope.can_write(m.unit) for m in memberships)


@dataclass
class RankRow:
    unit: Unit
    status: str = ""
    standard: Decimal = Decimal(0)
    bonus: Decimal = Decimal(0)
    deduction: Decimal = Decimal(0)
    adjusted: int = 0
    rank: int | None = None
    tie_note: str = ""

    @property
    def total(self) -> Decimal:
        return self.standard + self.bonus - self.deduction

    @property
    def ranked(self) -> bool:
        return self.status in (ScorecardStatus.SUBMITTED, ScorecardStatus.REVIEWED)

    def sort_key(self):
        # Total, then the standard criteria alone, then fewer deductions, then unit code.
        return (-self.total, -self.standard, self.deduction, self.unit.code)


TIE_RULE = ("Bằng tổng điểm thì xếp theo: (1) điểm các tiêu chí chấm điểm (không kể điểm "
            "thưởng) cao hơn; (2) điểm trừ ít hơn; (3) mã đơn vị theo thứ tự chữ cái.")


def _n(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def _tie_note(upper: RankRow, lower: RankRow) -> str:
    if upper.standard != lower.standard:
        return (f"Bằng tổng điểm với {upper.unit.code}; xếp sau vì điểm tiêu chí "
                f"{_n(lower.standard)} < {_n(upper.standard)}.")
    if upper.deduction != lower.deduction:
        return (f"Bằng tổng điểm với {upper.unit.code}; xếp sau vì điểm trừ "
                f"{_n(lower.deduction)} > {_n(upper.deduction)}.")
    return f"Bằng điểm hoàn toàn với {upper.unit.code}; xếp theo mã đơn vị."


def rankings(cluster_year_ids) -> dict[int, list[RankRow]]:
    """Ranking of every member for each cluster year (three queries for any number)."""
    cys = {cy.pk: cy for cy in ClusterYear.objects.filter(pk__in=list(cluster_year_ids))}
    rows: dict[int, dict[int, RankRow]] = {pk: {} for pk in cys}
    by_cluster_year = {(cy.cluster_id, cy.year): cy.pk for cy in cys.values()}
    memberships = ClusterMembership.objects.filter(
        cluster_id__in={cy.cluster_id for cy in cys.values()},
        year__in={cy.year for cy in cys.values()},
    ).select_related("unit")
    for m in memberships:
        pk = by_cluster_year.get((m.cluster_id, m.year))
        if pk is not None:
            rows[pk][m.unit_id] = RankRow(unit=m.unit)
    scores = Score.objects.filter(scorecard__cluster_year_id__in=list(cys)).values_list(
        "scorecard__cluster_year_id", "scorecard__unit_id", "scorecard__status",
        "criterion__kind", "self_points", "reviewed_points",
    )
    from .models import Scorecard

    for cy_id, unit_id, status in Scorecard.objects.filter(
        cluster_year_id__in=list(cys)
    ).values_list("cluster_year_id", "unit_id", "status"):
        row = rows[cy_id].get(unit_id)
        if row:
            row.status = status
    for cy_id, unit_id, _status, kind, own, reviewed in scores:
        row = rows[cy_id].get(unit_id)
        if row is None:
            continue
        points = reviewed if reviewed is not None else own
        if reviewed is not None and reviewed != own:
            row.adjusted += 1
        if kind == CriterionKind.BONUS:
            row.bonus += points
        elif kind == CriterionKind.DEDUCTION:
            row.deduction += points
        else:
            row.standard += points
    result = {}
    for pk, by_unit in rows.items():
        ranked = sorted((r for r in by_unit.values() if r.ranked), key=RankRow.sort_key)
        rest = sorted((r for r in by_unit.values() if not r.ranked), key=lambda r: r.unit.code)
        for i, row in enumerate(ranked, start=1):
            row.rank = i
            if i > 1 and ranked[i - 2].total == row.total:
                row.tie_note = _tie_note(ranked[i - 2], row)
        result[pk] = ranked + rest
    return result


def ranking(cy: ClusterYear) -> list[RankRow]:
    return rankings([cy.pk])[cy.pk]


@dataclass
class TallyRow:
    unit: Unit
    votes: int
    rank: int | None
    voters: list = field(default_factory=list)


def _tally(cy_votes, ranks: list[RankRow]) -> list[TallyRow]:
    rank_of = {r.unit.pk: r.rank for r in ranks}
    units = {r.unit.pk: r.unit for r in ranks}
    counts: dict[int, TallyRow] = {}
    for vote in cy_votes:
        row = counts.get(vote.candidate_unit_id)
        if row is None:
            row = counts[vote.candidate_unit_id] = TallyRow(
                unit=units.get(vote.candidate_unit_id, vote.candidate_unit), votes=0,
                rank=rank_of.get(vote.candidate_unit_id),
            )
        row.votes += 1
        row.voters.append(vote.voter_unit)
    # Most votes first; a tie goes to the better-ranked unit, then the unit code.
    return sorted(
        counts.values(),
        key=lambda r: (-r.votes, r.rank if r.rank is not None else 10**6, r.unit.code),
    )


VOTE_TIE_RULE = ("Bằng số phiếu thì đơn vị xếp hạng chấm điểm cao hơn đứng trước; "
                 "sau đó theo mã đơn vị.")


def vote_tally(cy: ClusterYear) -> list[TallyRow]:
    votes = HonouringVote.objects.filter(cluster_year=cy).select_related(
        "voter_unit", "candidate_unit")
    return _tally(list(votes), ranking(cy))


@dataclass
class FlagProposal:
    cluster_year: ClusterYear
    unit: Unit
    votes: int
    voters: int
    members: int


def flag_proposals(year: int) -> list[FlagProposal]:
    """For each cluster whose honouring vote for `year` is closed: the unit it honoured
    (its proposal for the Cờ thi đua ngành Tư pháp). A handful of queries in all."""
    cys = list(
        ClusterYear.objects.filter(year=year, vote_closed=True).select_related("cluster")
    )
    if not cys:
        return []
    ranks = rankings([cy.pk for cy in cys])
    votes_by_cy = defaultdict(list)
    for vote in HonouringVote.objects.filter(cluster_year__in=cys).select_related(
        "voter_unit", "candidate_unit"
    ):
        votes_by_cy[vote.cluster_year_id].append(vote)
    result = []
    for cy in sorted(cys, key=lambda c: c.cluster.code):
        tally = _tally(votes_by_cy[cy.pk], ranks[cy.pk])
        if tally:
            result.append(FlagProposal(
                cluster_year=cy, unit=tally[0].unit, votes=tally[0].votes,
                voters=len(votes_by_cy[cy.pk]), members=len(ranks[cy.pk]),
            ))
    return result


def cluster_overview(scope, year: int):
    """Clusters visible to the user for a year, with their year's progress (few queries)."""
    from tdkt.organisation.models import EmulationCluster

    ids = visible_cluster_ids(scope, year)
    clusters = list(EmulationCluster.objects.filter(pk__in=ids).order_by("code"))
    cys = {
        cy.cluster_id: cy
        for cy in ClusterYear.objects.filter(cluster_id__in=ids, year=year).annotate(
            n_criteria=Count("criteria", distinct=True),
            n_cards=Count("scorecards", filter=~Q(scorecards__status=ScorecardStatus.DRAFT),
                          distinct=True),
            n_votes=Count("votes", distinct=True),
        )
    }
    heads = {
        m.cluster_id: m.unit
        for m in ClusterMembership.objects.filter(
            cluster_id__in=ids, year=year, role=ClusterRole.HEAD
        ).select_related("unit")
    }
    sizes = dict(
        ClusterMembership.objects.filter(cluster_id__in=ids, year=year)
        .values_list("cluster_id").annotate(n=Count("id")).values_list("cluster_id", "n")
    )
    leaders = {p.cluster_year.cluster_id: p for p in flag_proposals(year)}
    return [
        {"cluster": c, "cy": cys.get(c.pk), "head": heads.get(c.pk), "size": sizes.get(c.pk, 0),
         "flag": leaders.get(c.pk)}
        for c in clusters
    ]
