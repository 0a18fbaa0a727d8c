"""The input of the engine: one subject, one award, one year.

The dataclasses are plain and cheap to build, so that the web application can construct them in
bulk from database rows. `parse_case` builds them from the JSON of the eligibility-case contract
and reports the first malformed field as a `CaseError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

RATINGS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
# Higher is better; the engine compares ranks, never strings.
RATING_RANK = {"HTXSNV": 3, "HTTNV": 2, "HTNV": 1, "KHTNV": 0}
RATING_FLOOR = "KHTNV"

SUBJECT_KINDS = ("individual", "collective")
GENDERS = ("male", "female")
METHODS = ("regular", "thematic", "sudden", "dedication", "other")
# Sudden and thematic awards never count toward a merit-based award (NĐ 152/2025 Điều 4 khoản 3).
NON_MERIT_METHODS = frozenset({"thematic", "sudden"})
SCOPES = ("co_so", "bo", "toan_quoc")
SCOPE_RANK = {"co_so": 0, "bo": 1, "toan_quoc": 2}
INITIATIVE_KINDS = ("initiative", "research")
# Ascending severity (Luật Cán bộ, công chức; Nghị định 112/2020/NĐ-CP as amended).
DISCIPLINE_FORMS = (
    "khien_trach",
    "canh_cao",
    "ha_bac_luong",
    "giang_chuc",
    "cach_chuc",
    "buoc_thoi_viec",
)
DISCIPLINE_RANK = {form: rank for rank, form in enumerate(DISCIPLINE_FORMS)}
POSTS = ("head", "deputy", "minister", "deputy_minister")
COLLECTIVE_COUNTS = ("members", "completed_tasks", "lao_dong_tien_tien", "chien_si_thi_dua_co_so")

_CODE = re.compile(r"^[a-z0-9_]+$")


class CaseError(ValueError):
    """A malformed case: `field` is the dotted path of the offending value."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(slots=True, frozen=True)
class Subject:
    kind: str  # "individual" | "collective"
    gender: str | None = None
    joined_on: date | None = None


@dataclass(slots=True, frozen=True)
class Conferral:
    """An emulation title or a form of commendation already received."""

    award: str
    year: int
    method: str = "regular"


@dataclass(slots=True, frozen=True)
class Initiative:
    year: int
    scope: str = "co_so"
    kind: str = "initiative"


@dataclass(slots=True, frozen=True)
class Discipline:
    form: str
    decided_on: date
    ends_on: date | None = None  # None: still running


@dataclass(slots=True, frozen=True)
class Post:
    post: str
    start: date
    end: date | None = None  # None: still held
    transferred_in: bool = False


@dataclass(slots=True, frozen=True)
class CollectiveStats:
    """A collective's roster figures for the year under consideration (None = not given)."""

    members: int
    completed_tasks: int | None = None
    lao_dong_tien_tien: int | None = None
    chien_si_thi_dua_co_so: int | None = None
    disciplined: Mapping[str, int] | None = None


