"""The catalogue of titles and forms, one `Catalogue` per version of the law in force.

A version is a self-contained dict (see `Catalogue.to_dict`): administrators store new versions
in the database and load them with `Catalogue.from_dict`, no code change needed. The built-in
versions are composed once from `data/base.json` (every value with its validity dates) and
`data/versions.json` (the effective dates at which the documents in force change).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

VERIFIED = "verified"
UNVERIFIED = "chưa xác minh"
STATUSES = (VERIFIED, UNVERIFIED)

KINDS_VI = {"emulation_title": "Danh hiệu thi đua", "commendation_form": "Hình thức khen thưởng"}
RECIPIENTS_VI = {
    "individual": "cá nhân",
    "collective": "tập thể",
    "individual_or_collective": "cá nhân hoặc tập thể",
}
LEVELS_VI = {"co_so": "cơ sở", "bo": "cấp Bộ", "nha_nuoc": "cấp Nhà nước"}


class CatalogueError(ValueError):
    """A catalogue version that cannot be used; `path` locates the offending value."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(slots=True, frozen=True)
class Source:
    doc: str
    article: str | None = None
    clause: str | None = None
    point: str | None = None
    note: str | None = None
    status: str = VERIFIED

    def text(self, documents: Mapping[str, Mapping[str, Any]]) -> str:
        parts = [documents.get(self.doc, {}).get("cite", self.doc)]
        if self.article:
            parts.append(f"Điều {self.article}")
        if self.clause:
            parts.append(f"khoản {self.clause}")
        if self.point:
            parts.append(f"điểm {self.point}")
        text = ", ".join(parts)
        return f"{text} ({self.note})" if self.note else text


@dataclass(slots=True, frozen=True)
class ConfigValue:
    """A value the law leaves open or that is not yet confirmed, with its status."""

    key: str
    value: Any
    status: str
    source: str = ""
    note: str = ""

    @property
    def verified(self) -> bool:
        return self.status == VERIFIED


@dataclass(slots=True, frozen=True)
class Criterion:
    """A criterion as shown to users: what it requires and where the law says so."""

    rule: str
    type: str
    label: str
    source: str
    status: str
    note: str = ""
    items: tuple[Criterion, ...] = ()


@dataclass(slots=True)
class Award:
    code: str
    name_vi: str
    kind: str
    recipient: str
    level: str
    status: str
    source: str
    note: str
    attestations: Mapping[str, tuple[str, ...]]
    criteria: tuple[Criterion, ...]
    config: Mapping[str, ConfigValue]
    exclusions: Mapping[str, str]
    nodes: tuple = field(default=(), repr=False)  # compiled criteria, see `criteria.compile_node`
    # The exclusions whose configured value is set (the others are not applied).
    active_exclusions: tuple[str, ...] = field(default=(), repr=False)

    @property
    def kind_vi(self) -> str:
        return KINDS_VI.get(self.kind, self.kind)

    @property
    def level_vi(self) -> str:
        return LEVELS_VI.get(self.level, self.level)

    @property
    def recipient_vi(self) -> str:
        return RECIPIENTS_VI.get(self.recipient, self.recipient)

    def accepts(self, subject_kind: str) -> bool:
        return self.recipient == subject_kind or self.recipient == "individual_or_collective"

    def config_value(self, key: str) -> Any:
        entry = self.config.get(key)
        return None if entry is None else entry.value


@dataclass(slots=True, frozen=True)
class Principle:
    label: str
    source: str
    status: str


