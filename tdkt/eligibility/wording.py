"""Catalogue values in words for people (issue 16 item 2): parameter names, values and the
status of a value whose legal basis is open, never the catalogue's codes.

The catalogue's own notes were written by the people who compiled it ("… chưa xác minh");
`plain()` shows their status in the words an officer reads everywhere else."""

import re

# A value or criterion not yet checked against the official text of its source.
OPEN = "Chưa đối chiếu văn bản chính thức"
OPEN_TITLE = ("Giá trị đang áp dụng chưa được đối chiếu với văn bản chính thức của căn cứ "
              "ghi bên cạnh")
# A parameter no text fixes (the catalogue holds no value).
NO_RULE = "Chưa có quy định"

CONFIG_LABELS = {
    "ballot_required": "Phải bỏ phiếu khi bình xét",
    "cap_percent": "Tỷ lệ tối đa được xét tặng (%)",
    "recruitment_min_months": "Thời gian công tác tối thiểu của người mới tuyển dụng (tháng)",
    "absence_max_months": "Thời gian nghỉ tối đa trong năm (tháng)",
    "discipline_excludes_at_or_above": "Hình thức kỷ luật từ mức này trở lên thì không xét",
    "public_disclosure_required": "Phải công khai danh sách trước khi quyết định",
    "public_disclosure_working_days": "Thời gian công khai (ngày làm việc)",
    "vote_threshold": "Tỷ lệ phiếu đồng ý tối thiểu",
    "appraisal_working_days_commune": "Thời hạn thẩm định hồ sơ cấp xã (ngày làm việc)",
    "name_justice": "Tên gọi trong ngành Tư pháp",
    "members_ldtt_min_percent": "Tỷ lệ tối thiểu thành viên đạt Lao động tiên tiến (%)",
    "members_discipline_bar": "Thành viên bị kỷ luật từ mức này thì tập thể không được xét",
    "thematic_movement_min_years": "Thời gian tối thiểu của phong trào theo chuyên đề (năm)",
    "prerequisite_after_last_conferral": "Khen thưởng làm điều kiện phải sau lần khen gần nhất",
    "extra_htxsnv_years": "Số năm hoàn thành xuất sắc nhiệm vụ thêm",
    "long_service_tenure_head": "Thời gian giữ chức vụ cấp trưởng (năm)",
    "women_tenure_reduction": "Thời gian giảm cho nữ (năm)",
    "tenure_head": "Thời gian giữ chức vụ cấp trưởng (năm)",
    "tenure_deputy": "Thời gian giữ chức vụ cấp phó (năm)",
    "tenure_head_transferred": "Thời gian giữ chức vụ cấp trưởng khi điều động (năm)",
    "tenure_deputy_transferred": "Thời gian giữ chức vụ cấp phó khi điều động (năm)",
    "posthumous_allowed": "Được truy tặng",
    "run_years": "Số năm liên tục",
    "run_min_rating": "Xếp loại tối thiểu trong các năm liên tục",
}
GENDERS = {"male": "nam", "female": "nữ"}
DENOMINATORS = {"all_members": "tổng số thành viên", "present_members": "số thành viên có mặt",
                "all": "tổng số thành viên", "present": "số thành viên có mặt"}

_UNVERIFIED = re.compile(r"(chưa (?:được )?xác minh)", re.IGNORECASE)


def config_label(key: str) -> str:
    return CONFIG_LABELS.get(key, "Tham số khác")


def config_value(value) -> str:
    """A catalogue value as a person reads it: "Có"/"Không", "nam 5, nữ 3", a rating's or a
    discipline form's name; "Chưa có quy định" for none."""
    from tdkt.history.models import DisciplineForm, Rating

    if value is None or value == "" or value == []:
        return NO_RULE
    if value is True:
        return "Có"
    if value is False:
        return "Không"
    if isinstance(value, dict):
        if not any(v is not None for v in value.values()):
            return NO_RULE
        if "percent" in value:
            base = DENOMINATORS.get(value.get("denominator"), "")
            return f"≥ {value['percent']}% {base}".strip()
        return ", ".join(f"{GENDERS.get(k, config_label(k))} {config_value(v)}"
                         for k, v in value.items())
    if isinstance(value, list | tuple):
        return " – ".join(config_value(v) for v in value)
    if isinstance(value, str):
        for choices in (Rating, DisciplineForm):
            if value in choices.values:
                return str(choices(value).label)
    return str(value)


def plain(text: str) -> str:
    """A compiler's note in plain words: "chưa xác minh" → "chưa đối chiếu văn bản chính
    thức" (the status an officer reads on every page)."""
    if not text:
        return "" if text is None else text

    def repl(match):
        word = "chưa đối chiếu với văn bản chính thức"
        return word[0].upper() + word[1:] if match.group(1)[0].isupper() else word

    return _UNVERIFIED.sub(repl, str(text))
