"""The parser on a real excerpt of Law 06/2022 and on malformed input."""

from pathlib import Path

import pytest

from tdkt.legal.parser import ParseError, anchor_for, parse

# A fixed excerpt (Law 06/2022, Chương VII, Điều 93 khoản 1–2) as first stored in tdkt/legal/data.
REAL = Path(__file__).resolve().parent / "data" / "luat_06_2022_dieu_93.txt"


def test_real_text_of_law_06_2022_splits_into_chapter_article_clauses_points():
    result = parse(REAL.read_text(encoding="utf-8"))
    assert result.unplaced == []
    [chapter] = result.nodes
    assert (chapter.kind, chapter.number, chapter.title) == ("chuong", "VII", "XỬ LÝ VI PHẠM")
    [article] = result.articles()
    assert (article.number, article.anchor) == ("93", "dieu-93")
    assert [c.anchor for c in article.children] == ["dieu-93-khoan-1", "dieu-93-khoan-2"]
    points = article.children[1].children
    assert [p.number for p in points] == ["a", "b", "c", "d"]
    assert points[0].anchor == "dieu-93-khoan-2-diem-a"
    assert points[1].text.startswith("Cung cấp thông tin sai sự thật")


def test_sections_titles_on_next_line_preamble_and_unplaced_lines():
    text = "\n".join([
        "QUỐC HỘI", "Căn cứ Hiến pháp;",
        "Chương II", "TỔ CHỨC THI ĐUA",
        "Mục 1", "DANH HIỆU",
        "Điều 7. Tiêu đề thử",
        "Đoạn mở đầu.",
        "1. Khoản một:",
        "a) điểm a;",
        "đ) điểm nhảy thứ tự;",
        "b) điểm b.",
        "3. Khoản nhảy số.",
        "2. Khoản hai.",
        "Điều 7. Trùng số",
        "Nơi nhận:",
        "- Lưu: VT.",
    ])
    result = parse(text)
    assert result.preamble == ["QUỐC HỘI", "Căn cứ Hiến pháp;"]
    chapter = result.nodes[0]
    section = chapter.children[0]
    assert (chapter.title, section.title, section.anchor) == (
        "TỔ CHỨC THI ĐUA", "DANH HIỆU", "chuong-2-muc-1")
    [article] = result.articles()
    assert article.text == "Đoạn mở đầu."
    assert [c.number for c in article.children] == ["1", "2"]
    assert [p.number for p in article.children[0].children] == ["a", "b"]
    assert [line for _, line in result.unplaced] == [
        "đ) điểm nhảy thứ tự;", "3. Khoản nhảy số.", "Điều 7. Trùng số", "Nơi nhận:",
        "- Lưu: VT.",
    ]


@pytest.mark.parametrize(
    "text", ["", "   \n", "Công văn về việc báo cáo\n1. Nội dung\na) chi tiết"]
)
def test_text_without_articles_is_refused_in_vietnamese(text):
    with pytest.raises(ParseError) as err:
        parse(text)
    assert "Điều" in str(err.value) or "trống" in str(err.value)


def test_anchor_scheme():
    assert anchor_for("23") == "dieu-23"
    assert anchor_for("23", "2") == "dieu-23-khoan-2"
    assert anchor_for("23", "2", "đ") == "dieu-23-khoan-2-diem-dd"
