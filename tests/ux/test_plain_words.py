"""Catalogue values and notes in words for people (issue 16 item 2)."""

from tdkt.eligibility.wording import config_label, config_value, plain


def test_open_status_reads_as_plain_words():
    assert plain("Ngưỡng theo NĐ 152/2025 chưa xác minh.") == (
        "Ngưỡng theo NĐ 152/2025 chưa đối chiếu với văn bản chính thức.")
    assert plain("Chưa được xác minh") == "Chưa đối chiếu với văn bản chính thức"
    assert plain(None) == "" and plain("") == ""


def test_catalogue_values_in_words():
    assert config_value(None) == config_value({"percent": None, "denominator": None}) == (
        "Chưa có quy định")
    assert config_value(True) == "Có" and config_value(False) == "Không"
    assert config_value({"male": 5, "female": 3}) == "nam 5, nữ 3"
    assert config_value({"percent": 50, "denominator": "present_members"}) == (
        "≥ 50% số thành viên có mặt")
    assert config_value("canh_cao") == "Cảnh cáo"
    assert config_value("HTTNV") == "Hoàn thành tốt nhiệm vụ"
    assert config_label("public_disclosure_working_days") == "Thời gian công khai (ngày làm việc)"
    assert config_label("some_new_key") == "Tham số khác"  # never the code
