"""Issue 15 item 4: the decision, the minutes and the achievement reports read right to an
officer. Each test opens the generated .docx (text, or its XML for table properties)."""

import datetime
import io
import re
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from docx.oxml.ns import qn

from tdkt.documents import contexts, services, word
from tests.documents.helpers import D, make_decision
from tests.documents.test_word import cell_texts, open_docx, texts

pytestmark = pytest.mark.django_db


def render_decision(dec):
    return services.render("decision", word.decision_context(contexts.decision_data(dec)))


def test_article_1_names_each_award_once(decision):
    """The collective variant ("… (tập thể)") is the same award, not a second one."""
    dec, awardees = decision
    assert {a.award_name for a in awardees} == {
        "Bằng khen của Bộ trưởng Bộ Tư pháp", "Bằng khen của Bộ trưởng Bộ Tư pháp (tập thể)"}
    lines = texts(open_docx(render_decision(dec)))
    article_1 = next(t for t in lines if t.startswith("Điều 1."))
    assert article_1.startswith("Điều 1. Tặng Bằng khen của Bộ trưởng Bộ Tư pháp cho ")
    assert article_1.count("Bằng khen") == 1 and "(tập thể)" not in article_1
    assert "Tập thể, cá nhân được tặng Bằng khen của Bộ trưởng Bộ Tư pháp" in lines


