"""The review report as an editable .docx: Decree 30/2020 layout through the documents app's
builder (tdkt.documents.docx_builder), header from the unit's document identity
(tdkt.organisation.identity), the standard outline (I. Kết quả, II. Hạn chế, III. Nguyên nhân,
IV. Bài học kinh nghiệm, V. Phương hướng, nhiệm vụ, VI. Kiến nghị), every figure filled from
`figures.gather`, every narrative part a highlighted place for the officer to write.

Written directly with python-docx (no Jinja template): nothing from the data is ever read as
template code, and no placeholder can be left unfilled."""

from __future__ import annotations

import io

from docx.enum.text import WD_COLOR_INDEX

from tdkt.documents import docx_builder as b
from tdkt.documents.formats import long_date
from tdkt.organisation.identity import document_header, identity_for, upper

from .figures import NO_DATA, Count2, Figures
from .models import ReviewKind

TO_WRITE = "[Đơn vị viết: {}]"


def write_here(doc, hint: str):
    """A highlighted paragraph the officer replaces with their own text."""
    p = b.body(doc, (TO_WRITE.format(hint), {"italic": True}))
    for run in p.runs:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return p


def heading(doc, text: str, before=6):
    return b.body(doc, (text, {"bold": True}), indent=False, before=before)


def sub(doc, text: str):
    return b.body(doc, (text, {"bold": True, "italic": True}))


def figure_table(doc, headers: list[str], rows: list[list], widths: list[int], size=12,
                 text_columns=(0,)):
    """A bordered table filled with values; the header row repeats on every page."""
    table = b.bordered_table(doc, headers, widths, len(rows), size=size)
    for row, values in zip(table.rows[1:], rows, strict=True):
        for i, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            bold = isinstance(value, tuple)
            text = value[0] if bold else value
            b.para(cell, str(text), align=b.LEFT if i in text_columns else b.CENTER,
                   bold=bold, size=size)
    b.para(doc, "", after=6)
    return table


