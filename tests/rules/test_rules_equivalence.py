"""The fast path returns exactly what the engine returned before it was optimised.

The snapshot (see tests/rules/snapshot.py) holds seeded synthetic people and collectives, as
contract JSON, with the full `Result.to_dict()` of the earlier engine for every award of a sweep.
"""

import dataclasses

import pytest

from tdkt.rules import Evaluator, judge, parse_case

from .snapshot import configured_version, legacy, legacy_check, load


@pytest.fixture(scope="module")
def entries():
    return load()


@pytest.fixture(scope="module")
def evaluator():
    return Evaluator()


def test_snapshot_covers_the_interesting_paths(entries):
    assert len(entries) >= 300
    verdicts, rules = set(), set()
    for entry in entries:
        for result in [*entry["results"].values(), *entry.get("configured", {}).values()]:
            verdicts.add(result["verdict"])
            rules.update(c["rule"] for c in result["checks"])
    assert verdicts == {"eligible", "needs_review", "ineligible"}
    assert {"discipline", "registered", "exclusion_min_months_since_recruitment"} <= rules
    assert {"members_lao_dong_tien_tien_share", "service_route", "attested"} <= rules


def test_one_case_reused_across_awards_as_the_sweep_does(entries, evaluator):
    for entry in entries:
        case = parse_case(entry["case"])
        for code, expected in entry["results"].items():
            case.award = code
            got = legacy(evaluator.evaluate(case).to_dict())
            assert got == expected, (entry["case"]["id"], code)


def test_awards_in_reverse_order_and_fresh_cases_give_the_same(entries, evaluator):
    for entry in entries[::4]:
        case = parse_case(entry["case"])
        for code, expected in reversed(entry["results"].items()):
            case.award = code
            got = legacy(evaluator.evaluate(case).to_dict())
            assert got == expected, (entry["case"]["id"], code)
            fresh = dataclasses.replace(parse_case(entry["case"]), award=code)
            got = legacy(evaluator.evaluate(fresh).to_dict())
            assert got == expected, (entry["case"]["id"], code)


def test_configured_exclusions_give_the_same(entries):
    configured = configured_version()
    for entry in entries:
        if "configured" not in entry:
            continue
        case = parse_case(entry["case"])
        for code, expected in entry["configured"].items():
            case.award = code
            got = legacy(judge(case, configured).to_dict())
            assert got == expected, (entry["case"]["id"], code)


def test_reading_why_and_met_piecemeal_matches_to_dict(entries, evaluator):
    for entry in entries[::10]:
        case = parse_case(entry["case"])
        for code, expected in entry["results"].items():
            case.award = code
            result = evaluator.evaluate(case)
            assert result.verdict == expected["verdict"]
            assert [c.met for c in result.checks] == [c["met"] for c in expected["checks"]]
            assert [c.why for c in result.checks] == [c["why"] for c in expected["checks"]]
            assert [legacy_check(c.to_dict()) for c in result.checks] == expected["checks"]


def test_explanations_read_after_the_case_moved_on_to_other_awards(entries, evaluator):
    """`why` is formatted late: it must not see the state of later evaluations of the case."""
    for entry in entries[::3]:
        case = parse_case(entry["case"])
        results = {}
        for code in entry["results"]:
            case.award = code
            results[code] = evaluator.evaluate(case)
        for code, expected in entry["results"].items():
            got = legacy(results[code].to_dict())
            assert got == expected, (entry["case"]["id"], code)


def test_judging_leaves_no_reference_cycle(entries, evaluator):
    """A sweep's cases and results are freed by reference counting as soon as it drops them."""
    import gc

    data = [e["case"] for e in entries[:40] if e["case"]["subject"]["kind"] == "individual"]
    gc.collect()
    gc.disable()
    try:
        for item in data:
            case = parse_case(item)
            for code in (
                "lao_dong_tien_tien",
                "bang_khen_thu_tuong",
                "huan_chuong_lao_dong_hang_ba",
            ):
                case.award = code
                [c.to_dict() for c in evaluator.evaluate(case).checks]
            contexts = list(case._index.contexts.values())
            assert all(ctx.case is None and ctx.index is None for ctx in contexts)
        del case, contexts
        assert gc.collect() == 0
    finally:
        gc.enable()
