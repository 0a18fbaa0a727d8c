"""Helpers for the rules tests: build a case from contract-style keywords and judge it."""

from tdkt.rules import evaluate, parse_case


def judge(award, year=2025, subject=None, catalogue=None, **fields):
    data = {"id": "t", "award": award, "year": year, **fields}
    data["subject"] = subject or {"kind": "individual", "gender": "male"}
    return evaluate(parse_case(data), catalogue)


def check(result, rule):
    """The check named `rule` (exactly one must exist)."""
    found = [c for c in result.checks if c.rule == rule]
    assert len(found) == 1, f"{rule!r} not in {[c.rule for c in result.checks]}"
    return found[0]


def collective(**fields):
    return {"kind": "collective"}, fields
