"""The sweep's fast path (`Evaluator.verdicts`, `Evaluator.open_checks`, `Node.met`) gives exactly
what the full evaluation gives: same verdicts, same judged-route flag, same stored checks."""

import dataclasses
import itertools
import random
from datetime import date

import pytest

from tdkt.rules import Conferral, Evaluator, Initiative, Post, judge, parse_case
from tdkt.rules.criteria import met_of
from tdkt.rules.engine import JUDGED_TYPES, Context, judge_verdicts

from .snapshot import configured_version, legacy_check, load
from .synthetic import COLLECTIVE_AWARDS, INDIVIDUAL_AWARDS, collective, person


@pytest.fixture(scope="module")
def entries():
    return load()


@pytest.fixture(scope="module")
def evaluator():
    return Evaluator()


def _types(catalogue, code):
    """The criterion types by rule, built as tdkt.eligibility.services builds them."""
    types, stack = {}, list(catalogue.award(code).criteria)
    while stack:
        criterion = stack.pop()
        types[criterion.rule] = criterion.type
        stack.extend(criterion.items)
    return types


def _expected(result: dict, catalogue) -> tuple[str, str, bool]:
    judged = False
    if result["verdict"] != "ineligible":
        types = _types(catalogue, result["award"])
        judged = any(
            c["met"] is None and types.get(c["rule"]) in JUDGED_TYPES for c in result["checks"]
        )
    return result["award"], result["verdict"], judged


def _compare(evaluator, case, awards, catalogue=None):
    """The fast path against `evaluate`/`judge`, award by award, on the same case object."""
    if catalogue is None:
        got = evaluator.verdicts(case, awards)
    else:
        got = judge_verdicts(case, catalogue, awards)
    for code, outcome in zip(awards, got, strict=True):
        case.award = code
        result = (judge(case, catalogue) if catalogue else evaluator.evaluate(case)).to_dict()
        version = catalogue or evaluator.version_for(case.as_of or case.consideration_date)
        assert outcome == _expected(result, version), (case.id, code)
        if catalogue is None:
            expected = [c for c in result["checks"] if c["met"] is not True]
            assert evaluator.open_checks(case, code) == expected, (case.id, code)
            assert case.award == code


def test_snapshot_verdicts_and_open_checks(entries, evaluator):
    for entry in entries:
        case = parse_case(entry["case"])
        version = evaluator.version_for(case.as_of or case.consideration_date)
        awards = list(entry["results"])
        expected = [_expected(entry["results"][code], version) for code in awards]
        assert evaluator.verdicts(case, awards) == expected, entry["case"]["id"]
        for code in awards:
            stored = [c for c in entry["results"][code]["checks"] if c["met"] is not True]
            got = [legacy_check(c) for c in evaluator.open_checks(case, code)]
            assert got == stored, (entry["case"]["id"], code)
        # Fresh case, awards in reverse order: the same.
        fresh = parse_case(entry["case"])
        assert evaluator.verdicts(fresh, awards[::-1]) == expected[::-1]


def test_snapshot_with_every_exclusion_configured(entries):
    configured = configured_version()
    for entry in entries:
        if "configured" not in entry:
            continue
        case = parse_case(entry["case"])
        awards = list(entry["configured"])
        expected = [_expected(entry["configured"][code], configured) for code in awards]
        assert judge_verdicts(case, configured, awards) == expected, entry["case"]["id"]


def _random_cases(seed: int, n: int):
    rng = random.Random(seed)
    for i in range(n):
        year = rng.choice((2023, 2024, 2025, 2025))
        as_of = rng.choice((None, None, date(2024, 1, 31), date(2025, 8, 1), date(2026, 11, 1)))
        if as_of is not None and as_of.year <= year:
            as_of = None
        if i % 8 == 7:
            yield collective(rng, year, as_of, i), COLLECTIVE_AWARDS
        else:
            yield person(rng, year, as_of, i), INDIVIDUAL_AWARDS


