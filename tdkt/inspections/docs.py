"""The inspection minutes (biên bản kiểm tra) and conclusion (kết luận kiểm tra) as .docx.

Built with the documents app's Decree 30 layout helpers (tdkt.documents.docx_builder: A4,
Times New Roman 14, header block with the national name and motto, signature block, "Nơi
nhận") and the unit's document identity (tdkt.organisation.identity). Values are written as
plain text runs (no template is evaluated), so nothing a user types is ever run as a template.
No Justice-sector form for these two documents was found (reference §1, §7): the layout is
the system's proposal and the page offering the download says so.
"""

from __future__ import annotations

import io

from docx.oxml import OxmlElement

from tdkt.documents import docx_builder as b
from tdkt.documents import formats as f
from tdkt.documents.fit import fit_lines
from tdkt.organisation.identity import document_header

from . import selectors
from .models import ActionStatus, ItemKind, Side


def _header(unit) -> dict:
    """Parent body, issuer name, place and signer of `unit`'s documents."""
    head = document_header(unit)
    parent = head.get("parent_body", "")
    if not head:
        parent_unit = unit.get_parent() if unit.depth > 1 else None
        parent = parent_unit.name if parent_unit else ""
    return {
        "parent": f.upper(parent) if parent else "",
        "issuer": f.upper(head.get("own_name") or unit.name),
        "place": head.get("place") or "Hà Nội",
        "signer_title": head.get("signer_title", ""),
        "signer_name": head.get("signer_name", ""),
    }


def data_table(doc, headers, widths, rows, size=12, bold_last=False):
    """A bordered table with a header row repeated on every page; rows never split."""
    table = b.bordered_table(doc, headers, widths, len(rows), size=size)
    for index, values in enumerate(rows, start=1):
        last = bold_last and index == len(rows)
        for col, (cell, text) in enumerate(zip(table.rows[index].cells, values, strict=True)):
            align = b.LEFT if col == 1 else b.CENTER
            b.para(cell, str(text), align=align, size=size, bold=last)
    return table


def _fit(text: str, bold: bool = True) -> str:
    """A header name broken where a document breaks it (documents.fit), 13 pt."""
    return fit_lines(text, b.LEFT_COL, 13, "Bold" if bold else "Regular")


def _fit_date(text: str) -> str:
    return fit_lines(text, b.RIGHT_COL, 14, "Italic", prefer_comma=True)


def _whole(table):
    """A signature block is never split across two pages."""
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    return table


def _keep(paragraph):
    """The paragraph stays on the page of what follows (the signature never stands alone)."""
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _member(line: str) -> str:
    """"Trần Thị Thu — Chuyên viên chính" -> "Trần Thị Thu, Chuyên viên chính"."""
    for dash in (" — ", " – ", " - "):
        line = line.replace(dash, ", ")
    return line.rstrip(" ;,.")


def _name(text: str) -> str:
    """The name part of "Phạm Thị Lan, Phó Giám đốc Sở" (what goes under a signature)."""
    return (text or "").split(",")[0].strip()


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _points(value) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f}".replace(".", ",")


def _answer(item, result) -> str:
    if result is None:
        return ""
    if item.kind == ItemKind.SCORE:
        return _points(result.points)
    return {True: "Đạt", False: "Không đạt"}.get(result.passed, "")


def _max(item) -> str:
    return _points(item.max_points) if item.kind == ItemKind.SCORE else "Đạt/Không"


def _plan_reference(inspection) -> str:
    plan = inspection.plan
    number = f"số {plan.number} " if plan.number else ""
    issued = f"{f.long_date(plan.issued_on)} " if plan.issued_on else ""
    return f"Kế hoạch {number}{issued}của {plan.issuing_unit.name} ({plan.title})"


def _period(inspection) -> str:
    """"từ ngày … đến ngày …", or "ngày …" for a one-day visit."""
    if inspection.ends_on == inspection.starts_on:
        return f.long_date(inspection.starts_on)
    return f"từ {f.long_date(inspection.starts_on)} đến {f.long_date(inspection.ends_on)}"


