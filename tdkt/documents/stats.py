"""Statistics forms of Thông tư 02/2023/TT-BNV (TĐKT tables 0601–0603) for a year and a unit
subtree, computed with grouped queries (a fixed handful whatever the data size).

Conventions (documented on the page):
- 0601 counts the movements of the year (`Movement.year`; a thematic movement counts in the
  year it starts), drafts excluded, launched by a unit of the subtree. Launching level: the
  Ministry (root unit) → "Bộ, ngành, tỉnh"; any other unit → "Cơ quan, đơn vị"; the Central
  Council's movements are not managed here (0). Duration in whole months of the period.
- 0602 / 0603 count the awards in the record (history rows, which issued decisions write and
  revocations remove) decided in the year (decision date in the year, or, without a date, the
  record's year), for people currently in the subtree and units of the subtree. Titles count
  as "thường xuyên".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from tdkt.history.models import (
    AwardLevel,
    LeadershipPost,
    PersonAward,
    PersonTitle,
    UnitAward,
    UnitTitle,
)

FORMS = {
    "0601": "Biểu 0601.N/BNV-TĐKT: Số phong trào thi đua",
    "0602": "Biểu 0602.N/BNV-TĐKT: Số khen thưởng cấp Nhà nước",
    "0603": "Biểu 0603.N/BNV-TĐKT: Số khen thưởng cấp Bộ, ban, ngành, tỉnh",
}


@dataclass
class Row:
    label: str
    values: list[int] | None  # None: a heading ("1. Chia theo …"), printed without figures
    level: int = 0  # indentation
    note: str = ""
    code: str = ""  # "Mã số" of the official form
    unit: str = ""  # "Đơn vị tính"

    @property
    def heading(self) -> bool:
        return self.values is None


@dataclass
class Section:
    """A breakdown: the sub-rows must add up to the total row, column by column."""

    total: str
    parts: list[str]
    label: str = ""


@dataclass
class Table:
    form: str
    title: str
    year: int
    unit_name: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    measure: str = ""  # "Đơn vị tính" of the whole form, when one
    reporting_unit: str = ""
    receiving_unit: str = ""
    has_unit_column: bool = False

    def row(self, label: str) -> Row:
        return next(r for r in self.rows if r.label == label)

    @property
    def code(self) -> str:
        return f"{self.form}.N/BNV-TĐKT"

    def mismatches(self) -> list[str]:
        """Every place where a breakdown does not add up (empty when the form is sound):
        the sub-rows of each section against its total, and in every row the "Tổng số"
        column against the sum of the other columns."""
        out = []
        for section in self.sections:
            total = self.row(section.total).values
            parts = [self.row(label).values for label in section.parts]
            for col, value in enumerate(total):
                added = sum(p[col] for p in parts)
                if added != value:
                    out.append(f"{section.label or section.total}, cột {col + 1}: "
                               f"tổng {value}, cộng các dòng {added}")
        for r in self.rows:
            if r.values is not None and r.values[0] != sum(r.values[1:]):
                out.append(f"Dòng “{r.label}”: tổng số {r.values[0]}, cộng các cột "
                           f"{sum(r.values[1:])}")
        return out


# --- 0601 movements -------------------------------------------------------------------------

DURATIONS = [
    ("Dưới 1 năm", -10_000, 11),  # a period entered back to front still counts once
    ("1 năm", 12, 12),
    ("Từ trên 1 năm đến dưới 3 năm", 13, 35),  # the official form: "Từ 1 năm đến dưới 3 năm"
    ("Từ 3 năm đến dưới 5 năm", 36, 59),
    ("Từ 5 năm trở lên", 60, 10_000),
]


def months(start: datetime.date, end: datetime.date) -> int:
    """Whole months of a period counted inclusively (1/1–31/12 → 12)."""
    end_next = end + datetime.timedelta(days=1)
    return (end_next.year - start.year) * 12 + end_next.month - start.month - (
        1 if end_next.day < start.day else 0)


def form_0601(root, year: int) -> Table:
    from tdkt.movements.models import Movement

    rows = (
        Movement.objects.filter(year=year, launching_unit__path__startswith=root.path)
        .exclude(status="draft")
        .values("kind", "starts_on", "ends_on", "launching_unit__depth")
        .annotate(n=Count("id"))
        .order_by()
    )
    columns = ["Tổng số", "Hội đồng TĐKT Trung ương phát động", "Bộ, ngành, tỉnh phát động",
               "Cơ quan, đơn vị phát động"]

    def empty():
        return [0, 0, 0, 0]

    total, national, ministry, cluster, agency = empty(), empty(), empty(), empty(), empty()
    durations = [empty() for _ in DURATIONS]
    thematic, regular = empty(), empty()
    for r in rows:
        col = 2 if r["launching_unit__depth"] == 1 else 3
        n = r["n"]
        for target in (total, ministry if col == 2 else agency):
            target[0] += n
            target[col] += n
        m = months(r["starts_on"], r["ends_on"])
        for bucket, (_, low, high) in zip(durations, DURATIONS, strict=True):
            if low <= m <= high:
                bucket[0] += n
                bucket[col] += n
        kind = thematic if r["kind"] == "thematic" else regular
        kind[0] += n
        kind[col] += n
    table = Table("0601", FORMS["0601"], year, root.name, columns, measure="Phong trào")
    scopes = [("Toàn quốc", national, ""),
              ("Bộ, ban, ngành, đoàn thể, địa phương", ministry, ""),
              ("Cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng các cấp tổ chức", cluster,
               "chưa theo dõi riêng"),
              ("Cơ quan, tổ chức, đơn vị", agency, "")]
    kinds = [("Thi đua theo chuyên đề", thematic), ("Thi đua thường xuyên hằng năm", regular)]
    codes = iter(f"{n:02d}" for n in range(1, 100))
    table.rows = [
        Row("Tổng số phong trào thi đua", total, code=next(codes)),
        Row("1. Chia theo phạm vi tổ chức thi đua", None),
        *[Row(label, values, 1, note, code=next(codes)) for label, values, note in scopes],
        Row("2. Chia theo thời hạn thi đua", None),
        *[Row(label, bucket, 1, code=next(codes))
          for (label, _, _), bucket in zip(DURATIONS, durations, strict=True)],
        Row("3. Chia theo phương thức tổ chức phong trào thi đua", None),
        *[Row(label, values, 1, code=next(codes)) for label, values in kinds],
    ]
    top = "Tổng số phong trào thi đua"
    table.sections = [
        Section(top, [label for label, _, _ in scopes], "Chia theo phạm vi"),
        Section(top, [label for label, _, _ in DURATIONS], "Chia theo thời hạn"),
        Section(top, [label for label, _ in kinds], "Chia theo phương thức"),
    ]
    table.notes = [
        "Phong trào tính theo năm của phong trào (phong trào chuyên đề tính vào năm bắt đầu), "
        "không tính dự thảo.",
        "Phong trào do Hội đồng Thi đua - Khen thưởng Trung ương phát động không quản lý trên "
        "hệ thống; phong trào của cụm, khối chưa được theo dõi riêng.",
    ]
    return table


# --- 0602 / 0603 awards ---------------------------------------------------------------------

COLUMNS_0603 = [
    ("Bằng khen", ("bang_khen_bo_truong",)),
    ("Chiến sĩ thi đua cấp Bộ, ngành, tỉnh", ("chien_si_thi_dua_cap_bo",)),
    ("Cờ thi đua cấp Bộ, ngành, tỉnh", ("co_thi_dua_nganh",)),
    ("Kỷ niệm chương, Huy hiệu", ("ky_niem_chuong", "huy_hieu")),
]
COLUMNS_0602 = [
    ("Huân chương", ("huan_chuong",)),
    ("Danh hiệu vinh dự Nhà nước", ("anh_hung", "nha_giao_nhan_dan", "thay_thuoc_nhan_dan",
                                    "nghe_si_nhan_dan", "danh_hieu_vinh_du")),
    ("Bằng khen của Thủ tướng Chính phủ", ("bang_khen_thu_tuong",)),
    ("Chiến sĩ thi đua toàn quốc", ("chien_si_thi_dua_toan_quoc",)),
    ("Cờ thi đua của Chính phủ", ("co_thi_dua_chinh_phu",)),
]
METHODS = [
    ("regular", "Thường xuyên"), ("thematic", "Chuyên đề"), ("sudden", "Đột xuất"),
    ("foreign", "Đối ngoại"), ("dedication", "Cống hiến"), ("tenure", "Niên hạn"),
    ("resistance", "Kháng chiến"),
]
# individual categories, in priority order
LEADER_MINISTRY = "ministry_leader"
LEADER_DEPARTMENT = "department_leader"
LEADER_OTHER = "other_leader"
DIRECT = "direct_worker"
OTHER = "other"


def column_of(code: str, columns) -> int | None:
    for i, (_, prefixes) in enumerate(columns):
        if code.startswith(prefixes):
            return i
    return None


def year_q(year: int) -> Q:
    return Q(decision_date__year=year) | Q(decision_date__isnull=True, year=year)


def _post_exists(posts, year: int):
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return Exists(
        LeadershipPost.objects.filter(person=OuterRef("person"), post__in=posts,
                                      starts_on__lte=end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
    )


# Units whose head is a "department-level" leader (Vụ, Cục, Sở, THADS tỉnh…).
DEPARTMENT_KINDS = frozenset({
    "department", "office", "inspectorate", "directorate_general", "directorate",
    "public_service_unit", "provincial_justice_dept", "provincial_enforcement_office",
})


def person_category(unit_kind: str, is_leader: bool, is_frontline: bool, minister: bool,
                    head: bool) -> str:
    """Priority: Minister/Deputy Minister; head or deputy of a Vụ, Cục, Sở…; other leaders
    (heads and deputies of divisions, anyone marked as a leader); direct workers."""
    if minister:
        return LEADER_MINISTRY
    if head and unit_kind in DEPARTMENT_KINDS:
        return LEADER_DEPARTMENT
    if head or is_leader:
        return LEADER_OTHER
    if is_frontline:
        return DIRECT
    return OTHER


def award_counts(root, year: int, level: str):
    """Grouped rows: (subject, award code, method, category, n). Four grouped queries."""
    out = []
    for model, has_method in ((PersonAward, True), (PersonTitle, False)):
        qs = (
            model.objects.filter(year_q(year), award__level=level,
                                 person__unit__path__startswith=root.path)
            .annotate(minister=_post_exists(("minister", "deputy_minister"), year),
                      head=_post_exists(("head", "deputy"), year))
        )
        fields = ["award__code", "person__unit__kind", "person__is_leader",
                  "person__is_frontline", "minister", "head"]
        if has_method:
            fields.append("method")
        for r in qs.values(*fields).annotate(n=Count("id")).order_by():
            category = person_category(r["person__unit__kind"], r["person__is_leader"],
                                       r["person__is_frontline"], r["minister"], r["head"])
            out.append(("individual", r["award__code"], r.get("method", "regular"), category,
                        r["n"]))
    for model, has_method in ((UnitAward, True), (UnitTitle, False)):
        fields = ["award__code"] + (["method"] if has_method else [])
        qs = model.objects.filter(year_q(year), award__level=level,
                                  unit__path__startswith=root.path)
        for r in qs.values(*fields).annotate(n=Count("id")).order_by():
            out.append(("collective", r["award__code"], r.get("method", "regular"), "", r["n"]))
    return out


# individual sub-rows (official labels, TT 02/2023); together they partition "Cá nhân"
INDIVIDUAL_ROWS = [
    (LEADER_MINISTRY, "Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên"),
    (LEADER_DEPARTMENT, "Lãnh đạo cấp vụ, sở, ngành và tương đương"),
    ("businessman", "Doanh nhân"),
    (LEADER_OTHER, "Các cấp lãnh đạo khác từ phó phòng trở lên"),
    (DIRECT, "Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu "
             "(công nhân, nông dân,...)"),
]
FRONTLINE_OF_WHICH = "Trong đó: được đánh dấu “trực tiếp lao động” trên hồ sơ"


def _award_form(form: str, root, year: int, level: str, columns) -> Table:
    width = len(columns) + 1

    def empty():
        return [0] * width

    total, collective, enterprise, household, individual = (empty() for _ in range(5))
    ministries, provinces = empty(), empty()
    categories = {key: empty() for key, _ in INDIVIDUAL_ROWS}
    frontline = empty()
    methods = {key: empty() for key, _ in METHODS}
    for subject, code, method, category, n in award_counts(root, year, level):
        col = column_of(code, columns)
        if col is None:
            continue
        targets = [total, ministries, collective if subject == "collective" else individual,
                   methods.get(method, methods["regular"])]
        if subject == "individual":
            # every individual lands in exactly one sub-row: a non-leader (marked as a front-
            # line worker or not) is a "người trực tiếp công tác" of the official form
            targets.append(categories[category if category in categories else DIRECT])
            if category == DIRECT:
                targets.append(frontline)
        for target in targets:
            target[0] += n
            target[col + 1] += n
    table = Table(form, FORMS[form], year, root.name,
                  ["Tổng số"] + [label for label, _ in columns], has_unit_column=True)
    codes = iter(str(n) if form == "0602" else f"{n:02d}" for n in range(1, 100))
    rows = [Row("Tổng số", total, code=next(codes))]
    sections = []
    if form == "0602":
        rows += [
            Row("1. Chia theo đơn vị ban hành tờ trình Thủ tướng Chính phủ về khen thưởng",
                None),
            Row("Bộ, ban, ngành, đoàn thể Trung ương", ministries, 1, code=next(codes),
                unit="Bộ, ngành"),
            Row("Tỉnh, thành phố trực thuộc Trung ương", provinces, 1, code=next(codes),
                unit="Tỉnh, TP"),
        ]
        sections.append(Section("Tổng số", ["Bộ, ban, ngành, đoàn thể Trung ương",
                                            "Tỉnh, thành phố trực thuộc Trung ương"],
                                "Chia theo đơn vị trình"))
        next(codes), next(codes)  # the official numbering skips 4 and 5
    heading = "2. Chia theo đối tượng khen thưởng" if form == "0602" \
        else "1. Chia theo đối tượng khen thưởng"
    rows += [
        Row(heading, None),
        Row("Tập thể", collective, 1, code=next(codes), unit="Tập thể"),
        Row("Trong đó: doanh nghiệp", enterprise, 2, code=next(codes), unit="Doanh nghiệp"),
        Row("Hộ gia đình", household, 1, code=next(codes), unit="Hộ"),
        Row("Cá nhân", individual, 1, code=next(codes), unit="Người"),
        *[Row(label, categories[key], 2, code=next(codes), unit="Người")
          for key, label in INDIVIDUAL_ROWS],
        Row(FRONTLINE_OF_WHICH, frontline, 3, "dòng bổ sung của hệ thống, không có trong biểu",
            unit="Người"),
        Row("3. Chia theo phương thức khen thưởng" if form == "0602"
            else "2. Chia theo phương thức khen thưởng", None),
        *[Row(label, methods[key], 1, code=next(codes)) for key, label in METHODS],
    ]
    sections += [
        Section("Tổng số", ["Tập thể", "Hộ gia đình", "Cá nhân"], "Chia theo đối tượng"),
        Section("Cá nhân", [label for _, label in INDIVIDUAL_ROWS], "Cá nhân chia theo chức vụ"),
        Section("Tổng số", [label for _, label in METHODS], "Chia theo phương thức"),
    ]
    table.rows = rows
    table.sections = sections
    table.notes = [
        "Số liệu lấy từ sổ theo dõi khen thưởng (các quyết định đã ban hành ghi vào hồ sơ; "
        "khen thưởng bị hủy bỏ không được tính), theo ngày quyết định trong năm.",
        "Cán bộ tính theo đơn vị công tác hiện tại; danh hiệu thi đua tính vào hình thức "
        "thường xuyên. Ngành Tư pháp không có doanh nghiệp, hộ gia đình, doanh nhân.",
        "Cá nhân không giữ chức vụ lãnh đạo được tính vào dòng “Người trực tiếp công tác, lao "
        "động…”; dòng “Trong đó” bên dưới (không có trong biểu chính thức) cho biết số người "
        "được đánh dấu trực tiếp lao động trên hồ sơ.",
    ]
    if form == "0602":
        table.notes.append(
            "Mọi đề nghị khen thưởng cấp Nhà nước của ngành do Bộ Tư pháp trình, nên tính ở "
            "dòng “Bộ, ban, ngành”. Biểu chính thức ghi riêng từng loại huân chương, huy "
            "chương, tập thể/cá nhân; ở đây các cột được gộp theo nhóm hình thức.")
    return table


def form_0602(root, year: int) -> Table:
    return _award_form("0602", root, year, AwardLevel.STATE, COLUMNS_0602)


def form_0603(root, year: int) -> Table:
    return _award_form("0603", root, year, AwardLevel.MINISTRY, COLUMNS_0603)


BUILDERS = {"0601": form_0601, "0602": form_0602, "0603": form_0603}


MINISTRY_RECEIVER = "Bộ Tư pháp (Vụ Tổ chức cán bộ, Thường trực Hội đồng Thi đua - Khen thưởng)"
NATIONAL_RECEIVER = "Bộ Nội vụ (Ban Thi đua - Khen thưởng Trung ương)"


def receiving_unit(root) -> str:
    """The Ministry reports the sector's figures to the Ministry of Home Affairs; any unit
    below reports to the Ministry (its TĐKT standing office)."""
    return NATIONAL_RECEIVER if root.depth == 1 else MINISTRY_RECEIVER


def build(form: str, root, year: int) -> Table:
    table = BUILDERS[form](root, year)
    table.reporting_unit = root.name
    table.receiving_unit = receiving_unit(root)
    return table


ISSUED_BY = "Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23/3/2023"
DUE = "Ngày nhận báo cáo: ngày 15 tháng 12 năm báo cáo"
HEADINGS = {
    "0601": "SỐ PHONG TRÀO THI ĐUA",
    "0602": "SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC",
    "0603": "SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG VÀ TỈNH, "
            "THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG",
}
LAYOUT_NOTE = (
    "Bố cục theo Thông tư 02/2023/TT-BNV (dòng, mã số) đối chiếu với bản mẫu công khai; "
    "chưa đối chiếu với văn bản gốc có chữ ký. Thông tư 18/2025/TT-BNV (chế độ báo cáo thống "
    "kê ngành Nội vụ) có thể đã thay thế các biểu này: cần đối chiếu trước khi gửi báo cáo.")


def marked(row: Row) -> str:
    """The label as printed: "- " before a breakdown row, "+ " before a sub-row; none before
    totals, headings and "Trong đó" rows."""
    if row.heading or row.level == 0 or row.label.startswith("Trong đó"):
        return row.label
    return ("- " if row.level == 1 else "+ ") + row.label


def column_numbers(table: Table) -> list[str]:
    """The numbering row under the header: A, B, (C,) 1, 2, …; "1=(2+…)" on the total."""
    letters = ["A", "B"] + (["C"] if table.has_unit_column else [])
    n = len(table.columns)
    first = "1=(" + "+".join(str(i) for i in range(2, n + 1)) + ")"
    return letters + [first] + [str(i) for i in range(2, n + 1)]


def to_excel(table: Table) -> bytes:
    """The form as an A4 sheet ready to print: the header (form code, issuing circular,
    reporting and receiving units), the merged title, the table with its header rows repeated
    on every page, and the signature block. Every cell written through tdkt.core.excel."""
    import io
    import math

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.page import PageMargins

    from tdkt.core import excel  # every cell typed: text never a formula

    wb = Workbook()
    ws = wb.active
    ws.title = table.form
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(name="Times New Roman", bold=True, size=12)
    plain = Font(name="Times New Roman", size=12)
    italic = Font(name="Times New Roman", italic=True, size=12)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    headers = ["Chỉ tiêu", "Mã số"] + (["Đơn vị tính"] if table.has_unit_column else []) \
        + table.columns
    width = len(headers)
    last = get_column_letter(width)
    split = max(2, width // 2)  # the header's right half starts here

    widths = [46, 7] + ([10] if table.has_unit_column else []) \
        + [14 if width <= 6 else 12] * len(table.columns)

    def lines(text, chars):  # wrapped lines of `text` in a cell `chars` wide
        return max(1, math.ceil(len(text) * 1.1 / max(chars, 1)))

    def line(left_text="", right_text="", font=plain, right_font=None):
        excel.append(ws, [excel.cell(ws, left_text, font=font, alignment=left)]
                     + [None] * (split - 1)
                     + [excel.cell(ws, right_text, font=right_font or font,
                                   alignment=centre)])
        r = ws.max_row
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=split)
        ws.merge_cells(start_row=r, start_column=split + 1, end_row=r, end_column=width)
        ws.row_dimensions[r].height = 16 * max(lines(left_text, sum(widths[:split])),
                                               lines(right_text, sum(widths[split:])))

    def merged(text, font, alignment=centre, per_line=16):
        excel.append(ws, [excel.cell(ws, text, font=font, alignment=alignment)])
        r = ws.max_row
        ws.merge_cells(f"A{r}:{last}{r}")
        ws.row_dimensions[r].height = per_line * lines(text, sum(widths) * 12 / font.size)

    line(f"Biểu số: {table.code}", f"Đơn vị báo cáo: {table.reporting_unit or table.unit_name}",
         font=bold)
    line(ISSUED_BY, f"Đơn vị nhận báo cáo: {table.receiving_unit}")
    line(DUE, "")
    excel.append(ws, [])
    merged(HEADINGS.get(table.form, table.title), Font(name="Times New Roman", bold=True,
                                                         size=14), per_line=20)
    merged(f"Năm {table.year}", italic)
    if table.measure:
        merged(f"Đơn vị tính: {table.measure}", italic,
               Alignment(horizontal="right", vertical="center"))
    excel.append(ws, [excel.cell(ws, h, font=bold, alignment=centre, border=border)
                      for h in headers])
    header_row = ws.max_row
    ws.row_dimensions[header_row].height = 60
    excel.append(ws, [excel.cell(ws, h, font=bold, alignment=centre, border=border)
                      for h in column_numbers(table)])
    for row in table.rows:
        label_font = bold if row.heading or row.level == 0 else plain
        label = marked(row)
        if row.note:
            label += f" ({row.note})"
        cells = [excel.cell(ws, label, font=label_font, border=border,
                            alignment=Alignment(horizontal="left", vertical="center",
                                                wrap_text=True, indent=max(row.level - 1, 0))),
                 excel.cell(ws, row.code, font=plain, alignment=centre, border=border)]
        if table.has_unit_column:
            cells.append(excel.cell(ws, row.unit, font=plain, alignment=centre, border=border))
        values = row.values if row.values is not None else [None] * len(table.columns)
        cells += [excel.cell(ws, v, font=label_font, alignment=centre, border=border)
                  for v in values]
        excel.append(ws, cells)
        ws.row_dimensions[ws.max_row].height = 16 * lines(label, widths[0])
    excel.append(ws, [])
    for note in [*table.notes, LAYOUT_NOTE]:
        merged(f"Ghi chú: {note}", Font(name="Times New Roman", italic=True, size=10), left,
               per_line=14)
    excel.append(ws, [])
    line("", "……, ngày … tháng … năm ……", right_font=italic)
    line("NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", font=bold)
    line("(Ký, ghi rõ họ tên)", "(Ký, đóng dấu, ghi rõ họ tên)", font=italic)
    for r in range(ws.max_row - 1, ws.max_row + 1):
        for c in (1, split + 1):
            ws.cell(row=r, column=c).alignment = centre
    ws.cell(row=ws.max_row - 2, column=split + 1).alignment = centre

    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    # print setup: A4, portrait for the narrow 0601, landscape for the award forms; the
    # header rows repeat on every page; fit to the page width
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait" if width <= 6 else "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row + 1}"
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.6, right=0.4, top=0.6, bottom=0.6)
    ws.freeze_panes = ws.cell(row=header_row + 2, column=1)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
