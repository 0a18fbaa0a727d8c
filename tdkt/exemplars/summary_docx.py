"""The summary record as a .docx (Decree 30/2020 layout through the documents app's builder,
tdkt.documents.docx_builder; header from the unit's document identity,
tdkt.organisation.identity), with the figures from the records and the photos embedded with
their captions.

Written directly with python-docx (no Jinja template): nothing typed by users is ever read as
template code."""

from __future__ import annotations

import io

from django.utils import timezone
from docx.shared import Cm
from PIL import Image

from tdkt.documents import docx_builder as b
from tdkt.documents.formats import long_date
from tdkt.organisation.identity import document_header, identity_for, upper

from .models import EvidenceKind, SubjectKind, Summary, SummaryStatus

PHOTO_WIDTH, PHOTO_HEIGHT = Cm(13), Cm(9.5)


def header_lines(unit) -> tuple[list[str], str, str, str]:
    """(parent lines, issuing body, place, number symbol) of the exemplar's unit."""
    own = document_header(unit)
    if own:
        ident = identity_for(unit)
        symbol = f"BC-{ident.symbol}" if ident and ident.symbol else "BC"
        return ([own["parent_body"]] if own["parent_body"] else [], own["own_name"],
                own["place"] or "Hà Nội", symbol)
    if unit.depth == 1:
        return [], upper(unit.name), "Hà Nội", "BC-BTP"
    return ["BỘ TƯ PHÁP"], upper(unit.name), "Hà Nội", "BC"


def _heading(doc, text: str):
    p = b.body(doc, (text, {"bold": True}), indent=False, before=6, align=b.LEFT)
    p.paragraph_format.keep_with_next = True
    return p


def _paragraphs(doc, text: str):
    for chunk in (text or "").splitlines():
        if chunk.strip():
            b.body(doc, chunk.strip())


def _table(doc, headers, rows, widths, text_columns=(1,)):
    table = b.bordered_table(doc, headers, widths, len(rows))
    for row, values in zip(table.rows[1:], rows, strict=True):
        for i, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            b.para(cell, str(value), align=b.LEFT if i in text_columns else b.CENTER, size=12)
    b.para(doc, "", after=4)


def _record_table(doc, rows):
    _table(doc, ["Năm", "Danh hiệu, hình thức", "Số, ngày quyết định; cấp quyết định"],
           [[r["year"], r["name"], r.get("decision", "")] for r in rows],
           [900, 3900, b.TEXT_WIDTH - 4800], text_columns=(1, 2))


def _figures(doc, ex, figures: dict):
    period = f"{figures['first']}–{figures['last']}"
    b.body(doc, f"Số liệu lấy từ hồ sơ thi đua, khen thưởng trên Hệ thống, giai đoạn {period}:",
           italic=True)
    if figures.get("note"):
        b.body(doc, figures["note"])
        return
    n = 1
    b.body(doc, (f"{n}. Danh hiệu thi đua", {"bold": True, "italic": True}))
    if figures["titles"]:
        _record_table(doc, figures["titles"])
    else:
        b.body(doc, "Không có danh hiệu thi đua được ghi nhận trong giai đoạn.")
    n += 1
    b.body(doc, (f"{n}. Hình thức khen thưởng", {"bold": True, "italic": True}))
    if figures["awards"]:
        _record_table(doc, figures["awards"])
    else:
        b.body(doc, "Không có hình thức khen thưởng được ghi nhận trong giai đoạn.")
    if ex.kind == SubjectKind.PERSON:
        n += 1
        b.body(doc, (f"{n}. Sáng kiến, đề tài được công nhận", {"bold": True, "italic": True}))
        if figures["initiatives"]:
            _table(doc, ["Năm", "Tên sáng kiến, đề tài", "Phạm vi", "Số quyết định"],
                   [[i["year"], i["name"], i["scope"], i["decision"]]
                    for i in figures["initiatives"]],
                   [900, 4155, 1300, 2000], text_columns=(1,))
        else:
            b.body(doc, "Không có sáng kiến, đề tài được công nhận trong giai đoạn.")
    elif figures["members"]:
        n += 1
        b.body(doc, (f"{n}. Kết quả thi đua của cán bộ trong tập thể",
                     {"bold": True, "italic": True}))
        _table(doc, ["Năm", "Tổng số cán bộ", "Lao động tiên tiến", "Chiến sĩ thi đua cơ sở"],
               [[m["year"], m["members"], m["ldtt"], m["cstd"]] for m in figures["members"]],
               [1300, 2350, 2350, 2355], text_columns=())


def _photos(doc, photos):
    for n, photo in enumerate(photos, 1):
        p = b.para(doc, "", align=b.CENTER, before=6)
        p.paragraph_format.keep_with_next = True
        with photo.file.open("rb") as fh:
            content = fh.read()
        with Image.open(io.BytesIO(content)) as image:
            px_w, px_h = image.size
        # as wide as the column allows, no taller than PHOTO_HEIGHT (portrait photos)
        width = min(PHOTO_WIDTH, int(PHOTO_HEIGHT * px_w / max(px_h, 1)))
        p.add_run().add_picture(io.BytesIO(content), width=width)
        b.para(doc, f"Ảnh {n}. {photo.caption}", align=b.CENTER, italic=True, size=12, after=6)


