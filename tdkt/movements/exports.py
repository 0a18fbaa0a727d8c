"""Excel exports (openpyxl): one sheet, a title row, a bold header, text cells for codes. Every
cell goes through `tdkt.core.excel`: typed values, text never a formula."""

from io import BytesIO

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from tdkt.core import excel

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(filename: str, title: str, headers: list[str], rows) -> HttpResponse:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31].replace("/", "-") or "Sheet1"
    excel.append(ws, [title])
    ws["A1"].font = Font(bold=True, size=13)
    excel.append(ws, headers)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in headers]
    for row in rows:
        values = ["" if v is None else v for v in row]
        excel.append(ws, values)
        for i, v in enumerate(values):
            widths[i] = min(max(widths[i], len(str(v))), 60)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width + 2
    # Codes and identity numbers stay text (leading zeros).
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            if isinstance(cell.value, str):
                cell.number_format = "@"
    buffer = BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def wants_xlsx(request) -> bool:
    return request.GET.get("xuat") == "xlsx"
