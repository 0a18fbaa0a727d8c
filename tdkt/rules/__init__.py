"""Eligibility engine for the Justice sector's emulation titles and forms of commendation.

Pure Python (no Django): the web application builds `Case` objects from the database and calls
`Evaluator.evaluate`; the command line (`python -m tdkt.rules`) feeds it from JSON files.
"""

from .case import (
    Case,
    CaseError,
    CollectiveStats,
    Conferral,
    Discipline,
    Initiative,
    Post,
    Subject,
    parse_case,
)
from .catalogue import (
    UNVERIFIED,
    VERIFIED,
    Award,
    Catalogue,
    CatalogueError,
    ConfigValue,
    Criterion,
    builtin_award_codes,
    load_builtin,
    select_version,
)
from .engine import Check, Evaluator, Result, evaluate, judge, verdict_of

__all__ = [
    "UNVERIFIED",
    "VERIFIED",
    "Award",
    "Case",
    "CaseError",
    "Catalogue",
    "CatalogueError",
    "Check",
    "CollectiveStats",
    "Conferral",
    "ConfigValue",
    "Criterion",
    "Discipline",
    "Evaluator",
    "Initiative",
    "Post",
    "Result",
    "Subject",
    "builtin_award_codes",
    "evaluate",
    "judge",
    "load_builtin",
    "parse_case",
    "select_version",
    "verdict_of",
]
