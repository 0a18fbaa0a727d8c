"""Building workbooks for import tests."""

import datetime
import io

from openpyxl import Workbook

PEOPLE_HEADER = ["Số định danh", "Họ và tên", "Ngày sinh", "Giới tính", "Mã đơn vị", "Chức vụ",
                 "Lãnh đạo", "Trực tiếp lao động", "Ngày vào ngành"]


def person(id_number="001085000001", name="Nguyễn Văn An", born="17/05/1985", gender="Nam",
           unit="STP-01-VP", position="Chuyên viên", leader=None, frontline=None,
           joined=datetime.date(2010, 9, 1)):
    return [id_number, name, born, gender, unit, position, leader, frontline, joined]


def book(sheets: dict, path=None):
    """sheets: name -> list of rows (first rows may be titles). Returns a path or BytesIO."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        ws = workbook.create_sheet(name)
        for row in rows:
            ws.append(row)
    target = path or io.BytesIO()
    workbook.save(target)
    if not path:
        target.seek(0)
    return target
