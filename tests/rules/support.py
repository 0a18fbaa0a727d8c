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


def judge_in(catalogue, award, year=2025, subject=None, **fields):
    """Judge under an explicit catalogue version (e.g. one an administrator added)."""
    data = {"id": "t", "award": award, "year": year, **fields}
    data["subject"] = subject or {"kind": "individual", "gender": "male"}
    return evaluate(parse_case(data, award_codes=catalogue.awards), catalogue)


def admin_version(*awards, patch=None, effective_from="2027-01-01"):
    """A version as an administrator would store it: the latest built-in one, edited."""
    from tdkt.rules import Catalogue, load_builtin

    data = load_builtin()[-1].to_dict()
    data.update(version="admin-test", effective_from=effective_from, effective_to=None)
    data["awards"].extend(awards)
    if patch:
        patch(data)
    return Catalogue.from_dict(data)


def make_award(*criteria, code="thu_nghiem", **extra):
    """A minimal individual award with the given criteria (no attestation, no judged route)."""
    return {
        "code": code,
        "name_vi": "Thử nghiệm",
        "kind": "commendation_form",
        "recipient": "individual",
        "level": "bo",
        "source": [{"doc": "luat_06_2022", "article": "74"}],
        "criteria": list(criteria),
        **extra,
    }
