"""Judge one subject for one award in one year, check by check."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .case import NON_MERIT_METHODS, RATING_FLOOR, Case, CaseError, Conferral
from .catalogue import (
    INTERPRETATION,
    LAW,
    UNVERIFIED,
    UNVERIFIED_BASIS,
    VERIFIED,
    Award,
    Catalogue,
    basis_of,
    load_builtin,
    select_version,
)
from .criteria import AnyOf, TitleRun, exclusion_checks, met_of
from .text import DISCIPLINE_VI, vi_date, years_text

VERDICTS = ("ineligible", "needs_review", "eligible")


class Check:
    """One check of a result: `rule`, `met` (True / False / None), `why`, `source`, `basis`.

    `basis` (contract, catalogue v2) is `law` (the cited text states the requirement),
    `interpretation` (the sector's reading of a text that does not state it: `readings` names
    the interpretation parameters of the version it rests on) or `unverified`. `status`
    (`verified` / `chưa xác minh`) is kept for stored results and older readers: it is
    `chưa xác minh` exactly when `basis` is `unverified`.

    `why` may be given as a string or as a function of no arguments returning it: the engine
    passes functions, so that the Vietnamese explanation is only formatted when it is read (a
    sector sweep reads it for a small part of its results). Reading `why` formats it once.
    Checks are values: treat them as read-only (a case judged for several awards shares the
    checks common to all of them between its results).
    """

    __slots__ = ("rule", "met", "_why", "source", "status", "basis", "readings")

    def __init__(
        self,
        rule: str,
        met: bool | None,
        why: str | Callable[[], str],
        source: str,
        status: str = VERIFIED,
        basis: str | None = None,
        readings: tuple[str, ...] = (),
    ):
        self.rule = rule
        self.met = met
        self._why = why
        self.source = source
        self.status = status
        self.basis = basis_of(status, readings) if basis is None else basis
        self.readings = readings

    @property
    def why(self) -> str:
        why = self._why
        if why.__class__ is not str:
            why = self._why = why()
        return why

    @why.setter
    def why(self, value: str) -> None:
        self._why = value

    def to_dict(self) -> dict[str, Any]:
        out = {
            "rule": self.rule,
            "met": self.met,
            "why": self.why,
            "source": self.source,
            "status": self.status,
            "basis": self.basis,
        }
        if self.readings:
            out["interpretations"] = list(self.readings)
        return out

    def _key(self) -> tuple:
        return (self.rule, self.met, self.why, self.source, self.status, self.basis, self.readings)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Check:
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"Check(rule={self.rule!r}, met={self.met!r}, why={self.why!r}, "
            f"source={self.source!r}, basis={self.basis!r})"
        )


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
    # Set when a transition rule judged the dossier under two versions (see `Evaluator`).
    transition: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "award": self.award,
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            "verdict": self.verdict,
            "rules_version": self.rules_version,
            "checks": [c.to_dict() for c in self.checks],
            "warnings": list(self.warnings),
        }
        if self.transition is not None:
            out["transition"] = self.transition
        return out

    @property
    def unverified(self) -> list[Check]:
        """Checks resting on a value or provision that is not yet confirmed."""
        return [c for c in self.checks if c.basis == UNVERIFIED_BASIS]

    @property
    def interpretations(self) -> list[Check]:
        """Checks resting on the sector's reading of a text (interpretation parameters)."""
        return [c for c in self.checks if c.basis == INTERPRETATION]


def verdict_of(checks: Iterable[Check]) -> str:
    """`ineligible` if any check is false; else `needs_review` if any is null; else `eligible`."""
    mets = [c.met for c in checks]
    if any(m is False for m in mets):
        return "ineligible"
    if any(m is None for m in mets):
        return "needs_review"
    return "eligible"


