"""Fairness figures (contract 4): who receives the titles and awards of a unit subtree.

    from tdkt.dashboard.fairness import shares
    report = shares(root_unit, 2025)            # five years: 2021–2025
    report.level("bo").all[2025].share("leaders")   # % of ministry-level titles and awards
    report.staff.share("women")                      # % of women among the subtree's staff
    report.flags                                     # levels where leaders' share > bound

The law asks that front-line workers (người trực tiếp lao động, công tác) come first and
that women are not left behind (Luật TĐKT 2022; NĐ 152/2025 art. 4; MOHA CV 2902/BNV-VP);
no binding number exists. So the share of each group among the recipients of each level is
set against the group's share of the staff, with the five-year trend, and a level is flagged
where leaders' share exceeds a bound the Ministry configures:

    TDKT_FAIRNESS_LEADER_MAX_PERCENT = 50              # every level (environment variable
                                                       # of the same name), or per level:
    TDKT_FAIRNESS_LEADER_MAX_PERCENT = {"co_so": 40, "bo": 50, "nha_nuoc": 50}

(source of the default: "chưa có quy định; cấu hình của Bộ").

What is counted: individuals' titles (danh hiệu thi đua) and forms of commendation (hình thức
khen thưởng) recorded in the history for people whose current unit lies in the subtree, by
the award's level: cơ sở (unit-level titles and Giấy khen), cấp Bộ, cấp Nhà nước. A person's
gender, leadership and front-line flags are those of their record today (the record keeps no
yearly value), and the staff are the subtree's current staff. Three queries whatever the size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q

from tdkt.history.models import AwardLevel, PersonAward, PersonTitle
from tdkt.people.models import Gender, Person

DEFAULT_LEADER_MAX_PERCENT = 50
BOUND_SOURCE = "chưa có quy định; cấu hình của Bộ"

LEVELS = [(AwardLevel.BASE, "Cấp cơ sở"), (AwardLevel.MINISTRY, "Cấp Bộ"),
          (AwardLevel.STATE, "Cấp Nhà nước")]
GROUPS = [("frontline", "Trực tiếp lao động, công tác"), ("women", "Nữ"),
          ("leaders", "Lãnh đạo")]


def _aggregates(prefix: str = "") -> dict:
    return {
        "total": Count("id"),
        "frontline": Count("id", filter=Q(**{f"{prefix}is_frontline": True})),
        "women": Count("id", filter=Q(**{f"{prefix}gender": Gender.FEMALE})),
        "leaders": Count("id", filter=Q(**{f"{prefix}is_leader": True})),
    }


@dataclass(frozen=True)
class Counts:
    total: int = 0
    frontline: int = 0
    women: int = 0
    leaders: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.total + other.total, self.frontline + other.frontline,
                      self.women + other.women, self.leaders + other.leaders)

    def count(self, group: str) -> int:
        return getattr(self, group)

    def share(self, group: str) -> float | None:
        """Percentage of the total, one decimal; None when there is nothing to divide."""
        if not self.total:
            return None
        return round(100 * getattr(self, group) / self.total, 1)


@dataclass
class LevelShares:
    level: str
    label: str
    titles: dict[int, Counts] = field(default_factory=dict)
    awards: dict[int, Counts] = field(default_factory=dict)

    @property
    def all(self) -> dict[int, Counts]:
        years = sorted(set(self.titles) | set(self.awards))
        return {y: self.titles.get(y, Counts()) + self.awards.get(y, Counts()) for y in years}


@dataclass(frozen=True)
class Flag:
    level: str
    label: str
    year: int
    leaders_share: float
    bound: float

    @property
    def message(self) -> str:
        return (f"{self.label} năm {self.year}: lãnh đạo chiếm {self.leaders_share:g}% "
                f"số danh hiệu, khen thưởng, vượt ngưỡng {self.bound:g}% ({BOUND_SOURCE}).")


@dataclass
class FairnessReport:
    root: object
    year: int
    years: list[int]
    staff: Counts
    levels: list[LevelShares]
    bounds: dict[str, float]
    flags: list[Flag]
    bound_source: str = BOUND_SOURCE

    def level(self, code: str) -> LevelShares:
        return next(lv for lv in self.levels if lv.level == code)

    @property
    def all_levels(self) -> dict[int, Counts]:
        """Every level together, per year."""
        total = {y: Counts() for y in self.years}
        for lv in self.levels:
            for y, counts in lv.all.items():
                total[y] = total[y] + counts
        return total

    def trend(self, group: str) -> list[float | None]:
        """The group's share of all levels' titles and awards, year by year."""
        every = self.all_levels
        return [every[y].share(group) for y in self.years]

    def rows(self) -> list[dict]:
        """Table rows for `year`: one per level, with the flag."""
        flagged = {f.level for f in self.flags}
        return [
            {"label": lv.label, "level": lv.level, "counts": lv.all[self.year],
             "bound": self.bounds[lv.level], "flagged": lv.level in flagged}
            for lv in self.levels
        ]


def leader_bounds() -> dict[str, float]:
    value = getattr(settings, "TDKT_FAIRNESS_LEADER_MAX_PERCENT", DEFAULT_LEADER_MAX_PERCENT)
    if isinstance(value, dict):
        return {code: float(value.get(code, DEFAULT_LEADER_MAX_PERCENT)) for code, _ in LEVELS}
    return {code: float(value) for code, _ in LEVELS}


def shares(root_unit, year: int, years: int = 5) -> FairnessReport:
    span = list(range(year - years + 1, year + 1))
    levels = {code: LevelShares(code, label) for code, label in LEVELS}
    for model, target in ((PersonTitle, "titles"), (PersonAward, "awards")):
        rows = (
            model.objects.filter(person__unit__path__startswith=root_unit.path, year__in=span)
            .values("year", "award__level").annotate(**_aggregates("person__")).order_by()
        )
        for row in rows:
            level = levels.get(row["award__level"])
            if level is None:
                continue
            getattr(level, target)[row["year"]] = Counts(
                row["total"], row["frontline"], row["women"], row["leaders"])
    for level in levels.values():
        for y in span:
            level.titles.setdefault(y, Counts())
            level.awards.setdefault(y, Counts())
    staff = Person.objects.filter(unit__path__startswith=root_unit.path).aggregate(
        **_aggregates())
    bounds = leader_bounds()
    flags = []
    for code, label in LEVELS:
        share = levels[code].all[year].share("leaders")
        if share is not None and share > bounds[code]:
            flags.append(Flag(code, label, year, share, bounds[code]))
    return FairnessReport(
        root=root_unit, year=year, years=span, staff=Counts(**staff),
        levels=[levels[code] for code, _ in LEVELS], bounds=bounds, flags=flags,
    )
