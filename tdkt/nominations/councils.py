"""Councils per unit and term: what a unit's council may decide (the catalogue's authority
matrix, `tdkt.rules.authority`), the council in term on a day, and its rules — the quorum and
each award's approval threshold — with where each comes from.

Read-only helpers; state changes are in services/council.py (which re-exports these).

Thresholds, in order: the council's own rule (`CouncilThreshold`, with the regulation the unit
entered) → a confirmed value of the catalogue version in force ("theo Nghị định …") → not
regulated: the tally then uses the configured fallback (`config.award_config`) and every
screen and the minutes say "chưa quy định", never a developer's status.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q

from tdkt.rules import VERIFIED, load_builtin, select_version
from tdkt.rules.authority import UnitAuthority, unit_authority

from .config import DENOMINATORS, award_config, catalogue_for
from .models import Council, CouncilMember, CouncilThreshold, Denominator

MINISTRY_CODE = "BTP"
MINISTRY_COUNCIL_NAME = "Hội đồng Thi đua - Khen thưởng Bộ Tư pháp"

# Where a threshold comes from.
FROM_COUNCIL = "council"  # the unit's own regulation
FROM_CATALOGUE = "catalogue"  # a confirmed legal text of the catalogue version in force
UNSET = "unset"  # not regulated: a fallback is applied and said so

DENOMINATOR_PHRASE = {
    Denominator.ALL: "tổng số thành viên Hội đồng",
    Denominator.PRESENT: "số thành viên Hội đồng có mặt",
}


# --- authority -----------------------------------------------------------------------------


def _matrix_for(catalogue, day):
    if catalogue.has_unit_kind_matrix:
        return None
    try:
        return select_version(load_builtin(), day)
    except LookupError:
        return load_builtin()[-1]


def authority_for(unit, award_code: str, on_date: datetime.date) -> UnitAuthority:
    """What `unit`'s council may do with `award_code` on `on_date`: `.decides` (its head
    decides), `.proposes_only` (it only proposes to the level above), else not at all;
    `.reason_vi`, `.source_vi`, `.message_vi` say why and on which text."""
    catalogue = catalogue_for(on_date)
    return unit_authority(catalogue, unit.kind, award_code, matrix=_matrix_for(catalogue, on_date))


def authorities_for(unit, on_date: datetime.date, award_codes=None) -> dict[str, UnitAuthority]:
    """`authority_for` of several awards (every award of the version by default) with one
    look-up of the catalogue version."""
    catalogue = catalogue_for(on_date)
    matrix = _matrix_for(catalogue, on_date)
    codes = list(catalogue.awards) if award_codes is None else list(award_codes)
    return {code: unit_authority(catalogue, unit.kind, code, matrix=matrix) for code in codes}


def require_decides(unit, award_code: str, on_date: datetime.date) -> UnitAuthority:
    """The authority when `unit`'s head decides `award_code`; else a ValidationError naming
    the rule and its source (a unit decision for an award above its authority)."""
    answer = authority_for(unit, award_code, on_date)
    if not answer.decides:
        raise ValidationError(f"{unit.name} không được quyết định khen thưởng này. "
                              f"{answer.message_vi}")
    return answer


def holds_council(unit, on_date: datetime.date) -> tuple[bool, str]:
    """(whether units of this kind hold a council on `on_date`, the reason if not)."""
    catalogue = catalogue_for(on_date)
    matrix = _matrix_for(catalogue, on_date) or catalogue
    kind = matrix.unit_kind_authority(unit.kind)
    if kind is not None and kind.holds_council:
        return True, ""
    # The same wording as for any award (not allowed), without naming one.
    answer = unit_authority(matrix, unit.kind, next(iter(matrix.awards)))
    return False, f"{unit.name}: {answer.message_vi}"


# --- councils ------------------------------------------------------------------------------


def in_term(day: datetime.date) -> Q:
    return Q(term_start__lte=day) & (Q(term_end__isnull=True) | Q(term_end__gte=day))


def current_council(unit, on_date: datetime.date) -> Council | None:
    """The unit's council whose term covers `on_date` (the latest started, if several)."""
    return (Council.objects.filter(in_term(on_date), unit=unit)
            .order_by("-term_start", "-id").first())


def ministry_council(year: int, create: bool = True) -> Council | None:
    """The Ministry's sector council for `year` (the callers that still speak of "the council
    of year N"): the Ministry unit's council in term on 1 July of that year, or — created
    here — one whose term is that calendar year."""
    from tdkt.organisation.models import Unit

    ministry = Unit.objects.get(code=MINISTRY_CODE)
    council = current_council(ministry, datetime.date(year, 7, 1))
    if council is None and create:
        council = Council.objects.create(
            unit=ministry, name=MINISTRY_COUNCIL_NAME, term_start=datetime.date(year, 1, 1),
            term_end=datetime.date(year, 12, 31),
        )
    return council