class _Index:
    """Per-case tables, built once even when a case is judged for many awards.

    `key` holds the fields they derive from; they are rebuilt when one of those is replaced by a
    different value (or the year or the date of consideration changes). Mutating a field in
    place (e.g. `case.ratings[2025] = ...`) is not detected: assign a new value instead.
    """

    __slots__ = (
        "key",
        "titles",
        "conferrals",
        "cutoff",
        "cutoff_why",
        "running",
        "general",
        "contexts",
        "has_floor",
    )

    def __init__(self, case: Case, as_of: date, key: tuple):
        titles: dict[str, set[int]] = {}
        conferrals: dict[str, list[Conferral]] = {}
        # get-then-insert rather than setdefault, which builds a default for every record
        for t in case.titles:
            award = t.award
            held = titles.get(award)
            if held is None:
                titles[award] = {t.year}
                conferrals[award] = [t]
            else:
                held.add(t.year)
                conferrals[award].append(t)
        for a in case.awards:
            listed = conferrals.get(a.award)
            if listed is None:
                conferrals[a.award] = [a]
            else:
                listed.append(a)
        self.key = key
        self.titles = titles
        self.conferrals = conferrals
        if case.disciplines:
            self.cutoff, self.cutoff_why, self.running = _discipline(case, as_of)
        else:
            self.cutoff, self.cutoff_why, self.running = None, "", []
        self.has_floor = RATING_FLOOR in case.ratings.values()  # any KHTNV year at all
        # Catalogue -> the checks common to every award (see `_general_checks`).
        self.general: dict[Catalogue, tuple] = {}
        # Catalogue -> the evaluation context, reused across the awards of the case.
        self.contexts: dict[Catalogue, Context] = {}


def _key(case: Case, as_of: date) -> tuple:
    # Compared with ==, which tries identity first: cheap while the fields are the same objects.
    return (
        case.year,
        as_of,
        case.titles,
        case.awards,
        case.disciplines,
        case.ratings,
        case.registered,
        case.pending_proceedings,
        case.subject,
    )


def _discipline(case: Case, as_of: date):
    """`(cutoff, cutoff_why, running)`: the first year that counts after discipline, and why."""
    cutoff, cutoff_why, running = None, "", []
    year = case.year
    for d in case.disciplines:
        if d.decided_on > as_of:
            continue
        if d.ends_on is None or d.ends_on > as_of:
            running.append(d)
        end = d.ends_on or date(year + 1, 1, 1)
        # A year counts only if it begins on or after the end of the discipline period.
        first = end.year if (end.month, end.day) == (1, 1) else end.year + 1
        if cutoff is None or first > cutoff:
            cutoff = first
            until = f"hết hạn {vi_date(d.ends_on)}" if d.ends_on else "chưa hết hạn"
            cutoff_why = (
                f"kỷ luật {DISCIPLINE_VI[d.form]} quyết định ngày {vi_date(d.decided_on)}, {until}"
            )
    return cutoff, cutoff_why, running


_EMPTY: frozenset[int] = frozenset()
_NO_CONFERRALS: list[Conferral] = []


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
        "readings_hint",
    )

    def __init__(self, case: Case, catalogue: Catalogue, award: Award, as_of: date | None = None):
        self.case, self.catalogue = case, catalogue
        self.year = case.year
        self.as_of = as_of = as_of or case.consideration_date
        self.codes = case.ratings
        key = _key(case, as_of)
        index = case._index
        if index is None or index.key != key:
            index = case._index = _Index(case, as_of, key)
        self.index = index
        self.cutoff, self.cutoff_why, self.running = index.cutoff, index.cutoff_why, index.running
        self.prepare(award)

    def prepare(self, award: Award) -> Context:
        """Start the evaluation of `award` (a case's context is reused across its awards)."""
        self.award = award
        self.windows: dict[str, tuple[int, ...]] = {}
        self.since_prior: int | None = None
        self.since_prior_why = ""
        self.readings_hint = None  # set by an any-of resting on readings (see `judge`)
        # One achievement, one award: multi-year criteria count only after the last merit
        # conferral of this very award (sudden and thematic ones do not consume years).
        own_last = None
        conferrals = self.index.conferrals.get(award.code)
        if conferrals:
            year = self.year
            for c in conferrals:
                y = c.year
                if y < year and c.method not in NON_MERIT_METHODS and (
                    own_last is None or y > own_last
                ):
                    own_last = y
        self.own_last = own_last
        return self

    def title_years(self, code: str) -> frozenset[int] | set[int]:
        return self.index.titles.get(code, _EMPTY)

    def conferrals(self, code: str) -> list[Conferral]:
        """The titles and awards of `code` the case holds, in the case's order."""
        return self.index.conferrals.get(code, _NO_CONFERRALS)

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

    def low(self, since_prior: bool) -> int:
        """`bounds(since_prior)[0]` without its explanation."""
        lo = 0 if self.own_last is None else self.own_last + 1
        cutoff = self.cutoff
        if cutoff is not None and cutoff > lo:
            lo = cutoff
        if since_prior and self.since_prior is not None and self.since_prior > lo:
            lo = self.since_prior
        return lo

    def blocked_year(self, year: int) -> str:
        """Why `year` cannot count because of a discipline period ('' when it can)."""
        if self.cutoff is not None and year < self.cutoff:
            return (
                f"Năm {year} không được tính: {self.cutoff_why}; thành tích chỉ tính từ năm "
                f"{self.cutoff}."
            )
        return ""


