"""The five-yearly list for the patriotic-emulation congress (Đại hội thi đua yêu nước): the
exemplars recognised in a period, in a unit's subtree, with the titles and awards they
received in that period (from the history tables, which decisions write). A filter, an Excel
workbook (formula-safe, tdkt.core.excel) and a .docx (tdkt.documents.docx_builder).

Reads run in a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime
import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from tdkt.organisation.models import Unit

from .models import Exemplar, Status, SubjectKind

PERIOD_YEARS = 5
MAX_EXPORT_ROWS = 5000


@dataclass
class Filter:
    first: int
    last: int
    unit: Unit | None = None
    kind: str = ""

    @property
    def label(self) -> str:
        return f"giai đoạn {self.first}–{self.last}"


@dataclass
class Row:
    ex: Exemplar
    awards: list[tuple[int, str, str]] = field(default_factory=list)  # (year, name, decision)
    parent: str = ""  # the unit's parent, for a division ("Phòng Hộ tịch" of which Sở)

    @property
    def unit_label(self) -> str:
        return f"{self.ex.unit.name} ({self.parent})" if self.parent else self.ex.unit.name

    @property
    def awards_text(self) -> str:
        return "; ".join(f"{name} ({year}{', ' + d if d else ''})"
                         for year, name, d in self.awards)


def default_filter(today: datetime.date | None = None) -> Filter:
    today = today or datetime.date.today()
    return Filter(first=today.year - PERIOD_YEARS + 1, last=today.year)


def exemplars(scope, f: Filter):
    qs = scope.filter(Exemplar.objects.filter(status=Status.ACCEPTED, year__gte=f.first,
                                              year__lte=f.last))
    if f.unit is not None:
        qs = qs.filter(unit__path__startswith=f.unit.path)
    if f.kind in SubjectKind.values:
        qs = qs.filter(kind=f.kind)
    return qs.select_related("unit").order_by("unit__path", "kind", "name", "pk")


def _decision(number: str, date, issuer: str) -> str:
    parts = []
    if number:
        parts.append(f"QĐ số {number}")
    if date:
        parts.append(f"ngày {date:%d/%m/%Y}")
    text = " ".join(parts)
    return f"{text} của {issuer}" if text and issuer else (text or issuer)


def with_awards(items, f: Filter) -> list[Row]:
    """Rows for `items` (exemplars) with the titles and awards of their subject in the period:
    a person's own (when the exemplar is linked to a staff record), a collective's own; and the
    parent of each division. Five queries."""
    from tdkt.history.models import PersonAward, PersonTitle, UnitAward, UnitTitle

    items = list(items)
    people = {e.person_id for e in items if e.kind == SubjectKind.PERSON and e.person_id}
    units = {e.unit_id for e in items if e.kind == SubjectKind.COLLECTIVE}
    years = Q(year__gte=f.first, year__lte=f.last)
    by_person, by_unit = defaultdict(list), defaultdict(list)
    fields = ("year", "award__name", "award__rank", "decision_number", "decision_date",
              "issuer")
    for model, key, ids, out in ((PersonTitle, "person_id", people, by_person),
                                 (PersonAward, "person_id", people, by_person),
                                 (UnitTitle, "unit_id", units, by_unit),
                                 (UnitAward, "unit_id", units, by_unit)):
        if not ids:
            continue
        for owner, year, name, rank, number, date, issuer in (
                model.objects.filter(years, **{f"{key}__in": ids}).order_by()
                .values_list(key, *fields)):
            out[owner].append((year, rank, name, _decision(number, date, issuer)))
    step = Unit.steplen
    parent_paths = {e.unit.path[:-step] for e in items if e.unit.depth > 2}
    parents = dict(Unit.objects.filter(path__in=parent_paths).values_list("path", "name")) \
        if parent_paths else {}
    rows = []
    for e in items:
        found = (by_person.get(e.person_id, []) if e.kind == SubjectKind.PERSON
                 else by_unit.get(e.unit_id, []))
        rows.append(Row(e, [(y, n, d) for y, _r, n, d in sorted(found)],
                        parents.get(e.unit.path[:-step], "") if e.unit.depth > 2 else ""))
    return rows


def title_line(f: Filter) -> str:
    where = f" — {f.unit.name}" if f.unit is not None else ""
    return (f"Danh sách điển hình tiên tiến {f.label}{where}")


# --- exports -----------------------------------------------------------------------------

HEADERS = ["STT", "Cá nhân, tập thể", "Đối tượng", "Đơn vị", "Năm", "Thành tích, mô hình",
           "Danh hiệu thi đua, hình thức khen thưởng trong giai đoạn"]


def to_excel(rows: list[Row], f: Filter) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from tdkt.core import excel

    append, cell = excel.append, excel.cell

    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách điển hình"
    append(ws, [cell(ws, title_line(f), font=Font(bold=True, size=13))])
    append(ws, [f"Số điển hình: {len(rows)}"])
    append(ws, [])
    append(ws, [cell(ws, h, font=Font(bold=True)) for h in HEADERS])
    wrap = Alignment(wrap_text=True, vertical="top")
    for n, r in enumerate(rows, 1):
        append(ws, [n, *[cell(ws, v, alignment=wrap) for v in (
            r.ex.name, r.ex.get_kind_display(), r.unit_label)], r.ex.year,
            cell(ws, r.ex.title, alignment=wrap), cell(ws, r.awards_text, alignment=wrap)])
    for col, width in zip("ABCDEFG", (6, 32, 10, 36, 7, 40, 60), strict=True):
        ws.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_docx(rows: list[Row], f: Filter, root: Unit | None) -> bytes:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Twips

    from tdkt.documents import docx_builder as b
    from tdkt.documents.formats import long_date

    from .summary_docx import header_lines

    doc = b.new_document()
    section = doc.sections[0]
    # landscape: seven columns of names and awards
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = b.A4_HEIGHT, b.A4_WIDTH
    width = 16838 - 1134 - 1134
    section.left_margin = section.right_margin = Twips(1134)
    unit = root or Unit.get_first_root_node()
    parents, issuer, place, _symbol = header_lines(unit)
    b.header_block(doc, left_lines=parents, issuer=issuer, number="",
                   date=f"{place}, {long_date(datetime.date.today())}")
    b.para(doc, "DANH SÁCH", align=b.CENTER, bold=True, before=12)
    b.para(doc, f"ĐIỂN HÌNH TIÊN TIẾN {f.label.upper()}", align=b.CENTER, bold=True)
    b.para(doc, "(Phục vụ Đại hội thi đua yêu nước"
                + (f" — {f.unit.name}" if f.unit is not None else "") + ")",
           align=b.CENTER, italic=True, size=13)
    b.rule(doc, width, 1 / 5, after=12)
    widths = [700, 2800, 950, 2700, 700, 2800]
    widths.append(width - sum(widths))
    table = b.bordered_table(doc, HEADERS, widths, len(rows), size=11)
    for n, (tr, r) in enumerate(zip(table.rows[1:], rows, strict=True), 1):
        values = [n, r.ex.name, r.ex.get_kind_display(), r.unit_label, r.ex.year, r.ex.title]
        for i, (c, v) in enumerate(zip(tr.cells, values, strict=False)):
            b.para(c, str(v), align=b.CENTER if i in (0, 2, 4) else b.LEFT, size=11)
        last = tr.cells[-1]
        if r.awards:
            for year, name, d in r.awards:
                b.para(last, f"{year}: {name}" + (f" ({d})" if d else ""), align=b.LEFT,
                       size=11)
        else:
            b.para(last, "", size=11)
    b.para(doc, f"Danh sách có {len(rows)} điển hình tiên tiến./.", align=b.LEFT,
           italic=True, size=13, before=6)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
