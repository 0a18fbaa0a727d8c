"""Which figures each role watches on its home page (charts built from selectors.py)."""

from dataclasses import dataclass


@dataclass
class Panel:
    chart: object = None  # a charts.Chart
    template: str = ""  # or a template drawing something else (the fairness table)
    data: object = None


def for_user(user, scope, today) -> list[Panel]:
    return []