# ------------------------------------------------------------------------ evaluation


def judge(case: Case, catalogue: Catalogue, as_of: date | None = None) -> Result:
    """Judge `case` under one catalogue version (the caller chose the version)."""
    award = catalogue.awards.get(case.award)
    if award is None:
        raise CaseError("award", f'"{case.award}" is not in catalogue version {catalogue.version}')
    if as_of is None:
        as_of = case.as_of or case.consideration_date
    ctx = _context(case, catalogue, award, as_of)
    kind = case.subject.kind
    fixed = catalogue._checks.get((award.code, kind, case.attested))
    if fixed is None:
        fixed = catalogue._checks[award.code, kind, case.attested] = _fixed_checks(ctx)
    subject, attested = fixed
    general = ctx.index.general.get(catalogue)
    if general is None:
        general = ctx.index.general[catalogue] = _general_checks(ctx)
    checks = [subject, *general[0]]
    if award.kind == "emulation_title" and general[1] is not None:
        checks.append(Check("registered", *general[1], award.source, UNVERIFIED))
    if subject.met:
        for node in award.nodes:
            met, why, years = node.run(ctx)
            if node.keeps_window:
                ctx.windows[node.rule] = years
            basis, readings = node.basis, node.readings
            if readings and node.__class__ is AnyOf and node.status == VERIFIED:
                hint = ctx.readings_hint
                if hint is not None:  # met by a route resting on fewer readings
                    basis, readings = basis_of(VERIFIED, hint), hint
                ctx.readings_hint = None
            checks.append(Check(node.rule, met, why, node.source, node.status, basis, readings))
        if award.active_exclusions:
            for rule, _, met, why, source, status in exclusion_checks(award, ctx):
                checks.append(Check(rule, met, why, source, status))
        if attested is not None:
            checks.append(attested)
    verdict = "eligible"
    for check in checks:
        met = check.met
        if met is False:
            verdict = "ineligible"
            break
        if met is None:
            verdict = "needs_review"
    # The context is kept for the next award of this case; it must not keep the case alive
    # (a reference cycle case -> tables -> context -> case would leave every case of a sweep
    # to the garbage collector).
    ctx.case = ctx.index = None
    warnings = catalogue.warnings
    resting = resting_on(checks, verdict)
    if resting:
        warnings = (*warnings, *basis_warnings(catalogue, award, resting))
    return Result(
        case.id,
        case.award,
        case.year,
        ctx.as_of,
        verdict,
        catalogue.version,
        checks,
        warnings,
    )


# The checks every award shares, in words (for warnings; the application has its own table).
COMMON_LABELS_VI = {
    "subject_kind": "Đối tượng xét tặng",
    "no_pending_proceedings": "Không có vụ việc đang xem xét",
    "discipline": "Kỷ luật",
    "rating_floor": "Không bị xếp loại không hoàn thành nhiệm vụ",
    "registered": "Đăng ký thi đua",
    "attested": "Đơn vị xác nhận tiêu chuẩn định tính",
}