def current_members(council):
    """The council's current seats (left_on empty)."""
    return CouncilMember.objects.filter(council=council, left_on__isnull=True)


def quorum_wording(council) -> str:
    """"2/3 tổng số thành viên Hội đồng, theo Quy chế …" or "…, chưa quy định"."""
    fraction = (f"{council.quorum_numerator}/{council.quorum_denominator} tổng số thành viên "
                "Hội đồng")
    if council.quorum_source.strip():
        return f"{fraction}, theo {council.quorum_source.strip()}"
    return f"tạm áp dụng {fraction} (chưa quy định)"


@dataclass(frozen=True)
class ThresholdRule:
    """The approval threshold a council applies to one award."""

    award: str
    award_vi: str
    percent: int
    denominator: str  # Denominator value
    source_vi: str  # the regulation or legal text; "" when not regulated
    status: str  # FROM_COUNCIL | FROM_CATALOGUE | UNSET

    @property
    def denominator_vi(self) -> str:
        return DENOMINATOR_PHRASE.get(self.denominator, DENOMINATOR_PHRASE[Denominator.ALL])

    @property
    def regulated(self) -> bool:
        return self.status != UNSET

    @property
    def value_vi(self) -> str:
        return f"{self.percent}% {self.denominator_vi}"

    @property
    def origin_vi(self) -> str:
        """"theo Quy chế …" or "chưa quy định"."""
        return f"theo {self.source_vi}" if self.regulated and self.source_vi else "chưa quy định"

    @property
    def wording_vi(self) -> str:
        """For screens: "80% tổng số thành viên Hội đồng, theo Quy chế …" or "Chưa quy định
        (tạm áp dụng 50% số thành viên Hội đồng có mặt)"."""
        if self.regulated:
            return f"{self.value_vi}, {self.origin_vi}"
        return f"Chưa quy định (tạm áp dụng {self.value_vi})"

    @property
    def sentence_vi(self) -> str:
        """For the minutes: the rule as a sentence."""
        base = (f"{self.award_vi}: đạt khi có từ {self.percent}% số phiếu đồng ý trở lên so "
                f"với {self.denominator_vi}")
        if self.regulated:
            return f"{base}, theo {self.source_vi}."
        return f"{base}; tỷ lệ này chưa được văn bản nào quy định, Hội đồng tạm áp dụng."


def council_threshold(council, award_code: str, on_date: datetime.date,
                      rows: dict | None = None, catalogue=None,
                      settings: dict | None = None) -> ThresholdRule:
    """The threshold `council` applies to `award_code` on `on_date`. `rows` (award code →
    CouncilThreshold), `catalogue` and `settings` (award code → AwardSetting) avoid queries
    per award when the caller has them (see council_thresholds)."""
    row = rows.get(award_code) if rows is not None else (
        CouncilThreshold.objects.filter(council=council, award_code=award_code).first()
        if council is not None else None)
    catalogue = catalogue or catalogue_for(on_date)
    name = catalogue.name(award_code)
    if row is not None:
        return ThresholdRule(award_code, name, row.percent, row.denominator, row.source.strip(),
                             FROM_COUNCIL)
    award = catalogue.awards.get(award_code)
    entry = award.config.get("vote_threshold") if award else None
    if (entry is not None and entry.status == VERIFIED and isinstance(entry.value, dict)
            and entry.value.get("percent") is not None and entry.source):
        denominator = DENOMINATORS.get(entry.value.get("denominator"), Denominator.ALL)
        return ThresholdRule(award_code, name, int(entry.value["percent"]), str(denominator),
                             entry.source, FROM_CATALOGUE)
    setting = settings.get(award_code) if settings is not None else None
    rule = award_config(award_code, on_date, catalogue=catalogue, setting=setting)
    return ThresholdRule(award_code, name, rule.threshold_percent, rule.denominator, "", UNSET)


def council_thresholds(council, award_codes, on_date: datetime.date) -> dict[str, ThresholdRule]:
    """Several awards at once (one query for the council's rows)."""
    from .models import AwardSetting

    codes = list(award_codes)
    rows = {} if council is None else {
        r.award_code: r for r in CouncilThreshold.objects.filter(council=council)}
    settings = {s.code: s for s in AwardSetting.objects.filter(code__in=codes)}
    catalogue = catalogue_for(on_date)
    return {code: council_threshold(council, code, on_date, rows=rows, catalogue=catalogue,
                                    settings=settings) for code in codes}
