"""The contract's public examples give their expected verdicts."""

import json
from pathlib import Path

import pytest

from tdkt.rules import evaluate, parse_case

EXAMPLES = Path(__file__).parent / "examples"
CASES = [
    pytest.param(case, id=case["id"])
    for path in sorted(EXAMPLES.glob("*.json"))
    for case in json.loads(path.read_text(encoding="utf-8"))
]


@pytest.mark.parametrize("case", CASES)
def test_example_gives_expected_verdict(case):
    result = evaluate(parse_case(case))
    assert result.verdict == case["expect"], [c.to_dict() for c in result.checks]


@pytest.mark.parametrize("case", CASES)
def test_every_check_explains_itself_with_a_source(case):
    for check in evaluate(parse_case(case)).checks:
        assert check.why and check.source, check
        assert check.met in (True, False, None)