def resting_on(checks: Sequence[Check], verdict: str) -> list[Check]:
    """The checks not resting on the law that the verdict depends on.

    An eligible or needs-review verdict depends on every check (a different reading or rule
    could turn any of them false); an ineligible one only on its false checks, and on none
    when a check resting on the law is false (the verdict stands whatever the others say).
    """
    if verdict == "ineligible":
        false = [c for c in checks if c.met is False]
        if any(c.basis == LAW for c in false):
            return []
        return false
    return [c for c in checks if c.basis != LAW]


def basis_warnings(catalogue: Catalogue, award: Award, resting: Sequence[Check]) -> list[str]:
    """One warning per interpretation parameter the verdict rests on, and one listing the
    unverified requirements (contract: `warnings` where a verdict rests on a non-law check)."""
    out: list[str] = []
    readings = dict.fromkeys(r for c in resting for r in c.readings)
    for key in readings:
        reading = catalogue.readings.get(key)
        if reading is None:
            continue
        out.append(
            f"Kết luận dựa trên cách hiểu “{reading.label}”: {reading.current} "
            f"Đây là cách hiểu của ngành, văn bản ({reading.source}) không quy định trực tiếp."
        )
    unverified = [c for c in resting if c.basis == UNVERIFIED_BASIS]
    if unverified:
        labels = _labels(catalogue, award)
        names = "; ".join(dict.fromkeys(labels.get(c.rule, c.rule) for c in unverified))
        out.append(f"Kết luận dựa trên quy định chưa xác minh: {names}.")
    return out


def _labels(catalogue: Catalogue, award: Award) -> dict[str, str]:
    key = ("#labels", award.code)
    labels = catalogue._checks.get(key)
    if labels is None:
        labels = dict(COMMON_LABELS_VI)
        stack = list(award.criteria)
        while stack:
            criterion = stack.pop()
            labels.setdefault(criterion.rule, criterion.label)
            stack.extend(criterion.items)
        for kind, config_key in award.exclusions.items():
            labels[f"exclusion_{kind}"] = f"Loại trừ theo cấu hình: {config_key}"
        catalogue._checks[key] = labels
    return labels


def _context(case: Case, catalogue: Catalogue, award: Award, as_of: date) -> Context:
    """The case's evaluation context under `catalogue`, prepared for `award` (reused across the
    awards of the case; the caller clears `ctx.case` and `ctx.index` when done)."""
    index = case._index
    if index is None or index.key != _key(case, as_of):
        ctx = Context(case, catalogue, award, as_of)
        ctx.index.contexts[catalogue] = ctx
    else:
        ctx = index.contexts.get(catalogue)
        if ctx is None:
            ctx = index.contexts[catalogue] = Context(case, catalogue, award, as_of)
        else:
            ctx.case, ctx.index = case, index
            ctx.prepare(award)
    return ctx


# Criterion types that stand for a human judgement (as `tdkt.eligibility.services` classifies).
JUDGED_TYPES = frozenset({"judged", "any_of"})


def _judged_rules(catalogue: Catalogue, award: Award, judged_types: frozenset[str]):
    """The rules whose criterion type (top-level or nested, the last one found when a rule id
    repeats, as the application's table does) is one of `judged_types`."""
    key = ("#judged", award.code, judged_types, None)
    rules = catalogue._checks.get(key)
    if rules is None:
        types: dict[str, str] = {}
        stack = list(award.criteria)
        while stack:
            criterion = stack.pop()
            types[criterion.rule] = criterion.type
            stack.extend(criterion.items)
        rules = frozenset(rule for rule, kind in types.items() if kind in judged_types)
        catalogue._checks[key] = rules
    return rules


