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

# What a requirement rests on (contract `basis`): the text states it; the sector's reading of a
# text that does not state it (a named parameter of the version, see `Reading`); not confirmed.
LAW = "law"
INTERPRETATION = "interpretation"
UNVERIFIED_BASIS = "unverified"
BASES = (LAW, INTERPRETATION, UNVERIFIED_BASIS)

DEFAULT_SETTER = "Mặc định của hệ thống"

# Who decides an award (Law 06/2022 arts. 77–80) and the Vietnamese names of the levels.
DECIDERS = ("unit_head_with_legal_status", "minister", "prime_minister", "president")


def basis_of(status: str, readings: Sequence[str] = ()) -> str:
    """The contract's `basis` of a requirement from its status and the readings it rests on."""
    if status != VERIFIED:
        return UNVERIFIED_BASIS
    return INTERPRETATION if readings else LAW

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
    readings: tuple[str, ...] = ()  # interpretation parameters its own parameters rest on


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
class Reading:
    """An interpretation parameter: the sector's reading of a text that does not state a
    requirement, switchable per catalogue version (`value`), with the text it reads."""

    key: str
    label: str
    value: bool
    default: bool
    source: str  # the article it reads, e.g. "Luật Thi đua, khen thưởng 2022, Điều 23"
    text: str  # what that text says (and does not say)
    when_true: str
    when_false: str
    set_by: str
    set_on: date | None
    awards: tuple[str, ...]
    note: str = ""

    @property
    def current(self) -> str:
        """The reading in force in this version, in words."""
        return self.when_true if self.value else self.when_false

    @property
    def is_default(self) -> bool:
        return self.value == self.default


@dataclass(slots=True, frozen=True)
class Proposer:
    code: str
    label: str


@dataclass(slots=True, frozen=True)
class Authority:
    """Who decides an award and through whom it is proposed (Law 06/2022 arts. 77–80, 83)."""

    award: str
    decider: str  # one of DECIDERS
    decider_label: str
    proposers: tuple[Proposer, ...]  # in order, from the unit upward
    source: str  # the article that gives the decider the power
    proposal_source: str  # the article on the proposal chain
    basis: str  # LAW when a confirmed text states the decider, else UNVERIFIED_BASIS
    note: str = ""

    @property
    def chain_vi(self) -> str:
        """"Hội đồng Thi đua – Khen thưởng đơn vị → … → Thủ tướng Chính phủ"."""
        return " → ".join([*(p.label for p in self.proposers), self.decider_label])

    def to_dict(self) -> dict[str, Any]:
        return {
            "award": self.award,
            "decider": self.decider,
            "decider_vi": self.decider_label,
            "proposers": [p.code for p in self.proposers],
            "chain_vi": self.chain_vi,
            "source": self.source,
            "proposal_source": self.proposal_source,
            "basis": self.basis,
        }


@dataclass(slots=True, frozen=True)
class UnitKindDecider:
    """A decider role a kind of unit holds, with the head who exercises it and the source."""

    decider: str  # one of DECIDERS
    head_vi: str  # "Giám đốc Sở Tư pháp"
    source: str
    basis: str  # LAW when every source is confirmed, else UNVERIFIED_BASIS


