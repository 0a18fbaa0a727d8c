"""The figures behind the home page's charts. Each is a few grouped queries whatever the
size of the data, reads only what the user's scope reaches (`scope.unit_q`: a unit subtree,
or a staff member's own records), and is tested against counts made another way.

- awards_by_level_year(scope, years, units=True) -> {level: [count per year]}
- titles_by_unit_kind(scope, year) -> [(kind label, individual, collective)]
- registration_timeliness(scope, year, by=movement|unit|kind) -> [Timeliness(on_time, late,
  not_sent)]
- movement_participation(scope, year) -> [Participation(movement, units, approved, people)]
- dossier_clock(scope, today) -> {stage: [count per age bucket]} (working days since submission)
- nominations_by_status(scope) -> [(status label, count)] in open rounds
- inspection_actions(scope, today) -> [open in time, overdue, awaiting acceptance, closed]
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Min, Q
from django.utils import timezone

from tdkt.history.models import AwardLevel, PersonAward, PersonTitle, UnitAward, UnitTitle
from tdkt.organisation.models import Unit, UnitKind

LEVELS = [(AwardLevel.BASE, "Cấp cơ sở"), (AwardLevel.MINISTRY, "Cấp Bộ"),
          (AwardLevel.STATE, "Cấp Nhà nước")]


def _person_q(scope):
    return scope.unit_q("person__unit", person_field="person")


def _unit_q(scope):
    return scope.unit_q("unit")


# --- awards and titles -------------------------------------------------------------------------


def awards_by_level_year(scope, years: list[int], units: bool = True) -> dict[str, list[int]]:
    """Titles and forms of commendation recorded in the history (people's and, with `units`,
    collectives'), counted per level of the award and year."""
    counts: Counter = Counter()
    sources = [(PersonTitle, _person_q(scope)), (PersonAward, _person_q(scope))]
    if units:
        sources += [(UnitTitle, _unit_q(scope)), (UnitAward, _unit_q(scope))]
    for model, where in sources:
        rows = (model.objects.filter(where, year__in=years)
                .values_list("award__level", "year").annotate(n=Count("id")).order_by())
        for level, year, n in rows:
            counts[level, year] += n
    return {level: [counts[level, y] for y in years] for level, _ in LEVELS}


def _registering_kinds():
    from tdkt.movements.services import REGISTERING_KINDS

    return REGISTERING_KINDS


def unit_kind_of_paths() -> dict[str, str]:
    """For every unit path, the kind of the unit it belongs to for reporting: the nearest of
    itself and its ancestors that registers in movements (Vụ, Cục, Sở Tư pháp, THADS tỉnh…:
    a Sở's Phòng counts as the Sở, a THADS khu vực office as its THADS tỉnh), else its own
    kind. One query over the unit table."""
    kinds = dict(Unit.objects.values_list("path", "kind"))
    registering = _registering_kinds()
    step = Unit.steplen
    result = {}
    for path, kind in kinds.items():
        chosen = kind
        for end in range(len(path), 0, -step):
            k = kinds.get(path[:end])
            if k in registering:
                chosen = k
                break
        result[path] = chosen
    return result


def titles_by_unit_kind(scope, year: int) -> list[tuple[str, int, int]]:
    """Emulation titles of `year` per kind of unit (individual, collective), most first."""
    kind_of = unit_kind_of_paths()
    individual: Counter = Counter()
    collective: Counter = Counter()
    for counter, model, where, field in (
        (individual, PersonTitle, _person_q(scope), "person__unit__path"),
        (collective, UnitTitle, _unit_q(scope), "unit__path"),
    ):
        rows = (model.objects.filter(where, year=year).values_list(field)
                .annotate(n=Count("id")).order_by())
        for path, n in rows:
            counter[kind_of.get(path, "")] += n
    labels = dict(UnitKind.choices)
    kinds = sorted(set(individual) | set(collective),
                   key=lambda k: (-(individual[k] + collective[k]), labels.get(k, k)))
    return [(labels.get(k, k or "Khác"), individual[k], collective[k]) for k in kinds]


# --- movements ---------------------------------------------------------------------------------


@dataclass
class Timeliness:
    key: object  # the movement's id, the unit's id or the unit kind, per `by`
    name: str
    deadline: datetime.date | None = None  # the movement's (by="movement")
    on_time: int = 0
    late: int = 0
    not_sent: int = 0
    not_sent_overdue: int = 0


def _year_registrations(scope, year: int):
    from tdkt.movements.models import MovementStatus, Registration

    return Registration.objects.filter(scope.unit_q("unit"), movement__year=year).exclude(
        movement__status=MovementStatus.DRAFT)


def registration_timeliness(scope, year: int, today: datetime.date | None = None,
                            by: str = "movement") -> list[Timeliness]:
    """The scope's registrations in the movements of `year`, first sent on or before the
    movement's deadline, after it, or never (and of those, how many are past the deadline),
    per movement (`by="movement"`), per registering unit (`"unit"`) or per kind of unit
    (`"kind"`: Sở Tư pháp, THADS tỉnh, Vụ…). One query (two for kinds); the first "send"
    event decides (a re-send after a return does not make a registration late)."""
    from tdkt.movements.models import RegistrationEvent

    if by not in ("movement", "unit", "kind"):
        raise ValueError(by)
    today = today or datetime.date.today()
    rows = (
        _year_registrations(scope, year)
        .annotate(first=Min("events__at", filter=Q(events__verb=RegistrationEvent.Verb.SUBMIT)))
        .values_list("movement_id", "movement__name", "movement__registration_deadline",
                     "first", "unit_id", "unit__short_name", "unit__name", "unit__path")
        .order_by("movement__starts_on", "movement_id", "unit__path")
    )
    kind_of, labels = (unit_kind_of_paths(), dict(UnitKind.choices)) if by == "kind" else ({}, {})
    result: dict[object, Timeliness] = {}
    for (movement_id, name, deadline, first, unit_id, short_name, unit_name,
         path) in rows:
        if by == "movement":
            entry = result.setdefault(movement_id, Timeliness(movement_id, name, deadline))
        elif by == "unit":
            entry = result.setdefault(unit_id, Timeliness(unit_id, short_name or unit_name))
        else:
            kind = kind_of.get(path, "")
            entry = result.setdefault(kind, Timeliness(kind, labels.get(kind, "Khác")))
        if first is None:
            entry.not_sent += 1
            if deadline and deadline < today:
                entry.not_sent_overdue += 1
        elif deadline is None or timezone.localtime(first).date() <= deadline:
            entry.on_time += 1
        else:
            entry.late += 1
    values = list(result.values())
    if by == "kind":
        values.sort(key=lambda t: -(t.on_time + t.late + t.not_sent))
    return values


@dataclass
class Participation:
    movement_id: int
    name: str
    units: int
    registered: int
    people: int


def movement_participation(scope, year: int) -> list[Participation]:
    """Per movement of `year`: the scope's participating units, those whose registration was
    sent (waiting or approved), and the individuals registered for a title. Two queries."""
    from tdkt.movements.models import IndividualRegistration, RegistrationStatus

    sent = (RegistrationStatus.SUBMITTED, RegistrationStatus.APPROVED)
    rows = (
        _year_registrations(scope, year)
        .values_list("movement_id", "movement__name")
        .annotate(units=Count("id"), registered=Count("id", filter=Q(status__in=sent)))
        .order_by("movement_id")
    )
    people = dict(
        IndividualRegistration.objects.filter(
            registration__in=_year_registrations(scope, year).filter(status__in=sent))
        .values_list("registration__movement_id").annotate(n=Count("id")).order_by()
    )
    return [Participation(mid, name, units, registered, people.get(mid, 0))
            for mid, name, units, registered in rows]


# --- commendation dossiers ---------------------------------------------------------------------


CLOCK_BUCKETS = [(10, "Đến 10 ngày"), (20, "11–20 ngày"), (40, "21–40 ngày"),
                 (None, "Trên 40 ngày")]


def _stages():
    from tdkt.nominations.models import Status

    return [
        ("Chờ thẩm định", (Status.SUBMITTED, Status.UNDER_APPRAISAL)),
        ("Trả lại bổ sung", (Status.RETURNED,)),
        ("Đang xét (Hội đồng, công khai)",
         (Status.APPRAISED, Status.AT_COUNCIL, Status.IN_DISCLOSURE)),
        ("Chờ quyết định", (Status.APPROVED,)),
    ]


def bucket_of(days: int) -> int:
    for index, (limit, _) in enumerate(CLOCK_BUCKETS):
        if limit is None or days <= limit:
            return index
    return len(CLOCK_BUCKETS) - 1


def dossier_clock(scope, today: datetime.date) -> dict[str, list[int]]:
    """Open dossiers (sent up, not yet decided) by stage and by working days since they were
    sent (Vietnamese working days: holidays and make-up days from the calendar). Two queries:
    the calendar and one grouped count per sending day and status."""
    from tdkt.nominations.calendar import WorkCalendar
    from tdkt.nominations.models import Nomination

    stages = _stages()
    stage_of = {status: label for label, statuses in stages for status in statuses}
    rows = (
        Nomination.objects.filter(scope.unit_q("proposing_unit", person_field="person"),
                                  status__in=list(stage_of), submitted_on__isnull=False)
        .values_list("submitted_on", "status").annotate(n=Count("id")).order_by()
    )
    result = {label: [0] * len(CLOCK_BUCKETS) for label, _ in stages}
    calendar = None
    for submitted_on, status, n in rows:
        calendar = calendar or WorkCalendar()
        result[stage_of[status]][bucket_of(calendar.between(submitted_on, today))] += n
    return result


def nominations_by_status(scope) -> list[tuple[str, int]]:
    """Dossiers of rounds still open, per status, in the workflow's order (drafts left out)."""
    from tdkt.nominations.models import Nomination, Status

    counts = dict(
        Nomination.objects.filter(scope.unit_q("proposing_unit", person_field="person"),
                                  round__closed=False)
        .exclude(status=Status.DRAFT)
        .values_list("status").annotate(n=Count("id")).order_by()
    )
    return [(label, counts.get(value, 0)) for value, label in Status.choices
            if value != Status.DRAFT]


# --- inspections -------------------------------------------------------------------------------


ACTION_STAGES = ["Đang khắc phục, còn hạn", "Quá hạn khắc phục", "Chờ nghiệm thu",
                 "Đã nghiệm thu, đóng"]


def inspection_actions(scope, today: datetime.date) -> list[int]:
    """Corrective actions after inspections that the scope sees (tdkt.inspections'
    `visible_actions`), counted as [open in time, overdue, awaiting acceptance, closed].
    One query."""
    from tdkt.inspections.models import OPEN_ACTION, ActionStatus
    from tdkt.inspections.selectors import visible_actions

    rows = (visible_actions(scope).values_list("status")
            .annotate(n=Count("id"), late=Count("id", filter=Q(due_on__lt=today))).order_by())
    counts = [0, 0, 0, 0]
    for status, n, late in rows:
        if status in OPEN_ACTION:
            counts[0] += n - late
            counts[1] += late
        elif status == ActionStatus.SUBMITTED:
            counts[2] += n
        elif status == ActionStatus.ACCEPTED:
            counts[3] += n
    return counts
