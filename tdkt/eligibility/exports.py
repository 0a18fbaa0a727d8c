from io import BytesIO

from openpyxl import Workbook

from tdkt.core import excel

CATEGORY_VI = {"eligible": "Đủ điều kiện theo hồ sơ", "confirm": "Cần bổ sung, xác nhận"}


def due_list_workbook(entries, sweep, unit, names: dict[str, str]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách đủ điều kiện")
    title = f"DANH SÁCH ĐỦ ĐIỀU KIỆN NĂM {sweep.year} – {unit.name}"
    excel.append(ws, [title])
    excel.append(
        ws,
        [
            f"Rà soát ngày {sweep.finished_at:%d/%m/%Y %H:%M}, "
            f"phiên bản danh mục {sweep.rules_version}"
        ],
    )
    header = [
        "STT",
        "Danh hiệu, hình thức",
        "Kết quả",
        "Họ và tên / Tập thể",
        "Đơn vị",
        "Giới tính",
        "Trực tiếp lao động",
        "Điều kiện chưa đáp ứng đủ / cần xác nhận",
    ]
    excel.append(ws, header)
    for index, entry in enumerate(entries.iterator(2000), start=1):
        person = entry.person
        pending = "; ".join(c["why"] for c in entry.checks if c["met"] is None)
        excel.append(
            ws,
            [
                index,
                names.get(entry.award, entry.award),
                CATEGORY_VI[entry.category],
                person.full_name if person else entry.unit.name,
                entry.unit.name,
                ("Nữ" if person.gender == "female" else "Nam") if person else "",
                ("x" if person.is_frontline else "") if person else "",
                pending,
            ],
        )
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