class Catalogue:
    """One version of the catalogue: the rules in force from `effective_from`."""

    def __init__(self, data: Mapping[str, Any]):
        self._data = copy.deepcopy(dict(data))
        d = self._data
        self.version: str = _text(d, "version")
        self.title_vi: str = d.get("title_vi", self.version)
        self.effective_from: date = _iso(d.get("effective_from"), "effective_from")
        self.effective_to: date | None = (
            _iso(d["effective_to"], "effective_to") if d.get("effective_to") else None
        )
        self.documents: dict[str, dict] = dict(_mapping(d.get("documents", {}), "documents"))
        self.warnings: tuple[str, ...] = tuple(d.get("warnings", ()))
        self.interpretations: tuple[dict, ...] = tuple(d.get("interpretations", ()))
        self.principles = {
            key: Principle(
                label=value.get("label", key),
                source=self._source_text(value.get("source", ()), f"principles.{key}"),
                status=value.get("status", VERIFIED),
            )
            for key, value in _mapping(d.get("principles", {}), "principles").items()
        }
        for key in ("hold", "discipline", "sudden_thematic", "one_achievement_one_award"):
            if key not in self.principles:
                raise CatalogueError(f"principles.{key}", "is required")
        self.awards: dict[str, Award] = {}
        # The engine's cache of checks that depend only on the award (see `engine.judge`).
        self._checks: dict[tuple, Any] = {}
        for i, raw in enumerate(_sequence(d.get("awards"), "awards")):
            award = self._award(raw, f"awards[{i}]")
            if award.code in self.awards:
                raise CatalogueError(f"awards[{i}].code", f'"{award.code}" appears twice')
            self.awards[award.code] = award
        # Compile after every award exists: "meets the standard of X" links to X's nodes.
        from .criteria import compile_award, mark_windows

        for award in self.awards.values():
            compile_award(award, self)
        mark_windows(self)

    # ---------------------------------------------------------------- public API

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Catalogue:
        """Load a version stored as a dict (e.g. JSON from the database); validates it."""
        if not isinstance(data, Mapping):
            raise CatalogueError("version", "must be an object")
        return cls(data)

    @classmethod
    def from_json(cls, text: str) -> Catalogue:
        return cls.from_dict(json.loads(text))

    def to_dict(self) -> dict[str, Any]:
        """A deep copy of the version's data; `Catalogue.from_dict(c.to_dict())` round-trips."""
        return copy.deepcopy(self._data)

    def award(self, code: str) -> Award:
        try:
            return self.awards[code]
        except KeyError:
            raise KeyError(f"{code!r} is not in catalogue version {self.version}") from None

    def config(self, code: str) -> dict[str, ConfigValue]:
        """The configurable values of an award (vote thresholds, caps, exclusions, publicity)."""
        return dict(self.award(code).config)

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )

    def documents_in_force(self) -> list[dict]:
        """The legal documents in force on the version's effective date."""
        return [
            {"code": code, **doc}
            for code, doc in self.documents.items()
            if _doc_in_force(doc, self.effective_from)
        ]

    def name(self, code: str) -> str:
        award = self.awards.get(code)
        return award.name_vi if award else code

    def __repr__(self) -> str:
        return f"<Catalogue {self.version} from {self.effective_from}>"

    # ---------------------------------------------------------------- building

    def _source_text(self, sources: Any, path: str) -> str:
        return "; ".join(s.text(self.documents) for s in self._sources(sources, path))

    def _sources(self, sources: Any, path: str) -> list[Source]:
        result = []
        for i, raw in enumerate(_sequence(sources or [], path)):
            raw = _mapping(raw, f"{path}[{i}]")
            doc = raw.get("doc")
            if doc not in self.documents:
                raise CatalogueError(
                    f"{path}[{i}].doc", f"{doc!r} is not a document of this version"
                )
            result.append(
                Source(
                    doc=doc,
                    article=_opt_str(raw.get("article")),
                    clause=_opt_str(raw.get("clause")),
                    point=_opt_str(raw.get("point")),
                    note=raw.get("note"),
                    status=_status(raw.get("status", VERIFIED), f"{path}[{i}].status"),
                )
            )
        return result

    def _award(self, raw: Any, path: str) -> Award:
        raw = _mapping(raw, path)
        code = _text(raw, "code", path)
        recipient = raw.get("recipient")
        if recipient not in RECIPIENTS_VI:
            raise CatalogueError(f"{path}.recipient", f"{recipient!r} is not a recipient kind")
        kind = raw.get("kind")
        if kind not in KINDS_VI:
            raise CatalogueError(f"{path}.kind", f"{kind!r} is not an award kind")
        config = {}
        for key, entry in _mapping(raw.get("config", {}), f"{path}.config").items():
            here = f"{path}.config.{key}"
            entry = _mapping(entry, here)
            config[key] = ConfigValue(
                key=key,
                value=entry.get("value"),
                status=_status(entry.get("status", VERIFIED), f"{here}.status"),
                source=self._source_text(entry.get("source"), f"{here}.source"),
                note=entry.get("note", ""),
            )
        exclusions = dict(_mapping(raw.get("exclusions", {}), f"{path}.exclusions"))
        for kind_key, config_key in exclusions.items():
            if config_key not in config:
                raise CatalogueError(f"{path}.exclusions.{kind_key}", f"no config {config_key!r}")
        attestations = {
            k: tuple(v)
            for k, v in _mapping(raw.get("attestations", {}), f"{path}.attestations").items()
        }
        criteria = tuple(
            self._criterion(c, f"{path}.criteria[{i}]")
            for i, c in enumerate(_sequence(raw.get("criteria", []), f"{path}.criteria"))
        )
        return Award(
            code=code,
            name_vi=_text(raw, "name_vi", path),
            kind=kind,
            recipient=recipient,
            level=raw.get("level", ""),
            status=_status(raw.get("status", VERIFIED), f"{path}.status"),
            source=self._source_text(raw.get("source"), f"{path}.source"),
            note=raw.get("note", ""),
            attestations=attestations,
            criteria=criteria,
            config=config,
            exclusions=exclusions,
        )

    def _criterion(self, raw: Any, path: str, inherited: str = "") -> Criterion:
        raw = _mapping(raw, path)
        # An alternative without its own citation rests on its group's.
        source = self._source_text(raw.get("source"), f"{path}.source") or inherited
        items = tuple(
            self._criterion(c, f"{path}.items[{i}]", source)
            for i, c in enumerate(_sequence(raw.get("items", []), f"{path}.items"))
        )
        return Criterion(
            rule=_text(raw, "rule", path),
            type=_text(raw, "type", path),
            label=raw.get("label", raw["rule"]),
            source=source,
            status=_status(raw.get("status", VERIFIED), f"{path}.status"),
            note=raw.get("note", ""),
            items=items,
        )

    def raw_award(self, code: str) -> dict:
        """The stored dict of one award (criteria parameters included)."""
        for raw in self._data["awards"]:
            if raw["code"] == code:
                return raw
        raise KeyError(code)