def test_random_cases_match_the_full_evaluation(evaluator):
    configured = configured_version()
    for i, (case, awards) in enumerate(_random_cases(7, 3000)):
        _compare(evaluator, case, awards)
        if i % 5 == 0:
            _compare(evaluator, dataclasses.replace(case, _index=None), awards, configured)


def test_every_node_met_equals_its_full_run(evaluator):
    """Node by node (not only up to the first false check): same `met`, same windows and
    prior-award window left for the criteria after it."""
    configured = configured_version()
    for case, awards in _random_cases(11, 1500):
        as_of = case.as_of or case.consideration_date
        for catalogue in (evaluator.version_for(as_of), configured):
            for code in awards:
                award = catalogue.awards[code]
                full = Context(case, catalogue, award, as_of)
                fast = Context(case, catalogue, award, as_of)
                for node in award.nodes:
                    assert met_of(node, fast) == node(full)[0], (case.id, code, node.rule)
                    assert fast.windows == full.windows
                    assert fast.since_prior == full.since_prior
                case._index = None


def test_every_nested_route_met_equals_its_full_run(evaluator):
    """Routes inside any-of and all-of groups (tenures, posts held, title runs...) answer `met`
    on their own when the group walks its record routes: each must equal its full run, from
    the same state of the context."""
    configured = configured_version()
    checked = set()
    for case, awards in _random_cases(13, 1500):
        as_of = case.as_of or case.consideration_date
        for catalogue in (evaluator.version_for(as_of), configured):
            for code in awards:
                award = catalogue.awards[code]
                stack = [item for node in award.nodes for item in node.items]
                while stack:
                    node = stack.pop()
                    stack.extend(node.items)
                    full = Context(case, catalogue, award, as_of)
                    fast = Context(case, catalogue, award, as_of)
                    assert node.met(fast) == node.run(full)[0], (case.id, code, node.rule)
                    checked.add(type(node).__name__)
                    # A route declared false without a field of the case is false then.
                    if node.false_without and not getattr(case, node.false_without):
                        assert node.run(full)[0] is False, (code, node.rule)
                case._index = None
    assert {"Tenure", "PostHeld", "TitleRun", "Judged"} <= checked


@pytest.mark.parametrize("gender", ["male", "female", None])
@pytest.mark.parametrize("days_short", [1, 0, -1, 365 * 2])
def test_tenure_met_equals_its_full_run_at_the_thresholds(evaluator, gender, days_short):
    """A head's tenure ends `days_short` days before reaching five years (men) — which is
    more than three (women); with a low, a missing and only good ratings in the term."""
    from tdkt.rules import Case, Subject
    from tdkt.rules.criteria import _add_years

    as_of = date(2026, 1, 31)
    start = date(2019, 3, 1)
    end = date.fromordinal(_add_years(start, 5).toordinal() - days_short)
    catalogue = evaluator.version_for(as_of)
    award = catalogue.awards["ky_niem_chuong_vi_su_nghiep_tu_phap"]
    tenure = next(item for node in award.nodes for item in node.items if item.rule == "head_tenure")
    good = {y: "HTTNV" for y in range(2015, 2026)}
    for ratings in (good, {**good, 2021: "HTNV"}, {y: r for y, r in good.items() if y != 2020}):
        case = Case(award=award.code, year=2025, as_of=as_of,
                    subject=Subject("individual", gender, date(2000, 1, 1)),
                    ratings=ratings, posts=(Post("head", start, end),))
        fast = Context(case, catalogue, award, as_of)
        full = Context(dataclasses.replace(case, _index=None), catalogue, award, as_of)
        assert tenure.met(fast) == tenure.run(full)[0], (gender, days_short, ratings)


def _base():
    rng = random.Random(3)
    while True:
        case = person(rng, 2025, date(2026, 1, 31))
        if not case.disciplines and not case.pending_proceedings and 2025 in case.ratings:
            return case


