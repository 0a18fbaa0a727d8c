"""Header names and the place-date line break where an officer breaks them (issue 15)."""

import dataclasses
import datetime
import io
import zipfile

from tdkt.documents import services, word
from tdkt.documents.docx_builder import LEFT_COL, RIGHT_COL
from tdkt.documents.fit import CELL_MARGINS_PT, fit_lines, width_pt
from tdkt.documents.models import TemplateKind

LEFT_ROOM = LEFT_COL / 20 - CELL_MARGINS_PT
RIGHT_ROOM = RIGHT_COL / 20 - CELL_MARGINS_PT


def test_short_names_stay_on_one_line():
    assert fit_lines("UBND THÀNH PHỐ HÀ NỘI", LEFT_COL, 13) == "UBND THÀNH PHỐ HÀ NỘI"
    assert fit_lines("Hà Nội, ngày 15 tháng 12 năm 2026", RIGHT_COL, 14, "Italic",
                     prefer_comma=True) == "Hà Nội, ngày 15 tháng 12 năm 2026"


def test_city_name_is_never_split_and_ubnd_is_written_out_on_its_own_line():
    # One line, it is 200 pt in a 188 pt box: Word would print "… HỒ CHÍ" / "MINH".
    assert width_pt("UBND THÀNH PHỐ HỒ CHÍ MINH", 13) > LEFT_ROOM
    assert fit_lines("UBND THÀNH PHỐ HỒ CHÍ MINH", LEFT_COL, 13) == (
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH"
    )
    assert fit_lines("UBND TỈNH BÀ RỊA - VŨNG TÀU", LEFT_COL, 13) == (
        "ỦY BAN NHÂN DÂN\nTỈNH BÀ RỊA - VŨNG TÀU"
    )


def test_issuing_bodies_break_before_their_own_name_never_at_a_hyphen():
    assert fit_lines("THI HÀNH ÁN DÂN SỰ THÀNH PHỐ HỒ CHÍ MINH", LEFT_COL, 13, "Bold") == (
        "THI HÀNH ÁN DÂN SỰ\nTHÀNH PHỐ HỒ CHÍ MINH"
    )
    assert fit_lines("HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", LEFT_COL, 13, "Bold") == (
        "HỘI ĐỒNG\nTHI ĐUA - KHEN THƯỞNG"
    )


def test_place_date_breaks_after_the_comma():
    text = "Thành phố Hồ Chí Minh, ngày 15 tháng 12 năm 2026"
    assert width_pt(text, 14, "Italic") > RIGHT_ROOM
    assert fit_lines(text, RIGHT_COL, 14, "Italic", prefer_comma=True) == (
        "Thành phố Hồ Chí Minh,\nngày 15 tháng 12 năm 2026"
    )


def test_every_line_fits_its_box():
    names = ["ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ VÀ CÁC ĐƠN VỊ TRỰC THUỘC KHÁC",
             "THI HÀNH ÁN DÂN SỰ TỈNH BÀ RỊA - VŨNG TÀU", "CỤC QUẢN LÝ THI HÀNH ÁN DÂN SỰ"]
    for name in names:
        for line in fit_lines(name, LEFT_COL, 13, "Bold").split("\n"):
            assert width_pt(line, 13, "Bold") <= LEFT_ROOM, line


def test_rendered_submission_of_an_hcmc_office_carries_the_line_breaks():
    data = dataclasses.replace(
        services.sample_data(TemplateKind.SUBMISSION),
        unit_name="Thi hành án dân sự Thành phố Hồ Chí Minh",
        parent_body="Cục Quản lý Thi hành án dân sự", place="Thành phố Hồ Chí Minh",
        submitted_on=datetime.date(2026, 12, 15),
    )
    content = word.render_docx(TemplateKind.SUBMISSION,
                               word.CONTEXT_BUILDERS[TemplateKind.SUBMISSION](data))
    xml = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()
    assert "THI HÀNH ÁN DÂN SỰ</w:t><w:br/>" in xml
    assert "Thành phố Hồ Chí Minh,</w:t><w:br/>" in xml
