"""Vietnamese wording shared by the explanations (`why`) of the checks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

SCOPE_VI = {"co_so": "cơ sở", "bo": "cấp Bộ", "toan_quoc": "toàn quốc"}
DISCIPLINE_VI = {
    "khien_trach": "khiển trách",
    "canh_cao": "cảnh cáo",
    "ha_bac_luong": "hạ bậc lương",
    "giang_chuc": "giáng chức",
    "cach_chuc": "cách chức",
    "buoc_thoi_viec": "buộc thôi việc",
}
METHOD_VI = {
    "regular": "thường xuyên",
    "thematic": "chuyên đề",
    "sudden": "đột xuất",
    "dedication": "cống hiến",
    "other": "khác",
}
POST_VI = {
    "head": "cấp trưởng",
    "deputy": "cấp phó",
    "minister": "Bộ trưởng",
    "deputy_minister": "Thứ trưởng",
}
GENDER_VI = {"male": "nam", "female": "nữ"}
MARK_VI = {True: "đạt", False: "không đạt", None: "cần xem xét"}


@lru_cache(maxsize=4096)  # sweeps format the same few dates of consideration again and again
def vi_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def at_least(rating: str) -> str:
    """'from HTTNV up' in Vietnamese; HTXSNV is the top so it reads as an exact requirement."""
    return "HTXSNV" if rating == "HTXSNV" else f"từ {rating} trở lên"


def years_text(years: Iterable[int]) -> str:
    """2021, 2022, 2023 -> '2021–2023'; gaps are listed: '2019, 2021–2023'."""
    years = sorted(set(years))
    if not years:
        return "(không có năm nào)"
    parts, start, prev = [], years[0], years[0]
    for y in years[1:] + [None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if y is not None:
            start = prev = y
    return ", ".join(parts)
