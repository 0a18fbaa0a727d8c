"""The import's streaming .xlsx reader must read cells exactly as openpyxl does."""

import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from tdkt.history import xlsx


def _book_bytes(write_only: bool) -> bytes:
    book = Workbook(write_only=write_only)
    if not write_only:
        book.remove(book.active)
    sheet = book.create_sheet("Cán bộ")
    sheet.append(["Họ và tên", "Ngày sinh", "Số định danh", "Nữ", "Điểm"])
    sheet.append(["Nguyễn Thị Ánh", datetime.datetime(1985, 3, 9), "001085000123", True, 9.5])
    sheet.append(["Trần Văn B", None, 1085000124, False, 7])
    sheet.append([None, None, None, None, None])
    sheet.append(["Lê C", "9/3/1985", "=1+1", None, -3])
    other = book.create_sheet("Danh hiệu")
    other.append(["Năm", "Mã"])
    other.append([2024, "LDTT"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _openpyxl_rows(data: bytes, title: str):
    """openpyxl's reading, a formula cell as xlsx.FORMULA (the import refuses formulas)."""
    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = [tuple(xlsx.FORMULA if c.data_type == "f" else c.value for c in r)
            for r in book[title].iter_rows()]
    book.close()
    return rows


@pytest.mark.parametrize("write_only", [False, True])
def test_reads_the_same_values_as_openpyxl(write_only):
    data = _book_bytes(write_only)
    with xlsx.Book(io.BytesIO(data)) as book:
        assert [s.title for s in book.sheets] == ["Cán bộ", "Danh hiệu"]
        for sheet in book.sheets:
            ours = [values for _number, values in book.rows(sheet)]
            theirs = _openpyxl_rows(data, sheet.title)
            # openpyxl pads every row to the sheet's width; compare the cells that exist
            assert len(ours) <= len(theirs)
            for mine, reference in zip(ours, theirs, strict=False):
                assert mine == tuple(reference[: len(mine)])
                assert not any(reference[len(mine):])
    with xlsx.Book(io.BytesIO(data)) as book:
        rows = dict(book.rows(book.sheets[0]))
    assert rows[2][1] == datetime.datetime(1985, 3, 9)
    assert rows[2][2] == "001085000123"  # text keeps its leading zeros
    assert rows[3][2] == 1085000124
    assert rows[2][3] is True and rows[2][4] == 9.5
    assert rows[5][2] is xlsx.FORMULA  # "=1+1" is a formula: not empty, not its result


def test_row_numbers_follow_the_sheet_and_skip_gaps():
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "đầu"
    sheet["C5"] = "giữa"
    buffer = io.BytesIO()
    book.save(buffer)
    with xlsx.Book(io.BytesIO(buffer.getvalue())) as reader:
        rows = list(reader.rows(reader.sheets[0]))
        assert reader.declared_rows(reader.sheets[0]) == 5
    assert rows == [(1, ("đầu",)), (5, (None, None, "giữa"))]


def test_a_sheet_with_entity_declarations_is_refused():
    data = _book_bytes(False)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = b'<!DOCTYPE x [<!ENTITY big "aaaaaaaa">]>' + content
            target.writestr(item, content)
    with xlsx.Book(io.BytesIO(out.getvalue())) as book:
        with pytest.raises(xlsx.UnsafeXML):
            list(book.rows(book.sheets[0]))


def test_a_file_that_is_not_a_workbook_cannot_be_opened():
    with pytest.raises(zipfile.BadZipFile):
        xlsx.Book(io.BytesIO(b"PK\x03\x04 not really a zip"))
