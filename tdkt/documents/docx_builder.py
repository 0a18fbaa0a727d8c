"""Builds the default Word templates (docxtpl/Jinja placeholders) kept in templates_docx/.

The .docx files are committed; run `manage.py build_docx_templates` after changing this
module. Administrators may replace any of them by uploading a new version (see services).
Layout follows Decree 30/2020 Phụ lục I: A4 portrait, margins 20/20/30/15 mm, Times New
Roman, body 14 pt, first-line indent 1.27 cm, 6 pt after, header as a borderless two-column
table (boxes 2+3 left, 1+4 right), page numbers centred in the top margin and not on page 1,
each appendix numbered on its own.
"""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, Twips

from .formats import MOTTO, NATIONAL_NAME

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
A4_WIDTH, A4_HEIGHT = Twips(11906), Twips(16838)
MARGINS = {"top": Twips(1134), "bottom": Twips(1134), "left": Twips(1701), "right": Twips(850)}
TEXT_WIDTH = 11906 - 1701 - 850  # twips
LEFT_COL, RIGHT_COL = 3969, TEXT_WIDTH - 3969  # about 7 cm for boxes 2+3

KINDS = ("decision", "submission", "minutes", "report_individual", "report_collective")
CENTER, LEFT, RIGHT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)


# --- low-level helpers ---------------------------------------------------------------------


def _fonts(rpr):
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _language(rpr, lang: str = LANGUAGE):
    """Spell-checking language: Vietnamese, else Word flags every word (en-US by default)."""
    element = rpr.find(qn("w:lang"))
    if element is None:
        element = OxmlElement("w:lang")
        rpr.append(element)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        element.set(qn(attr), lang)


def new_document() -> Document:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _fonts(normal.element.get_or_add_rPr())
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    for name in ("Header", "Footer", "Table Grid"):
        if name in [s.name for s in doc.styles]:
            _fonts(doc.styles[name].element.get_or_add_rPr())
    _language(normal.element.get_or_add_rPr())
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    if rpr_default is not None and rpr_default.find(qn("w:rPr")) is not None:
        _language(rpr_default.find(qn("w:rPr")))
    section = doc.sections[0]
    setup_section(section)
    return doc


def setup_section(section, restart_numbering: bool = False):
    section.page_width, section.page_height = A4_WIDTH, A4_HEIGHT
    section.top_margin = MARGINS["top"]
    section.bottom_margin = MARGINS["bottom"]
    section.left_margin = MARGINS["left"]
    section.right_margin = MARGINS["right"]
    section.header_distance = Twips(567)
    section.different_first_page_header_footer = True  # no page number on page 1
    header = section.header
    header.is_linked_to_previous = False
    par = header.paragraphs[0]
    for run in list(par.runs):
        run._r.getparent().remove(run._r)
    par.alignment = CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    par._p.append(field)
    if restart_numbering:
        sect = section._sectPr
        num = OxmlElement("w:pgNumType")
        num.set(qn("w:start"), "1")
        cols = sect.find(qn("w:cols"))
        if cols is not None:
            cols.addprevious(num)
        else:
            sect.append(num)


def para(container, *runs, align=JUSTIFY, size=14, bold=False, italic=False, indent=False,
         after=0, before=0, line=1.0, left_indent=None):
    """Add a paragraph. `runs` are strings or (text, {"bold":…, "italic":…, "underline":…})."""
    p = container.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(before)
    fmt.line_spacing = line
    if indent:
        fmt.first_line_indent = Cm(1.27)
    if left_indent is not None:
        fmt.left_indent = Cm(left_indent)
    for item in runs:
        text, style = (item, {}) if isinstance(item, str) else item
        run = p.add_run(text)
        run.font.size = Pt(style.get("size", size))
        run.font.bold = style.get("bold", bold)
        run.font.italic = style.get("italic", italic)
        if style.get("underline"):
            run.font.underline = True
        run.font.name = FONT
        _fonts(run._r.get_or_add_rPr())
    return p


