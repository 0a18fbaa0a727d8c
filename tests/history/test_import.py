"""The workbook contract (people-workbook.md): parsing, validation, all-or-nothing, round trip,
commands."""

import datetime
import unicodedata

import pytest
from django.core.management import call_command

from tdkt.history.importer import run_import
from tdkt.history.models import (
    Discipline,
    Initiative,
    PersonAward,
    PersonRating,
    PersonTitle,
    UnitTitle,
)
from tdkt.organisation.models import Unit
from tdkt.people.models import Person, PersonMove
from tests.history.helpers import PEOPLE_HEADER, book, person

pytestmark = pytest.mark.django_db

ID1, ID2 = "001085000001", "079190000002"


def counts():
    return (Person.objects.count(), PersonRating.objects.count(), PersonTitle.objects.count(),
            PersonAward.objects.count(), Initiative.objects.count(), Discipline.objects.count())


def full_book(**extra):
    sheets = {
        "Nhân sự": [["DANH SÁCH CÁN BỘ SỞ TƯ PHÁP"], [], PEOPLE_HEADER,
                    person(ID1), person(ID2, "Trần Thị Bình", "3/7/1990", "Nữ", "STP-01-HCBT")],
        "Xếp loại": [["Số định danh", "Năm", "Xếp loại"], [ID1, 2023, "HTXSNV"],
                     [ID1, 2024, "Hoàn thành tốt nhiệm vụ"], [ID2, 2024, "htnv"]],
        "Danh hiệu": [["Số định danh", "Mã đơn vị", "Năm", "Danh hiệu", "Số quyết định",
                       "Ngày quyết định"],
                      [ID1, None, 2023, "Lao động tiên tiến", "12/QĐ-STP", "20/12/2023"],
                      [ID1, None, 2023, "chien_si_thi_dua_co_so", "12/QĐ-STP", None],
                      [None, "STP-01", 2023, "Tập thể lao động tiên tiến", None, None]],
        "Khen thưởng": [["Số định danh", "Năm", "Hình thức", "Phương thức", "Số quyết định",
                         "Ngày quyết định", "Cấp quyết định"],
                        [ID1, 2024, "Bằng khen của Bộ trưởng Bộ Tư pháp", "Đột xuất", "1/QĐ-BTP",
                         datetime.datetime(2024, 5, 2), "Bộ trưởng"]],
        "Sáng kiến": [["Số định danh", "Năm", "Tên", "Loại", "Phạm vi",
                       "Số quyết định công nhận"],
                      [ID1, 2023, "Số hoá  hồ sơ hộ tịch", "Sáng kiến", "Bộ", "5/QĐ-HĐSK"]],
        "Kỷ luật": [["Số định danh", "Hình thức", "Ngày quyết định", "Ngày hết hiệu lực"],
                    [ID2, "Khiển trách", "01/03/2021", "01/03/2022"]],
    }
    sheets.update(extra)
    return book(sheets)


def test_a_clean_workbook_is_imported_with_counts_per_sheet():
    result = run_import(full_book())
    assert result.ok, result.problem_lines()
    assert result.summary_lines() == [
        "Nhân sự: tạo mới 2, cập nhật 0, không đổi 0",
        "Xếp loại: tạo mới 3, cập nhật 0, không đổi 0",
        "Danh hiệu: tạo mới 3, cập nhật 0, không đổi 0",
        "Khen thưởng: tạo mới 1, cập nhật 0, không đổi 0",
        "Sáng kiến: tạo mới 1, cập nhật 0, không đổi 0",
        "Kỷ luật: tạo mới 1, cập nhật 0, không đổi 0",
    ]
    binh = Person.objects.get(id_number=ID2)
    assert binh.date_of_birth == datetime.date(1990, 7, 3) and binh.gender == "female"
    assert PersonRating.objects.get(person__id_number=ID1, year=2024).rating == "HTTNV"
    assert PersonRating.objects.get(person=binh).rating == "HTNV"
    award = PersonAward.objects.get()
    assert award.method == "sudden" and award.decision_date == datetime.date(2024, 5, 2)
    assert UnitTitle.objects.get().unit.code == "STP-01"
    assert Initiative.objects.get().title == "Số hoá hồ sơ hộ tịch"
    assert Initiative.objects.get().scope == "bo"
    title = PersonTitle.objects.get(award__code="lao_dong_tien_tien")
    assert title.decision_date == datetime.date(2023, 12, 20)