@dataclass(slots=True, frozen=True)
class UnitKindAuthority:
    """Whether a kind of unit (organisation UnitKind value) holds an emulation council and
    which decider roles its head holds (Law 06/2022 art. 80)."""

    kind: str
    label_vi: str
    holds_council: bool
    deciders: tuple[UnitKindDecider, ...] = ()
    note: str = ""

    def decider(self, code: str) -> UnitKindDecider | None:
        return next((d for d in self.deciders if d.decider == code), None)


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
        # Read before the awards: criteria and labels may choose by a reading.
        self.readings: dict[str, Reading] = {
            key: self._reading(key, raw)
            for key, raw in _mapping(
                d.get("interpretation_parameters", {}), "interpretation_parameters"
            ).items()
        }
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
        for key, reading in self.readings.items():
            for code in reading.awards:
                if code not in self.awards:
                    raise CatalogueError(
                        f"interpretation_parameters.{key}.awards", f"{code!r} is not an award"
                    )
        self._authority: dict[str, Authority] | None = (
            self._authorities(_mapping(d["authority"], "authority")) if "authority" in d else None
        )
        raw_kinds = d.get("authority", {}).get("unit_kinds") if "authority" in d else None
        self._unit_kinds: dict[str, UnitKindAuthority] | None = (
            None if raw_kinds is None else self._unit_kind_matrix(
                _mapping(raw_kinds, "authority.unit_kinds"), d["authority"].get("deciders", {}))
        )

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

    def reading(self, key: str) -> Reading:
        try:
            return self.readings[key]
        except KeyError:
            raise KeyError(f"{key!r} is not an interpretation of version {self.version}") from None

    def authority(self, code: str) -> Authority | None:
        """Who decides `code` and through whom it is proposed; None when the version has no
        row for it (versions stored before catalogue v2, awards an administrator added without
        one). KeyError for an award not in the version."""
        self.award(code)
        return None if self._authority is None else self._authority.get(code)

    def awards_decided_by(self, decider: str) -> list[str]:
        """The award codes that `decider` (one of DECIDERS) decides, in catalogue order."""
        if decider not in DECIDERS:
            raise ValueError(f"{decider!r} is not a decider ({', '.join(DECIDERS)})")
        if self._authority is None:
            return []
        return [code for code, a in self._authority.items() if a.decider == decider]

    def unit_kind_authority(self, kind: str) -> UnitKindAuthority | None:
        """Whether units of `kind` hold a council and what their heads decide; None when the
        version has no row for the kind, or no unit-kind matrix at all (see
        `has_unit_kind_matrix`)."""
        return None if self._unit_kinds is None else self._unit_kinds.get(kind)

    @property
    def has_unit_kind_matrix(self) -> bool:
        return self._unit_kinds is not None

    def authorities(self) -> list[Authority]:
        """The authority matrix in catalogue order (empty without one)."""
        return [] if self._authority is None else list(self._authority.values())

    def __repr__(self) -> str:
        return f"<Catalogue {self.version} from {self.effective_from}>"

    # ---------------------------------------------------------------- building

    def _reading(self, key: str, raw: Any) -> Reading:
        path = f"interpretation_parameters.{key}"
        raw = _mapping(raw, path)
        values = {}
        for name in ("value", "default"):
            if not isinstance(raw.get(name), bool):
                raise CatalogueError(f"{path}.{name}", "must be true or false")
            values[name] = raw[name]
        set_on = _iso(raw["set_on"], f"{path}.set_on") if raw.get("set_on") else None
        return Reading(
            key=key,
            label=_text(raw, "label_vi", path),
            value=values["value"],
            default=values["default"],
            source=self._source_text(raw.get("reads"), f"{path}.reads"),
            text=raw.get("text_vi", ""),
            when_true=_text(raw, "when_true_vi", path),
            when_false=_text(raw, "when_false_vi", path),
            set_by=raw.get("set_by") or DEFAULT_SETTER,
            set_on=set_on,
            awards=tuple(_sequence(raw.get("awards", []), f"{path}.awards")),
            note=raw.get("note", ""),
        )

    def choose(self, value: Any, path: str) -> Any:
        """`value`, or for `{"reading": key, "yes": A, "no": B}` A or B by the reading's value
        (`{"reading": key}` alone gives the value itself)."""
        if not (isinstance(value, Mapping) and "reading" in value):
            return value
        key = value["reading"]
        if key not in self.readings:
            raise CatalogueError(f"{path}.reading", f"{key!r} is not an interpretation parameter")
        if set(value) == {"reading"}:
            return self.readings[key].value
        if set(value) != {"reading", "yes", "no"}:
            raise CatalogueError(path, "a reading choice has exactly reading, yes and no")
        return value["yes"] if self.readings[key].value else value["no"]

    def _authorities(self, raw: Mapping) -> dict[str, Authority]:
        deciders = _mapping(raw.get("deciders", {}), "authority.deciders")
        proposers = _mapping(raw.get("proposers", {}), "authority.proposers")
        chains = _mapping(raw.get("chains", {}), "authority.chains")
        rows = _mapping(raw.get("awards", {}), "authority.awards")
        for code in deciders:
            if code not in DECIDERS:
                raise CatalogueError(f"authority.deciders.{code}", "is not a decider")
        result = {}
        for code in self.awards:  # in catalogue order; an award without a row has none
            path = f"authority.awards.{code}"
            if code not in rows:
                continue
            row = _mapping(rows[code], path)
            chain_key = row.get("chain")
            if chain_key not in chains:
                raise CatalogueError(f"{path}.chain", f"{chain_key!r} is not a chain")
            chain = _mapping(chains[chain_key], f"authority.chains.{chain_key}")
            decider = chain.get("decider")
            if decider not in deciders:
                raise CatalogueError(f"authority.chains.{chain_key}.decider", f"{decider!r}")
            listed = []
            for i, p in enumerate(_sequence(chain.get("proposers", []), f"{path}.proposers")):
                if p not in proposers:
                    raise CatalogueError(f"authority.chains.{chain_key}.proposers[{i}]", repr(p))
                listed.append(Proposer(p, proposers[p].get("label_vi", p)))
            # The award's own citation (e.g. a circular naming the Minister) replaces the
            # decider's general one.
            spec = row.get("source") or deciders[decider].get("source", [])
            sources = self._sources(spec, f"{path}.source")
            verified = any(
                s.status == VERIFIED
                and self.documents[s.doc].get("status", VERIFIED) == VERIFIED
                for s in sources
            )
            result[code] = Authority(
                award=code,
                decider=decider,
                decider_label=deciders[decider].get("label_vi", decider),
                proposers=tuple(listed),
                source="; ".join(s.text(self.documents) for s in sources),
                proposal_source=self._source_text(
                    chain.get("source"), f"authority.chains.{chain_key}.source"
                ),
                basis=LAW if verified else UNVERIFIED_BASIS,
                note=row.get("note", ""),
            )
        for code in rows:
            if code not in self.awards:
                raise CatalogueError(f"authority.awards.{code}", "is not an award of this version")
        return result

    def _unit_kind_matrix(self, raw: Mapping, deciders: Mapping) -> dict[str, UnitKindAuthority]:
        result = {}
        for kind, entry in raw.items():
            path = f"authority.unit_kinds.{kind}"
            if entry is None:  # a dated row with no alternative valid in this version
                continue
            entry = _mapping(entry, path)
            if not isinstance(entry.get("holds_council"), bool):
                raise CatalogueError(f"{path}.holds_council", "must be true or false")
            held = []
            for code, spec in _mapping(entry.get("deciders", {}), f"{path}.deciders").items():
                here = f"{path}.deciders.{code}"
                if code not in DECIDERS or code not in deciders:
                    raise CatalogueError(here, "is not a decider")
                spec = _mapping(spec, here)
                sources = self._sources(spec.get("source", []), f"{here}.source")
                verified = bool(sources) and all(
                    s.status == VERIFIED
                    and self.documents[s.doc].get("status", VERIFIED) == VERIFIED
                    for s in sources
                )
                held.append(UnitKindDecider(
                    decider=code,
                    head_vi=_text(spec, "head_vi", here),
                    source="; ".join(s.text(self.documents) for s in sources),
                    basis=LAW if verified else UNVERIFIED_BASIS,
                ))
            if held and not entry["holds_council"]:
                raise CatalogueError(f"{path}.deciders", "a unit without a council decides none")
            result[kind] = UnitKindAuthority(
                kind=kind,
                label_vi=_text(entry, "label_vi", path),
                holds_council=entry["holds_council"],
                deciders=tuple(held),
                note=entry.get("note", ""),
            )
        return result

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
        label = self.choose(raw.get("label", raw.get("rule")), f"{path}.label")
        return Criterion(
            rule=_text(raw, "rule", path),
            type=_text(raw, "type", path),
            label=label if isinstance(label, str) else raw.get("rule"),
            source=source,
            status=_status(raw.get("status", VERIFIED), f"{path}.status"),
            note=raw.get("note", ""),
            items=items,
            readings=tuple(
                dict.fromkeys(
                    v["reading"]
                    for k, v in raw.items()
                    if k != "items" and isinstance(v, Mapping) and "reading" in v
                )
            ),
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
    extra = {}
    if "interpretation_parameters" in base:
        extra["interpretation_parameters"] = copy.deepcopy(base["interpretation_parameters"])
    if "authority" in base:
        authority = resolve(base["authority"])
        for group in ("deciders", "chains", "awards"):
            for entry in authority.get(group, {}).values():
                for source in entry.get("source", []):
                    if source["doc"] in recheck:  # e.g. Law 06/2022 after 01/10/2026
                        source["status"] = UNVERIFIED
        for entry in authority.get("unit_kinds", {}).values():
            for spec in (entry or {}).get("deciders", {}).values():
                for source in spec.get("source", []):
                    if source["doc"] in recheck:
                        source["status"] = UNVERIFIED
        extra["authority"] = authority
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
        **extra,
    }


def set_readings(
    data: Mapping[str, Any],
    values: Mapping[str, bool],
    set_by: str,
    set_on: date | None = None,
) -> dict[str, Any]:
    """A copy of version dict `data` with interpretation parameters set to `values`
    (key -> bool), each changed one recording who set it and when. Validates the result."""
    out = copy.deepcopy(dict(data))
    params = out.get("interpretation_parameters") or {}
    for key, value in values.items():
        if key not in params:
            raise CatalogueError(f"interpretation_parameters.{key}", "is not a parameter")
        if not isinstance(value, bool):
            raise CatalogueError(f"interpretation_parameters.{key}", "must be true or false")
        if params[key].get("value") != value:
            params[key]["value"] = value
            params[key]["set_by"] = set_by
            params[key]["set_on"] = set_on.isoformat() if set_on else None
    Catalogue.from_dict(out)
    return out


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