def test_tables_grid_agrees_with_cells_and_list_header_repeats(decision):
    dec, _ = decision
    document = open_docx(render_decision(dec))
    for table in document.tables:
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        for row in table.rows:
            widths = [int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for tc in row._tr.tc_lst]
            assert widths == grid
    header, _, collectives, individuals = document.tables
    # the national name has the room it needs on one line (the right column, 9.5 cm)
    grid = [int(c.get(qn("w:w"))) for c in header._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid[1] >= 5300
    assert header.rows[0].cells[1]._tc.tcPr.find(qn("w:noWrap")) is not None
    for table in (collectives, individuals):
        stt = int(table._tbl.tblGrid.findall(qn("w:gridCol"))[0].get(qn("w:w")))
        assert stt <= 900  # STT narrow (1.5 cm), not a third of the page
        first_row = table.rows[0]._tr.trPr
        assert first_row is not None and first_row.find(qn("w:tblHeader")) is not None
        assert all(r._tr.trPr is None or r._tr.trPr.find(qn("w:tblHeader")) is None
                   for r in table.rows[1:])
        # a person's row is never split between two pages
        assert table.rows[-1]._tr.trPr.find(qn("w:cantSplit")) is not None


def test_document_language_is_vietnamese(decision):
    dec, _ = decision
    with zipfile.ZipFile(io.BytesIO(render_decision(dec))) as z:
        styles = z.read("word/styles.xml").decode()
    default = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", styles, re.S).group(0)
    assert 'w:val="vi-VN"' in default and "en-US" not in default
    normal = re.search(r'<w:style [^>]*w:styleId="Normal".*?</w:style>', styles, re.S).group(0)
    assert 'w:val="vi-VN"' in normal


def test_list_says_only_what_exists_and_individuals_header(cast):
    dec, _ = make_decision(people=[cast.person_a, cast.person_b])
    document = open_docx(render_decision(dec))
    lines = texts(document)
    assert "(Danh sách gồm 2 cá nhân)" in lines
    assert not any("0 tập thể" in t for t in lines)
    individuals = document.tables[-1]
    assert cell_texts(individuals)[0][1] == "Họ và tên"
    assert "Tên tập thể" not in cell_texts(individuals)[0][1]


def _minutes(cast, secretary=True, opened_at=None):
    from tdkt.accounts.models import User
    from tdkt.nominations import services as nominations
    from tdkt.nominations.models import CouncilMember
    from tests.nominations.helpers import Flow

    flow = Flow(cast)
    nom = flow.appraised()
    meeting = flow.meeting([nom])
    if secretary:
        seat = CouncilMember.objects.filter(council=meeting.council).order_by("pk").last()
        seat.position = "secretary"
        seat.save()
        user = User.objects.get(pk=seat.user_id)
        user.set_full_name("Phan Ngọc Duyên")
        user.save()
    for member in flow.members():
        nominations.cast_ballot(member, meeting, {meeting.items.get().pk: True})
    meeting.opened_at = opened_at
    meeting.save()
    return open_docx(services.render("minutes", word.minutes_context(
        contexts.minutes_data(meeting))))


def test_minutes_subject_hour_number_and_secretary(cast):
    opened = timezone.make_aware(datetime.datetime(2026, 1, 15, 8, 30))
    document = _minutes(cast, opened_at=opened)
    lines = texts(document)
    assert "Phiên họp Hội đồng" in lines and not any(t.startswith("Họp Phiên họp") for t in lines)
    assert any(t.startswith("Hồi 08 giờ 30 phút ngày 15 tháng 01 năm 2026") for t in lines)
    left, _ = document.tables[0].rows[0].cells
    assert any(p.text.startswith("Số: ") and "/BB-" in p.text for p in left.paragraphs)
    sign_left, _ = document.tables[-1].rows[0].cells
    assert "THƯ KÝ" in sign_left.text and "Phan Ngọc Duyên" in sign_left.text


def test_minutes_hour_left_to_fill_when_unknown(cast):
    lines = texts(_minutes(cast, secretary=False, opened_at=None))
    assert any(t.startswith("Hồi … giờ … phút ngày 15 tháng 01 năm 2026") for t in lines)


def test_reports_award_line_blanks_and_decision_numbers(cast, client_for):
    from tdkt.history.models import AwardType, UnitAward

    UnitAward.objects.create(unit=cast.unit_a, year=2025,
                             award=AwardType.objects.get(code="bang_khen_bo_truong_bo_tu_phap_tap_the"),
                             decision_number="2/QĐ-BTP", decision_date=D(2026, 1, 5),
                             issuer="Bộ trưởng Bộ Tư pháp")
    response = client_for(cast.officer_a).get(
        reverse("documents:unit_report", args=[cast.unit_a.code]),
        {"nam": 2025, "hinh_thuc": "bang_khen_bo_truong_bo_tu_phap_tap_the"})
    assert response.status_code == 200
    document = open_docx(response.content)
    lines = texts(document)
    assert "ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA BỘ TRƯỞNG BỘ TƯ PHÁP" in lines
    assert not any("(TẬP THỂ)" in t for t in lines)
    awards = cell_texts(document.tables[-2])
    assert awards[1][2].startswith("Quyết định số 02/QĐ-BTP ngày 05/01/2026")

    response = client_for(cast.officer_a).get(
        reverse("documents:person_report", args=[cast.person_a.pk]),
        {"hinh_thuc": "bang_khen_bo_truong_bo_tu_phap", "nam": 2025})
    lines = texts(open_docx(response.content))
    # This staff record holds no ethnicity, home town or qualifications: dotted blanks to
    # fill, one item per line (several on one justified line spread apart).
    blank = "." * 20
    for item in ("Dân tộc", "Quê quán", "Nơi thường trú", "Trình độ lý luận chính trị",
                 "Trình độ chuyên môn, nghiệp vụ"):
        assert f"- {item}: {blank}" in lines
    assert not any("…" in t for t in lines if t.startswith("- "))

    # Where the unit has recorded them, the report prints them.
    person = cast.person_a
    person.ethnicity, person.home_town, person.residence = "Tày", "Lạng Sơn", "Hà Nội"
    person.political_theory, person.qualification = "Trung cấp", "Thạc sĩ Luật"
    person.academic_title = "Thạc sĩ"
    person.save()
    response = client_for(cast.officer_a).get(
        reverse("documents:person_report", args=[person.pk]),
        {"hinh_thuc": "bang_khen_bo_truong_bo_tu_phap", "nam": 2025})
    lines = texts(open_docx(response.content))
    for line in ("- Dân tộc: Tày", "- Quê quán: Lạng Sơn", "- Nơi thường trú: Hà Nội",
                 "- Trình độ lý luận chính trị: Trung cấp",
                 "- Trình độ chuyên môn, nghiệp vụ: Thạc sĩ Luật",
                 "- Học hàm, học vị, danh hiệu, giải thưởng: Thạc sĩ"):
        assert line in lines


def test_reports_use_the_unit_document_identity(cast, client_for):
    """Place and parent body come from the unit's document identity (item 3), not "Hà Nội"
    and the internal grouping "KHỐI SỞ TƯ PHÁP…"."""
    from tdkt.organisation.identity import identity_for

    own = identity_for(cast.unit_a)
    response = client_for(cast.officer_a).get(
        reverse("documents:unit_report", args=[cast.unit_a.code]), {"nam": 2025})
    left, right = open_docx(response.content).tables[0].rows[0].cells
    assert own.parent_body.upper() in left.text and "KHỐI" not in left.text
    assert f"{own.place_name}, ngày" in right.text
    person = cast.person_b
    assert identity_for(person.unit).place_name == "Thành phố Hồ Chí Minh"
    response = client_for(cast.officer_b).get(
        reverse("documents:person_report", args=[person.pk]),
        {"hinh_thuc": "bang_khen_bo_truong_bo_tu_phap", "nam": 2025})
    _, right = open_docx(response.content).tables[0].rows[0].cells
    assert "Thành phố Hồ Chí Minh,\nngày" in right.text  # broken after the comma (fit.py)


def test_decision_legal_bases_by_full_number_and_name_from_the_catalogue():
    """The bases offered for a decision name each document in full, and only documents of the
    catalogue that are verified: no "Luật Thi đua, khen thưởng 2022", no "Luật 06/2026/QH16"."""
    from tdkt.nominations.config import award_config, catalogue_for

    bases = award_config("bang_khen_bo_truong_bo_tu_phap").legal_bases
    assert bases[0] == "Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022"
    assert not any("QH16" in b or b.endswith("khen thưởng 2022") for b in bases)
    # Every document by its number, date of signing and issuer, as a decision cites it.
    assert ("Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi "
            "tiết Luật Thi đua, khen thưởng") in bases
    assert ("Thông tư số 11/2023/TT-BTP ngày 29 tháng 12 năm 2023 của Bộ trưởng Bộ Tư pháp "
            "hướng dẫn Luật Thi đua, khen thưởng đối với ngành Tư pháp") in bases
    documents = catalogue_for(datetime.date.today()).documents_in_force()
    titles = [d["title_vi"].split(" ", 3)[-1] for d in documents]
    for basis in bases:
        assert re.match(r"^(Luật|Nghị định|Thông tư) ", basis)
        assert any(t in basis for t in titles), basis


def test_collective_report_names_its_parent_body_as_a_sentence_writes_it(cast, client_for):
    """The header line is in capitals; the running text is not ("trực thuộc Ủy ban nhân dân
    Thành phố Hồ Chí Minh", not "trực thuộc UBND THÀNH PHỐ HỒ CHÍ MINH")."""
    response = client_for(cast.officer_b).get(
        reverse("documents:unit_report", args=[cast.unit_b.code]), {"nam": 2025})
    text = "\n".join(p.text for p in open_docx(response.content).paragraphs)
    assert "trực thuộc Ủy ban nhân dân Thành phố Hồ Chí Minh;" in text
    assert "UBND THÀNH PHỐ HỒ CHÍ MINH;" not in text


@pytest.mark.parametrize("line,sentence", [
    ("UBND TỈNH LÀO CAI", "Ủy ban nhân dân tỉnh Lào Cai"),
    ("UBND THÀNH PHỐ HÀ NỘI", "Ủy ban nhân dân thành phố Hà Nội"),
    ("UBND THÀNH PHỐ HỒ CHÍ MINH", "Ủy ban nhân dân Thành phố Hồ Chí Minh"),
    ("CỤC QUẢN LÝ THI HÀNH ÁN DÂN SỰ", "Cục Quản lý thi hành án dân sự"),
    ("BỘ TƯ PHÁP", "Bộ Tư pháp"),
    ("Sở Tư pháp", "Sở Tư pháp"),
])
def test_header_lines_in_running_text(line, sentence):
    from tdkt.documents.formats import body_in_sentence

    assert body_in_sentence(line) == sentence


def test_unit_title_decision_reads_as_a_sos_decision(cast):
    """A Sở's decision recognising Lao động tiên tiến: headed "UBND THÀNH PHỐ HÀ NỘI / SỞ TƯ
    PHÁP" (not the Sở's full name broken over two lines), Article 1 and the list say
    "công nhận" as the subject does, and the standard is completing the tasks well."""
    from tests.documents.helpers import make_decision

    decision, _ = make_decision(issuer_code="STP-01", people=[cast.person_a],
                                award="lao_dong_tien_tien",
                                issuer_title="Giám đốc Sở Tư pháp thành phố Hà Nội",
                                signer_title="Giám đốc")
    decision.title = "Về việc công nhận danh hiệu “Lao động tiên tiến” năm 2025"
    decision.save()
    content = word.render_docx("decision", word.decision_context(
        contexts.decision_data(decision)))
    document = open_docx(content)
    left, _ = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs][:2] == ["UBND THÀNH PHỐ HÀ NỘI", "SỞ TƯ PHÁP"]
    lines = texts(document)
    article = next(t for t in lines if t.startswith("Điều 1."))
    assert article.startswith("Điều 1. Công nhận danh hiệu “Lao động tiên tiến” cho 01 cá nhân")
    assert "đã hoàn thành tốt nhiệm vụ được giao năm 2025" in article
    assert "Cá nhân được công nhận danh hiệu “Lao động tiên tiến”" in lines