def test_reimporting_the_same_workbook_changes_nothing_and_corrections_are_updates():
    run_import(full_book())
    again = run_import(full_book())
    assert again.ok
    assert all(c.created == 0 and c.updated == 0 for c in again.counts.values())
    changed = full_book(**{"Xếp loại": [["Số định danh", "Năm", "Xếp loại"],
                                        [ID1, 2023, "HTTNV"], [ID1, 2025, "HTXSNV"]]})
    result = run_import(changed)
    assert result.counts["Xếp loại"].as_dict() == {"created": 1, "updated": 1, "unchanged": 0}
    assert PersonRating.objects.get(person__id_number=ID1, year=2023).rating == "HTTNV"


@pytest.mark.parametrize(
    "header",
    ["SO DINH DANH", "số định danh ", "  Số   Định Danh", "SỐ ĐỊNH DANH",
     unicodedata.normalize("NFD", "Số định danh")],
)
def test_headers_match_ignoring_case_spaces_diacritics_and_normal_form(header):
    names = [header, "HO VA TEN", unicodedata.normalize("NFD", "Ngày sinh"), "giới tính",
             " Mã đơn vị ", "Ghi chú riêng"]
    rows = [["DANH SÁCH CÁN BỘ"], names,
            [ID1, "Nguyễn Văn An", "17/05/1985", "Nam", "STP-01-VP", "cột thừa bị bỏ qua"],
            [None, None, None, None, None, None],
            [ID2, "Lê Thị Cúc", "1/2/1990", "nữ", "STP-01-VP"]]
    result = run_import(book({"Nhân sự": rows}))
    assert result.ok, result.problem_lines()
    assert result.summary_lines() == ["Nhân sự: tạo mới 2, cập nhật 0, không đổi 0"]


def test_sheet_without_required_headers_is_reported():
    result = run_import(book({"Nhân sự": [["Số định danh", "Họ và tên"], [ID1, "A B"]]}))
    assert result.problem_lines() == [
        "Nhân sự!1: — — Không tìm thấy dòng tiêu đề (cần các cột «Số định danh», «Họ và tên», "
        "«Ngày sinh», «Giới tính», «Mã đơn vị»)."
    ]


def test_dates_accept_excel_cells_and_d_m_yyyy_text_and_reject_impossible_dates():
    rows = [PEOPLE_HEADER,
            person(ID1, born=datetime.datetime(1985, 5, 17)),
            person("001085000003", born="7/5/1985"),
            person("001085000004", born="31/02/1984"),
            person("001085000005", born="1985-05-17"),
            person("001085000006", born="17/05/1985", joined="30/13/2010")]
    result = run_import(book({"Nhân sự": rows}))
    assert result.problem_lines() == [
        "Nhân sự!4: Ngày sinh — Ngày 31/02/1984 không tồn tại.",
        "Nhân sự!5: Ngày sinh — «1985-05-17» không phải ngày (ghi dd/mm/yyyy).",
        "Nhân sự!6: Ngày vào ngành — Ngày 30/13/2010 không tồn tại.",
    ]
    assert Person.objects.count() == 0


def test_identification_numbers_that_lost_leading_zeros_are_errors_not_padded():
    rows = [PEOPLE_HEADER, person(1085000001), person("1085000002"), person("0010850000031")]
    result = run_import(book({"Nhân sự": rows}))
    lines = result.problem_lines()
    assert len(lines) == 3
    assert lines[0].startswith("Nhân sự!2: Số định danh — Số định danh «1085000001» chỉ có 10")
    assert "mất số 0 ở đầu" in lines[0]
    assert lines[1].startswith("Nhân sự!3: Số định danh — Số định danh «1085000002» chỉ có 10")
    assert lines[2].startswith("Nhân sự!4: Số định danh — Số định danh «0010850000031» có 13")
    assert not Person.objects.exists()


def test_a_twelve_digit_number_cell_without_leading_zero_is_accepted():
    result = run_import(book({"Nhân sự": [PEOPLE_HEADER, person(179085000001)]}))
    assert result.ok
    assert Person.objects.get().id_number == "179085000001"