def build(summary: Summary) -> bytes:
    ex = summary.exemplar
    unit = ex.unit
    evidence = list(ex.evidence.all())
    photos = [e for e in evidence if e.kind == EvidenceKind.PHOTO]
    files = [e for e in evidence if e.kind == EvidenceKind.FILE]
    figures = summary.figures if summary.figures and not summary.editable else None
    if figures is None:
        from .summary import figures_for

        figures = figures_for(ex)

    parent = unit.get_parent() if unit.depth > 2 else None  # a division: which Sở, which Cục
    doc = b.new_document()
    parents, issuer, place, symbol = header_lines(unit)
    approved = summary.status == SummaryStatus.APPROVED
    day = timezone.localdate(summary.approved_at) if approved and summary.approved_at else None
    b.header_block(doc, left_lines=parents, issuer=issuer, number=f"Số:        /{symbol}",
                   date=f"{place}, {long_date(day)}")
    if not approved:
        b.para(doc, ("DỰ THẢO", {"bold": True}), align=b.RIGHT, size=12, before=6)
    b.para(doc, "BÁO CÁO TỔNG KẾT ĐIỂN HÌNH TIÊN TIẾN", align=b.CENTER, bold=True, before=18)
    b.para(doc, ex.title, align=b.CENTER, bold=True)
    who = "cá nhân" if ex.kind == SubjectKind.PERSON else "tập thể"
    b.para(doc, f"({who}: {ex.name})", align=b.CENTER, italic=True)
    b.rule(doc, b.TEXT_WIDTH, 1 / 4, after=12)

    _heading(doc, "I. THÔNG TIN CHUNG")
    if ex.kind == SubjectKind.PERSON:
        b.body(doc, f"Họ và tên: {ex.name}.")
        if ex.person_id and ex.person.position:
            b.body(doc, f"Chức vụ: {ex.person.position}.")
        b.body(doc, f"Đơn vị công tác: {unit.name}"
                    + (f", {parent.name}" if parent is not None else "") + ".")
    else:
        b.body(doc, f"Tên tập thể: {ex.name}.")
        above = [u.name for u in (unit, parent) if u is not None and u.name != ex.name]
        if above:
            b.body(doc, f"Thuộc: {', '.join(above)}.")
    b.body(doc, f"Năm được phát hiện, công nhận điển hình: {ex.year}.")

    _heading(doc, "II. THÀNH TÍCH, KẾT QUẢ NỔI BẬT")
    _paragraphs(doc, summary.achievement)
    _heading(doc, "III. NGUYÊN NHÂN THÀNH CÔNG, BÀI HỌC KINH NGHIỆM")
    _paragraphs(doc, summary.lessons)
    _heading(doc, "IV. DANH HIỆU THI ĐUA, HÌNH THỨC KHEN THƯỞNG")
    _figures(doc, ex, figures)
    if summary.replication.strip():
        _heading(doc, "V. KHẢ NĂNG NHÂN RỘNG, ĐỀ XUẤT")
        _paragraphs(doc, summary.replication)
    if photos or files:
        _heading(doc, f"{'VI' if summary.replication.strip() else 'V'}. TÀI LIỆU, HÌNH ẢNH "
                      "MINH CHỨNG")
        for n, item in enumerate(files, 1):
            b.body(doc, f"{n}. {item.caption or item.original_name}"
                        + (f" (tệp {item.original_name})" if item.caption else "") + ".")
        _photos(doc, photos)
    closing = b.body(doc, f"Trên đây là báo cáo tổng kết điển hình tiên tiến “{ex.title}” "
                          f"của {unit.name}./.", before=6)
    closing.paragraph_format.keep_with_next = True

    signer = document_header(unit).get("signer_name", "")
    block = b.signature_block(
        doc,
        [("Nơi nhận:", {"bold": True, "italic": True, "size": 12}),
         ("- Bộ Tư pháp (Vụ Tổ chức cán bộ);", {"size": 11}),
         ("- Lưu: VT, TĐKT.", {"size": 11})],
        ["THỦ TRƯỞNG ĐƠN VỊ", ("(Ký, ghi rõ họ tên, đóng dấu)", {"italic": True, "size": 13}),
         ("", {}), ("", {}), ("", {}), (signer, {"bold": True})],
    )
    block.rows[0]._tr.get_or_add_trPr().append(b.OxmlElement("w:cantSplit"))
    if summary.head_approved_at or approved:
        steps = []
        if summary.head_approved_at:
            steps.append("Thủ trưởng đơn vị duyệt ngày "
                         f"{timezone.localdate(summary.head_approved_at):%d/%m/%Y}")
        if approved and summary.approved_at:
            steps.append(f"Vụ Tổ chức cán bộ phê duyệt ngày {day:%d/%m/%Y}")
        b.para(doc, "Ghi chú: " + "; ".join(steps) + " trên Hệ thống quản lý thi đua, "
                    "khen thưởng.", size=11, italic=True, before=12)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