@pytest.mark.parametrize(
    "change",
    [
        {"ratings": "swap-year"},
        {"ratings": "swap-earlier"},
        {"initiatives": (Initiative(2025, "bo", "research"),)},
        {"initiatives": (Initiative(2024, "toan_quoc"),)},
        {"titles": tuple(Conferral("chien_si_thi_dua_co_so", y) for y in range(2019, 2025))},
        {"awards": (Conferral("bang_khen_bo_truong_bo_tu_phap", 2019),)},
        {"awards": (Conferral("bang_khen_thu_tuong", 2018, "sudden"),)},
        {"posts": (Post("head", date(2015, 1, 1)),)},
        {"posts": (Post("minister", date(2024, 1, 1)),)},
        {"registered": frozenset({2024})},
        {"attested": "flip"},
        {"pending_proceedings": True},
    ],
)
def test_cases_that_differ_in_one_field_are_not_confused(evaluator, change):
    """One case object judged, changed in one field (a new value), judged again; and two
    people differing only in that field judged one after the other."""
    base = _base()
    changed = dataclasses.replace(base, _index=None)
    for name, value in change.items():
        if value == "swap-year" or value == "swap-earlier":
            ratings = dict(base.ratings)
            y = 2025 if value == "swap-year" else min(ratings)
            ratings[y] = "HTXSNV" if ratings[y] != "HTXSNV" else "HTNV"
            value = ratings
        elif value == "flip":
            value = not base.attested
        setattr(changed, name, value)
    for case in (base, changed, base, changed):
        _compare(evaluator, case, INDIVIDUAL_AWARDS)
    mutated = dataclasses.replace(base, _index=None)
    _compare(evaluator, mutated, INDIVIDUAL_AWARDS)
    for name in change:
        setattr(mutated, name, getattr(changed, name))
    _compare(evaluator, mutated, INDIVIDUAL_AWARDS)


def test_unknown_award_is_a_case_error(evaluator):
    from tdkt.rules import CaseError

    case = _base()
    with pytest.raises(CaseError):
        evaluator.verdicts(case, ["lao_dong_tien_tien", "khong_co"])
    assert case._index.contexts and all(c.case is None for c in case._index.contexts.values())


@pytest.mark.parametrize(
    "cstd_years, expected",
    [
        (range(2023, 2026), "eligible"),  # three in a row ending in the year considered
        (range(2022, 2025), "ineligible"),  # three in a row, but the last is a year early
        ((), "ineligible"),
    ],
)
def test_higher_title_without_the_years_title_is_settled_like_the_full_evaluation(
    evaluator, cstd_years, expected
):
    """The fast path settles Chiến sĩ thi đua cấp Bộ without running its criteria when the
    person does not hold Chiến sĩ thi đua cơ sở in the year; the verdict and the reasons the
    full evaluation gives must agree."""
    case = dataclasses.replace(
        _base(),
        _index=None,
        ratings={y: "HTXSNV" for y in range(2016, 2026)},
        titles=tuple(Conferral("chien_si_thi_dua_co_so", y) for y in cstd_years),
        awards=(),
        initiatives=(Initiative(2024, "bo"),),
        registered=None,
        attested=True,
    )
    (code, verdict, _), = evaluator.verdicts(case, ["chien_si_thi_dua_cap_bo"])
    assert verdict == expected
    _compare(evaluator, case, ["chien_si_thi_dua_cap_bo", "chien_si_thi_dua_toan_quoc"])
    case.award = "chien_si_thi_dua_cap_bo"
    run = next(c for c in evaluator.evaluate(case).checks if c.rule == "cstd_co_so_3_consecutive")
    assert run.met is (expected == "eligible")


def test_an_award_listed_twice_is_judged_afresh_each_time(evaluator):
    """The context is prepared once per listed award, so an award asked for twice (or after
    one settled without running its criteria) gives what the full evaluation gives."""
    awards = (*INDIVIDUAL_AWARDS, *reversed(INDIVIDUAL_AWARDS), INDIVIDUAL_AWARDS[4])
    for case, _ in itertools.islice(_random_cases(5, 800), 400):
        if case.subject.kind == "individual":
            _compare(evaluator, case, awards)
