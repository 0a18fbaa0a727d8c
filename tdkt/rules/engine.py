"""Judge one subject for one award in one year, check by check."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .case import NON_MERIT_METHODS, RATING_FLOOR, Case, CaseError
from .catalogue import UNVERIFIED, Award, Catalogue, load_builtin, select_version
from .criteria import exclusion_checks
from .text import DISCIPLINE_VI, vi_date, years_text

VERDICTS = ("ineligible", "needs_review", "eligible")


@dataclass(slots=True)
class Check:
    rule: str
    met: bool | None
    why: str
    source: str
    status: str = "verified"

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "met": self.met,
            "why": self.why,
            "source": self.source,
            "status": self.status,
        }


@dataclass(slots=True)
class Result:
    id: str
    award: str
    year: int
    as_of: date
    verdict: str
    rules_version: str
    checks: list[Check]
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "award": self.award,
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            "verdict": self.verdict,
            "rules_version": self.rules_version,
            "checks": [c.to_dict() for c in self.checks],
            "warnings": list(self.warnings),
        }

    @property
    def unverified(self) -> list[Check]:
        """Checks resting on a value or provision that is not yet confirmed."""
        return [c for c in self.checks if c.status == UNVERIFIED]


def verdict_of(checks: Iterable[Check]) -> str:
    """`ineligible` if any check is false; else `needs_review` if any is null; else `eligible`."""
    mets = [c.met for c in checks]
    if any(m is False for m in mets):
        return "ineligible"
    if any(m is None for m in mets):
        return "needs_review"
    return "eligible"


class _Index:
    """Per-case lookup tables, built once even when a case is judged for many awards."""

    __slots__ = ("titles", "conferrals")

    def __init__(self, case: Case):
        titles: dict[str, set[int]] = {}
        conferrals: dict[str, list[tuple[int, str]]] = {}
        for t in case.titles:
            titles.setdefault(t.award, set()).add(t.year)
            conferrals.setdefault(t.award, []).append((t.year, t.method))
        for a in case.awards:
            conferrals.setdefault(a.award, []).append((a.year, a.method))
        self.titles = titles
        self.conferrals = conferrals


_EMPTY: frozenset[int] = frozenset()


class Context:
    """Everything the criteria of one evaluation share."""

    __slots__ = (
        "case",
        "catalogue",
        "award",
        "year",
        "as_of",
        "codes",
        "index",
        "cutoff",
        "cutoff_why",
        "running",
        "own_last",
        "since_prior",
        "since_prior_why",
        "windows",
    )

    def __init__(self, case: Case, catalogue: Catalogue, award: Award):
        self.case, self.catalogue, self.award = case, catalogue, award
        self.year = case.year
        self.as_of = case.consideration_date
        self.codes = case.ratings
        if case._index is None:
            case._index = _Index(case)
        self.index = case._index
        self.windows: dict[str, tuple[int, ...]] = {}
        self.since_prior: int | None = None
        self.since_prior_why = ""
        self._discipline()
        # One achievement, one award: multi-year criteria count only after the last merit
        # conferral of this very award (sudden and thematic ones do not consume years).
        earlier = [
            y
            for y, m in self.conferrals(award.code)
            if y < self.year and m not in NON_MERIT_METHODS
        ]
        self.own_last = max(earlier) if earlier else None

    def _discipline(self) -> None:
        self.cutoff, self.cutoff_why, self.running = None, "", []
        for d in self.case.disciplines:
            if d.decided_on > self.as_of:
                continue
            if d.ends_on is None or d.ends_on > self.as_of:
                self.running.append(d)
            end = d.ends_on or date(self.year + 1, 1, 1)
            # A year counts only if it begins on or after the end of the discipline period.
            first = end.year if (end.month, end.day) == (1, 1) else end.year + 1
            if self.cutoff is None or first > self.cutoff:
                self.cutoff = first
                until = f"hết hạn {vi_date(d.ends_on)}" if d.ends_on else "chưa hết hạn"
                self.cutoff_why = (
                    f"kỷ luật {DISCIPLINE_VI[d.form]} quyết định ngày "
                    f"{vi_date(d.decided_on)}, {until}"
                )

    def title_years(self, code: str) -> frozenset[int] | set[int]:
        return self.index.titles.get(code, _EMPTY)

    def conferrals(self, code: str) -> list[tuple[int, str]]:
        return self.index.conferrals.get(code, [])

    def bounds(self, since_prior: bool) -> tuple[int, str]:
        """The first year a multi-year criterion may count, and why."""
        lo, why = 0, ""
        if self.own_last is not None:
            lo = self.own_last + 1
            why = (
                f"sau lần được tặng {self.award.name_vi} năm {self.own_last}; "
                "một thành tích chỉ khen thưởng một lần"
            )
        if self.cutoff is not None and self.cutoff > lo:
            lo, why = self.cutoff, f"sau khi chấp hành xong {self.cutoff_why}"
        if since_prior and self.since_prior is not None and self.since_prior > lo:
            lo, why = self.since_prior, self.since_prior_why
        return lo, why

    def blocked_year(self, year: int) -> str:
        """Why `year` cannot count because of a discipline period ('' when it can)."""
        if self.cutoff is not None and year < self.cutoff:
            return (
                f"Năm {year} không được tính: {self.cutoff_why}; thành tích chỉ tính từ năm "
                f"{self.cutoff}."
            )
        return ""


# ------------------------------------------------------------------------ evaluation


def judge(case: Case, catalogue: Catalogue) -> Result:
    """Judge `case` under one catalogue version (the caller chose the version)."""
    try:
        award = catalogue.awards[case.award]
    except KeyError:
        raise CaseError(
            "award", f'"{case.award}" is not in catalogue version {catalogue.version}'
        ) from None
    ctx = Context(case, catalogue, award)
    checks = _general_checks(ctx)
    if award.accepts(case.subject.kind):
        for node in award.nodes:
            met, why, _ = node(ctx)
            checks.append(Check(node.rule, met, why, node.source, node.status))
        for rule, _, met, why, source, status in exclusion_checks(award, ctx):
            checks.append(Check(rule, met, why, source, status))
        attested = _attested(ctx)
        if attested:
            checks.append(attested)
    return Result(
        id=case.id,
        award=case.award,
        year=case.year,
        as_of=ctx.as_of,
        verdict=verdict_of(checks),
        rules_version=catalogue.version,
        checks=checks,
        warnings=catalogue.warnings,
    )


def _general_checks(ctx: Context) -> list[Check]:
    case, award, year, p = ctx.case, ctx.award, ctx.year, ctx.catalogue.principles
    checks = []
    kind_vi = "cá nhân" if case.subject.kind == "individual" else "tập thể"
    checks.append(
        Check(
            "subject_kind",
            award.accepts(case.subject.kind),
            f"Đối tượng là {kind_vi}; {award.name_vi} xét tặng cho {award.recipient_vi}.",
            award.source,
            "verified",
        )
    )
    if case.pending_proceedings:
        why = (
            "Đang có vụ việc xem xét kỷ luật, thanh tra, kiểm tra, điều tra hoặc giải quyết "
            "khiếu nại, tố cáo chưa kết thúc: chưa xét khen thưởng cho đến khi có kết luận."
        )
    else:
        why = "Không ghi nhận vụ việc kỷ luật, thanh tra, điều tra, khiếu nại, tố cáo đang xem xét."
    checks.append(
        Check(
            "no_pending_proceedings",
            not case.pending_proceedings,
            why,
            p["hold"].source,
            p["hold"].status,
        )
    )
    checks.append(_discipline_check(ctx))
    code = ctx.codes.get(year)
    if code == RATING_FLOOR:
        floor = (
            False,
            f"Năm {year} xếp loại KHTNV (không hoàn thành nhiệm vụ): không xét khen "
            "thưởng cho thành tích năm này.",
        )
    elif code is None:
        floor = (True, f"Năm {year} chưa có xếp loại; không có năm KHTNV được tính.")
    else:
        floor = (True, f"Năm {year} xếp loại {code}, không phải KHTNV.")
    rf = p.get("rating_floor") or p["one_achievement_one_award"]
    checks.append(Check("rating_floor", *floor, rf.source, rf.status))
    if award.kind == "emulation_title" and case.registered is not None:
        registered = year in case.registered
        done = sorted(case.registered)
        why = (
            f"Đăng ký thi đua năm {year}: {'có' if registered else 'không có'} "
            f"(các năm đã đăng ký: {years_text(done) if done else 'không có'})."
        )
        checks.append(Check("registered", registered, why, award.source, UNVERIFIED))
    return checks


def _discipline_check(ctx: Context) -> Check:
    principle = ctx.catalogue.principles["discipline"]
    as_of = vi_date(ctx.as_of)
    if ctx.running:
        d = ctx.running[0]
        until = f"đến {vi_date(d.ends_on)}" if d.ends_on else "chưa xác định ngày kết thúc"
        why = (
            f"Kỷ luật {DISCIPLINE_VI[d.form]} quyết định ngày {vi_date(d.decided_on)} "
            f"({until}) còn hiệu lực tại ngày xét {as_of}."
        )
        return Check("discipline", False, why, principle.source, principle.status)
    if blocked := ctx.blocked_year(ctx.year):
        return Check("discipline", False, blocked, principle.source, principle.status)
    if ctx.cutoff is not None:
        why = f"Đã chấp hành xong {ctx.cutoff_why}; thành tích chỉ được tính từ năm {ctx.cutoff}."
    else:
        why = f"Không có quyết định kỷ luật nào tính đến ngày xét {as_of}."
    return Check("discipline", True, why, principle.source, principle.status)


def _attested(ctx: Context) -> Check | None:
    conditions = ctx.award.attestations.get(ctx.case.subject.kind)
    if not conditions:
        return None
    listed = "; ".join(conditions)
    if ctx.case.attested:
        met, why = True, f"Đơn vị đã xác nhận các tiêu chuẩn định tính: {listed}."
    else:
        met, why = None, f"Đơn vị chưa xác nhận các tiêu chuẩn định tính: {listed}."
    return Check("attested", met, why, ctx.award.source, ctx.award.status)


class Evaluator:
    """Judges cases against a set of catalogue versions, choosing one by each case's date.

    Build one per sweep and reuse it: versions are compiled once and the choice of version is
    cached per date of consideration.
    """

    def __init__(self, versions: Sequence[Catalogue] | None = None):
        self.versions = tuple(versions) if versions is not None else load_builtin()
        self._by_date: dict[date, Catalogue] = {}

    def version_for(self, as_of: date) -> Catalogue:
        version = self._by_date.get(as_of)
        if version is None:
            try:
                version = select_version(self.versions, as_of)
            except LookupError:
                raise CaseError(
                    "as_of", f"no catalogue version is in force on {as_of.isoformat()}"
                ) from None
            self._by_date[as_of] = version
        return version

    def evaluate(self, case: Case) -> Result:
        return judge(case, self.version_for(case.consideration_date))

    def award_codes(self) -> frozenset[str]:
        return frozenset(code for v in self.versions for code in v.awards)


_default: Evaluator | None = None


def evaluate(case: Case, catalogue: Catalogue | None = None) -> Result:
    """Judge `case` with the given version, or with the built-in version in force on its date."""
    global _default
    if catalogue is not None:
        return judge(case, catalogue)
    if _default is None:
        _default = Evaluator()
    return _default.evaluate(case)