def _save(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def minutes(inspection) -> bytes:
    rows = selectors.checklist_rows(inspection)
    team, own = selectors.total(rows, Side.TEAM), selectors.total(rows, Side.SELF)
    issuer = _header(inspection.plan.issuing_unit)
    unit = inspection.unit
    doc = b.new_document()
    b.header_block(doc, left_lines=(_fit(issuer["issuer"], bold=False),), issuer="ĐOÀN KIỂM TRA",
                   number="", date=_fit_date(f.place_date(_header(unit)["place"],
                                                          inspection.inspected_on)))
    b.para(doc, "BIÊN BẢN KIỂM TRA", align=b.CENTER, bold=True, before=18)
    b.para(doc, f"Công tác thi đua, khen thưởng năm {inspection.plan.year}", align=b.CENTER,
           bold=True)
    b.para(doc, f"tại {unit.name}", align=b.CENTER, bold=True)
    b.rule(doc, b.TEXT_WIDTH, 1 / 4, after=12)
    place = inspection.place or unit.name
    b.body(doc, f"Thực hiện {_plan_reference(inspection)}, hôm nay, "
                f"{f.long_date(inspection.inspected_on)}, tại {place}, Đoàn kiểm tra tiến hành "
                f"kiểm tra công tác thi đua, khen thưởng của {unit.name}.")
    b.body(doc, ("I. THÀNH PHẦN", {"bold": True}), indent=False)
    b.body(doc, ("1. Đoàn kiểm tra:", {"bold": True}))
    lead = inspection.lead_name + (f", {inspection.lead_title}" if inspection.lead_title else "")
    people = [f"- {lead}, Trưởng đoàn"] + [f"- {_member(line)}, Thành viên"
                                           for line in inspection.member_lines]
    for n, line in enumerate(people, start=1):
        b.body(doc, line + ("." if n == len(people) else ";"))
    b.body(doc, ("2. Đơn vị được kiểm tra: ", {"bold": True}), unit.name)
    if inspection.unit_representative:
        b.body(doc, f"- {inspection.unit_representative}.")
    b.body(doc, ("II. NỘI DUNG KIỂM TRA", {"bold": True}), indent=False, before=6)
    for line in inspection.content.splitlines():
        if line.strip():
            b.body(doc, line.strip())
    b.body(doc, ("III. KẾT QUẢ KIỂM TRA THEO BỘ TIÊU CHÍ", {"bold": True}), indent=False,
           before=6)
    b.body(doc, f"Chấm theo {_lower_first(str(inspection.template))}. Cột “Đơn vị tự chấm” ghi "
                "kết quả tự kiểm tra đơn vị gửi trước khi Đoàn làm việc.", italic=True, size=13)
    widths = [800, 3900, 1050, 1100, 1100, b.TEXT_WIDTH - 800 - 3900 - 1050 - 2200]
    table_rows = [
        (r.item.code, r.item.text, _max(r.item), _answer(r.item, r.self_result),
         _answer(r.item, r.team_result), (r.team_result.note if r.team_result else ""))
        for r in rows
    ]
    table_rows.append(("", "Tổng cộng", "", own.text(), team.text(), ""))
    data_table(doc, ["Mã", "Nội dung kiểm tra", "Tối đa", "Đơn vị tự chấm", "Đoàn chấm",
                     "Nhận xét"], widths, table_rows, size=11, bold_last=True)
    b.body(doc, ("IV. NHẬN XÉT CỦA ĐOÀN KIỂM TRA", {"bold": True}), indent=False, before=12)
    findings = list(inspection.findings.all())
    if findings:
        for n, finding in enumerate(findings, start=1):
            b.body(doc, f"{n}. {finding.text}")
            if finding.recommendation:
                b.body(doc, ("Kiến nghị: ", {"italic": True}), finding.recommendation)
    else:
        b.body(doc, "Đoàn kiểm tra chưa ghi tồn tại, hạn chế.")
    _keep(b.body(doc, "Biên bản đã được đọc lại cho các thành viên Đoàn kiểm tra và đại diện "
                      "đơn vị được kiểm tra cùng nghe, thống nhất ký tên./.", before=6))
    _keep(b.para(doc, "", after=6))
    _whole(b.signature_block(
        doc,
        ["ĐẠI DIỆN ĐƠN VỊ", "ĐƯỢC KIỂM TRA", ("", {}), ("", {}), ("", {}),
         (_name(inspection.unit_representative), {"bold": True, "align": b.CENTER})],
        ["TRƯỞNG ĐOÀN KIỂM TRA", ("", {}), ("", {}), ("", {}), ("", {}), inspection.lead_name],
        left_size=14,
    ))
    return _save(doc)


def conclusion(inspection) -> bytes:
    rows = selectors.checklist_rows(inspection)
    team, own = selectors.total(rows, Side.TEAM), selectors.total(rows, Side.SELF)
    issuer = _header(inspection.plan.issuing_unit)
    unit, plan = inspection.unit, inspection.plan
    doc = b.new_document()
    number = inspection.conclusion_number or "…/KL-…"
    b.header_block(doc, left_lines=(_fit(issuer["parent"], bold=False),) if issuer["parent"]
                   else (), issuer=_fit(issuer["issuer"]), number=f"Số: {number}",
                   date=_fit_date(f.place_date(issuer["place"], inspection.concluded_on)))
    b.para(doc, "KẾT LUẬN KIỂM TRA", align=b.CENTER, bold=True, before=18)
    b.para(doc, f"Công tác thi đua, khen thưởng năm {plan.year}", align=b.CENTER, bold=True)
    b.para(doc, f"đối với {unit.name}", align=b.CENTER, bold=True)
    b.rule(doc, b.TEXT_WIDTH, 1 / 4, after=12)
    lead = inspection.lead_name + (f", {inspection.lead_title}," if inspection.lead_title else "")
    b.body(doc, f"Thực hiện {_plan_reference(inspection)}, {_period(inspection)}, Đoàn kiểm tra "
                f"do {lead} làm Trưởng đoàn đã kiểm tra công tác thi đua, khen thưởng tại "
                f"{unit.name}.")
    own_report = "báo cáo tự kiểm tra của đơn vị, " if own.answered else ""
    b.body(doc, f"Xét {own_report}biên bản kiểm tra {f.long_date(inspection.inspected_on)} và kết "
                f"quả làm việc của Đoàn kiểm tra, {plan.issuing_unit.name} kết luận như sau:")
    b.body(doc, ("I. KẾT QUẢ KIỂM TRA", {"bold": True}), indent=False)
    own_text = (f"đơn vị tự chấm {own.text()}" if own.answered
                else "đơn vị không gửi kết quả tự kiểm tra")
    b.body(doc, f"Kết quả chấm theo bộ tiêu chí ({inspection.template}): Đoàn kiểm tra "
                f"{team.text()}; {own_text}.")
    for line in inspection.conclusion.splitlines():
        if line.strip():
            b.body(doc, line.strip())
    b.body(doc, ("II. TỒN TẠI, HẠN CHẾ", {"bold": True}), indent=False, before=6)
    findings = list(inspection.findings.prefetch_related("actions__owner_unit"))
    if findings:
        for n, finding in enumerate(findings, start=1):
            b.body(doc, f"{n}. {finding.text}")
    else:
        b.body(doc, "Không có tồn tại, hạn chế phải khắc phục.")
    b.body(doc, ("III. KIẾN NGHỊ VÀ BIỆN PHÁP KHẮC PHỤC", {"bold": True}), indent=False,
           before=6)
    action_rows = []
    for finding in findings:
        for action in finding.actions.all():
            text = action.description
            if finding.recommendation:
                text = f"{finding.recommendation} – {text}"
            status = " (đã nghiệm thu)" if action.status == ActionStatus.ACCEPTED else ""
            action_rows.append((len(action_rows) + 1, text, action.owner_unit.name,
                                f.short_date(action.due_on) + status))
    recommendations = [fd.recommendation for fd in findings
                       if fd.recommendation and not fd.actions.all()]
    for text in recommendations:
        b.body(doc, f"- {text}")
    if action_rows:
        widths = [700, 4600, 2300, b.TEXT_WIDTH - 7600]
        data_table(doc, ["STT", "Kiến nghị, biện pháp khắc phục", "Đơn vị thực hiện",
                         "Thời hạn"], widths, action_rows, size=12)
        _keep(b.body(doc, f"Đề nghị {unit.name} tổ chức thực hiện các biện pháp trên và báo cáo "
                          "kết quả, kèm minh chứng, trên Hệ thống trước thời hạn để Đoàn kiểm "
                          "tra nghiệm thu./.", before=6))
    elif not recommendations:
        _keep(b.body(doc, "Không có biện pháp phải khắc phục./."))
    _keep(b.para(doc, "", after=6))
    signer_title = f.upper(issuer["signer_title"]) or "TRƯỞNG ĐOÀN KIỂM TRA"
    signer_name = issuer["signer_name"] if issuer["signer_title"] else inspection.lead_name
    _whole(b.signature_block(
        doc,
        [("Nơi nhận:", {"bold": True, "italic": True, "size": 12}),
         (f"- {unit.name} (để thực hiện);", {"size": 11}),
         ("- Thành viên Đoàn kiểm tra;", {"size": 11}),
         ("- Lưu: VT, hồ sơ kiểm tra.", {"size": 11})],
        [signer_title, ("", {}), ("", {}), ("", {}), ("", {}), signer_name],
    ))
    return _save(doc)
