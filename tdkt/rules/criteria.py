"""Compiled criteria: one node per criterion of a catalogue version, built once per version.

A node's `run(ctx)` returns `(met, why, years)`: `met` is True / False / None (needs human
judgement or data missing), `why` is the Vietnamese explanation and `years` the years the
criterion counted, which later criteria of the same award may use as their window
(e.g. the initiative of a Chiến sĩ thi đua cấp Bộ must fall inside its three CSTĐ cơ sở years).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from .case import DISCIPLINE_RANK, NON_MERIT_METHODS, RATING_FLOOR, RATING_RANK, SCOPE_RANK
from .catalogue import UNVERIFIED, VERIFIED, CatalogueError, basis_of
from .text import (
    DISCIPLINE_VI,
    GENDER_VI,
    MARK_VI,
    METHOD_VI,
    POST_VI,
    SCOPE_VI,
    at_least,
    vi_date,
    years_text,
)

if TYPE_CHECKING:
    from .catalogue import Award, Catalogue, Criterion
    from .engine import Context

Outcome = tuple[bool | None, str, tuple[int, ...]]


def compile_award(award: Award, catalogue: Catalogue) -> None:
    raw = catalogue.raw_award(award.code)
    award.active_exclusions = tuple(
        kind for kind, key in award.exclusions.items() if award.config[key].value is not None
    )
    award.nodes = tuple(
        compile_node(r, c, award, catalogue)
        for r, c in zip(raw.get("criteria", []), award.criteria, strict=True)
    )


def mark_windows(catalogue: Catalogue) -> None:
    """Flag the nodes whose counted years a later criterion reads as its window.

    Only those record their years in `ctx.windows` (by rule id, as every node used to)."""
    nodes = []

    def walk(node):
        nodes.append(node)
        for item in node.items:
            walk(item)

    for award in catalogue.awards.values():
        for node in award.nodes:
            walk(node)
    read = {n.window_of for n in nodes if getattr(n, "window_of", None)}
    for node in nodes:
        node.keeps_window = node.rule in read
    for award in catalogue.awards.values():
        for node in award.nodes:
            _mark_effects(node)


def _mark_effects(node) -> bool:
    """Whether running `node` changes the context for later criteria (records a window, sets
    the prior-award window, or runs another award's criteria). A composite's verdict-only path
    (`Node.met`) stops early only when the items it would skip have no such effect."""
    inner = [_mark_effects(item) for item in node.items]
    node.stop_ok = tuple(not any(inner[i + 1 :]) for i in range(len(inner)))
    node.items_keep_window = any(item.keeps_window for item in node.items)
    node.has_judged = any(item.judged for item in node.items)
    node.record_items = tuple(
        (item, stop) for item, stop in zip(node.items, node.stop_ok, strict=True) if not item.judged
    )
    # The case field without which every record route is false (see `Node.false_without`),
    # when they all share one and none has effects.
    fields = {item.false_without for item, _ in node.record_items}
    node.records_need = (
        fields.pop()
        if len(fields) == 1 and None not in fields and not any(inner)
        else None
    )
    node.effects = bool(node.keeps_window or node.sets_context or any(inner))
    return node.effects


def compile_node(raw: Mapping[str, Any], crit: Criterion, award: Award, catalogue: Catalogue):
    cls = NODE_TYPES.get(crit.type)
    if cls is None:
        raise CatalogueError(f"{award.code}.{crit.rule}", f"unknown criterion type {crit.type!r}")
    node = cls.__new__(cls)
    node.rule, node.label, node.source, node.status = (
        crit.rule,
        crit.label,
        crit.source,
        crit.status,
    )
    node.items = tuple(
        compile_node(r, c, award, catalogue)
        for r, c in zip(raw.get("items", []), crit.items, strict=True)
    )
    node.keeps_window = False  # see `mark_windows`
    node.readings = ()  # the interpretation parameters it rests on (set by `_Params.get`)
    node.setup(_Params(raw, award, node, catalogue))
    if node.items and not node.source:
        node.source = "; ".join(dict.fromkeys(i.source for i in node.items if i.source))
    # A judged alternative never makes a check met, so its status does not taint the check.
    if any(item.status != VERIFIED for item in node.items if not item.judged):
        node.status = UNVERIFIED
    node.readings = tuple(
        dict.fromkeys(
            [*node.readings, *(r for item in node.items if not item.judged for r in item.readings)]
        )
    )
    node.basis = basis_of(node.status, node.readings)
    return node


class _Params:
    """Reads a criterion's parameters; `{"config": key}` reads the award's configurable value."""

    def __init__(self, raw: Mapping[str, Any], award: Award, node: Node, catalogue: Catalogue):
        self.raw, self.award, self.node, self.catalogue = raw, award, node, catalogue

    def get(self, key: str, default: Any = None) -> Any:
        value = self.raw.get(key, default)
        if isinstance(value, Mapping) and "reading" in value:
            # An interpretation parameter of the version chooses the value: the node rests on it.
            reading = value["reading"]
            value = self.catalogue.choose(value, f"{self.award.code}.{self.node.rule}.{key}")
            if reading not in self.node.readings:
                self.node.readings = (*self.node.readings, reading)
            return value
        if isinstance(value, Mapping) and set(value) == {"config"}:
            entry = self.award.config.get(value["config"])
            if entry is None:
                raise CatalogueError(
                    f"{self.award.code}.{self.node.rule}.{key}", f"no config {value['config']!r}"
                )
            if entry.status != VERIFIED:
                self.node.status = UNVERIFIED
            return entry.value
        return value

    def need(self, key: str) -> Any:
        if key not in self.raw:
            raise CatalogueError(f"{self.award.code}.{self.node.rule}.{key}", "is required")
        return self.get(key)

    def rating(self, key: str) -> int:
        code = self.need(key)
        if code not in RATING_RANK:
            raise CatalogueError(
                f"{self.award.code}.{self.node.rule}.{key}", f"{code!r} is not a rating"
            )
        return RATING_RANK[code]


def _positive(p: _Params, key: str) -> int | None:
    """A parameter that must be a whole number ≥ 1 when given (None: not configured)."""
    value = p.need(key)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise CatalogueError(
            f"{p.award.code}.{p.node.rule}.{key}", f"{value!r} is not a whole number ≥ 1"
        )
    return value


_UNSET_YEARS = "Số năm yêu cầu chưa được cấu hình."
_NO_PRIOR = "Không có mốc tính (chưa có khen thưởng làm điều kiện)."
_UNSET_COUNT = "Số lần yêu cầu chưa được cấu hình."


class Node(ABC):
    judged = False  # a route that only a council can judge (no record to check)
    keeps_window = False  # whether a later criterion reads this one's years (`mark_windows`)
    sets_context = False  # whether running it sets context read by later criteria
    effects = True  # see `_mark_effects`
    stop_ok: tuple[bool, ...] = ()
    items_keep_window = False  # whether any direct item keeps a window (see `_mark_effects`)
    has_judged = False  # whether any direct item is a judged route
    record_items: tuple = ()  # (item, stop_ok) of the direct items that are not judged routes
    # A field of the case (a tuple) that makes this criterion false whenever it is empty
    # (posts for the routes through a post held): an any-of whose record routes all need it
    # settles them at once (`records_need`, set by `_mark_effects`).
    false_without: str | None = None
    records_need: str | None = None

    rule: str
    label: str
    source: str
    status: str
    items: tuple[Node, ...]

    def setup(self, p: _Params) -> None:  # noqa: B027 - most types have no parameters
        """Read the criterion's parameters once, when the version is compiled."""

    @abstractmethod
    def run(self, ctx: Context) -> Outcome:
        """`(met, why, years)` for this subject."""

    def __call__(self, ctx: Context) -> Outcome:
        outcome = self.run(ctx)
        if self.keeps_window:
            ctx.windows[self.rule] = outcome[2]
        return outcome

    def window_met(self, ctx: Context) -> tuple[bool | None, tuple[int, ...]]:
        """`(met, years)` of `run(ctx)` for a node that keeps its window (`met_of`)."""
        met, _, years = self.run(ctx)
        return met, years

    def met(self, ctx: Context) -> bool | None:
        """Only `run(ctx)[0]`, with the same effects on `ctx` that later criteria read (the
        window of a node that keeps one is recorded by `met_of`). Types on the sweep's hot path
        override it with a version that formats nothing; the tests compare the two."""
        return self.run(ctx)[0]


def met_of(node: Node, ctx: Context) -> bool | None:
    """`node(ctx)[0]`: a node whose years a later criterion reads is run in full."""
    if node.keeps_window:
        met, years = node.window_met(ctx)
        ctx.windows[node.rule] = years
        return met
    return node.met(ctx)


# ------------------------------------------------------------------------ same-year records


class Rating(Node):
    def setup(self, p):
        self.min_code = p.need("min")
        self.min_rank = p.rating("min")

    def run(self, ctx):
        year = ctx.year
        if ctx.cutoff is not None and year < ctx.cutoff:
            return False, ctx.blocked_year(year), (year,)
        code = ctx.codes.get(year)
        if code is None:
            return None, f"Năm {year} chưa có xếp loại (thiếu dữ liệu).", (year,)
        min_code = self.min_code

        def why():
            return f"Năm {year} xếp loại {code} (yêu cầu {at_least(min_code)})."

        return RATING_RANK[code] >= self.min_rank, why, (year,)

    def met(self, ctx):
        year = ctx.year
        if ctx.cutoff is not None and year < ctx.cutoff:
            return False
        code = ctx.codes.get(year)
        if code is None:
            return None
        return RATING_RANK[code] >= self.min_rank


class ClusterLeader(Node):
    def run(self, ctx):
        year, leader = ctx.year, ctx.case.cluster_leader
        if blocked := ctx.blocked_year(year):
            return False, blocked, (year,)
        if leader is None:
            return None, f"Chưa có kết quả suy tôn của cụm, khối thi đua năm {year}.", (year,)
        if leader:
            return True, f"Được cụm, khối thi đua suy tôn dẫn đầu năm {year}.", (year,)
        return False, f"Không được cụm, khối thi đua suy tôn dẫn đầu năm {year}.", (year,)


class _Members(Node):
    """Collective roster figures for the year, compared in integers (exact at the boundary).

    A collective whose roster has no member meets no roster criterion: the criteria are about
    its individuals ("có 100% cá nhân…", "có cá nhân đạt…"), and with none there is nothing to
    count. That is a fact of the record (`met` False), unlike a figure not given (`met` None).
    """

    def figures(self, ctx, field: str | None):
        """`(members, value), None` when the figures can be compared, else `None, (met, why)`."""
        stats, year = ctx.case.collective, ctx.year
        if stats is None:
            return None, (None, f"Chưa có số liệu thành viên của tập thể năm {year}.")
        members = stats.members
        if members is None:
            return None, (None, f"Chưa có số liệu số thành viên của tập thể năm {year}.")
        if members < 1:
            why = (
                f"Năm {year} tập thể không có thành viên nào (số thành viên: {members}) nên "
                f"không đáp ứng tiêu chí “{self.label}”: tiêu chí tính trên cá nhân của tập thể."
            )
            return None, (False, why)
        if field is None:
            return (members, None), None
        value = getattr(stats, field)
        if value is None:
            return None, (None, f'Chưa có số liệu "{field}" của tập thể năm {year}.')
        return (members, value), None


class MembersShare(_Members):
    def setup(self, p):
        self.field = p.need("field")
        self.percent = p.get("min_percent")

    def run(self, ctx):
        figures, outcome = self.figures(ctx, self.field)
        if figures is None:
            return *outcome, (ctx.year,)
        members, value = figures
        name = ctx.catalogue.name(self.field)
        actual = f"{value * 100 / members:.1f}".replace(".", ",")
        if self.percent is None:
            why = f"{value}/{members} thành viên ({actual}%) đạt {name}; chưa cấu hình tỷ lệ."
            return None, why, (ctx.year,)
        met = value * 100 >= self.percent * members
        why = (
            f"Năm {ctx.year}: {value}/{members} thành viên ({actual}%) đạt {name}; "
            f"yêu cầu từ {self.percent}% trở lên."
        )
        return met, why, (ctx.year,)


class MembersAllCompleted(_Members):
    def run(self, ctx):
        figures, outcome = self.figures(ctx, "completed_tasks")
        if figures is None:
            return *outcome, (ctx.year,)
        members, done = figures
        why = f"Năm {ctx.year}: {done}/{members} thành viên hoàn thành nhiệm vụ; yêu cầu 100%."
        return done >= members, why, (ctx.year,)


class MembersAtLeast(_Members):
    def setup(self, p):
        self.field = p.need("field")
        self.count = p.need("count")

    def run(self, ctx):
        if self.count is None:
            return None, "Số thành viên yêu cầu chưa được cấu hình.", (ctx.year,)
        figures, outcome = self.figures(ctx, self.field)
        if figures is None:
            return *outcome, (ctx.year,)
        _, value = figures
        name = ctx.catalogue.name(self.field)
        why = f"Năm {ctx.year}: {value} thành viên đạt {name}; yêu cầu ít nhất {self.count}."
        return value >= self.count, why, (ctx.year,)


class MembersNoDiscipline(_Members):
    def setup(self, p):
        self.bar = p.get("at_or_above")
        if self.bar is not None and self.bar not in DISCIPLINE_RANK:
            raise CatalogueError(
                f"{p.award.code}.{self.rule}.at_or_above", f"{self.bar!r} is not a discipline form"
            )

    def run(self, ctx):
        stats = ctx.case.collective
        if stats is None or stats.disciplined is None:
            return (
                None,
                f"Chưa có số liệu kỷ luật thành viên của tập thể năm {ctx.year}.",
                (ctx.year,),
            )
        figures, outcome = self.figures(ctx, None)
        if figures is None:
            return *outcome, (ctx.year,)
        if self.bar is None:
            return None, "Mức kỷ luật loại trừ chưa được cấu hình.", (ctx.year,)
        bar = DISCIPLINE_RANK[self.bar]
        counted = {f: n for f, n in stats.disciplined.items() if DISCIPLINE_RANK[f] >= bar and n}
        if counted:
            detail = ", ".join(f"{n} {DISCIPLINE_VI[f]}" for f, n in counted.items())
            why = (
                f"Năm {ctx.year} có thành viên bị kỷ luật từ {DISCIPLINE_VI[self.bar]} trở lên "
                f"({detail})."
            )
            return False, why, (ctx.year,)
        why = f"Năm {ctx.year} không có thành viên bị kỷ luật từ {DISCIPLINE_VI[self.bar]} trở lên."
        return True, why, (ctx.year,)


# ------------------------------------------------------------------------ runs and windows


class RatingRun(Node):
    """N consecutive years ending at `year` rated at least R (a missing earlier year breaks it)."""

    def setup(self, p):
        self.min_code, self.min_rank = p.need("min"), p.rating("min")
        self.years = _positive(p, "years")
        self.or_more = bool(p.get("or_more", False))
        self.since_prior = p.get("window") == "since_prior"

    def run(self, ctx):
        if self.since_prior and ctx.since_prior is None:
            return False, _NO_PRIOR, ()
        if self.years is None:
            return None, _UNSET_YEARS, ()
        lo, lo_why = ctx.bounds(self.since_prior)
        year, n, min_rank, or_more = ctx.year, self.years, self.min_rank, self.or_more
        codes = ctx.codes
        run, pending, breaker = [], False, ""
        y = year
        while y >= lo:
            code = codes.get(y)
            if code is None:
                if y != year:
                    breaker = f"năm {y} không có xếp loại"
                    break
                pending = True
                run.append((y, "chưa có"))
            elif RATING_RANK[code] < min_rank:
                breaker = f"năm {y} xếp loại {code}"
                break
            else:
                run.append((y, code))
            if not or_more and len(run) == n:
                break
            y -= 1
        else:
            if lo_why and len(run) < n:
                breaker = f"các năm trước {lo} không được tính"
        run.reverse()
        years = tuple(y for y, _ in run)
        if len(run) < n:
            met, tail = False, f"; chuỗi dừng vì {breaker}." if breaker else "."
        elif pending:
            met, tail = None, f"; năm {year} chưa có xếp loại (thiếu dữ liệu)."
        else:
            met, tail = True, "."
        min_code = self.min_code

        def why():
            listing = ", ".join(f"{y} {code}" for y, code in run)
            return (
                f"Yêu cầu {n} năm liên tục{' trở lên' if or_more else ''} xếp loại "
                f"{at_least(min_code)} đến năm {year}"
                + (f", tính từ năm {lo} ({lo_why})" if lo_why else "")
                + f": {listing or 'không có năm nào đạt'}"
                + tail
            )

        return met, why, years

    def met(self, ctx):
        return self.window_met(ctx)[0]

    def window_met(self, ctx):
        """`(met, years)` of `run` in one walk, formatting nothing."""
        if self.since_prior and ctx.since_prior is None:
            return False, ()
        if self.years is None:
            return None, ()
        lo, year, n, min_rank, or_more, codes = (
            ctx.low(self.since_prior),
            ctx.year,
            self.years,
            self.min_rank,
            self.or_more,
            ctx.codes,
        )
        count, pending, y = 0, False, year
        while y >= lo:
            code = codes.get(y)
            if code is None:
                if y != year:
                    break
                pending = True
            elif RATING_RANK[code] < min_rank:
                break
            count += 1
            y -= 1
            if not or_more and count == n:
                break
        years = tuple(range(y + 1, year + 1))  # the run counted: after `y`, up to `year`
        if count < n:
            return False, years
        return (None if pending else True), years


class RatingCount(Node):
    def setup(self, p):
        self.min_code, self.min_rank = p.need("min"), p.rating("min")
        self.count = p.get("count")
        self.since_prior = p.get("window") == "since_prior"

    def run(self, ctx):
        if self.since_prior and ctx.since_prior is None:
            return False, _NO_PRIOR, ()
        if self.count is None:
            return None, "Số năm yêu cầu chưa được cấu hình.", ()
        lo, lo_why = ctx.bounds(self.since_prior)
        year, codes, min_rank, count = ctx.year, ctx.codes, self.min_rank, self.count
        window = tuple(range(max(lo, year - 60), year + 1))
        have = [y for y in window if RATING_RANK.get(codes.get(y, ""), -1) >= min_rank]
        tail = ""
        if len(have) >= count:
            met = True
        elif year not in codes and len(have) + 1 >= count:
            met, tail = None, f" Năm {year} chưa có xếp loại (thiếu dữ liệu)."
        else:
            met = False
        min_code = self.min_code

        def why():
            return (
                f"Yêu cầu ít nhất {count} năm xếp loại {at_least(min_code)} trong các năm "
                f"{years_text(window)}"
                + (f" ({lo_why})" if lo_why else "")
                + f": có {len(have)} năm ({years_text(have) if have else 'không có'})."
                + tail
            )

        return met, why, window

    def met(self, ctx):
        if self.since_prior and ctx.since_prior is None:
            return False
        if self.count is None:
            return None
        lo = ctx.low(self.since_prior)
        year, codes, min_rank, count = ctx.year, ctx.codes, self.min_rank, self.count
        first = max(lo, year - 60)
        have = 0
        for y, code in codes.items():
            if first <= y <= year and RATING_RANK[code] >= min_rank:
                have += 1
        if have >= count:
            return True
        if year not in codes and have + 1 >= count:
            return None
        return False


class TitleRun(Node):
    """N consecutive conferrals of a title, the last in `year` (interpretation 2)."""

    def setup(self, p):
        self.award = p.need("award")
        self.count = _positive(p, "count")
        self.cycle = p.get("cycle_years")
        if self.cycle is not None and (
            isinstance(self.cycle, bool) or not isinstance(self.cycle, int) or self.cycle < 1
        ):
            raise CatalogueError(
                f"{p.award.code}.{self.rule}.cycle_years",
                f"{self.cycle!r} is not a whole number ≥ 1",
            )
        self.underlying = p.get("underlying")
        self.name = p.catalogue.name(self.award)
        # Whether the run must end in the year considered (interpretation 2; a parameter of the
        # version for Chiến sĩ thi đua cấp Bộ). Otherwise the latest run ending by then counts.
        self.ends_in_year = p.get("ends_in_year", True)
        if not isinstance(self.ends_in_year, bool) or (self.cycle and not self.ends_in_year):
            raise CatalogueError(
                f"{p.award.code}.{self.rule}.ends_in_year",
                "must be true or false (and true for a multi-year title)",
            )

    def run(self, ctx):
        if self.count is None:
            return None, _UNSET_COUNT, ()
        if self.cycle:
            return self._multi_year(ctx)
        if not self.ends_in_year:
            return self._latest_run(ctx)
        lo, lo_why = ctx.bounds(False)
        year, n = ctx.year, self.count
        need = tuple(range(year - n + 1, year + 1))
        name = self.name
        if need[0] < lo:

            def short():
                head = f"Yêu cầu {n} lần liên tục {name} trong các năm {years_text(need)}"
                return f"{head}, nhưng chỉ tính từ năm {lo} ({lo_why})."

            return False, short, need
        held = ctx.index.titles.get(self.award, ())
        codes = ctx.codes
        missing = [y for y in need if y not in held]
        floor = [y for y in need if codes.get(y) == RATING_FLOOR] if ctx.index.has_floor else ()

        def why():
            head = f"Yêu cầu {n} lần liên tục {name} trong các năm {years_text(need)}"
            have = [y for y in need if y not in missing]
            text = f"{head}: có năm {years_text(have)}" if have else f"{head}: không có năm nào"
            if missing:
                text += f"; thiếu năm {years_text(missing)} nên không liên tục"
            if floor:
                text += f"; năm {years_text(floor)} xếp loại KHTNV nên không được tính"
            return text + "."

        return not missing and not floor, why, need

    def _last_run_end(self, ctx, lo: int) -> int | None:
        year, n, codes = ctx.year, self.count, ctx.codes
        held = ctx.index.titles.get(self.award, ())
        floor = ctx.index.has_floor
        if not held:
            return None
        for end in range(year, max(lo, min(held)) + n - 2, -1):
            if all(
                y in held and not (floor and codes.get(y) == RATING_FLOOR)
                for y in range(end - n + 1, end + 1)
            ):
                return end
        return None

    def _latest_run(self, ctx):
        lo, lo_why = ctx.bounds(False)
        year, n, name = ctx.year, self.count, self.name
        end = self._last_run_end(ctx, lo)
        head = f"Yêu cầu {n} lần liên tục {name}, lần cuối ở năm {year} hoặc trước đó"
        if end is None:
            held = sorted(y for y in ctx.index.titles.get(self.award, ()) if y <= year)
            since = f" (chỉ tính từ năm {lo}: {lo_why})" if lo_why else ""
            have = f"các năm có danh hiệu: {years_text(held)}" if held else "không có năm nào"
            return False, f"{head}: không có {n} năm liên tục ({have}){since}.", ()
        run = tuple(range(end - n + 1, end + 1))
        return True, f"{head}: có các năm {years_text(run)}.", run

    def _multi_year(self, ctx):
        lo, lo_why = ctx.bounds(False)
        year, n, k = ctx.year, self.count, self.cycle
        name = ctx.catalogue.name(self.award)
        base = ctx.catalogue.name(self.underlying)
        held = ctx.title_years(self.award)
        head = f"Yêu cầu {n} lần liên tục {name}, lần cuối ở năm {year}"
        if year not in held or year < lo:
            return False, f"{head}: chưa có {name} năm {year}.", ()
        confs = sorted(y for y in held if lo <= y <= year)
        if len(confs) < n:
            found = years_text(confs)
            since = f" (chỉ tính từ năm {lo}: {lo_why})" if lo_why else ""
            return False, f"{head}: chỉ có {len(confs)} lần ({found}){since}.", ()
        picks = confs[-n:]
        span = tuple(range(picks[0] - k + 1, year + 1))
        why = f"{head}: các lần {', '.join(map(str, picks))}; {base} các năm {years_text(span)}"
        gaps = [(a, b) for a, b in zip(picks, picks[1:], strict=False) if b - a > k]
        if span[0] < lo:
            return False, f"{why}: chu kỳ đầu bắt đầu trước năm {lo} ({lo_why}).", span
        held = ctx.title_years(self.underlying)
        missing = [y for y in span if y not in held]
        floor = [y for y in span if ctx.codes.get(y) == RATING_FLOOR]
        if missing:
            why += f": thiếu năm {years_text(missing)}"
        else:
            why += ": đủ"
        for a, b in gaps:
            why += f"; giữa lần {a} và lần {b} có chu kỳ không được công nhận (gián đoạn)"
        if floor:
            why += f"; năm {years_text(floor)} xếp loại KHTNV nên không được tính"
        return not (missing or gaps or floor), why + ".", span

    def met(self, ctx):
        if self.count is None:
            return None
        year, n, codes = ctx.year, self.count, ctx.codes
        lo = ctx.low(False)
        if not self.cycle and not self.ends_in_year:
            return self._last_run_end(ctx, lo) is not None
        if self.cycle:
            k = self.cycle
            held = ctx.title_years(self.award)
            if year not in held or year < lo:
                return False
            confs = sorted(y for y in held if lo <= y <= year)
            if len(confs) < n:
                return False
            picks = confs[-n:]
            start = picks[0] - k + 1
            if start < lo:
                return False
            held = ctx.title_years(self.underlying)
            for y in range(start, year + 1):
                if y not in held or codes.get(y) == RATING_FLOOR:
                    return False
            for a, b in zip(picks, picks[1:], strict=False):
                if b - a > k:
                    return False
            return True
        if year - n + 1 < lo:
            return False
        held = ctx.index.titles.get(self.award, ())
        for y in range(year - n + 1, year + 1):
            if y not in held:
                return False
        if ctx.index.has_floor:
            for y in range(year - n + 1, year + 1):
                if codes.get(y) == RATING_FLOOR:
                    return False
        return True


class TitleCount(Node):
    def setup(self, p):
        self.award = p.need("award")
        self.count = p.need("count")
        self.since_prior = p.get("window") == "since_prior"

    def run(self, ctx):
        if self.since_prior and ctx.since_prior is None:
            return False, _NO_PRIOR, ()
        if self.count is None:
            return None, _UNSET_COUNT, ()
        lo, lo_why = ctx.bounds(self.since_prior)
        year, count, codes = ctx.year, self.count, ctx.codes
        window = tuple(range(max(lo, year - 60), year + 1))
        name = ctx.catalogue.name(self.award)
        held = ctx.title_years(self.award)
        have = [y for y in window if y in held]
        floor = [y for y in have if codes.get(y) == RATING_FLOOR] if ctx.index.has_floor else ()

        def why():
            text = (
                f"Yêu cầu {count} lần {name} trong các năm {years_text(window)}"
                + (f" ({lo_why})" if lo_why else "")
                + f": có {len(have)} lần ({years_text(have) if have else 'không có'})"
            )
            if floor:
                text += f"; năm {years_text(floor)} xếp loại KHTNV nên tiêu chí không đạt"
            return text + "."

        return len(have) >= count and not floor, why, window

    def met(self, ctx):
        if self.since_prior and ctx.since_prior is None:
            return False
        if self.count is None:
            return None
        year = ctx.year
        first = max(ctx.low(self.since_prior), year - 60)
        held = ctx.title_years(self.award)
        have = 0
        for y in held:
            if first <= y <= year:
                if ctx.index.has_floor and ctx.codes.get(y) == RATING_FLOOR:
                    return False
                have += 1
        return have >= self.count


class Initiatives(Node):
    def setup(self, p):
        self.scope = p.need("scope")
        self.count = p.need("count")
        self.kinds = ("initiative", "research") if p.get("research") else ("initiative",)
        window = p.get("window", "same_year")
        self.window_of = window.get("of") if isinstance(window, Mapping) else None
        self.window = "of" if self.window_of else window
        if self.window not in ("same_year", "since_prior", "since_own_last", "of"):
            raise CatalogueError(f"{p.award.code}.{self.rule}.window", f"{window!r}")

    def run(self, ctx):
        year = ctx.year
        if self.count is None:
            return None, "Số sáng kiến yêu cầu chưa được cấu hình.", ()
        if self.window == "same_year":
            if ctx.cutoff is not None and year < ctx.cutoff:
                return False, ctx.blocked_year(year), (year,)
            window = (year,)
        elif self.window == "since_prior":
            if ctx.since_prior is None:
                return False, _NO_PRIOR, ()
            lo, _ = ctx.bounds(True)
            window = tuple(range(lo, year + 1))
        elif self.window == "since_own_last":
            # Any year up to `year` after the last conferral of this award (and discipline).
            window = tuple(range(max(ctx.low(False), year - 60), year + 1))
        else:
            window = ctx.windows.get(self.window_of, ())
        initiatives = ctx.case.initiatives
        need, kinds, count = SCOPE_RANK[self.scope], self.kinds, self.count
        counted = [
            item
            for item in initiatives
            if item.year in window and SCOPE_RANK[item.scope] >= need and item.kind in kinds
        ]
        scope = self.scope

        def why():
            ignored = [item for item in initiatives if item not in counted]
            what = "sáng kiến hoặc đề tài" if "research" in kinds else "sáng kiến"
            where = (
                f"năm {years_text(window)}" if window else "khoảng năm được tính (không có năm nào)"
            )
            text = (
                f"Yêu cầu {count} {what} phạm vi từ {SCOPE_VI[scope]} trở lên trong {where}: "
                f"có {len(counted)}" + (f" ({_describe(counted)})" if counted else "")
            )
            if ignored:
                text += f"; không tính: {_describe(ignored)}"
            return text + "."

        return len(counted) >= count, why, window

    def met(self, ctx):
        year = ctx.year
        if self.count is None:
            return None
        if self.window == "same_year":
            if ctx.cutoff is not None and year < ctx.cutoff:
                return False
            lo = year
        elif self.window == "since_prior":
            if ctx.since_prior is None:
                return False
            lo = ctx.low(True)
        elif self.window == "since_own_last":
            lo = max(ctx.low(False), year - 60)
        else:
            window = ctx.windows.get(self.window_of, ())
            lo = None
        need, kinds, counted = SCOPE_RANK[self.scope], self.kinds, 0
        for item in ctx.case.initiatives:
            if (
                (lo <= item.year <= year if lo is not None else item.year in window)
                and SCOPE_RANK[item.scope] >= need
                and item.kind in kinds
            ):
                counted += 1
        return counted >= self.count


def _describe(initiatives) -> str:
    return ", ".join(
        f"{'sáng kiến' if i.kind == 'initiative' else 'đề tài'} {SCOPE_VI[i.scope]} năm {i.year}"
        for i in initiatives
    )


class Holds(Node):
    """Already holds a prerequisite award; the counting window starts the year after it."""

    sets_context = True

    def setup(self, p):
        codes = p.need("award")
        self.codes = tuple(codes) if isinstance(codes, list) else (codes,)
        after_last = p.award.config.get("prerequisite_after_last_conferral")
        if after_last is not None and after_last.status != VERIFIED:
            self.status = UNVERIFIED
        self.after_last = True if after_last is None else bool(after_last.value)

    def run(self, ctx):
        year, catalogue = ctx.year, ctx.catalogue
        after_last, own_last = self.after_last, ctx.own_last
        usable, notes = [], []
        for code in self.codes:
            for conferral in ctx.conferrals(code):
                y, method = conferral.year, conferral.method
                if y >= year:
                    continue
                if method in NON_MERIT_METHODS:
                    notes.append((code, y, method))
                elif after_last and own_last is not None and y <= own_last:
                    notes.append((code, y, None))
                else:
                    usable.append((y, code, method))
        codes, award_name = self.codes, ctx.award.name_vi

        def tail():
            listed = []
            for code, y, method in notes:
                if method is not None:
                    listed.append(
                        f"không tính {catalogue.name(code)} năm {y} vì là khen {METHOD_VI[method]}"
                    )
                else:
                    listed.append(
                        f"{catalogue.name(code)} năm {y} đã làm căn cứ trước lần "
                        f"được tặng {award_name} năm {own_last}"
                    )
            return f" ({'; '.join(listed)})"

        if not usable:

            def why_none():
                names = " / ".join(catalogue.name(c) for c in codes)
                return (
                    f"Chưa có {names} (khen công trạng) trước năm {year}{tail() if notes else ''}."
                )

            return False, why_none, ()
        first, code, method = min(usable)
        ctx.since_prior = first + 1
        ctx.since_prior_why = f"sau khi được tặng {catalogue.name(code)} năm {first}"

        def why():
            return (
                f"Đã được tặng {catalogue.name(code)} năm {first} (khen {METHOD_VI[method]}); "
                f"khoảng tính từ năm {first + 1} đến năm {year}{tail() if notes else ''}."
            )

        return True, why, ()

    def met(self, ctx):
        year, after_last, own_last = ctx.year, self.after_last, ctx.own_last
        first = None
        for code in self.codes:
            for conferral in ctx.conferrals(code):
                y = conferral.year
                if y >= year or conferral.method in NON_MERIT_METHODS:
                    continue
                if after_last and own_last is not None and y <= own_last:
                    continue
                if first is None or y < first:
                    first = y
        if first is None:
            return False
        # As `run`: the window starts the year after the earliest usable conferral (its why,
        # read only by explanations, is set by the full evaluation).
        ctx.since_prior = first + 1
        return True


# ------------------------------------------------------------------------ service and posts


class NotReceived(Node):
    def setup(self, p):
        self.award = p.need("award")
        self.name = p.catalogue.name(self.award)
        self.not_yet = f"Chưa được tặng {self.name}."

    def run(self, ctx):
        conferrals = ctx.conferrals(self.award)
        if not conferrals:
            return True, self.not_yet, ()
        name = self.name
        years = [c.year for c in conferrals]
        return False, f"Đã được tặng {name} năm {years_text(years)}; chỉ tặng một lần.", ()


class PostHeld(Node):
    false_without = "posts"

    def setup(self, p):
        self.posts = tuple(p.need("posts"))
        self.not_held = f"Không giữ chức vụ {', '.join(POST_VI[p] for p in self.posts)}."

    def run(self, ctx):
        posts = ctx.case.posts
        if not posts:
            return False, self.not_held, ()
        held = [p for p in posts if p.post in self.posts and p.start <= ctx.as_of]
        if not held:
            return False, self.not_held, ()
        first = min(held, key=lambda p: p.start)
        return True, f"Giữ chức vụ {POST_VI[first.post]} từ {vi_date(first.start)}.", ()

    def met(self, ctx):
        as_of, posts = ctx.as_of, self.posts
        return any(p.post in posts and p.start <= as_of for p in ctx.case.posts)


class Tenure(Node):
    """Total time in a post against a threshold by gender, rated at least R during it."""

    false_without = "posts"

    def setup(self, p):
        self.post = p.need("post")
        self.transferred = bool(p.get("transferred_in", False))
        self.min_years = p.get("min_years")
        if isinstance(self.min_years, (int, float)) and not isinstance(self.min_years, bool):
            # One threshold; women leaders need a fraction less (NĐ 152/2025 Điều 4 khoản 7:
            # one third), kept in whole months rounded up.
            cut = p.need("female_reduction")
            if not (isinstance(cut, list) and len(cut) == 2 and 0 <= cut[0] < cut[1]):
                raise CatalogueError(
                    f"{p.award.code}.{self.rule}.female_reduction", f"{cut!r} is not [n, d]"
                )
            months = round(self.min_years * 12)
            female = -(-months * (cut[1] - cut[0]) // cut[1])
            self.min_years = {"male": months / 12, "female": female / 12}
        # Long service (NĐ 152/2025 Điều 9): considered once the terms have ended, and not
        # when the person was disciplined during them.
        self.ended = bool(p.get("ended", False))
        self.no_discipline = bool(p.get("no_discipline_in_tenure", False))
        if self.min_years is not None and not (
            isinstance(self.min_years, Mapping)
            and all(isinstance(self.min_years.get(g), (int, float)) for g in GENDER_VI)
        ):
            raise CatalogueError(
                f"{p.award.code}.{self.rule}.min_years",
                f"{self.min_years!r} needs a number of years for male and female",
            )
        self.rating_code = p.get("rating_min")
        self.rating_rank = RATING_RANK[self.rating_code] if self.rating_code else None
        post = POST_VI[self.post] + (" (điều động từ ngành khác)" if self.transferred else "")
        self.no_time = f"Không có thời gian giữ chức vụ {post}."

    def run(self, ctx):
        if not ctx.case.posts:
            return False, self.no_time, ()
        as_of = ctx.as_of
        spans = sorted(
            (p.start, min(p.end or as_of, as_of))
            for p in ctx.case.posts
            if p.post == self.post and p.transferred_in == self.transferred and p.start < as_of
        )
        post = POST_VI[self.post] + (" (điều động từ ngành khác)" if self.transferred else "")
        if not spans:
            return False, f"Không có thời gian giữ chức vụ {post}.", ()
        if self.min_years is None:
            return None, "Ngưỡng thời gian giữ chức vụ chưa được cấu hình.", ()
        barred = self._barred(ctx, spans)
        if barred:
            return False, f"Chức vụ {post}: {barred}.", ()
        merged = _merge(spans)
        days = sum((end - start).days for start, end in merged)
        start = merged[0][0]
        # Calendar arithmetic on the merged total: exact for one continuous term.
        reached_on = start + timedelta(days=days)
        gender = ctx.case.subject.gender
        amount = f"{days / 365.25:.1f}".replace(".", ",")
        periods = ", ".join(f"{vi_date(a)}–{vi_date(b)}" for a, b in merged)
        why = f"Giữ chức vụ {post} tổng cộng khoảng {amount} năm ({periods}); yêu cầu "
        if gender in GENDER_VI:
            need = self.min_years[gender]
            tenure_met = _add_years(start, need) <= reached_on
            why += f"{GENDER_VI[gender]} từ {_years_vi(need)}"
        else:
            low, high = min(self.min_years.values()), max(self.min_years.values())
            why += (
                f"nam từ {_years_vi(self.min_years['male'])}, "
                f"nữ từ {_years_vi(self.min_years['female'])}"
            )
            if _add_years(start, high) <= reached_on:
                tenure_met = True
            elif _add_years(start, low) > reached_on:
                tenure_met = False
            else:
                tenure_met = None
                why += " (chưa có giới tính nên chưa xác định được ngưỡng)"
        # Ratings exist only up to the year under consideration.
        years = tuple(
            sorted({y for a, b in merged for y in range(a.year, min(b.year, ctx.year) + 1)})
        )
        rating_met = True
        if self.rating_rank is not None:
            low_years = [
                y
                for y in years
                if ctx.codes.get(y) and RATING_RANK[ctx.codes[y]] < self.rating_rank
            ]
            missing = [y for y in years if y not in ctx.codes]
            why += f"; xếp loại {at_least(self.rating_code)} trong thời gian giữ chức vụ"
            if low_years:
                rating_met = False
                why += f": không đạt năm {years_text(low_years)}"
            elif missing:
                rating_met = None
                why += f": chưa có xếp loại năm {years_text(missing)}"
            else:
                why += f": đạt các năm {years_text(years)}"
        return _all((tenure_met, rating_met)), why + ".", years

    def met(self, ctx):
        # `run` without the explanation: most people hold no post, and a sweep asks every
        # person for all four tenures of the medal.
        posts = ctx.case.posts
        if not posts:
            return False
        as_of = ctx.as_of
        spans = sorted(
            (p.start, min(p.end or as_of, as_of))
            for p in posts
            if p.post == self.post and p.transferred_in == self.transferred and p.start < as_of
        )
        if not spans:
            return False
        if self.min_years is None:
            return None
        if (self.ended or self.no_discipline) and self._barred(ctx, spans):
            return False
        merged = _merge(spans)
        start = merged[0][0]
        reached_on = start + timedelta(days=sum((end - begin).days for begin, end in merged))
        gender = ctx.case.subject.gender
        if gender in GENDER_VI:
            tenure_met = _add_years(start, self.min_years[gender]) <= reached_on
        elif _add_years(start, max(self.min_years.values())) <= reached_on:
            tenure_met = True
        elif _add_years(start, min(self.min_years.values())) > reached_on:
            tenure_met = False
        else:
            tenure_met = None
        if tenure_met is False:
            return False
        rating_met = True
        if self.rating_rank is not None:
            codes, last, floor = ctx.codes, ctx.year, self.rating_rank
            for begin, end in merged:
                for y in range(begin.year, min(end.year, last) + 1):
                    code = codes.get(y)
                    if code is None:
                        rating_met = None
                    elif RATING_RANK[code] < floor:
                        return False
        return None if tenure_met is None or rating_met is None else True


    def _barred(self, ctx, spans) -> str:
        """Why the terms cannot count yet (NĐ 152/2025 Điều 9), or ""."""
        if self.ended and any(
            p.end is None or p.end >= ctx.as_of
            for p in ctx.case.posts
            if p.post == self.post and p.transferred_in == self.transferred
        ):
            return "đang giữ chức vụ; chỉ xét khi nghỉ hưu hoặc thôi giữ chức vụ"
        if self.no_discipline:
            hit = [
                d.decided_on
                for d in ctx.case.disciplines
                if d.decided_on <= ctx.as_of and any(a <= d.decided_on <= b for a, b in spans)
            ]
            if hit:
                return f"bị kỷ luật ngày {vi_date(min(hit))} trong thời gian giữ chức vụ"
        return ""


def _years_vi(years: float) -> str:
    months = round(years * 12)
    whole, rest = divmod(months, 12)
    return f"{whole} năm" + (f" {rest} tháng" if rest else "")


def _merge(spans):
    merged = [list(spans[0])]
    for start, end in spans[1:]:
        if start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [tuple(s) for s in merged]


def _add_years(day: date, years: float) -> date:
    months = round(years * 12)
    if months % 12:  # a threshold in months (one third less for women: 4 years 8 months)
        y, m = divmod(day.month - 1 + months, 12)
        y, m = day.year + y, m + 1
        last = (date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)).day
        return date(y, m, min(day.day, last))
    years = months // 12
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return date(day.year + years, 3, 1)


# ------------------------------------------------------------------------ judgement and groups


class Judged(Node):
    """A route that rests on a council's judgement: never met from the record alone."""

    judged = True

    def run(self, ctx):
        return None, f"Cần Hội đồng thi đua, khen thưởng đánh giá: {self.label}.", ()

    def setup(self, p):
        # Always the same outcome: built once (the label is set before `setup`).
        outcome = (None, f"Cần Hội đồng thi đua, khen thưởng đánh giá: {self.label}.", ())
        self.run = lambda ctx: outcome


class AnyOf(Node):
    def run(self, ctx):
        outcomes = [(item, item.run(ctx)) for item in self.items]
        for item, o in outcomes:
            if item.keeps_window:
                ctx.windows[item.rule] = o[2]
        record_met = False
        open_ = False
        for item, o in outcomes:
            if item.judged:
                open_ = True
            elif o[0] is True:
                record_met = True
            elif o[0] is None:
                open_ = True
        if self.readings:
            # Which readings a met check rests on: none when a route met from the record rests
            # on none (e.g. HTXSNV met, the initiative's reading is not needed); see `judge`.
            ctx.readings_hint = None
            if record_met:
                relied = [i for i, o in outcomes if not i.judged and o[0] is True]
                ctx.readings_hint = (
                    () if any(not i.readings for i in relied) else relied[0].readings
                )
        if record_met:
            met, lead = True, "Đáp ứng theo hồ sơ."
        elif open_:
            met = None
            lead = (
                "Chưa đáp ứng trường hợp nào theo hồ sơ; còn trường hợp cần Hội đồng đánh giá "
                "hoặc còn thiếu dữ liệu."
            )
        else:
            met, lead = False, "Không đáp ứng trường hợp nào."

        def why():
            parts = []
            for item, (item_met, item_why, _) in outcomes:
                if item.judged:
                    mark = "không cần xét" if record_met else "cần Hội đồng đánh giá"
                    parts.append(f"[{mark}] {item.label}")
                else:
                    parts.append(f"[{MARK_VI[item_met]}] {item.label}: {text(item_why)}")
            return f"{lead} • " + " • ".join(parts)

        return met, why, ()

    def met(self, ctx):
        if self.items_keep_window:
            return self.run(ctx)[0]  # records those windows after running every item
        if self.records_need is not None and not getattr(ctx.case, self.records_need):
            return None if self.has_judged else False  # every record route is false
        # A judged route leaves the result open unless a record route is met (and a met route
        # stops the walk only when nothing after it has effects).
        record_met, open_ = False, self.has_judged
        for item, stop in self.record_items:
            met = item.met(ctx)
            if met is True:
                record_met = True
                if stop:
                    break
            elif met is None:
                open_ = True
        if record_met:
            return True
        return None if open_ else False


class AllOf(Node):
    def run(self, ctx):
        outcomes = []
        met = True
        for item in self.items:  # in order: a window an item records may feed a later one
            outcome = item.run(ctx)
            if item.keeps_window:
                ctx.windows[item.rule] = outcome[2]
            outcomes.append((item, outcome))
            if outcome[0] is not True and met is not False:
                met = outcome[0]

        def why():
            return " • ".join(
                f"[{MARK_VI[met]}] {item.label}: {text(item_why)}"
                for item, (met, item_why, _) in outcomes
            )

        return met, why, ()

    def met(self, ctx):
        met, stop_ok = True, self.stop_ok
        for i, item in enumerate(self.items):
            outcome = met_of(item, ctx)
            if outcome is False:
                met = False
                if stop_ok[i]:
                    break
            elif outcome is None and met is True:
                met = None
        return met


class MeetsStandard(Node):
    """Interpretation 1: a same-year standard is judged from the data, not looked up."""

    sets_context = True  # runs the other award's criteria, which may record windows

    def setup(self, p):
        self.award = p.need("award")

    def run(self, ctx):
        target = ctx.catalogue.awards.get(self.award)
        if target is None:
            return None, f"Danh hiệu {self.award} không có trong phiên bản quy định này.", ()
        results = [node(ctx)[:2] for node in target.nodes]
        if target.active_exclusions:
            results += [(met, why) for _, _, met, why, _, _ in exclusion_checks(target, ctx)]
        name, year = target.name_vi, ctx.year

        def why():
            parts = "; ".join(text(why) for _, why in results)
            return f"Đánh giá tiêu chuẩn {name} năm {year} từ dữ liệu: {parts}"

        return _all(met for met, _ in results), why, (year,)

    def met(self, ctx):
        target = ctx.catalogue.awards.get(self.award)
        if target is None:
            return None
        result = True
        for node in target.nodes:
            met = met_of(node, ctx)
            if met is False:
                result = False
            elif met is None and result is True:
                result = None
        if target.active_exclusions:
            result = _all([result, *(met for _, _, met, _, _, _ in exclusion_checks(target, ctx))])
        return result


def text(why) -> str:
    """The explanation an outcome carries: a string, or a function that formats it."""
    return why if why.__class__ is str else why()


def _all(values) -> bool | None:
    """False if any value is False; else None if any is None; else True."""
    result = True
    for value in values:
        if value is False:
            return False
        if value is None:
            result = None
    return result


NODE_TYPES: dict[str, type[Node]] = {
    "rating": Rating,
    "rating_run": RatingRun,
    "rating_count": RatingCount,
    "title_run": TitleRun,
    "title_count": TitleCount,
    "initiative": Initiatives,
    "holds": Holds,
    "meets_standard": MeetsStandard,
    "members_share": MembersShare,
    "members_all_completed": MembersAllCompleted,
    "members_at_least": MembersAtLeast,
    "members_no_discipline": MembersNoDiscipline,
    "cluster_leader": ClusterLeader,
    "post_held": PostHeld,
    "tenure": Tenure,
    "not_received": NotReceived,
    "judged": Judged,
    "any_of": AnyOf,
    "all_of": AllOf,
}


# ------------------------------------------------------------------------ configurable exclusions


def exclusion_checks(award: Award, ctx: Context):
    """Sector exclusions (new recruits, long absence, discipline), applied only when configured.

    Yields `(rule, label, met, why, source, status)`.
    """
    result = []
    for kind in award.active_exclusions:
        key = award.exclusions[kind]
        entry = award.config[key]
        met, why = _EXCLUSIONS[kind](ctx, entry.value)
        label = f"Loại trừ theo cấu hình: {key}"
        result.append(
            (f"exclusion_{kind}", label, met, why, entry.source or award.source, entry.status)
        )
    return result


def _recruitment(ctx, months):
    joined = ctx.case.subject.joined_on
    if joined is None:
        return (
            None,
            f"Chưa có ngày vào ngành để kiểm tra thời gian công tác tối thiểu {months} tháng.",
        )
    end = date(ctx.year + 1, 1, 1)  # whole months served by the end of the year
    total = (end.year - joined.year) * 12 + end.month - joined.month - (end.day < joined.day)
    why = (
        f"Vào ngành ngày {vi_date(joined)}: đến 31/12/{ctx.year} công tác {max(total, 0)} tháng; "
        f"yêu cầu từ {months} tháng."
    )
    return total >= months, why


def _absence(ctx, months):
    absences = ctx.case.absence_months
    if absences is None or ctx.year not in absences:
        return (
            None,
            f"Chưa có dữ liệu thời gian nghỉ năm {ctx.year} (loại trừ khi nghỉ từ {months} tháng).",
        )
    absent = absences[ctx.year]
    shown = f"{absent:g}".replace(".", ",")
    why = f"Năm {ctx.year} nghỉ {shown} tháng; không xét khi nghỉ từ {months} tháng trở lên."
    return absent < months, why


def _discipline_level(ctx, form):
    bar = DISCIPLINE_RANK[form]
    hits = [
        d
        for d in ctx.case.disciplines
        if d.decided_on.year == ctx.year and DISCIPLINE_RANK[d.form] >= bar
    ]
    if hits:
        detail = ", ".join(f"{DISCIPLINE_VI[d.form]} ngày {vi_date(d.decided_on)}" for d in hits)
        return False, f"Năm {ctx.year} bị kỷ luật ({detail}), từ mức {DISCIPLINE_VI[form]} trở lên."
    return True, f"Năm {ctx.year} không bị kỷ luật từ mức {DISCIPLINE_VI[form]} trở lên."


_EXCLUSIONS = {
    "min_months_since_recruitment": _recruitment,
    "max_absence_months": _absence,
    "disciplined_at_or_above": _discipline_level,
}
