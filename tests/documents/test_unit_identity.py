"""Issue 15 item 3: units with legal status carry their document identity (parent body, own
name, symbol, place, head's title), and the submission (tờ trình) prints it right."""

import io

import docx
import pytest
from django.urls import reverse

from tests.factories import make_person

pytestmark = pytest.mark.django_db


def _submission(cast, unit=None, title="Tờ trình đề nghị khen thưởng", rows=2):
    from tdkt.nominations.models import Nomination, Submission
    from tests.nominations.helpers import make_round

    unit = unit or cast.unit_b
    award_round = make_round()
    award_round.name = "Khen thưởng tổng kết năm 2025"
    award_round.save()
    submission = Submission.objects.create(round=award_round, unit=unit, title=title,
                                           number="12/TTr-STP")
    for i in range(rows):
        person = make_person(f"{unit.code}-VP", f"Lê Văn Bình {i}", position="Chuyên viên")
        Nomination.objects.create(
            submission=submission, round=award_round, proposing_unit=unit, year=2025,
            award_code="bang_khen_bo_truong_bo_tu_phap", subject_kind="individual",
            person=person, subject_name=person.full_name,
            achievement="Hoàn thành xuất sắc nhiệm vụ năm 2025, tham mưu hiệu quả công tác "
                        "xây dựng, kiểm tra văn bản quy phạm pháp luật của địa phương")
    return submission


def _docx(client, submission):
    response = client.get(reverse("documents:submission_docx", args=[submission.pk]))
    assert response.status_code == 200
    return docx.Document(io.BytesIO(response.content))


def _lines(document):
    return [p.text.strip() for p in document.paragraphs if p.text.strip()]


def _cell_lines(cell):
    return [p.text.strip() for p in cell.paragraphs if p.text.strip()]


# --- seed -----------------------------------------------------------------------------------


def test_every_justice_department_and_enforcement_office_has_its_identity():
    from tdkt.organisation.models import Unit, UnitDocumentIdentity

    units = Unit.objects.filter(kind__in=["provincial_justice_dept",
                                          "provincial_enforcement_office"])
    assert units.count() == 68
    assert UnitDocumentIdentity.objects.filter(unit__in=units).count() == 68
    hanoi = UnitDocumentIdentity.objects.get(unit__code="STP-01")
    assert (hanoi.parent_body, hanoi.own_name, hanoi.symbol, hanoi.place_name,
            hanoi.head_title) == ("UBND THÀNH PHỐ HÀ NỘI", "SỞ TƯ PHÁP", "STP", "Hà Nội",
                                  "Giám đốc")
    hcm = UnitDocumentIdentity.objects.get(unit__code="STP-79")
    assert hcm.parent_body == "UBND THÀNH PHỐ HỒ CHÍ MINH"
    assert hcm.place_name == "Thành phố Hồ Chí Minh"
    thads = UnitDocumentIdentity.objects.get(unit__code="THADS-79")
    # org-notes §2: provincial offices answer to the Cục Quản lý THADS since 1/3/2025
    assert thads.parent_body == "CỤC QUẢN LÝ THI HÀNH ÁN DÂN SỰ"
    assert thads.own_name == "THI HÀNH ÁN DÂN SỰ THÀNH PHỐ HỒ CHÍ MINH"
    assert (thads.symbol, thads.head_title) == ("THADS", "Trưởng Thi hành án dân sự")
    for ident in UnitDocumentIdentity.objects.all():
        assert ident.place_name and ident.own_name and ident.parent_body, ident.unit.code
        assert "KHỐI" not in ident.parent_body


def test_identity_for_a_division_is_its_agency():
    from tdkt.organisation.identity import identity_for, place_for
    from tdkt.organisation.models import Unit

    assert identity_for(Unit.objects.get(code="STP-79-VP")).unit.code == "STP-79"
    assert place_for(Unit.objects.get(code="THADS-79-VP")) == "Thành phố Hồ Chí Minh"
    assert identity_for(Unit.objects.get(code="BTP")) is None


# --- the submission -------------------------------------------------------------------------


def test_submission_header_names_the_parent_body_not_the_internal_grouping(cast, client_for):
    document = _docx(client_for(cast.officer_b), _submission(cast))
    left, right = document.tables[0].rows[0].cells
    lines = _cell_lines(left)
    # Too long for the 7 cm box on one line: broken before the city, never inside its name.
    assert lines[:2] == ["ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH", "SỞ TƯ PHÁP"]
    assert not any("KHỐI" in line for line in lines)
    place_line = _cell_lines(right)[-1]
    assert place_line.startswith("Thành phố Hồ Chí Minh,\nngày"), place_line


def test_submission_subject_and_round_read_as_a_sentence(cast, client_for):
    lines = _lines(_docx(client_for(cast.officer_b), _submission(cast)))
    assert "Về việc đề nghị khen thưởng tổng kết năm 2025" in lines
    text = "\n".join(lines)
    assert "tờ trình đề nghị" not in text.lower().replace("kèm theo tờ trình", "")
    assert "Thực hiện đợt khen thưởng tổng kết năm 2025," in text
    assert ", Khen thưởng tổng kết" not in text and "(Khen thưởng" not in text


