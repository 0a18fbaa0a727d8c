"""Per-award rules the workflow needs, merged from the catalogue version in force
(tdkt.rules) and the editable `AwardSetting` table.

Precedence for each value: a *verified* catalogue value → the department's setting →
an unverified catalogue value → a built-in default. Values that are not verified are
listed in `unverified`; screens say so in plain words (`AwardRule.open_note`).

Seam: when the eligibility app stores catalogue versions in the database, replace
`catalogue_for()` with its selector (the rest stays).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from tdkt.documents.legal import decision_bases
from tdkt.rules import UNVERIFIED, VERIFIED, load_builtin, select_version

from .models import AwardSetting, Denominator, DocKind

DEFAULT_DISCLOSURE_DAYS = 10
DEFAULT_THRESHOLD = 50
CSTD_CODES = ("chien_si_thi_dua_co_so", "chien_si_thi_dua_cap_bo", "chien_si_thi_dua_toan_quoc")
DENOMINATORS = {"all_members": Denominator.ALL, "present_members": Denominator.PRESENT,
                "all": Denominator.ALL, "present": Denominator.PRESENT}


def catalogue_for(day: datetime.date):
    """The catalogue version in force on `day`: the eligibility app's versions (built-in
    plus those administrators added) when available, else the built-in ones."""
    try:
        from tdkt.eligibility.catalogue import version_in_force
    except ImportError:  # pragma: no cover - eligibility app not built yet
        version_in_force = None
    try:
        if version_in_force is not None:
            return version_in_force(day)
        return select_version(load_builtin(), day)
    except (LookupError, ValueError):
        return load_builtin()[-1]


@dataclass
class AwardRule:
    code: str
    name: str
    level: str
    recipient: str
    is_title: bool
    disclosure_required: bool
    disclosure_days: int
    threshold_percent: int
    denominator: str
    dossier: list[str]
    catalogue_version: str
    unverified: list[str] = field(default_factory=list)
    legal_bases: list[str] = field(default_factory=list)
    from_setting: bool = False

    @property
    def open_note(self) -> str:
        """The values no checked legal text fixes, with where they come from, in plain words:
        "Công khai, ngưỡng biểu quyết: chưa có quy định đã đối chiếu; áp dụng theo cấu hình
        của Thường trực Hội đồng TĐKT." ("" when every value rests on a checked text)."""
        if not self.unverified:
            return ""
        points = ", ".join(self.unverified)
        source = ("cấu hình của Thường trực Hội đồng TĐKT" if self.from_setting
                  else "mặc định của hệ thống")
        return (f"{points[0].upper()}{points[1:]}: chưa có quy định đã đối chiếu với văn bản "
                f"chính thức; áp dụng theo {source}.")

    @property
    def denominator_label(self) -> str:
        return Denominator(self.denominator).label

    @property
    def dossier_labels(self) -> list[str]:
        return [DocKind(d).label for d in self.dossier if d in DocKind.values]

    def required_docs(self, simplified: bool = False) -> list[str]:
        if simplified:
            return [DocKind.TO_TRINH, DocKind.TOM_TAT]
        return list(self.dossier)


def default_dossier(code: str, is_title: bool, ballot: bool) -> list[str]:
    """Luật TĐKT 2022 Điều 84 khoản 1 (titles) and khoản 2 (forms)."""
    if is_title:
        docs = [DocKind.TO_TRINH, DocKind.BAO_CAO, DocKind.BIEN_BAN_BINH_XET]
        if code in CSTD_CODES:
            docs.append(DocKind.SANG_KIEN)
        return docs
    return [DocKind.TO_TRINH, DocKind.BAO_CAO, DocKind.BIEN_BAN_XET_KT]


def _pick(label, entry, setting_value, default, unverified):
    """Verified catalogue → setting → unverified catalogue → default."""
    if entry is not None and entry.value is not None and entry.status == VERIFIED:
        return entry.value
    unverified.append(label)
    if setting_value not in (None, ""):
        return setting_value
    if entry is not None and entry.value is not None:
        return entry.value
    return default