def judge_verdicts(
    case: Case,
    catalogue: Catalogue,
    awards: Iterable[str],
    as_of: date | None = None,
    judged_types: frozenset[str] = JUDGED_TYPES,
) -> list[tuple[str, str, bool]]:
    """`(award, verdict, judged_open)` for each of `awards`, without building checks.

    The verdict is the one `judge` returns for the case with `case.award` set to that award.
    `judged_open` is whether a check with `met` None is of one of `judged_types` (the sweep does
    not list such a subject); it is computed only when the verdict is not `ineligible` (an
    ineligible result stops at its first false check) and is False otherwise.
    `case.award` is neither read nor changed.
    """
    if as_of is None:
        as_of = case.as_of or case.consideration_date
    out: list[tuple[str, str, bool]] = []
    kind, attested_flag = case.subject.kind, case.attested
    plans = catalogue._checks
    # The awards with their plans, resolved once per tuple of awards (a sweep passes the same
    # tuple for every subject; other iterables are resolved for the call only); a plan
    # missing here is built below, with a context.
    steps = steps_key = None
    if type(awards) is tuple:
        steps_key = ("#steps", awards, kind, attested_flag, judged_types)
        steps = plans.get(steps_key)
    complete = steps is not None
    if steps is None:
        steps = [
            (code, catalogue.awards.get(code), plans.get(("#plan", code, kind, attested_flag,
                                                          judged_types)))
            for code in awards
        ]
    ctx = None
    try:
        for step, (code, award, plan) in enumerate(steps):
            if award is None:
                raise CaseError(
                    "award", f'"{code}" is not in catalogue version {catalogue.version}'
                )
            if ctx is None:
                ctx = _context(case, catalogue, award, as_of)
                prepared = step  # the step the context is prepared for
                # The common checks' `met` (as `_general_checks`, which also writes the why):
                # hold, discipline and rating floor, then registration (emulation titles only).
                year = ctx.year
                common_false = bool(
                    case.pending_proceedings
                    or ctx.running
                    or (ctx.cutoff is not None and year < ctx.cutoff)
                    or ctx.codes.get(year) == RATING_FLOOR
                )
                unregistered = case.registered is not None and year not in case.registered
                titles = ctx.index.titles
            if plan is None:
                if prepared != step:
                    ctx.prepare(award)
                    prepared = step
                plan = plans[("#plan", code, kind, attested_flag, judged_types)] = _plan(
                    ctx, judged_types
                )
            (
                subject_met, emulation, nodes, exclusions, attested_met, judged_rules, needs_title
            ) = plan
            if common_false or subject_met is False or (emulation and unregistered):
                out.append((code, "ineligible", False))
                continue
            if needs_title:
                # A run of titles (`TitleRun`) always ends in the year considered: a top-level
                # run whose title is missing that year is false whatever else the case holds,
                # and a false top-level criterion makes the award ineligible. Most people hold
                # no higher title, so this settles the higher titles for most of a sweep.
                for title in needs_title:
                    held = titles.get(title)
                    if held is None or year not in held:
                        break
                else:
                    title = None
                if title is not None:
                    out.append((code, "ineligible", False))
                    continue
            if prepared != step:  # only now: many awards are settled above
                ctx.prepare(award)
                prepared = step
            verdict, open_ = "eligible", subject_met is None
            judged = open_ and "subject_kind" in judged_rules
            if subject_met:
                for node in nodes:
                    met = met_of(node, ctx)
                    if met is None:
                        open_ = True
                        if node.rule in judged_rules:
                            judged = True
                    elif met is False:
                        verdict = "ineligible"
                        break
                if verdict != "ineligible" and exclusions:
                    for rule, _, met, _, _, _ in exclusion_checks(award, ctx):
                        if met is False:
                            verdict = "ineligible"
                            break
                        if met is None:
                            open_ = True
                            if rule in judged_rules:
                                judged = True
                if verdict != "ineligible" and attested_met is not True:
                    if attested_met is False:
                        verdict = "ineligible"
                    else:
                        open_ = True
                        if "attested" in judged_rules:
                            judged = True
            if verdict == "ineligible":
                judged = False
            elif open_:
                verdict = "needs_review"
            out.append((code, verdict, judged))
        if not complete and steps_key is not None:
            plans[steps_key] = [
                (code, award, plans[("#plan", code, kind, attested_flag, judged_types)])
                for code, award, _ in steps
            ]
    finally:
        if ctx is not None:
            ctx.case = ctx.index = None
    return out