def statistics_annex(doc, root, year: int):
    """The annual statistics forms 0601–0603 (tdkt.documents.stats) as the report's annex,
    in a section of its own (numbered on its own, Decree 30/2020)."""
    from docx.enum.section import WD_SECTION

    from tdkt.documents import stats

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    b.setup_section(section, restart_numbering=True)
    b.para(doc, "PHỤ LỤC", align=b.CENTER, bold=True)
    b.para(doc, f"BIỂU THỐNG KÊ THI ĐUA, KHEN THƯỞNG NĂM {year}", align=b.CENTER, bold=True)
    b.para(doc, f"(Kèm theo Báo cáo tổng kết công tác thi đua, khen thưởng năm {year})",
           align=b.CENTER, italic=True, size=13, after=12)
    for n, form in enumerate(("0601", "0602", "0603"), start=1):
        table = stats.build(form, root, year)
        b.para(doc, f"{n}. {table.title}", align=b.LEFT, bold=True, size=13, before=6, after=6)
        headers = ["Chỉ tiêu", "Mã số", *table.columns]
        rest = b.TEXT_WIDTH - 3300 - 650
        widths = [3300, 650] + [rest // len(table.columns)] * len(table.columns)
        widths[-1] += rest - sum(widths[2:])
        rows = []
        for row in table.rows:
            label = stats.marked(row)
            if row.heading or row.level == 0:
                label = (label,)
            values = row.values if row.values is not None else [""] * len(table.columns)
            rows.append([label, row.code, *values])
        figure_table(doc, headers, rows, widths, size=10)
    b.para(doc, "Ghi chú: " + stats.LAYOUT_NOTE, size=11, italic=True)


def _vs(c: Count2, unit: str) -> str:
    return f"{c.now} {unit} (cùng kỳ năm trước: {c.before}, {c.words})"


def header_lines(root) -> tuple[list[str], str, str, str]:
    """(parent lines, issuing body, place, number symbol) for the unit's header."""
    own = document_header(root)
    if own:
        ident = identity_for(root)
        symbol = f"BC-{ident.symbol}" if ident and ident.symbol else "BC-……"
        return ([own["parent_body"]] if own["parent_body"] else [], own["own_name"],
                own["place"], symbol)
    if root.depth == 1:
        return [], upper(root.name), "Hà Nội", "BC-BTP"
    return ["BỘ TƯ PHÁP"], upper(root.name), "Hà Nội", "BC-……"


def build(root, f: Figures, received: list[dict] | None = None,
          missing: list[str] | None = None) -> bytes:
    """The report for `root` with figures `f`. `received` (consolidation): rows
    {"unit", "sent", "late"} of the units' reports; `missing`: units that sent nothing."""
    p = f.period
    midyear = p.kind == ReviewKind.MIDYEAR
    doc = b.new_document()
    parents, issuer, place, symbol = header_lines(root)
    b.header_block(doc, left_lines=parents, issuer=issuer,
                   number=f"Số:        /{symbol}", date=f"{place}, {long_date(None)}")
    b.para(doc, "BÁO CÁO", align=b.CENTER, bold=True, before=18)
    if midyear:
        subject = (f"Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm {p.year} "
                   f"và nhiệm vụ trọng tâm 6 tháng cuối năm {p.year}")
    else:
        subject = (f"Tổng kết công tác thi đua, khen thưởng năm {p.year} "
                   f"và phương hướng, nhiệm vụ năm {p.year + 1}")
    b.para(doc, subject, align=b.CENTER, bold=True)
    b.rule(doc, b.TEXT_WIDTH, 1 / 4, after=12)
    b.body(doc, f"Thực hiện công tác thi đua, khen thưởng {p.label}, {f.unit_name} báo cáo "
                "kết quả như sau:")

    heading(doc, "I. KẾT QUẢ ĐẠT ĐƯỢC")
    sub(doc, "1. Đặc điểm tình hình")
    write_here(doc, "đặc điểm, tình hình của đơn vị trong kỳ; thuận lợi, khó khăn")

    sub(doc, "2. Công tác tổ chức phát động và triển khai các phong trào thi đua")
    b.body(doc, f"Trong {p.label}, {f.unit_name} và các đơn vị trực thuộc đã phát động "
                f"{_vs(f.movements, 'phong trào thi đua')}, gồm {f.regular.now} phong trào "
                f"thường xuyên và {f.thematic.now} phong trào theo chuyên đề.")
    if f.movement_names:
        b.body(doc, "Các phong trào đã phát động: " + "; ".join(
            f"“{name}”" for name in f.movement_names) + ".")
    b.body(doc, f"Các đơn vị đã tham gia, gửi đăng ký thi đua ở {_vs(f.joined, 'phong trào')}"
                f"; tổng số {_vs(f.registrations, 'bản đăng ký của tập thể')}, trong đó "
                f"{f.registrations_approved.now} bản đã được duyệt; "
                f"{_vs(f.individual_registrations, 'lượt cá nhân')} đăng ký danh hiệu thi đua.")
    write_here(doc, "nội dung, cách thức tổ chức, kết quả nổi bật của các phong trào")

    sub(doc, "3. Công tác khen thưởng")
    total = f.awards_total
    b.body(doc, f"Tổng số danh hiệu thi đua và hình thức khen thưởng đã được quyết định trong "
                f"{p.label}: {_vs(total, 'lượt')}, chi tiết theo cấp:")
    rows = [[a.label, a.collective.now, a.individual.now, (a.total.now,), a.total.before,
             a.total.change] for a in f.awards]
    rows.append([("Cộng",), (sum(a.collective.now for a in f.awards),),
                 (sum(a.individual.now for a in f.awards),), (total.now,), (total.before,),
                 (total.change,)])
    figure_table(doc, ["Cấp khen thưởng", "Tập thể", "Cá nhân", "Cộng", "Cùng kỳ",
                       "Tăng (+), giảm (−)"], rows, [2900, 1050, 1050, 1000, 1100, 2255])
    if f.award_types:
        b.body(doc, "Chi tiết theo danh hiệu, hình thức:")
        figure_table(doc, ["STT", "Danh hiệu, hình thức khen thưởng", "Tập thể", "Cá nhân"],
                     [[i, name, c, n] for i, (name, c, n) in enumerate(f.award_types, 1)],
                     [700, 5555, 1050, 1050], text_columns=(1,))
    write_here(doc, "chất lượng, tính kịp thời của khen thưởng; khen thưởng đột xuất tiêu biểu")

    sub(doc, "4. Khen thưởng người trực tiếp lao động, phụ nữ và cán bộ lãnh đạo")
    if f.shares:
        sh = f.shares
        b.body(doc, f"Danh hiệu thi đua và hình thức khen thưởng của cá nhân năm {sh.year} "
                    "theo cấp; tỷ lệ người trực tiếp lao động, công tác, nữ và lãnh đạo trong "
                    "số người được khen, so với tỷ lệ của họ trong tổng số cán bộ:")
        figure_table(doc, ["Cấp", "Số lượt", "Trực tiếp lao động, công tác", "Nữ",
                           "Lãnh đạo"], sh.rows, [2600, 1000, 2155, 1600, 1600])
        b.body(doc, "Xu hướng 5 năm (tỷ lệ trong tổng số danh hiệu, khen thưởng cá nhân): "
                    + " ".join(sh.trend))
        for message in sh.flags:
            b.body(doc, (message, {"bold": True}))
        write_here(doc, "đánh giá việc ưu tiên khen thưởng người trực tiếp lao động, nữ")
    else:
        b.body(doc, "Tỷ lệ khen thưởng người trực tiếp lao động, nữ, lãnh đạo: "
                    f"{NO_DATA} (số liệu này sẽ lấy từ trang tổng hợp tỷ lệ khen thưởng).")
        write_here(doc, "tỷ lệ khen thưởng người trực tiếp lao động, nữ, cán bộ lãnh đạo")

    sub(doc, "5. Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến")
    b.body(doc, f"Số điển hình tiên tiến được phát hiện, biểu dương: {f.exemplars}.")
    write_here(doc, "các điển hình tiên tiến tiêu biểu, cách làm hay")

    sub(doc, "6. Công tác kiểm tra, khắc phục sau kiểm tra")
    ins = f.inspections
    if ins is None:
        b.body(doc, f"Kết quả kiểm tra công tác thi đua, khen thưởng: {NO_DATA}.")
    else:
        b.body(doc, f"Theo kế hoạch kiểm tra năm {p.year}: {ins['planned']} cuộc kiểm tra đối "
                    f"với đơn vị; {ins['self_done']} đơn vị đã gửi kết quả tự kiểm tra; "
                    f"{ins['concluded']} cuộc đã có kết luận, trong đó {ins['closed']} cuộc đã "
                    f"hoàn thành khắc phục.")
        b.body(doc, f"Biện pháp khắc phục theo kiến nghị: {ins['actions']} biện pháp, đã "
                    f"nghiệm thu {ins['actions_accepted']}, còn {ins['actions_open']} đang thực "
                    f"hiện (quá hạn: {ins['actions_overdue']}).")
    write_here(doc, "công tác hướng dẫn, kiểm tra; giải quyết đơn thư, khiếu nại về khen thưởng")

    if received is not None:
        sub(doc, "7. Tình hình gửi báo cáo của các đơn vị")
        late = sum(r["late"] for r in received)
        b.body(doc, f"Đã nhận báo cáo của {len(received)} đơn vị (gửi muộn: {late}); "
                    f"{len(missing or [])} đơn vị chưa gửi báo cáo.")
        if received:
            figure_table(doc, ["STT", "Đơn vị", "Ngày gửi", "Đúng hạn"],
                         [[i, r["unit"], r["sent"], "Muộn" if r["late"] else "Đúng hạn"]
                          for i, r in enumerate(received, 1)], [700, 4855, 1500, 1300],
                         text_columns=(1,))
        if missing:
            b.body(doc, "Đơn vị chưa gửi báo cáo: " + "; ".join(missing) + ".")

    heading(doc, "II. HẠN CHẾ, TỒN TẠI")
    write_here(doc, "những hạn chế, tồn tại trong công tác thi đua, khen thưởng")
    heading(doc, "III. NGUYÊN NHÂN")
    sub(doc, "1. Nguyên nhân khách quan")
    write_here(doc, "nguyên nhân khách quan")
    sub(doc, "2. Nguyên nhân chủ quan")
    write_here(doc, "nguyên nhân chủ quan")
    heading(doc, "IV. BÀI HỌC KINH NGHIỆM")
    write_here(doc, "bài học kinh nghiệm")
    heading(doc, "V. PHƯƠNG HƯỚNG, NHIỆM VỤ " + (
        f"6 THÁNG CUỐI NĂM {p.year}" if midyear else f"NĂM {p.year + 1}"))
    write_here(doc, "phương hướng, nhiệm vụ, giải pháp trọng tâm")
    heading(doc, "VI. KIẾN NGHỊ, ĐỀ XUẤT")
    write_here(doc, "kiến nghị, đề xuất với cấp trên (nếu có)")
    b.body(doc, f"Trên đây là báo cáo {'sơ kết' if midyear else 'tổng kết'} công tác thi đua, "
                f"khen thưởng {p.label} của {f.unit_name}./.")
    b.para(doc, "Ghi chú về số liệu: " + " ".join(f.notes), size=11, italic=True, after=12)

    recipient = ("Bộ Nội vụ (Ban Thi đua - Khen thưởng Trung ương)" if root.depth == 1
                 else "Bộ Tư pháp (Vụ Tổ chức cán bộ)")
    block = b.signature_block(
        doc,
        [("Nơi nhận:", {"bold": True, "italic": True, "size": 12}),
         (f"- {recipient};", {"size": 11}), ("- Lưu: VT.", {"size": 11})],
        ["THỦ TRƯỞNG ĐƠN VỊ", ("(Ký, ghi rõ họ tên, đóng dấu)", {"italic": True, "size": 13}),
         ("", {}), ("", {}), ("", {}), (document_header(root).get("signer_name", ""), {
             "bold": True})],
    )
    block.rows[0]._tr.get_or_add_trPr().append(b.OxmlElement("w:cantSplit"))  # kept whole
    if not midyear:
        statistics_annex(doc, root, p.year)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
