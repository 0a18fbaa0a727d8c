"""Generated .docx files opened with python-docx: page setup, fonts, header blocks, the
attached list's rows, and the pre-filled achievement reports."""

import datetime
import io

import docx
import pytest
from django.urls import reverse
from docx.oxml.ns import qn

from tdkt.documents import contexts, formats, services, word
from tests.documents.helpers import D

pytestmark = pytest.mark.django_db

A4 = (11906, 16838)  # twips
EMU_PER_TWIP = 635


def open_docx(content: bytes):
    return docx.Document(io.BytesIO(content))


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def cell_texts(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def check_page_setup(document):
    for section in document.sections:
        assert (section.page_width // EMU_PER_TWIP, section.page_height // EMU_PER_TWIP) == A4
        assert round(section.top_margin.mm) == 20
        assert round(section.bottom_margin.mm) == 20
        assert round(section.left_margin.mm) == 30
        assert round(section.right_margin.mm) == 15
        # no page number on page 1: a distinct (empty) first-page header, PAGE in the others
        assert section.different_first_page_header_footer
        assert section.first_page_header.paragraphs[0].text == ""
        assert "PAGE" in section.header._element.xml


def check_fonts(document):
    assert document.styles["Normal"].font.name == "Times New Roman"
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Times New Roman"
    names = {r.font.name for p in document.paragraphs for r in p.runs if r.text}
    assert names == {"Times New Roman"}


def header_cells(document):
    left, right = document.tables[0].rows[0].cells
    return left.text, right.text


def test_formats_leading_zeros_and_dates():
    assert formats.long_date(D(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert formats.long_date(D(2026, 3, 15)) == "ngày 15 tháng 3 năm 2026"
    assert formats.long_date(D(2026, 2, 9)) == "ngày 09 tháng 02 năm 2026"
    assert formats.decision_number("5/QĐ-BTP") == "05/QĐ-BTP"
    assert formats.decision_number("123/QĐ-BTP") == "123/QĐ-BTP"
    assert word.legal_bases("Căn cứ A\nCăn cứ B;\n\nTheo đề nghị C;") == [
        "Căn cứ A;", "Căn cứ B;", "Theo đề nghị C."]
    assert word.signing_lines("Bộ trưởng Bộ Tư pháp", "Thứ trưởng") == (
        "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG")
    assert word.signing_lines("Bộ trưởng Bộ Tư pháp", "Bộ trưởng") == ("BỘ TRƯỞNG", "")
    assert word.place_of("Sở Tư pháp tỉnh Lạng Sơn") == "Lạng Sơn"


def test_decision_docx_layout_header_and_attached_list(decision, dept, client_for):
    dec, awardees = decision
    response = client_for(dept).get(reverse("documents:decision_docx", args=[dec.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = open_docx(response.content)
    check_page_setup(document)
    check_fonts(document)
    left, right = header_cells(document)
    assert "BỘ TƯ PHÁP" in left and "Số: 0" in left and f"Số: 0{dec.number}" in left
    assert right.splitlines() == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày 05 tháng 01 năm 2026"]
    motto = document.tables[0].rows[0].cells[1].paragraphs[1].runs[0]
    assert motto.font.underline and motto.font.bold
    lines = texts(document)
    assert "QUYẾT ĐỊNH" in lines and "QUYẾT ĐỊNH:" in lines
    assert "BỘ TRƯỞNG BỘ TƯ PHÁP" in lines
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in lines
    assert "Theo đề nghị của Vụ trưởng Vụ Tổ chức cán bộ." in lines
    article_1 = next(t for t in lines if t.startswith("Điều 1."))
    assert "01 tập thể và 03 cá nhân (có danh sách kèm theo)" in article_1
    assert next(t for t in lines if t.startswith("Điều 3.")).endswith("./.")
    # signature block: Nơi nhận at 12 pt bold italic, its list at 11 pt; KT. for a deputy
    sign_left, sign_right = document.tables[1].rows[0].cells
    label = sign_left.paragraphs[0].runs[0]
    assert label.text == "Nơi nhận:" and label.font.bold and label.font.italic
    assert label.font.size.pt == 12
    assert all(r.font.size.pt == 11 for p in sign_left.paragraphs[1:] for r in p.runs)
    assert sign_left.paragraphs[-1].text == "- Lưu: VT, TCCB."
    assert "KT. BỘ TRƯỞNG" in sign_right.text and "THỨ TRƯỞNG" in sign_right.text
    assert "Nguyễn Thanh Tịnh" in sign_right.text
    # the attached list: its own section, numbered from 1, collectives then individuals
    assert len(document.sections) == 2
    num = document.sections[1]._sectPr.find(qn("w:pgNumType"))
    assert num is not None and num.get(qn("w:start")) == "1"
    assert "DANH SÁCH" in lines
    assert (f"(Kèm theo Quyết định số 0{dec.number} ngày 05 tháng 01 năm 2026 của Bộ trưởng "
            "Bộ Tư pháp)") in lines
    assert lines.index("I. TẬP THỂ") < lines.index("II. CÁ NHÂN")
    collectives, individuals = document.tables[2], document.tables[3]
    assert cell_texts(collectives)[0] == ["STT", "Tên tập thể", "Cơ quan, đơn vị"]
    assert cell_texts(individuals)[0] == ["STT", "Họ và tên", "Chức vụ, đơn vị công tác"]
    assert cell_texts(collectives)[1:] == [["1", "Văn phòng Sở", "Sở Tư pháp thành phố Hà Nội"]]
    expected = [
        [str(i), f"{'Bà' if a.person.gender == 'female' else 'Ông'} {a.subject_name}",
         f"{a.position_title}, {a.unit_name}, {a.person.unit.get_parent().name}"]
        for i, a in enumerate([a for a in awardees if a.subject_kind == "individual"], 1)
    ]
    assert cell_texts(individuals)[1:] == expected
    assert expected[0][1] == "Bà Trần Thị Hồng"
    assert "(Danh sách gồm 1 tập thể và 3 cá nhân)" in lines


def test_decision_without_collectives_numbers_individuals_first(cast):
    from tests.documents.helpers import make_decision

    dec, _ = make_decision(people=[cast.person_a])
    document = open_docx(services.render("decision", word.decision_context(
        contexts.decision_data(dec))))
    lines = texts(document)
    assert "I. CÁ NHÂN" in lines and "I. TẬP THỂ" not in lines
    assert len(document.tables) == 3  # header, signature, one list


def test_revoked_awardees_leave_the_list(decision):
    dec, awardees = decision
    awardees[0].revoked = True
    awardees[0].save()
    data = contexts.decision_data(dec)
    assert [r.name for r in data.recipients if r.kind == "individual"] == [
        a.subject_name for a in awardees[1:3]]


def test_decision_produced_by_the_workflow(cast):
    """The nominations workflow issues a decision; its .docx carries the list."""
    from tdkt.nominations import services as nominations
    from tdkt.organisation.models import Unit
    from tests.nominations.helpers import Flow

    flow = Flow(cast)
    nom = flow.appraised()
    meeting = flow.meeting([nom])
    item = meeting.items.get()
    for member in flow.members():
        nominations.cast_ballot(member, meeting, {item.pk: True})
    flow.close(meeting)
    nom.refresh_from_db()
    dec = nominations.issue_decision(
        flow.dept, issuer=Unit.objects.get(code="BTP"), nominations=[nom],
        signed_on=D(2026, 3, 20), signer_name="Nguyễn Hải Ninh", signer_title="Bộ trưởng",
        title="Về việc tặng Bằng khen của Bộ trưởng Bộ Tư pháp",
        legal_bases="Căn cứ Luật Thi đua, khen thưởng 2022;", today=D(2026, 3, 20))
    document = open_docx(services.render("decision", word.decision_context(
        contexts.decision_data(dec))))
    lines = texts(document)
    assert f"(Kèm theo Quyết định số 0{dec.number} ngày 20 tháng 3 năm 2026 của Bộ trưởng " \
           "Bộ Tư pháp)" in lines
    assert cell_texts(document.tables[2])[1][1] == "Bà Trần Thị Hồng"
    minutes = open_docx(services.render("minutes", word.minutes_context(
        contexts.minutes_data(meeting))))
    votes = cell_texts(minutes.tables[2])
    assert votes[1][1] == "Trần Thị Hồng" and votes[1][3] == "5 (100%)"
    assert votes[1][5] == "Đạt"
    assert "BIÊN BẢN" in texts(minutes)


def test_submission_docx_lists_the_proposals(decision, cast, client_for):
    from tdkt.nominations.models import Submission

    submission = Submission.objects.filter(unit=cast.unit_a,
                                           nominations__subject_kind="individual").first()
    submission.number = "7/TTr-STP"
    submission.save()
    response = client_for(cast.officer_a).get(
        reverse("documents:submission_docx", args=[submission.pk]))
    assert response.status_code == 200
    document = open_docx(response.content)
    check_page_setup(document)
    check_fonts(document)
    left, _ = header_cells(document)
    # the parent body and the Sở's own line (its document identity, organisation.identity)
    assert "UBND THÀNH PHỐ HÀ NỘI\nSỞ TƯ PHÁP" in left and "Số: 07/TTr-STP" not in left
    assert "Số: 7/TTr-STP" in left
    lines = texts(document)
    assert "TỜ TRÌNH" in lines
    rows = cell_texts(document.tables[-1])
    assert rows[0][:4] == ["STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị",
                           "Hình thức đề nghị"]
    assert rows[1][3] == "Bằng khen của Bộ trưởng Bộ Tư pháp"


def test_individual_report_is_prefilled_from_the_record(cast, client_for):
    from tdkt.history.models import AwardType, Initiative, PersonRating, PersonTitle

    person = cast.person_a
    for year, rating in ((2023, "HTTNV"), (2024, "HTXSNV"), (2025, "HTXSNV"), (2019, "HTNV")):
        PersonRating.objects.create(person=person, year=year, rating=rating)
    PersonTitle.objects.create(person=person, year=2025,
                               award=AwardType.objects.get(code="chien_si_thi_dua_co_so"),
                               decision_number="15/QĐ-STP", decision_date=D(2026, 1, 10),
                               issuer="Giám đốc Sở Tư pháp")
    Initiative.objects.create(person=person, year=2024, title="Số hóa hồ sơ lý lịch tư pháp",
                              decision_number="3/QĐ-STP")
    url = reverse("documents:person_report", args=[person.pk])
    response = client_for(cast.officer_a).get(url, {"hinh_thuc": "bang_khen_bo_truong_bo_tu_phap",
                                                    "nam": 2025})
    assert response.status_code == 200
    document = open_docx(response.content)
    check_page_setup(document)
    check_fonts(document)
    lines = texts(document)
    assert "BÁO CÁO THÀNH TÍCH" in lines
    assert "ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA BỘ TRƯỞNG BỘ TƯ PHÁP" in lines
    assert "- Họ và tên: Trần Thị Hồng" in lines
    assert "- Ngày, tháng, năm sinh: 17/05/1985" in lines
    ratings = cell_texts(document.tables[1])[1:]
    assert ratings == [["2023", "Hoàn thành tốt nhiệm vụ", ""],
                       ["2024", "Hoàn thành xuất sắc nhiệm vụ", ""],
                       ["2025", "Hoàn thành xuất sắc nhiệm vụ", ""]]  # 2019 is out of range
    initiatives = cell_texts(document.tables[2])[1:]
    assert initiatives == [["2024", "Số hóa hồ sơ lý lịch tư pháp (phạm vi cơ sở)", "03/QĐ-STP"]]
    titles = cell_texts(document.tables[3])[1:]
    assert titles == [["2025", "Chiến sĩ thi đua cơ sở",
                       "Quyết định số 15/QĐ-STP ngày 10/01/2026; Giám đốc Sở Tư pháp"]]
    assert "(Chưa có hình thức khen thưởng trong thời gian báo cáo.)" in lines
    sign = document.tables[-1].rows[0].cells
    assert "THỦ TRƯỞNG ĐƠN VỊ" in sign[0].text and "NGƯỜI BÁO CÁO THÀNH TÍCH" in sign[1].text


def test_collective_report_counts_members(cast, client_for):
    from tdkt.history.models import PersonRating, UnitRating

    UnitRating.objects.create(unit=cast.unit_a, year=2025, rating="HTXSNV")
    PersonRating.objects.create(person=cast.person_a, year=2025, rating="HTXSNV")
    response = client_for(cast.officer_a).get(
        reverse("documents:unit_report", args=[cast.unit_a.code]), {"nam": 2025})
    assert response.status_code == 200
    document = open_docx(response.content)
    check_page_setup(document)
    lines = texts(document)
    assert "Sở Tư pháp thành phố Hà Nội" in lines
    years = cell_texts(document.tables[1])
    assert years[-1][:4] == ["2025", "Hoàn thành xuất sắc nhiệm vụ", "2", "1"]
    sign = document.tables[-1].rows[0].cells
    assert "XÁC NHẬN CỦA CẤP" in sign[0].text and "THỦ TRƯỞNG ĐƠN VỊ" in sign[1].text


def test_decision_render_time_with_500_awardees():
    recipients = [word.Recipient("individual", f"Nguyễn Văn {i}", position="Chuyên viên",
                                 unit_name="Văn phòng") for i in range(500)]
    data = word.DecisionData(
        number="5/QĐ-BTP", signed_on=datetime.date(2026, 1, 5), issuer_name="Bộ Tư pháp",
        authority="Bộ trưởng Bộ Tư pháp", signer_name="A", signer_title="Bộ trưởng",
        subject="", bases="Căn cứ", award_name="Bằng khen", recipients=recipients)
    document = open_docx(word.render_docx("decision", word.decision_context(data)))
    assert len(document.tables[2].rows) == 501