@dataclass(slots=True)
class Case:
    award: str
    year: int
    subject: Subject
    id: str = ""
    as_of: date | None = None
    ratings: Mapping[int, str] = field(default_factory=dict)
    registered: frozenset[int] | None = None
    titles: tuple[Conferral, ...] = ()
    awards: tuple[Conferral, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    disciplines: tuple[Discipline, ...] = ()
    pending_proceedings: bool = False
    attested: bool = False
    collective: CollectiveStats | None = None
    cluster_leader: bool | None = None
    posts: tuple[Post, ...] = ()
    # Extension, not in the contract: months absent per year, for the configurable exclusion.
    absence_months: Mapping[int, float] | None = None
    # Date the dossier was received for appraisal (contract `received_on`, optional): a document
    # with a transition rule (Law 06/2026/QH16) keeps earlier dossiers under the earlier text.
    received_on: date | None = None
    # Lookup tables built once per case by the engine (a case may be judged for many awards).
    _index: Any = field(default=None, repr=False, compare=False)

    @property
    def consideration_date(self) -> date:
        """The date that selects the rules in force: `as_of`, or 31 January of year + 1."""
        return self.as_of or date(self.year + 1, 1, 31)


# --------------------------------------------------------------------------- parsing


def parse_case(data: Any, award_codes: Iterable[str] | None = None) -> Case:
    """Build a `Case` from contract JSON, raising `CaseError` on the first malformed field.

    `award_codes` are the catalogue codes accepted for `award`; default: the built-in catalogue.
    Unknown keys (such as the examples' `expect`) are ignored.
    """
    if not isinstance(data, Mapping):
        raise CaseError("case", "must be a JSON object")
    if award_codes is None:
        from .catalogue import builtin_award_codes

        award_codes = builtin_award_codes()
    codes = award_codes if isinstance(award_codes, (set, frozenset)) else set(award_codes)

    case_id = data.get("id", "")
    if not isinstance(case_id, (str, int)) or isinstance(case_id, bool):
        raise CaseError("id", "must be a string")
    award = data.get("award")
    if not isinstance(award, str) or not award:
        raise CaseError("award", "is required (a catalogue code)")
    if award not in codes:
        raise CaseError("award", f'"{award}" is not a catalogue code ({", ".join(sorted(codes))})')
    year = _year(data.get("year"), "year")
    subject = _subject(data.get("subject"))
    collective = data.get("collective")
    return Case(
        id=str(case_id),
        award=award,
        year=year,
        subject=subject,
        as_of=_date(data.get("as_of"), "as_of"),
        ratings=_ratings(data.get("ratings")),
        registered=_registered(data.get("registered")),
        titles=tuple(_conferrals(data.get("titles"), "titles", with_method=False)),
        awards=tuple(_conferrals(data.get("awards"), "awards", with_method=True)),
        initiatives=tuple(_initiatives(data.get("initiatives"))),
        disciplines=tuple(_disciplines(data.get("disciplines"))),
        pending_proceedings=_bool(data.get("pending_proceedings"), "pending_proceedings"),
        attested=_bool(data.get("attested"), "attested"),
        collective=_collective(collective) if collective is not None else None,
        cluster_leader=_optional_bool(data.get("cluster_leader"), "cluster_leader"),
        posts=tuple(_posts(data.get("posts"))),
        absence_months=_absence(data.get("absence_months")),
        received_on=_date(data.get("received_on"), "received_on"),
    )


def _year(value: Any, where: str) -> int:
    if value is None:
        raise CaseError(where, "is required")
    if isinstance(value, bool) or not isinstance(value, int):
        raise CaseError(where, f"{_show(value)} is not a year")
    if not 1900 <= value <= 2200:
        raise CaseError(where, f"{value} is not a plausible year")
    return value


def _year_key(key: str, where: str) -> int:
    if not (isinstance(key, str) and key.isdigit() and len(key) == 4):
        raise CaseError(where, f"{_show(key)} is not a year")
    return _year(int(key), where)


def _date(value: Any, where: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise CaseError(where, f"{_show(value)} is not a date (YYYY-MM-DD)")


def _bool(value: Any, where: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise CaseError(where, f"{_show(value)} is not true or false")
    return value


def _optional_bool(value: Any, where: str) -> bool | None:
    return None if value is None else _bool(value, where)


def _choice(value: Any, options: tuple[str, ...], where: str, what: str) -> str:
    if value not in options:
        raise CaseError(where, f"{_show(value)} is not {what} ({', '.join(options)})")
    return value


def _list(value: Any, where: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise CaseError(where, "must be a list")
    return value


def _object(value: Any, where: str) -> Mapping:
    if not isinstance(value, Mapping):
        raise CaseError(where, "must be an object")
    return value


def _count(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise CaseError(where, f"{_show(value)} is not a count (a whole number ≥ 0)")
    return value


def _subject(value: Any) -> Subject:
    if value is None:
        raise CaseError("subject", "is required")
    value = _object(value, "subject")
    kind = _choice(value.get("kind"), SUBJECT_KINDS, "subject.kind", "a subject kind")
    gender = value.get("gender")
    if gender is not None:
        _choice(gender, GENDERS, "subject.gender", "a gender")
    return Subject(
        kind=kind, gender=gender, joined_on=_date(value.get("joined_on"), "subject.joined_on")
    )


def _ratings(value: Any) -> dict[int, str]:
    if value is None:
        return {}
    value = _object(value, "ratings")
    ratings = {}
    for key, rating in value.items():
        where = f"ratings.{key}"
        year = _year_key(key, where)
        if rating is None:
            continue  # an explicit null is the same as a missing rating
        ratings[year] = _choice(rating, RATINGS, where, "a rating")
    return ratings


def _registered(value: Any) -> frozenset[int] | None:
    if value is None:
        return None
    return frozenset(_year(y, f"registered[{i}]") for i, y in enumerate(_list(value, "registered")))


def _conferrals(value: Any, where: str, with_method: bool) -> Iterable[Conferral]:
    for i, item in enumerate(_list(value, where)):
        here = f"{where}[{i}]"
        item = _object(item, here)
        code = item.get("award")
        if not isinstance(code, str) or not _CODE.match(code):
            raise CaseError(f"{here}.award", f"{_show(code)} is not an award code")
        method = "regular"
        if with_method and item.get("method") is not None:
            method = _choice(item["method"], METHODS, f"{here}.method", "a method")
        yield Conferral(award=code, year=_year(item.get("year"), f"{here}.year"), method=method)


def _initiatives(value: Any) -> Iterable[Initiative]:
    for i, item in enumerate(_list(value, "initiatives")):
        here = f"initiatives[{i}]"
        item = _object(item, here)
        scope = _choice(item.get("scope", "co_so"), SCOPES, f"{here}.scope", "a scope")
        kind = _choice(item.get("kind", "initiative"), INITIATIVE_KINDS, f"{here}.kind", "a kind")
        yield Initiative(year=_year(item.get("year"), f"{here}.year"), scope=scope, kind=kind)


def _disciplines(value: Any) -> Iterable[Discipline]:
    for i, item in enumerate(_list(value, "disciplines")):
        here = f"disciplines[{i}]"
        item = _object(item, here)
        form = _choice(item.get("form"), DISCIPLINE_FORMS, f"{here}.form", "a discipline form")
        decided_on = _date(item.get("decided_on"), f"{here}.decided_on")
        if decided_on is None:
            raise CaseError(f"{here}.decided_on", "is required")
        ends_on = _date(item.get("ends_on"), f"{here}.ends_on")
        if ends_on is not None and ends_on < decided_on:
            raise CaseError(f"{here}.ends_on", "is before decided_on")
        yield Discipline(form=form, decided_on=decided_on, ends_on=ends_on)


def _collective(value: Any) -> CollectiveStats:
    value = _object(value, "collective")
    if value.get("members") is None:
        raise CaseError("collective.members", "is required")
    counts = {}
    for key in COLLECTIVE_COUNTS:
        if value.get(key) is not None:
            counts[key] = _count(value[key], f"collective.{key}")
    members = counts["members"]
    if members == 0:
        raise CaseError("collective.members", "must be at least 1")
    for key, number in counts.items():
        if number > members:
            raise CaseError(f"collective.{key}", f"{number} is more than members ({members})")
    disciplined = None
    if value.get("disciplined") is not None:
        raw = _object(value["disciplined"], "collective.disciplined")
        disciplined = {}
        for form, number in raw.items():
            here = f"collective.disciplined.{form}"
            _choice(form, DISCIPLINE_FORMS, here, "a discipline form")
            disciplined[form] = _count(number, here)
    return CollectiveStats(disciplined=disciplined, **counts)


def _posts(value: Any) -> Iterable[Post]:
    for i, item in enumerate(_list(value, "posts")):
        here = f"posts[{i}]"
        item = _object(item, here)
        post = _choice(item.get("post"), POSTS, f"{here}.post", "a post")
        start = _date(item.get("from"), f"{here}.from")
        if start is None:
            raise CaseError(f"{here}.from", "is required")
        end = _date(item.get("to"), f"{here}.to")
        if end is not None and end < start:
            raise CaseError(f"{here}.to", "is before from")
        transferred = _bool(item.get("transferred_in"), f"{here}.transferred_in")
        yield Post(post=post, start=start, end=end, transferred_in=transferred)


def _absence(value: Any) -> dict[int, float] | None:
    if value is None:
        return None
    value = _object(value, "absence_months")
    result = {}
    for key, months in value.items():
        where = f"absence_months.{key}"
        if isinstance(months, bool) or not isinstance(months, (int, float)) or months < 0:
            raise CaseError(where, f"{_show(months)} is not a number of months")
        result[_year_key(key, where)] = float(months)
    return result


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
