"""The figures of a review report (sơ kết / tổng kết) for a unit subtree, read from the data:
movements launched and joined, registrations, titles and awards by level, front-line / women /
leader shares (from the dashboard's fairness figures when installed), exemplars, inspections
and their corrective actions (when the inspections app is installed), each with the same
period of the previous year. A fixed number of grouped queries whatever the data size.

Conventions (printed in the report's notes):
- the period is 1/1–30/6 for a mid-year review, 1/1–31/12 for a year-end review;
- movements count by the movement's year (a thematic movement in the year it starts), drafts
  excluded, launched by a unit of the subtree; "joined" = movements for which a unit of the
  subtree sent a registration (any status but "not sent");
- titles and awards count by decision date in the period (records without a date count in a
  year-end review of their year), for people currently in the subtree and units of it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q

from tdkt.history.models import AwardLevel, PersonAward, PersonTitle, UnitAward, UnitTitle

from .models import ReviewKind

LEVELS = [(AwardLevel.STATE, "Khen thưởng cấp Nhà nước"),
          (AwardLevel.MINISTRY, "Khen thưởng cấp Bộ"),
          (AwardLevel.BASE, "Danh hiệu, khen thưởng cấp cơ sở")]
NO_DATA = "chưa có dữ liệu"


@dataclass(frozen=True)
class Period:
    year: int
    kind: str
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        return (f"6 tháng đầu năm {self.year}" if self.kind == ReviewKind.MIDYEAR
                else f"năm {self.year}")

    def previous(self) -> Period:
        return period(self.year - 1, self.kind)


def period(year: int, kind: str) -> Period:
    end = datetime.date(year, 6, 30) if kind == ReviewKind.MIDYEAR else datetime.date(year, 12, 31)
    return Period(year, kind, datetime.date(year, 1, 1), end)


@dataclass
class Count2:
    """A figure this period and the same period a year earlier."""

    now: int
    before: int

    @property
    def change(self) -> str:
        """"+7 (+100%)", "−3 (−25%)", "0", or "—" when there is nothing to compare."""
        diff = self.now - self.before
        if self.before == 0:
            return "—" if self.now == 0 else f"+{self.now}"
        pct = round(100 * diff / self.before)
        sign = "+" if diff > 0 else "−" if diff < 0 else ""
        return "0" if diff == 0 else f"{sign}{abs(diff)} ({sign}{abs(pct)}%)"

    @property
    def words(self) -> str:
        """"tăng 7, tức 100%" / "giảm 3, tức 25%" / "không đổi"."""
        diff = self.now - self.before
        if diff == 0:
            return "không đổi"
        word = "tăng" if diff > 0 else "giảm"
        if self.before == 0:
            return f"{word} {abs(diff)}"
        return f"{word} {abs(diff)}, tức {abs(round(100 * diff / self.before))}%"


@dataclass
class AwardLine:
    label: str
    collective: Count2
    individual: Count2

    @property
    def total(self) -> Count2:
        return Count2(self.collective.now + self.individual.now,
                      self.collective.before + self.individual.before)


@dataclass
class Figures:
    unit_name: str
    period: Period
    movements: Count2
    thematic: Count2
    regular: Count2
    movement_names: list[str]
    joined: Count2
    registrations: Count2
    registrations_approved: Count2
    individual_registrations: Count2
    awards: list[AwardLine]
    award_types: list[tuple[str, int, int]]  # (name, collectives, individuals) this period
    shares: Shares | None = None  # None when the fairness figures are absent
    inspections: dict | None = None  # None when the inspections app is absent
    exemplars: str = NO_DATA
    notes: list[str] = field(default_factory=list)

    @property
    def awards_total(self) -> Count2:
        return Count2(sum(a.total.now for a in self.awards),
                      sum(a.total.before for a in self.awards))


def _in_period(p: Period) -> Q:
    q = Q(decision_date__gte=p.start, decision_date__lte=p.end)
    if p.kind == ReviewKind.YEAREND:
        q |= Q(decision_date__isnull=True, year=p.year)
    return q


def _movements(root, p: Period):
    from tdkt.movements.models import Movement

    qs = Movement.objects.filter(launching_unit__path__startswith=root.path, year=p.year) \
        .exclude(status="draft")
    if p.kind == ReviewKind.MIDYEAR:  # launched in the first half (undated: counted)
        qs = qs.filter(Q(launched_on__isnull=True) | Q(launched_on__lte=p.end))
    return qs


def _registrations(root, p: Period):
    from tdkt.movements.models import Registration

    qs = Registration.objects.filter(unit__path__startswith=root.path, movement__year=p.year) \
        .exclude(status="not_sent")
    if p.kind == ReviewKind.MIDYEAR:
        qs = qs.filter(Q(submitted_at__isnull=True) | Q(submitted_at__date__lte=p.end))
    return qs


def _movement_counts(root, p: Period) -> dict:
    return _movements(root, p).aggregate(
        n=Count("pk"), thematic=Count("pk", filter=Q(kind="thematic")),
        regular=Count("pk", filter=Q(kind="regular")))


def _registration_counts(root, p: Period) -> dict:
    from tdkt.movements.models import IndividualRegistration

    counts = _registrations(root, p).aggregate(
        n=Count("pk"), approved=Count("pk", filter=Q(status="approved")),
        joined=Count("movement", distinct=True))
    counts["individuals"] = IndividualRegistration.objects.filter(
        registration__in=_registrations(root, p)).count()
    return counts


def _award_counts(root, p: Period) -> dict:
    """{(level, subject): n} and [(name, rank, collectives, individuals)]. Four queries."""
    counts: dict = {}
    types: dict = {}
    for model, path, subject in ((PersonTitle, "person__unit", "individual"),
                                 (PersonAward, "person__unit", "individual"),
                                 (UnitTitle, "unit", "collective"),
                                 (UnitAward, "unit", "collective")):
        rows = (model.objects.filter(_in_period(p), **{f"{path}__path__startswith": root.path})
                .values("award__level", "award__name", "award__rank").annotate(n=Count("pk"))
                .order_by())
        for r in rows:
            key = (r["award__level"], subject)
            counts[key] = counts.get(key, 0) + r["n"]
            entry = types.setdefault(r["award__name"], [r["award__level"], r["award__rank"], 0, 0])
            entry[2 if subject == "collective" else 3] += r["n"]
    return {"levels": counts, "types": types}


def _inspections(root, p: Period) -> dict | None:
    try:
        from tdkt.inspections.models import CorrectiveAction, Inspection
    except ImportError:  # the inspections app is not installed
        return None
    from django.apps import apps

    if not apps.is_installed("tdkt.inspections"):
        return None
    done = Inspection.objects.filter(unit__path__startswith=root.path, plan__year=p.year)
    if p.kind == ReviewKind.MIDYEAR:
        done = done.filter(starts_on__lte=p.end)
    counts = done.aggregate(
        planned=Count("pk"),
        self_done=Count("pk", filter=Q(self_submitted_at__isnull=False)),
        concluded=Count("pk", filter=Q(status__in=("concluded", "closed"))),
        closed=Count("pk", filter=Q(status="closed")))
    actions = CorrectiveAction.objects.filter(inspection__in=done).aggregate(
        total=Count("pk"), accepted=Count("pk", filter=Q(status="accepted")),
        overdue=Count("pk", filter=Q(status__in=("open", "returned"), due_on__lt=p.end)))
    return {**counts, "actions": actions["total"], "actions_accepted": actions["accepted"],
            "actions_open": actions["total"] - actions["accepted"],
            "actions_overdue": actions["overdue"]}


@dataclass
class Shares:
    """The fairness figures for the report: a table (one row per level, then the staff), the
    five-year trend in words and the flags (levels where leaders exceed the bound)."""

    rows: list[list[str]]
    trend: list[str]
    flags: list[str]
    year: int


def _pct(n: int, total: int) -> str:
    return f"{n} ({100 * n / total:.1f}%)".replace(".", ",") if total else f"{n}"


def _shares(root, p: Period) -> Shares | None:
    """From the dashboard's fairness figures (contract 4), when that module is installed."""
    try:
        from tdkt.dashboard.fairness import GROUPS, shares
    except ImportError:
        return None
    report = shares(root, p.year, years=5)
    rows = []
    for lv in report.levels:
        c = lv.all.get(p.year)
        if c is None:
            continue
        rows.append([lv.label, str(c.total), *[_pct(c.count(g), c.total) for g, _ in GROUPS]])
    every = report.all_levels[p.year]
    rows.append(["Cộng", str(every.total), *[_pct(every.count(g), every.total)
                                              for g, _ in GROUPS]])
    staff = report.staff
    rows.append(["Tỷ lệ trong tổng số cán bộ", str(staff.total),
                 *[_pct(staff.count(g), staff.total) for g, _ in GROUPS]])
    trend = []
    for group, label in GROUPS:
        values = report.trend(group)
        parts = [f"{y}: {'—' if v is None else f'{v:g}%'.replace('.', ',')}"
                 for y, v in zip(report.years, values, strict=True)]
        trend.append(f"{label}: " + "; ".join(parts) + ".")
    return Shares(rows=rows, trend=trend, flags=[f.message for f in report.flags], year=p.year)