# -------------------------------------------------------------------- selection


def select_version(versions: Iterable[Catalogue], as_of: date) -> Catalogue:
    """The version in force on `as_of`: the latest `effective_from` not after it.

    Versions whose `effective_to` is before `as_of` are skipped; of two versions with the same
    `effective_from`, the later one in `versions` wins (an administrator's correction).
    """
    chosen = None
    for version in versions:
        if version.in_force_on(as_of) and (
            chosen is None or version.effective_from >= chosen.effective_from
        ):
            chosen = version
    if chosen is None:
        raise LookupError(f"no catalogue version is in force on {as_of.isoformat()}")
    return chosen


@cache
def load_builtin() -> tuple[Catalogue, ...]:
    """The built-in versions, oldest first (composed and compiled once per process)."""
    return tuple(Catalogue(data) for data in builtin_version_dicts())


def builtin_version_dicts() -> list[dict[str, Any]]:
    base = _read_json("base.json")
    headers = sorted(_read_json("versions.json"), key=lambda h: h["effective_from"])
    result = []
    for i, header in enumerate(headers):
        nxt = headers[i + 1]["effective_from"] if i + 1 < len(headers) else None
        effective_to = (date.fromisoformat(nxt) - timedelta(days=1)).isoformat() if nxt else None
        result.append(compose_version(base, header, effective_to))
    return result


@cache
def builtin_award_codes() -> frozenset[str]:
    return frozenset(code for version in load_builtin() for code in version.awards)


