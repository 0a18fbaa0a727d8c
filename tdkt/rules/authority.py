"""What a unit's emulation council may do with an award: decide it (its head signs the
decision), only propose it to the level above, or nothing (the unit holds no council).

Pure Python (no Django): the catalogue's authority matrix says who decides each award (Law
06/2022 arts. 77–80) and, per kind of unit (`authority.unit_kinds`), whether units of that kind
hold a council and which decider roles their heads hold. The web application wraps this in
`tdkt.nominations.services.council.authority_for(unit, award_code, on_date)`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .catalogue import LAW, UNVERIFIED_BASIS, Catalogue, load_builtin, select_version

DECIDES = "decides"
PROPOSES = "proposes"
NOT_ALLOWED = "not_allowed"
OUTCOMES = (DECIDES, PROPOSES, NOT_ALLOWED)
OUTCOMES_VI = {
    DECIDES: "Quyết định khen thưởng",
    PROPOSES: "Chỉ xét, đề nghị cấp trên",
    NOT_ALLOWED: "Không có thẩm quyền xét",
}
COUNCIL_VI = "Hội đồng Thi đua – Khen thưởng"


@dataclass(frozen=True, slots=True)
class UnitAuthority:
    """The answer for one (kind of unit, award, version)."""

    outcome: str  # one of OUTCOMES
    award: str
    award_vi: str
    unit_kind: str
    reason_vi: str  # a sentence naming the rule
    source_vi: str  # where it comes from ("Luật Thi đua, khen thưởng 2022, Điều 80, khoản 1")
    basis: str  # LAW when every source is confirmed, else UNVERIFIED_BASIS
    decider_vi: str = ""  # who decides the award ("Bộ trưởng Bộ Tư pháp")
    chain_vi: str = ""  # the proposal chain up to the decider
    catalogue_version: str = ""

    @property
    def decides(self) -> bool:
        return self.outcome == DECIDES

    @property
    def proposes_only(self) -> bool:
        return self.outcome == PROPOSES

    @property
    def may_consider(self) -> bool:
        """The council may put the award on its agenda (to decide or to propose)."""
        return self.outcome in (DECIDES, PROPOSES)

    @property
    def outcome_vi(self) -> str:
        return OUTCOMES_VI[self.outcome]

    @property
    def message_vi(self) -> str:
        """The reason with its source, as one sentence for an error message."""
        return f"{self.reason_vi} (căn cứ: {self.source_vi})." if self.source_vi \
            else f"{self.reason_vi}."


def _join(*parts: str) -> str:
    return "; ".join(dict.fromkeys(p for p in parts if p))


def unit_authority(catalogue: Catalogue, unit_kind: str, award_code: str,
                   matrix: Catalogue | None = None) -> UnitAuthority:
    """Decide for one kind of unit and award in `catalogue`. `matrix` is the version whose
    unit-kind matrix to use when `catalogue` has none (versions stored before it existed)."""
    version = catalogue.version
    award = catalogue.awards.get(award_code)
    if award is None:
        return UnitAuthority(
            NOT_ALLOWED, award_code, award_code, unit_kind,
            f"“{award_code}” không có trong danh mục danh hiệu, hình thức khen thưởng "
            f"({catalogue.title_vi})", "", UNVERIFIED_BASIS, catalogue_version=version)
    name = award.name_vi
    authority = catalogue.authority(award_code)
    if authority is None:
        return UnitAuthority(
            NOT_ALLOWED, award_code, name, unit_kind,
            f"Danh mục ({catalogue.title_vi}) chưa ghi thẩm quyền quyết định tặng {name}",
            "", UNVERIFIED_BASIS, catalogue_version=version)
    kinds = catalogue if catalogue.has_unit_kind_matrix or matrix is None else matrix
    kind = kinds.unit_kind_authority(unit_kind)
    law80 = "Luật Thi đua, khen thưởng 2022, Điều 80"
    if kind is None or not kind.holds_council:
        label = kind.label_vi if kind else "Loại đơn vị này"
        reason = (f"{label} không tổ chức {COUNCIL_VI} xét khen thưởng: chỉ Thủ trưởng cơ quan, "
                  f"đơn vị có tư cách pháp nhân quyết định khen thưởng theo thẩm quyền")
        if kind is not None and kind.note:
            reason += f". {kind.note.rstrip('.')}"
        return UnitAuthority(
            NOT_ALLOWED, award_code, name, unit_kind, reason, law80, LAW,
            decider_vi=authority.decider_label, chain_vi=authority.chain_vi,
            catalogue_version=version)
    held = kind.decider(authority.decider)
    if held is not None:
        basis = LAW if held.basis == LAW and authority.basis == LAW else UNVERIFIED_BASIS
        return UnitAuthority(
            DECIDES, award_code, name, unit_kind,
            f"{held.head_vi} quyết định tặng {name} trên cơ sở kết quả xét của {COUNCIL_VI} "
            f"{kind.label_vi}",
            held.source or authority.source, basis,
            decider_vi=held.head_vi, chain_vi=authority.chain_vi, catalogue_version=version)
    return UnitAuthority(
        PROPOSES, award_code, name, unit_kind,
        f"{name} do {authority.decider_label} quyết định; {COUNCIL_VI} {kind.label_vi} chỉ "
        f"xét, đề nghị cấp trên khen thưởng ({authority.chain_vi})",
        _join(authority.source, authority.proposal_source), authority.basis,
        decider_vi=authority.decider_label, chain_vi=authority.chain_vi,
        catalogue_version=version)


def unit_authority_on(unit_kind: str, award_code: str, day: date,
                      versions: Iterable[Catalogue] | None = None) -> UnitAuthority:
    """The same for the version in force on `day` (built-in versions unless given)."""
    versions = tuple(versions) if versions is not None else load_builtin()
    catalogue = select_version(versions, day)
    fallback = None
    if not catalogue.has_unit_kind_matrix:
        fallback = select_version(load_builtin(), day)
    return unit_authority(catalogue, unit_kind, award_code, matrix=fallback)


def council_awards(catalogue: Catalogue, unit_kind: str) -> dict[str, list[str]]:
    """The award codes a council of `unit_kind` decides and those it only proposes."""
    out: dict[str, list[str]] = {DECIDES: [], PROPOSES: []}
    for code in catalogue.awards:
        outcome = unit_authority(catalogue, unit_kind, code).outcome
        if outcome in out:
            out[outcome].append(code)
    return out