def gather(root, year: int, kind: str) -> Figures:
    p = period(year, kind)
    before = p.previous()
    m_now, m_before = _movement_counts(root, p), _movement_counts(root, before)
    r_now, r_before = _registration_counts(root, p), _registration_counts(root, before)
    a_now, a_before = _award_counts(root, p), _award_counts(root, before)
    names = list(_movements(root, p).order_by("-kind", "starts_on", "name")
                 .values_list("name", flat=True)[:12])
    awards = [
        AwardLine(label,
                  Count2(a_now["levels"].get((level, "collective"), 0),
                         a_before["levels"].get((level, "collective"), 0)),
                  Count2(a_now["levels"].get((level, "individual"), 0),
                         a_before["levels"].get((level, "individual"), 0)))
        for level, label in LEVELS
    ]
    order = {level: i for i, (level, _) in enumerate(LEVELS)}
    types = sorted(a_now["types"].items(), key=lambda kv: (order.get(kv[1][0], 9), kv[1][1], kv[0]))
    try:
        shares = _shares(root, p)
    except Exception:  # noqa: BLE001 - a failing optional module must not break the report
        shares = None
    return Figures(
        unit_name=root.name, period=p,
        movements=Count2(m_now["n"], m_before["n"]),
        thematic=Count2(m_now["thematic"], m_before["thematic"]),
        regular=Count2(m_now["regular"], m_before["regular"]),
        movement_names=names,
        joined=Count2(r_now["joined"], r_before["joined"]),
        registrations=Count2(r_now["n"], r_before["n"]),
        registrations_approved=Count2(r_now["approved"], r_before["approved"]),
        individual_registrations=Count2(r_now["individuals"], r_before["individuals"]),
        awards=awards,
        award_types=[(name, v[2], v[3]) for name, v in types],
        shares=shares,
        inspections=_inspections(root, p),
        notes=[
            f"Số liệu {p.label} so với cùng kỳ {before.label}; lấy từ hệ thống ngày "
            f"{datetime.date.today():%d/%m/%Y}.",
            "Khen thưởng tính theo ngày quyết định trong kỳ, cho cán bộ hiện công tác và tập "
            "thể thuộc đơn vị (kể cả đơn vị trực thuộc); khen thưởng đã hủy bỏ không tính.",
            "Phong trào tính theo năm của phong trào, không tính dự thảo; đăng ký thi đua tính "
            "các bản đã gửi.",
        ],
    )