def compose_version(
    base: Mapping[str, Any], header: Mapping[str, Any], effective_to: str | None = None
) -> dict[str, Any]:
    """Resolve the dated values of `base` at the header's effective date into a full version."""
    day = date.fromisoformat(header["effective_from"])
    documents = base["documents"]
    recheck = header.get("recheck", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            if "dated" in node:
                valid = [alt for alt in node["dated"] if _valid_on(alt, day)]
                if not valid:
                    return None
                chosen = {k: v for k, v in valid[0].items() if k not in ("valid_from", "valid_to")}
                return resolve(chosen)
            out = {}
            for key, value in node.items():
                if key == "source":
                    value = [s for s in value if _doc_in_force(documents[s["doc"]], day)]
                out[key] = resolve(value)
            return out
        if isinstance(node, list):
            return [resolve(x) for x in node if not isinstance(x, dict) or _valid_on(x, day)]
        return node

    awards = []
    for raw in base["awards"]:
        award = resolve(raw)
        award["config"] = {k: v for k, v in award.get("config", {}).items() if v is not None}
        _settle_status(award, documents, recheck)
        for entry in award["config"].values():
            _settle_status(entry, documents, recheck)
        for criterion in award.get("criteria", []):
            _settle_criterion(criterion, documents, recheck)
        awards.append(award)
    principles = {k: resolve(v) for k, v in base["principles"].items()}
    for principle in principles.values():
        _settle_status(principle, documents, recheck)
    return {
        "version": header["version"],
        "title_vi": header.get("title_vi", header["version"]),
        "effective_from": header["effective_from"],
        "effective_to": effective_to,
        "warnings": list(header.get("warnings", [])),
        "documents": copy.deepcopy(documents),
        "principles": principles,
        "interpretations": copy.deepcopy(base.get("interpretations", [])),
        "awards": awards,
    }


def _settle_criterion(node: dict, documents: Mapping, recheck: Mapping) -> None:
    _settle_status(node, documents, recheck)
    for item in node.get("items", []):
        _settle_criterion(item, documents, recheck)


def _settle_status(node: dict, documents: Mapping, recheck: Mapping[str, str]) -> None:
    """Mark a node unverified when any of its sources is, or its document awaits a re-check."""
    status = node.get("status", VERIFIED)
    notes = [node["note"]] if node.get("note") else []
    for source in node.get("source", []):
        doc = documents[source["doc"]]
        if source.get("status", VERIFIED) != VERIFIED or doc.get("status", VERIFIED) != VERIFIED:
            status = UNVERIFIED
        if source["doc"] in recheck:
            status = UNVERIFIED
            if recheck[source["doc"]] not in notes:
                notes.append(recheck[source["doc"]])
    node["status"] = status
    if notes:
        node["note"] = " ".join(notes)


def _valid_on(node: Mapping, day: date) -> bool:
    start, end = node.get("valid_from"), node.get("valid_to")
    return (start is None or date.fromisoformat(start) <= day) and (
        end is None or day <= date.fromisoformat(end)
    )


def _doc_in_force(doc: Mapping, day: date) -> bool:
    start, end = doc.get("in_force_from"), doc.get("in_force_to")
    return (start is None or date.fromisoformat(start) <= day) and (
        end is None or day <= date.fromisoformat(end)
    )


def _read_json(name: str) -> Any:
    return json.loads(resources.files(__package__).joinpath("data", name).read_text("utf-8"))


# -------------------------------------------------------------------- validation helpers


def _mapping(value: Any, path: str) -> Mapping:
    if not isinstance(value, Mapping):
        raise CatalogueError(path, "must be an object")
    return value


def _sequence(value: Any, path: str) -> Sequence:
    if not isinstance(value, list):
        raise CatalogueError(path, "must be a list")
    return value


def _text(raw: Mapping, key: str, path: str = "") -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value:
        raise CatalogueError(f"{path}.{key}" if path else key, "is required (text)")
    return value


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _status(value: Any, path: str) -> str:
    if value not in STATUSES:
        raise CatalogueError(path, f"{value!r} is not a status ({', '.join(STATUSES)})")
    return value


def _iso(value: Any, path: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise CatalogueError(path, f"{value!r} is not a date (YYYY-MM-DD)") from None