def test_duplicates_are_reported_with_both_row_numbers():
    sheets = {"Nhân sự": [PEOPLE_HEADER, person(ID1), person(ID2), person(ID1)],
              "Danh hiệu": [["Số định danh", "Năm", "Danh hiệu"],
                            [ID2, 2024, "Lao động tiên tiến"],
                            [ID2, 2024, "lao_dong_tien_tien"]]}
    result = run_import(book(sheets))
    assert result.problem_lines() == [
        "Nhân sự!4: Số định danh — Số định danh 001085000001 trùng dòng 2 và dòng 4.",
        "Danh hiệu!3: Số định danh — Trùng dòng 2 và dòng 3 (cùng đối tượng, cùng năm, "
        "cùng danh hiệu).",
    ]
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_unknown_units_unknown_people_and_catalogue_mismatches_are_errors():
    sheets = {"Nhân sự": [PEOPLE_HEADER, person(ID1, unit="STP-99-XX")],
              "Xếp loại": [["Số định danh", "Năm", "Xếp loại"], ["012345678901", 2024, "HTTNV"],
                           [ID1, 2024, "Tốt"]],
              "Danh hiệu": [["Số định danh", "Mã đơn vị", "Năm", "Danh hiệu"],
                            [None, "KHONG-CO", 2024, "Tập thể lao động tiên tiến"],
                            [None, "STP-01", 2024, "Lao động tiên tiến"],
                            [None, "STP-01", 2024, "Bằng khen của Thủ tướng Chính phủ"],
                            [None, None, 2024, "Lao động tiên tiến"]]}
    lines = run_import(book(sheets)).problem_lines()
    assert "Nhân sự!2: Mã đơn vị — Không có đơn vị mã «STP-99-XX»." in lines
    assert ("Xếp loại!2: Số định danh — Không có cán bộ số định danh 012345678901 trong tệp "
            "hay trong hệ thống.") in lines
    assert any(line.startswith("Xếp loại!3: Xếp loại — «Tốt» không hợp lệ") for line in lines)
    assert "Danh hiệu!2: Mã đơn vị — Không có đơn vị mã «KHONG-CO»." in lines
    assert "Danh hiệu!3: Danh hiệu — «Lao động tiên tiến» không dùng cho tập thể." in lines
    assert ("Danh hiệu!4: Danh hiệu — «Bằng khen của Thủ tướng Chính phủ» ghi ở trang "
            "«Khen thưởng».") in lines
    assert ("Danh hiệu!5: Số định danh — Cần Số định danh (cá nhân) hoặc Mã đơn vị (tập thể)."
            in lines)


def test_out_of_scope_rows_are_rejected_when_limited_to_a_unit(cast):
    scope = [Unit.objects.get(code="STP-01").path]
    sheets = {"Nhân sự": [PEOPLE_HEADER, person(ID1), person(ID2, unit="STP-79-VP")],
              "Xếp loại": [["Số định danh", "Năm", "Xếp loại"],
                           [cast.person_b.id_number, 2024, "HTTNV"]],
              "Danh hiệu": [["Mã đơn vị", "Năm", "Danh hiệu"],
                            ["STP-79", 2024, "Tập thể lao động tiên tiến"]]}
    lines = run_import(book(sheets), scope_paths=scope).problem_lines()
    assert lines == [
        "Nhân sự!3: Mã đơn vị — Đơn vị STP-79-VP nằm ngoài phạm vi được nhập.",
        f"Xếp loại!2: Số định danh — Cán bộ số định danh {cast.person_b.id_number} thuộc đơn vị "
        "ngoài phạm vi được nhập.",
        "Danh hiệu!2: Mã đơn vị — Đơn vị STP-79 nằm ngoài phạm vi được nhập.",
    ]
    # moving someone in from outside the scope is writing outside it too
    row = person(cast.person_b.id_number, "Lê Văn Bình", unit="STP-01-VP")
    lines = run_import(book({"Nhân sự": [PEOPLE_HEADER, row]}), scope_paths=scope).problem_lines()
    assert lines == ["Nhân sự!2: Số định danh — Cán bộ này đang thuộc đơn vị STP-79-VP, ngoài "
                     "phạm vi được nhập."]


def test_all_or_nothing_one_bad_row_writes_nothing(cast):
    before = counts()
    bad = full_book(**{"Kỷ luật": [["Số định danh", "Hình thức", "Ngày quyết định",
                                    "Ngày hết hiệu lực"],
                                   [ID2, "Khiển trách", "01/03/2021", "01/02/2021"]]})
    result = run_import(bad)
    assert result.problem_lines() == [
        "Kỷ luật!2: Ngày hết hiệu lực — Ngày hết hiệu lực phải sau ngày quyết định."
    ]
    assert counts() == before