def test_submission_signature_block_has_the_heads_title_and_name(cast, client_for):
    make_person("STP-79", "Nguyễn Văn Hùng", position="Giám đốc", is_leader=True)
    document = _docx(client_for(cast.officer_b), _submission(cast))
    sign = next(t for t in document.tables
                if any("Nơi nhận" in p.text for p in t.rows[0].cells[0].paragraphs))
    right = _cell_lines(sign.rows[0].cells[1])
    assert right[0] == "GIÁM ĐỐC"
    assert right[-1] == "Nguyễn Văn Hùng"
    assert "THỦ TRƯỞNG ĐƠN VỊ" not in right


def test_submission_without_a_known_head_leaves_a_line_to_sign(cast, client_for):
    document = _docx(client_for(cast.officer_b), _submission(cast))
    sign = next(t for t in document.tables
                if any("Nơi nhận" in p.text for p in t.rows[0].cells[0].paragraphs))
    right = _cell_lines(sign.rows[0].cells[1])
    assert right == ["GIÁM ĐỐC"]


def test_submission_list_keeps_department_and_sizes_columns_to_content(cast, client_for):
    from docx.oxml.ns import qn

    document = _docx(client_for(cast.officer_b), _submission(cast, rows=3))
    table = document.tables[-1]
    rows = [[c.text.strip() for c in r.cells] for r in table.rows]
    assert rows[1][2].startswith("Chuyên viên, Văn phòng Sở, Sở Tư pháp Thành phố Hồ Chí Minh")
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    cells = [int(c._tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for c in table.rows[1].cells]
    assert grid == cells, "LibreOffice lays out by the grid: it must agree with the cells"
    assert len(set(grid)) > 1, "equal columns waste the page"
    # the long achievement text gets the widest column, the number the narrowest
    assert grid[-1] == max(grid) and grid[0] == min(grid) and grid[0] <= 700


# --- editing ----------------------------------------------------------------------------------


def test_department_edits_identity_and_it_is_audited(cast, dept, client_for):
    from tdkt.audit.models import Action
    from tdkt.organisation.models import UnitDocumentIdentity

    client = client_for(dept)
    url = reverse("organisation:identity_edit", args=["STP-79"])
    assert client.get(url).status_code == 200
    assert "Sửa thể thức văn bản" in client.get(
        reverse("organisation:unit", args=["STP-79"])).content.decode()
    response = client.post(url, {
        "parent_body": "UBND THÀNH PHỐ HỒ CHÍ MINH", "own_name": "SỞ TƯ PHÁP",
        "symbol": "STP", "place_name": "Thành phố Hồ Chí Minh", "head_title": "Phó Giám đốc"})
    assert response.status_code == 302
    assert UnitDocumentIdentity.objects.get(unit__code="STP-79").head_title == "Phó Giám đốc"
    action = Action.objects.get(verb="organisation.identity_edit")
    assert action.actor == dept
    assert action.changes == {"head_title": ["Giám đốc", "Phó Giám đốc"]}


def test_unit_officers_cannot_edit_identity(cast, client_for):
    from tdkt.organisation.models import UnitDocumentIdentity

    data = {"parent_body": "X", "own_name": "Y", "symbol": "Z", "place_name": "W",
            "head_title": "V"}
    other = client_for(cast.officer_a)
    url_b = reverse("organisation:identity_edit", args=["STP-79"])
    assert other.get(url_b).status_code == 404
    assert other.post(url_b, data).status_code == 404
    # their own unit: readable, but the identity is the department's to change
    own = reverse("organisation:identity_edit", args=["STP-01"])
    assert other.post(own, data).status_code == 403
    assert UnitDocumentIdentity.objects.get(unit__code="STP-79").own_name == "SỞ TƯ PHÁP"
    assert UnitDocumentIdentity.objects.get(unit__code="STP-01").own_name == "SỞ TƯ PHÁP"


def test_submission_is_signed_by_the_head_named_as_staff_records_write_him(cast, client_for):
    """The head's record says "Giám đốc Sở" (not exactly the identity's "Giám đốc"): the
    signature still names him; a "Phó Giám đốc" never signs for him."""
    make_person(cast.unit_b.code, "Trần Văn Phó", position="Phó Giám đốc", is_leader=True)
    make_person(cast.unit_b.code, "Nguyễn Văn Giám", position="Giám đốc Sở", is_leader=True)
    document = _docx(client_for(cast.officer_b), _submission(cast))
    lines = [line for table in document.tables for row in table.rows for cell in row.cells
             for line in _cell_lines(cell)]
    assert "Nguyễn Văn Giám" in lines and "Trần Văn Phó" not in lines


def test_submission_cites_the_law_and_decree_in_full_and_lists_awards_once(cast, client_for):
    from tdkt.nominations.models import Nomination
    from tdkt.organisation.models import Unit

    submission = _submission(cast)
    division = Unit.objects.get(code=f"{cast.unit_b.code}-VP")
    Nomination.objects.create(
        submission=submission, round=submission.round, proposing_unit=cast.unit_b, year=2025,
        award_code="bang_khen_bo_truong_bo_tu_phap_tap_the", subject_kind="collective",
        unit=division, subject_name=division.name, achievement="Hoàn thành xuất sắc nhiệm vụ")
    document = _docx(client_for(cast.officer_b), submission)
    lines = _lines(document)
    assert any(line.startswith("Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 "
                               "tháng 6 năm 2022 và Nghị định số 152/2025/NĐ-CP ngày 14 tháng "
                               "6 năm 2025 của Chính phủ") for line in lines)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Bằng khen của Bộ trưởng Bộ Tư pháp" in cells  # the collective's row
    assert not any("(tập thể)" in c or "(cá nhân)" in c for c in cells)