def tag(container, text):
    """A docxtpl control paragraph ({%p … %}); removed when rendered."""
    return para(container, text, align=LEFT)


def rule(container, width_twips: int, fraction: float = 1 / 3, after=0):
    """A short solid rule, centred: a bottom border on an empty paragraph."""
    p = container.add_paragraph()
    p.alignment = CENTER
    side = int(width_twips * (1 - fraction) / 2)
    fmt = p.paragraph_format
    fmt.left_indent = Twips(side)
    fmt.right_indent = Twips(side)
    fmt.space_after = Pt(after)
    fmt.line_spacing = 1.0
    p_pr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"),
                       ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)
    run = p.add_run("")
    run.font.size = Pt(2)
    return p


def _cell_width(cell, twips: int):
    cell.width = Twips(twips)


def _clear(cell):
    for p in list(cell.paragraphs):
        p._p.getparent().remove(p._p)


def _grid(table, widths: list[int]):
    """The table grid (what LibreOffice lays out by) agrees with the cells' widths."""
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(width))
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:w"), str(sum(widths)))
    tbl_w.set(qn("w:type"), "dxa")


def _repeat_header(row):
    """The row is repeated at the top of every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)
    cant_split = OxmlElement("w:cantSplit")
    tr_pr.append(cant_split)


def bordered_table(doc, headers: list[str], widths: list[int], body_rows: int, size=12):
    """A bordered table of fixed widths: a bold header row repeated on every page, then
    `body_rows` empty rows that never split across pages; the caller fills their cells."""
    table = doc.add_table(rows=1 + body_rows, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _grid(table, widths)
    for r in table.rows:
        for cell, width in zip(r.cells, widths, strict=True):
            _cell_width(cell, width)
            _clear(cell)
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        para(cell, text, align=CENTER, bold=True, size=size)
    _repeat_header(table.rows[0])
    for row in table.rows[1:]:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    return table


def layout_table(doc, widths: list[int]):
    """A borderless table used for header and signature blocks."""
    table = doc.add_table(rows=1, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _grid(table, widths)
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        _cell_width(cell, width)
        _clear(cell)
    return table


def grid_table(doc, headers: list[str], widths: list[int], row: list[str], loop: str,
               size=13):
    """A bordered list table: header row, then a docxtpl row loop over `loop`."""
    table = doc.add_table(rows=4, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _grid(table, widths)
    for r in table.rows:
        for cell, width in zip(r.cells, widths, strict=True):
            _cell_width(cell, width)
            _clear(cell)
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        para(cell, text, align=CENTER, bold=True, size=size)
    _repeat_header(table.rows[0])
    table.rows[2]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # rows stay whole
    # row 1: {%tr for %}, row 2: the data, row 3: {%tr endfor %}
    para(table.rows[1].cells[0], f"{{%tr for r in {loop} %}}", align=LEFT, size=size)
    for i, (cell, text) in enumerate(zip(table.rows[2].cells, row, strict=True)):
        para(cell, text, align=CENTER if i == 0 else LEFT, size=size)
    para(table.rows[3].cells[0], "{%tr endfor %}", align=LEFT, size=size)
    for r in (table.rows[1], table.rows[3]):
        for cell in r.cells[1:]:
            para(cell, "", size=size)
    return table


def header_block(doc, left_lines=("{{ parent_body }}",), issuer="{{ issuer_name }}",
                 number="Số: {{ number }}", date="{{ place_date }}"):
    """Boxes 1–4: parent and issuing body, number | national name, motto, place and date."""
    table = layout_table(doc, [LEFT_COL, RIGHT_COL])
    left, right = table.rows[0].cells
    for line in left_lines:
        para(left, line, align=CENTER, size=13)
    para(left, issuer, align=CENTER, size=13, bold=True)
    rule(left, LEFT_COL, 1 / 3, after=6)
    para(left, number, align=CENTER, size=13)
    para(right, NATIONAL_NAME, align=CENTER, size=12, bold=True)
    _no_wrap(right)
    para(right, (MOTTO, {"underline": True, "bold": True, "size": 13}), align=CENTER, after=6)
    para(right, date, align=CENTER, size=14, italic=True)
    return table


def _no_wrap(cell):
    """A line that must stay on one line (the grid gives it the room; the cell does not wrap)."""
    cell._tc.get_or_add_tcPr().append(OxmlElement("w:noWrap"))


def signature_block(doc, left_lines, right_lines, left_size=12, list_loop=None):
    table = layout_table(doc, [TEXT_WIDTH // 2, TEXT_WIDTH - TEXT_WIDTH // 2])
    left, right = table.rows[0].cells
    for line in left_lines:
        if isinstance(line, tuple):
            text, style = line
            para(left, text, **{"align": LEFT, **style})
        else:
            para(left, line, align=CENTER, bold=True, size=left_size)
    if list_loop:
        tag(left, f"{{%p for item in {list_loop} %}}")
        para(left, "{{ item }}", align=LEFT, size=11)
        tag(left, "{%p endfor %}")
    for line in right_lines:
        if isinstance(line, tuple):
            text, style = line
            para(right, text, **{"align": CENTER, **style})
        else:
            para(right, line, align=CENTER, bold=True)
    return table


def body(doc, *runs, **kw):
    kw.setdefault("indent", True)
    kw.setdefault("after", 6)
    kw.setdefault("line", 1.15)
    return para(doc, *runs, **kw)


def loop_paragraphs(doc, loop: str, text: str = "{{ item }}", **kw):
    tag(doc, f"{{%p for item in {loop} %}}")
    body(doc, text, **kw)
    tag(doc, "{%p endfor %}")


def signer(doc):
    return signature_block(
        doc,
        [("Nơi nhận:", {"bold": True, "italic": True, "size": 12})],
        ["{{ sign_title_1 }}", "{{ sign_title_2 }}", ("", {}), ("", {}), ("", {}), ("", {}),
         "{{ signer_name }}"],
        list_loop="recipients",
    )


# --- the documents -------------------------------------------------------------------------


COLLECTIVE_HEADERS = ["STT", "Tên tập thể", "Cơ quan, đơn vị"]
LIST_HEADERS = ["STT", "Họ và tên", "Chức vụ, đơn vị công tác"]
LIST_WIDTHS = [850, 3700, TEXT_WIDTH - 850 - 3700]
LIST_ROW = ["{{ r.stt }}", "{{ r.name }}", "{{ r.detail }}"]


def attached_list(doc, heading="DANH SÁCH"):
    para(doc, heading, align=CENTER, bold=True)
    para(doc, "{{ list_heading }}", align=CENTER, bold=True)
    para(doc, "{{ list_reference }}", align=CENTER, italic=True, size=13)
    rule(doc, TEXT_WIDTH, 1 / 4, after=12)
    tag(doc, "{%p if collectives %}")
    para(doc, "I. TẬP THỂ", align=LEFT, bold=True, after=6)
    grid_table(doc, COLLECTIVE_HEADERS, LIST_WIDTHS, LIST_ROW, "collectives")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if individuals %}")
    para(doc, "{{ individuals_heading }}", align=LEFT, bold=True, before=12, after=6)
    grid_table(doc, LIST_HEADERS, LIST_WIDTHS, LIST_ROW, "individuals")
    tag(doc, "{%p endif %}")
    para(doc, "{{ list_count }}", align=CENTER, italic=True, before=12)


def build_decision() -> Document:
    doc = new_document()
    header_block(doc)
    para(doc, "QUYẾT ĐỊNH", align=CENTER, bold=True, before=18)
    para(doc, "{{ subject }}", align=CENTER, bold=True)
    rule(doc, TEXT_WIDTH, 1 / 4, after=12)
    para(doc, "{{ authority }}", align=CENTER, bold=True, after=12)
    loop_paragraphs(doc, "bases", italic=True)
    para(doc, "QUYẾT ĐỊNH:", align=CENTER, bold=True, before=6, after=12)
    body(doc, ("Điều 1. ", {"bold": True}), "{{ article_1 }}")
    body(doc, ("Điều 2. ", {"bold": True}), "{{ article_2 }}")
    body(doc, ("Điều 3. ", {"bold": True}), "{{ article_3 }}")
    para(doc, "", after=6)
    signer(doc)
    new = doc.add_section(WD_SECTION.NEW_PAGE)
    setup_section(new, restart_numbering=True)
    attached_list(doc)
    return doc


PROPOSAL_HEADERS = ["STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị", "Hình thức đề nghị",
                    "Tóm tắt thành tích"]
# sized to content: the number narrow, the achievement summary (the longest text) widest
PROPOSAL_WIDTHS = [700, 1900, 2300, 1500, TEXT_WIDTH - 700 - 1900 - 2300 - 1500]
PROPOSAL_ROW = ["{{ r.stt }}", "{{ r.name }}", "{{ r.detail }}", "{{ r.award }}",
                "{{ r.achievement }}"]


def build_submission() -> Document:
    doc = new_document()
    header_block(doc)
    para(doc, "TỜ TRÌNH", align=CENTER, bold=True, before=18)
    para(doc, "{{ subject }}", align=CENTER, bold=True)
    rule(doc, TEXT_WIDTH, 1 / 4, after=12)
    para(doc, "Kính gửi: {{ recipient }}", align=CENTER, after=12)
    loop_paragraphs(doc, "paragraphs")
    body(doc, "{{ closing }}")
    para(doc, "", after=6)
    signer(doc)
    new = doc.add_section(WD_SECTION.NEW_PAGE)
    setup_section(new, restart_numbering=True)
    para(doc, "DANH SÁCH", align=CENTER, bold=True)
    para(doc, "{{ list_heading }}", align=CENTER, bold=True)
    para(doc, "{{ list_reference }}", align=CENTER, italic=True, size=13)
    rule(doc, TEXT_WIDTH, 1 / 4, after=12)
    tag(doc, "{%p if collectives %}")
    para(doc, "I. TẬP THỂ", align=LEFT, bold=True, after=6)
    grid_table(doc, PROPOSAL_HEADERS, PROPOSAL_WIDTHS, PROPOSAL_ROW, "collectives", size=12)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if individuals %}")
    para(doc, "{{ individuals_heading }}", align=LEFT, bold=True, before=12, after=6)
    grid_table(doc, PROPOSAL_HEADERS, PROPOSAL_WIDTHS, PROPOSAL_ROW, "individuals", size=12)
    tag(doc, "{%p endif %}")
    para(doc, "{{ list_count }}", align=CENTER, italic=True, before=12)
    return doc


def build_minutes() -> Document:
    doc = new_document()
    header_block(doc, number="Số: {{ number }}")
    para(doc, "BIÊN BẢN", align=CENTER, bold=True, before=18)
    para(doc, "{{ subject }}", align=CENTER, bold=True)
    rule(doc, TEXT_WIDTH, 1 / 4, after=12)
    body(doc, "{{ opening }}")
    body(doc, ("I. THÀNH PHẦN THAM DỰ", {"bold": True}), indent=False)
    body(doc, "{{ attendance_summary }}")
    grid_table(
        doc, ["STT", "Họ và tên", "Chức danh trong Hội đồng", "Tham dự"],
        [850, 3600, 3000, TEXT_WIDTH - 850 - 3600 - 3000],
        ["{{ r.stt }}", "{{ r.name }}", "{{ r.position }}", "{{ r.present }}"], "members",
    )
    body(doc, ("II. NỘI DUNG VÀ KẾT QUẢ BỎ PHIẾU KÍN", {"bold": True}), indent=False, before=12)
    body(doc, "{{ voting_rule }}")
    loop_paragraphs(doc, "rules", "- {{ item }}")  # each award's threshold with its source
    grid_table(
        doc, ["STT", "Tên cá nhân, tập thể", "Hình thức đề nghị", "Đồng ý", "Không đồng ý",
              "Kết quả"],
        [700, 2900, 2200, 1150, 1150, TEXT_WIDTH - 700 - 2900 - 2200 - 2300],
        ["{{ r.stt }}", "{{ r.name }}", "{{ r.award }}", "{{ r.agree }}", "{{ r.disagree }}",
         "{{ r.result }}"], "items", size=12,
    )
    body(doc, ("III. KẾT LUẬN", {"bold": True}), indent=False, before=12)
    body(doc, "{{ conclusion }}")
    body(doc, "{{ closing }}")
    para(doc, "", after=6)
    signature_block(doc, ["THƯ KÝ", ("", {}), ("", {}), ("", {}),
                          ("{{ secretary }}", {"bold": True, "align": CENTER})],
                    ["CHỦ TỌA", ("", {}), ("", {}), ("", {}), "{{ chair }}"], left_size=14)
    return doc


RECORD_HEADERS = ["Năm", "{{ column }}", "Số, ngày tháng năm của quyết định; cơ quan ban hành"]
RECORD_WIDTHS = [1100, 3700, TEXT_WIDTH - 1100 - 3700]
RECORD_ROW = ["{{ r.year }}", "{{ r.name }}", "{{ r.decision }}"]


def _record_tables(doc):
    body(doc, ("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", {"bold": True}), indent=False,
         before=12)
    body(doc, ("1. Danh hiệu thi đua", {"bold": True}))
    grid_table(doc, ["Năm", "Danh hiệu thi đua", RECORD_HEADERS[2]], RECORD_WIDTHS, RECORD_ROW,
               "titles")
    tag(doc, "{%p if not titles %}")
    body(doc, "(Chưa có danh hiệu thi đua trong thời gian báo cáo.)", italic=True)
    tag(doc, "{%p endif %}")
    body(doc, ("2. Hình thức khen thưởng", {"bold": True}), before=6)
    grid_table(doc, ["Năm", "Hình thức khen thưởng", RECORD_HEADERS[2]], RECORD_WIDTHS,
               RECORD_ROW, "awards")
    tag(doc, "{%p if not awards %}")
    body(doc, "(Chưa có hình thức khen thưởng trong thời gian báo cáo.)", italic=True)
    tag(doc, "{%p endif %}")


def build_report_individual() -> Document:
    doc = new_document()
    header_block(doc, left_lines=("{{ parent_body }}",), number="")
    para(doc, "BÁO CÁO THÀNH TÍCH", align=CENTER, bold=True, before=18)
    para(doc, "{{ subject }}", align=CENTER, bold=True)
    rule(doc, TEXT_WIDTH, 1 / 4, after=12)
    body(doc, ("I. SƠ LƯỢC LÝ LỊCH", {"bold": True}), indent=False)
    loop_paragraphs(doc, "profile", "- {{ item }}")
    body(doc, ("II. THÀNH TÍCH ĐẠT ĐƯỢC", {"bold": True}), indent=False, before=6)
    body(doc, ("1. Quyền hạn, nhiệm vụ được giao hoặc đảm nhận: ", {"bold": True}),
         "{{ duties }}")
    body(doc, ("2. Thành tích đạt được: ", {"bold": True}), "{{ achievement }}")
    body(doc, "Kết quả đánh giá, xếp loại chất lượng hằng năm:")
    grid_table(doc, ["Năm", "Kết quả đánh giá, xếp loại", "Ghi chú"],
               [1100, 5000, TEXT_WIDTH - 6100], ["{{ r.year }}", "{{ r.name }}", ""], "ratings")
    body(doc, "Sáng kiến, đề tài được công nhận:", before=6)
    grid_table(doc, ["Năm", "Tên sáng kiến, đề tài (phạm vi ảnh hưởng)",
                     "Số quyết định công nhận"], RECORD_WIDTHS, RECORD_ROW, "initiatives")
    tag(doc, "{%p if not initiatives %}")
    body(doc, "(Không có sáng kiến, đề tài trong thời gian báo cáo.)", italic=True)
    tag(doc, "{%p endif %}")
    _record_tables(doc)
    para(doc, "", after=6)
    signature_block(
        doc, ["THỦ TRƯỞNG ĐƠN VỊ", "XÁC NHẬN, ĐỀ NGHỊ",
              ("(Ký, đóng dấu)", {"italic": True, "size": 13, "align": CENTER})],
        ["NGƯỜI BÁO CÁO THÀNH TÍCH", ("(Ký, ghi rõ họ và tên)", {"italic": True, "size": 13}),
         ("", {}), ("", {}), ("", {}), "{{ name }}"], left_size=14,
    )
    return doc


def build_report_collective() -> Document:
    doc = new_document()
    header_block(doc, left_lines=("{{ parent_body }}",), number="")
    para(doc, "BÁO CÁO THÀNH TÍCH", align=CENTER, bold=True, before=18)
    para(doc, "{{ subject }}", align=CENTER, bold=True)
    para(doc, "{{ name }}", align=CENTER, bold=True)
    rule(doc, TEXT_WIDTH, 1 / 4, after=12)
    body(doc, ("I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", {"bold": True}), indent=False)
    body(doc, ("1. Đặc điểm, tình hình: ", {"bold": True}), "{{ situation }}")
    body(doc, ("2. Chức năng, nhiệm vụ được giao: ", {"bold": True}), "{{ duties }}")
    body(doc, ("II. THÀNH TÍCH ĐẠT ĐƯỢC", {"bold": True}), indent=False, before=6)
    body(doc, ("1. ", {"bold": True}), "{{ achievement }}")
    body(doc, "Kết quả xếp loại và thi đua của tập thể qua các năm:")
    grid_table(
        doc, ["Năm", "Xếp loại tập thể", "Số cán bộ", "Hoàn thành xuất sắc nhiệm vụ",
              "Lao động tiên tiến", "Chiến sĩ thi đua cơ sở"],
        [900, 2300, 1100, 1700, 1500, TEXT_WIDTH - 7500],
        ["{{ r.year }}", "{{ r.rating }}", "{{ r.members }}", "{{ r.excellent }}",
         "{{ r.ldtt }}", "{{ r.cstd }}"], "years", size=12,
    )
    body(doc, ("2. Các biện pháp, nguyên nhân đạt được thành tích; các phong trào thi đua đã "
               "được áp dụng: ", {"bold": True}), "{{ measures }}", before=6)
    body(doc, ("3. Việc thực hiện chủ trương, đường lối của Đảng, chính sách, pháp luật của "
               "Nhà nước; công tác xây dựng Đảng, đoàn thể: ", {"bold": True}), "{{ party }}")
    _record_tables(doc)
    para(doc, "", after=6)
    signature_block(
        doc, ["XÁC NHẬN CỦA CẤP", "TRÌNH KHEN THƯỞNG",
              ("(Ký, đóng dấu)", {"italic": True, "size": 13, "align": CENTER})],
        ["THỦ TRƯỞNG ĐƠN VỊ", ("(Ký, đóng dấu)", {"italic": True, "size": 13}),
         ("", {}), ("", {}), ("", {}), "{{ head_name }}"], left_size=14,
    )
    return doc


BUILDERS = {
    "decision": build_decision,
    "submission": build_submission,
    "minutes": build_minutes,
    "report_individual": build_report_individual,
    "report_collective": build_report_collective,
}

DEFAULT_DIR = Path(__file__).resolve().parent / "templates_docx"


def build_all(dest: Path = DEFAULT_DIR) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, builder in BUILDERS.items():
        path = dest / f"{kind}.docx"
        builder().save(path)
        written.append(path)
    return written
