"""The catalogue versions in use: the built-in ones from tdkt.rules plus the versions
administrators added in the database. One Evaluator is kept per set of versions."""

from datetime import date
from functools import lru_cache

from tdkt.rules import Catalogue, Evaluator, load_builtin

from .models import CatalogueVersion

# Awards a year-end sweep considers (the due list); other forms go through rounds.
INDIVIDUAL_AWARDS = (
    "lao_dong_tien_tien",
    "chien_si_thi_dua_co_so",
    "chien_si_thi_dua_cap_bo",
    "chien_si_thi_dua_toan_quoc",
    "bang_khen_bo_truong_bo_tu_phap",
    "bang_khen_thu_tuong",
    "huan_chuong_lao_dong_hang_ba",
    "ky_niem_chuong_vi_su_nghiep_tu_phap",
    "huan_chuong_lao_dong_hang_nhi",
    "huan_chuong_lao_dong_hang_nhat",
)
COLLECTIVE_AWARDS = (
    "tap_the_lao_dong_tien_tien",
    "tap_the_lao_dong_xuat_sac",
    "co_thi_dua_nganh_tu_phap",
    "co_thi_dua_chinh_phu",
    "bang_khen_bo_truong_bo_tu_phap_tap_the",
    "bang_khen_thu_tuong_tap_the",
    "huan_chuong_lao_dong_hang_ba_tap_the",
    "huan_chuong_lao_dong_hang_nhi_tap_the",
    "huan_chuong_lao_dong_hang_nhat_tap_the",
)


def _db_state() -> tuple:
    # Ids alone could be reused (SQLite after a rolled-back insert): the creation time too.
    return tuple(CatalogueVersion.objects.order_by("id").values_list("id", "created_at"))


@lru_cache(maxsize=4)
def _evaluator_for(state: tuple) -> Evaluator:
    added = [
        Catalogue.from_dict(data)
        for data in CatalogueVersion.objects.filter(id__in=[pk for pk, _ in state])
        .order_by("id")
        .values_list("data", flat=True)
    ]
    return Evaluator([*load_builtin(), *added])


def evaluator() -> Evaluator:
    """An evaluator over every version; rebuilt only when administrators add a version."""
    return _evaluator_for(_db_state())


def version_in_force(day: date) -> Catalogue:
    return evaluator().version_for(day)


def all_versions() -> list[tuple[Catalogue, bool]]:
    """(version, added_by_administrator) in order of effective date."""
    builtin = {v.version for v in load_builtin()}
    return sorted(
        ((v, v.version not in builtin) for v in evaluator().versions),
        key=lambda pair: pair[0].effective_from,
    )


def default_as_of(year: int) -> date:
    """The contract's default date of consideration: 31 January of the following year."""
    return date(year + 1, 1, 31)


# The checks every award shares (built by the engine, not listed among an award's criteria).
COMMON_CHECK_LABELS = {
    "subject_kind": "Đối tượng xét tặng",
    "no_pending_proceedings": "Không có vụ việc đang xem xét",
    "discipline": "Kỷ luật",
    "rating_floor": "Không bị xếp loại không hoàn thành nhiệm vụ",
    "registered": "Đăng ký thi đua",
    "attested": "Đơn vị xác nhận tiêu chuẩn định tính",
}


def check_labels(catalogue: Catalogue, award_code: str) -> dict[str, str]:
    """rule -> the Vietnamese name of the check, for showing a verdict's checks."""
    labels = dict(COMMON_CHECK_LABELS)
    award = catalogue.awards.get(award_code)
    stack = list(award.criteria) if award else []
    while stack:
        criterion = stack.pop()
        labels[criterion.rule] = criterion.label
        stack.extend(criterion.items)
    for kind in award.exclusions if award else ():
        labels[f"exclusion_{kind}"] = f"Loại trừ theo cấu hình ({kind})"
    return labels