def test_a_unit_change_in_the_workbook_moves_the_person(cast):
    row = person(cast.person_a.id_number, "Trần Thị Hồng", gender="Nữ", unit="STP-01-HCBT",
                 born="17/05/1985")
    result = run_import(book({"Nhân sự": [PEOPLE_HEADER, row]}))
    assert result.summary_lines() == ["Nhân sự: tạo mới 0, cập nhật 1, không đổi 0"]
    cast.person_a.refresh_from_db()
    assert cast.person_a.unit.code == "STP-01-HCBT"
    assert PersonMove.objects.get(person=cast.person_a).from_unit.code == "STP-01-VP"


def test_round_trip_of_an_export_reports_everything_unchanged(tmp_path, cast):
    run_import(full_book())
    path = tmp_path / "out.xlsx"
    call_command("export_people", str(path), "--unit", "STP-01", "--years", "2016-2025")
    result = run_import(str(path))
    assert result.ok, result.problem_lines()
    assert result.counts["Nhân sự"].as_dict() == {"created": 0, "updated": 0, "unchanged": 4}
    for sheet in ("Xếp loại", "Danh hiệu", "Khen thưởng", "Sáng kiến", "Kỷ luật"):
        assert result.counts[sheet].created == result.counts[sheet].updated == 0, sheet
        assert result.counts[sheet].unchanged > 0, sheet


def test_missing_people_sheet_and_unreadable_files_are_problems_not_crashes(tmp_path):
    lines = run_import(book({"Xếp loại": [["Số định danh", "Năm", "Xếp loại"]]})).problem_lines()
    assert lines == ["Nhân sự!1: — — Tệp không có trang tính «Nhân sự» (bắt buộc)."]
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook")
    assert run_import(str(junk)).problem_lines() == [
        "Tệp!1: — — Không đọc được tệp Excel (.xlsx) hoặc tệp bị hỏng."
    ]


# --- commands ------------------------------------------------------------------------------


def run_command(name, *args):
    import io

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(name, *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue().splitlines()


def test_import_command_exit_codes_and_output(tmp_path):
    good = tmp_path / "good.xlsx"
    book({"Nhân sự": [PEOPLE_HEADER, person(ID1)],
          "Xếp loại": [["Số định danh", "Năm", "Xếp loại"], [ID1, 2024, "HTTNV"]]}, path=good)
    code, lines = run_command("import_people", str(good), "--dry-run")
    assert code == 0
    assert lines == ["Nhân sự: tạo mới 1, cập nhật 0, không đổi 0",
                     "Xếp loại: tạo mới 1, cập nhật 0, không đổi 0"]
    assert not Person.objects.exists()  # dry run wrote nothing
    code, lines = run_command("import_people", str(good), "--unit", "STP-01")
    assert code == 0 and Person.objects.count() == 1
    code, lines = run_command("import_people", str(good))
    assert lines == ["Nhân sự: tạo mới 0, cập nhật 0, không đổi 1",
                     "Xếp loại: tạo mới 0, cập nhật 0, không đổi 1"]
    bad = tmp_path / "bad.xlsx"
    book({"Nhân sự": [PEOPLE_HEADER, person("001085000009", gender="Khác")]}, path=bad)
    code, lines = run_command("import_people", str(bad))
    assert code == 1
    assert lines == ["Nhân sự!2: Giới tính — «Khác» không hợp lệ (chọn một trong: Nam, Nữ)."]
    code, lines = run_command("import_people", str(good), "--unit", "STP-79")
    assert code == 1
    assert lines == ["Nhân sự!2: Mã đơn vị — Đơn vị STP-01-VP nằm ngoài phạm vi được nhập."]
    assert Person.objects.count() == 1


def test_import_is_audited_as_one_action_with_counts(tmp_path):
    from tdkt.audit.models import Action

    run_import(full_book())
    action = Action.objects.get(verb="history.import")
    assert action.changes["Nhân sự"] == {"created": 2, "updated": 0, "unchanged": 0}


def test_export_command_limits_units_and_years(tmp_path, cast):
    from openpyxl import load_workbook

    run_import(full_book())
    path = tmp_path / "e.xlsx"
    code, lines = run_command("export_people", str(path), "--unit", "STP-01-HCBT", "--years",
                              "2024-2024")
    assert code == 0
    assert lines[0].startswith("Đã xuất: Nhân sự 2, Xếp loại 1,")
    sheet = load_workbook(path, read_only=True)["Xếp loại"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == ID2 and rows[1][3] == 2024