def award_config(code: str, day: datetime.date | None = None, setting=None,
                 catalogue=None) -> AwardRule:
    day = day or datetime.date.today()
    catalogue = catalogue or catalogue_for(day)
    award = catalogue.awards.get(code)
    if setting is None:
        setting = AwardSetting.objects.filter(code=code).first()
    unverified: list[str] = []
    config = award.config if award else {}
    level = award.level if award else (setting.level if setting else "")
    is_title = (award.kind == "emulation_title") if award else (
        bool(setting) and setting.kind == "title")
    disclosure_required = _pick(
        "công khai", config.get("public_disclosure_required"),
        setting.disclosure_required if setting else None, level == "nha_nuoc", unverified,
    )
    days = _pick(
        "số ngày công khai", config.get("public_disclosure_working_days"),
        setting.disclosure_working_days if setting else None, DEFAULT_DISCLOSURE_DAYS, [],
    )
    threshold_entry = config.get("vote_threshold")
    percent = denominator = None
    if threshold_entry is not None and isinstance(threshold_entry.value, dict):
        percent = threshold_entry.value.get("percent")
        denominator = threshold_entry.value.get("denominator")
    if percent is not None and threshold_entry.status == VERIFIED:
        threshold = int(percent)
        denominator = DENOMINATORS.get(denominator, Denominator.ALL)
    else:
        unverified.append("ngưỡng biểu quyết")
        if setting and setting.vote_threshold_percent is not None:
            threshold = setting.vote_threshold_percent
            denominator = setting.vote_denominator or Denominator.ALL
        elif percent is not None:
            threshold = int(percent)
            denominator = DENOMINATORS.get(denominator, Denominator.ALL)
        else:
            threshold, denominator = DEFAULT_THRESHOLD, Denominator.PRESENT
    ballot = bool(config.get("ballot_required") and config["ballot_required"].value)
    dossier = list(setting.dossier) if setting and setting.dossier else default_dossier(
        code, is_title, ballot)
    if level == "co_so" and not (setting and setting.dossier):
        unverified.append("thành phần hồ sơ")  # set by the Ministry's circular (NĐ 152 Điều 6)
    if setting and setting.status == UNVERIFIED and not unverified:
        unverified.append("cấu hình")
    bases = decision_bases(catalogue.documents_in_force())  # full number and name
    return AwardRule(
        code=code,
        name=(award.name_vi if award else (setting.name if setting else code)),
        level=level,
        recipient=award.recipient if award else (setting.recipient if setting else ""),
        is_title=is_title,
        disclosure_required=bool(disclosure_required),
        disclosure_days=int(days),
        threshold_percent=int(threshold),
        denominator=str(denominator),
        dossier=[str(d) for d in dossier],
        catalogue_version=catalogue.version,
        unverified=unverified,
        legal_bases=bases,
        from_setting=setting is not None,
    )


def award_configs(codes, day: datetime.date | None = None) -> dict[str, AwardRule]:
    """Several at once: one settings query."""
    day = day or datetime.date.today()
    catalogue = catalogue_for(day)
    settings = {s.code: s for s in AwardSetting.objects.filter(code__in=list(codes))}
    return {
        c: award_config(c, day, setting=settings.get(c), catalogue=catalogue) for c in codes
    }


def award_choices(codes=None, day: datetime.date | None = None) -> list[tuple[str, str]]:
    """(code, name) of the catalogue's awards (optionally limited to `codes`)."""
    catalogue = catalogue_for(day or datetime.date.today())
    names = {code: a.name_vi for code, a in catalogue.awards.items()}
    for s in AwardSetting.objects.all():
        names.setdefault(s.code, s.name)
    wanted = codes if codes is not None else list(names)
    return [(c, names.get(c, c)) for c in wanted]


def award_name(code: str) -> str:
    return catalogue_for(datetime.date.today()).name(code)


def passes(agree: int, base: int, threshold_percent: int) -> bool:
    """Agree votes reach `threshold_percent` of `base` (exact integer arithmetic)."""
    return base > 0 and agree * 100 >= threshold_percent * base