def _plan(ctx: Context, judged_types: frozenset[str]) -> tuple:
    """What `judge_verdicts` needs of an award for a kind of subject and an attestation:
    `(subject met, emulation title?, nodes, exclusions?, attested met, judged rules, titles
    required in the year)`; attested met is True when the award has no `attested` check."""
    catalogue, award, case = ctx.catalogue, ctx.award, ctx.case
    key = (award.code, case.subject.kind, case.attested)
    fixed = catalogue._checks.get(key)
    if fixed is None:
        fixed = catalogue._checks[key] = _fixed_checks(ctx)
    subject, attested = fixed
    return (
        subject.met,
        award.kind == "emulation_title",
        award.nodes,
        bool(award.active_exclusions),
        True if attested is None else attested.met,
        _judged_rules(catalogue, award, judged_types),
        tuple(
            node.award
            for node in award.nodes
            if isinstance(node, TitleRun) and node.count and node.ends_in_year
        ),
    )


def _fixed_checks(ctx: Context) -> tuple[Check, Check | None]:
    """The checks that depend only on the award, the kind of subject and the attestation."""
    case, award = ctx.case, ctx.award
    kind_vi = "cá nhân" if case.subject.kind == "individual" else "tập thể"
    subject = Check(
        "subject_kind",
        award.accepts(case.subject.kind),
        f"Đối tượng là {kind_vi}; {award.name_vi} xét tặng cho {award.recipient_vi}.",
        award.source,
        "verified",
    )
    return subject, _attested(ctx)


def _general_checks(ctx: Context) -> tuple[tuple[Check, ...], tuple | None]:
    """The checks common to every award of a case: `(hold, discipline, floor)`, and the
    `(met, why)` of `registered` (its source is the award's)."""
    case, year, p = ctx.case, ctx.year, ctx.catalogue.principles
    if case.pending_proceedings:
        why = (
            "Đang có vụ việc xem xét kỷ luật, thanh tra, kiểm tra, điều tra hoặc giải quyết "
            "khiếu nại, tố cáo chưa kết thúc: chưa xét khen thưởng cho đến khi có kết luận."
        )
    else:
        why = "Không ghi nhận vụ việc kỷ luật, thanh tra, điều tra, khiếu nại, tố cáo đang xem xét."
    hold = Check(
        "no_pending_proceedings",
        not case.pending_proceedings,
        why,
        p["hold"].source,
        p["hold"].status,
    )
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
    common = (hold, _discipline_check(ctx), Check("rating_floor", *floor, rf.source, rf.status))
    registered = None
    if case.registered is not None:
        done = case.registered
        met = year in done

        def why_registered() -> str:
            listed = years_text(done) if done else "không có"
            return (
                f"Đăng ký thi đua năm {year}: {'có' if met else 'không có'} "
                f"(các năm đã đăng ký: {listed})."
            )

        registered = (met, why_registered)
    return common, registered


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
        as_of = case.as_of or case.consideration_date
        version = self._by_date.get(as_of)
        if version is None:
            version = self.version_for(as_of)
        if case.received_on is not None:
            earlier = self.earlier_version(case, version)
            if earlier is not None:
                return judge_transition(case, earlier, version, as_of)
        return judge(case, version, as_of)

    def earlier_version(self, case: Case, version: Catalogue) -> tuple[Catalogue, dict] | None:
        """`(version in force when the dossier was received, transition rule)` when a document
        of `version` keeps dossiers received before its date under the earlier text (Law
        06/2026/QH16: received before 01/10/2026), and the two versions differ; else None."""
        received = case.received_on
        for doc in version.documents_in_force():
            rule = doc.get("transition")
            if not rule or received >= date.fromisoformat(rule["received_before"]):
                continue
            try:
                earlier = self.version_for(received)
            except CaseError:
                return None
            return None if earlier is version else (earlier, {"document": doc, **rule})
        return None

    def verdicts(
        self, case: Case, awards: Iterable[str], judged_types: frozenset[str] = JUDGED_TYPES
    ) -> list[tuple[str, str, bool]]:
        """The sweep's fast path: `(award, verdict, judged_open)` per award, no checks built.

        Same verdicts as `evaluate` with `case.award` set to each award (see `judge_verdicts`).
        Read the checks of the few results a sweep keeps with `open_checks`.
        """
        as_of = case.as_of or case.consideration_date
        version = self._by_date.get(as_of)
        if version is None:
            version = self.version_for(as_of)
        earlier = None if case.received_on is None else self.earlier_version(case, version)
        if earlier is not None:
            # As `judge_transition`: the earlier text's verdict when both agree, else review.
            old = judge_verdicts(case, earlier[0], awards, as_of, judged_types)
            new = judge_verdicts(case, version, awards, as_of, judged_types)
            return [
                o if o[1] == n[1] else (o[0], "needs_review", False)
                for o, n in zip(old, new, strict=True)
            ]
        return judge_verdicts(case, version, awards, as_of, judged_types)

    def open_checks(self, case: Case, award: str) -> list[dict[str, Any]]:
        """`to_dict()` of the checks of `award` that are not met (what a sweep stores).

        Evaluates the case for `award` as `evaluate` does; `case.award` is left as it was."""
        previous = case.award
        case.award = award
        try:
            result = self.evaluate(case)
        finally:
            case.award = previous
        return [c.to_dict() for c in result.checks if c.met is not True]

    def award_codes(self) -> frozenset[str]:
        return frozenset(code for v in self.versions for code in v.awards)


