"""Micro-benchmark of the eligibility engine as the sector sweep uses it.

    .venv/bin/python bench/rules_micro.py [--people N] [--repeat R]

Builds N synthetic people (default 20,000) with ten-year histories (tests/rules/synthetic.py:
most people Lao động tiên tiến every year, ~12% CSTĐ cơ sở, some streaks, rare discipline),
then, like `tdkt.eligibility.services` does, judges each person's one `Case` for the eight
individual awards (setting `case.award` and reusing the case) and, for every result it would
list as due (eligible, or needing review on something other than a judged route), reads the open
checks (`to_dict()` of the checks not met) as the sweep stores them. Case construction
is outside the timer; each repetition starts from fresh cases (no per-case tables yet).

Two paths, timed alternately in this process: the normal path (`Evaluator.evaluate` per award,
full `Result`) and the sweep path (`Evaluator.verdicts(case, awards)`, then
`Evaluator.open_checks(case, award)` only for the results listed as needing confirmation; an
eligible result has no open check). Both must count the same verdicts.
Timed in CPU seconds of this process (steadier than wall time on a shared machine). The last
line is `evaluations per second: N` for the sweep path (best of R repetitions).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tdkt.rules import Evaluator  # noqa: E402
from tests.rules.synthetic import INDIVIDUAL_AWARDS, sweep_cases  # noqa: E402

# As tdkt.eligibility.services.due_category: a result whose open question is a judged route is
# not listed, so its explanations are never read.
JUDGED_TYPES = frozenset({"judged", "any_of"})


def sweep(evaluator: Evaluator, cases) -> Counter:
    verdicts: Counter = Counter()
    types: dict = {}
    for case in cases:
        for code in INDIVIDUAL_AWARDS:
            case.award = code
            result = evaluator.evaluate(case)
            verdicts[result.verdict] += 1
            if result.verdict == "ineligible":
                continue
            if result.verdict == "needs_review":
                key = (result.rules_version, code)
                if key not in types:
                    version = evaluator.version_for(result.as_of)
                    types[key] = {c.rule: c.type for c in version.awards[code].criteria}
                kinds = types[key]
                if any(c.met is None and kinds.get(c.rule) in JUDGED_TYPES for c in result.checks):
                    verdicts["not listed"] += 1
                    continue
            [c.to_dict() for c in result.checks if c.met is not True]  # what the sweep stores
    return verdicts


def sweep_path(evaluator: Evaluator, cases) -> Counter:
    verdicts: Counter = Counter()
    for case in cases:
        for code, verdict, judged in evaluator.verdicts(case, INDIVIDUAL_AWARDS):
            verdicts[verdict] += 1
            if verdict == "ineligible":
                continue
            if judged:
                verdicts["not listed"] += 1
                continue
            if verdict == "needs_review":
                evaluator.open_checks(case, code)  # what the sweep stores
    return verdicts


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    evaluator = Evaluator()
    template = sweep_cases(args.people)
    sweep(evaluator, template[:200])  # warm the catalogue and the caches of the evaluator
    sweep_path(evaluator, template[:200])
    evaluations = len(template) * len(INDIVIDUAL_AWARDS)
    paths = {"normal": sweep, "sweep": sweep_path}
    best: dict[str, float] = {}
    counts: dict[str, Counter] = {}
    for _ in range(args.repeat):
        for name, run in paths.items():  # alternately, in this process
            cases = [dataclasses.replace(c) for c in template]
            for c in cases:
                c._index = None
            # CPU time of this process: steadier than wall time on a shared machine.
            start = time.process_time()
            counts[name] = run(evaluator, cases)
            elapsed = time.process_time() - start
            best[name] = min(best.get(name, elapsed), elapsed)
    if counts["normal"] != counts["sweep"]:
        raise SystemExit(f"the two paths disagree: {counts}")
    print(f"people: {len(template)}, awards: {len(INDIVIDUAL_AWARDS)}, evaluations: {evaluations}")
    print("verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(counts["sweep"].items())))
    for name, seconds in best.items():
        print(
            f"{name} path, best of {args.repeat}: {seconds:.3f} s, "
            f"{seconds / evaluations * 1e6:.2f} µs per evaluation, "
            f"{round(evaluations / seconds)} per second"
        )
    print(f"evaluations per second: {round(evaluations / best['sweep'])}")


if __name__ == "__main__":
    main()