VERDICT_VI = {
    "eligible": "đủ điều kiện",
    "needs_review": "cần xem xét",
    "ineligible": "không đủ điều kiện",
}


def judge_transition(
    case: Case, earlier: tuple[Catalogue, dict], version: Catalogue, as_of: date
) -> Result:
    """Judge a dossier received before an amendment took effect under both texts.

    The earlier text applies unless the new rule is more favourable (Law 06/2026/QH16's
    transition): when both give the same verdict, the earlier text's result stands (no choice to
    make); when they differ, choosing the more favourable rule is a human decision, so the result
    is `needs_review` with one open check saying so and both results under `transition`."""
    old_version, rule = earlier
    old = judge(case, old_version, as_of)
    new = judge(case, version, as_of)
    doc = rule["document"]
    received = vi_date(case.received_on)
    cutoff = vi_date(date.fromisoformat(rule["received_before"]))
    lead = (
        f"Hồ sơ tiếp nhận ngày {received}, trước ngày {cutoff} ({doc.get('cite', '')}): áp dụng "
        f"{old_version.title_vi} ({old_version.version}), trừ trường hợp quy định mới có lợi hơn."
    )
    both = (
        f"Theo {old_version.version}: {VERDICT_VI[old.verdict]}; "
        f"theo {version.version}: {VERDICT_VI[new.verdict]}."
    )
    transition = {
        "received_on": case.received_on.isoformat(),
        "received_before": rule["received_before"],
        "applies": old_version.version,
        "compared_with": version.version,
        "same_verdict": old.verdict == new.verdict,
        "why": "",
        "results": [old.to_dict(), new.to_dict()],
    }
    if old.verdict == new.verdict:
        transition["why"] = f"{lead} {both} Hai phiên bản cho cùng kết luận nên áp dụng " \
            f"{old_version.version}."
        old.transition = transition
        old.warnings = (*old.warnings, transition["why"])
        return old
    why = (
        f"{lead} {both} Hai phiên bản cho kết luận khác nhau: người có thẩm quyền cần xác định "
        "quy định nào có lợi hơn cho đối tượng (xem cả hai kết quả)."
    )
    transition["why"] = why
    status = rule.get("status", doc.get("status", VERIFIED))
    check = Check(
        "transition_more_favourable",
        None,
        why,
        f"{doc.get('cite', '')} (quy định chuyển tiếp)",
        UNVERIFIED if status != VERIFIED else VERIFIED,
    )
    return Result(
        case.id,
        case.award,
        case.year,
        as_of,
        "needs_review",
        old_version.version,
        [check],
        (*old.warnings, why),
        transition,
    )


_default: Evaluator | None = None


def evaluate(case: Case, catalogue: Catalogue | None = None) -> Result:
    """Judge `case` with the given version, or with the built-in version in force on its date."""
    global _default
    if catalogue is not None:
        return judge(case, catalogue)
    if _default is None:
        _default = Evaluator()
    return _default.evaluate(case)
