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
    values: list[int]
    level: int = 0  # indentation
    note: str = ""


@dataclass
class Table:
    form: str
    title: str
    year: int
    unit_name: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def row(self, label: str) -> Row:
        return next(r for r in self.rows if r.label == label)


# --- 0601 movements -------------------------------------------------------------------------

DURATIONS = [
    ("Dưới 1 năm", 0, 11),
    ("1 năm", 12, 12),
    ("Từ trên 1 năm đến dưới 3 năm", 13, 35),
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
    table = Table("0601", FORMS["0601"], year, root.name, columns)
    table.rows = [
        Row("Tổng số phong trào thi đua", total),
        Row("Chia theo phạm vi", empty(), 0),
        Row("Toàn quốc", national, 1),
        Row("Bộ, ngành, địa phương", ministry, 1),
        Row("Cụm, khối thi đua", cluster, 1, "chưa theo dõi riêng"),
        Row("Cơ quan, đơn vị", agency, 1),
        Row("Chia theo thời gian", empty(), 0),
        *[Row(label, bucket, 1) for (label, _, _), bucket in zip(DURATIONS, durations,
                                                                 strict=True)],
        Row("Chia theo hình thức", empty(), 0),
        Row("Chuyên đề", thematic, 1),
        Row("Thường xuyên (hằng năm)", regular, 1),
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


def _award_form(form: str, root, year: int, level: str, columns) -> Table:
    width = len(columns) + 1

    def empty():
        return [0] * width

    total, collective, enterprise, household, individual = (empty() for _ in range(5))
    categories = {key: empty() for key in (LEADER_MINISTRY, LEADER_DEPARTMENT, LEADER_OTHER,
                                           DIRECT)}
    businessman = empty()
    methods = {key: empty() for key, _ in METHODS}
    for subject, code, method, category, n in award_counts(root, year, level):
        col = column_of(code, columns)
        if col is None:
            continue
        targets = [total, collective if subject == "collective" else individual,
                   methods.get(method, methods["regular"])]
        if category in categories:
            targets.append(categories[category])
        for target in targets:
            target[0] += n
            target[col + 1] += n
    table = Table(form, FORMS[form], year, root.name,
                  ["Tổng số"] + [label for label, _ in columns])
    table.rows = [
        Row("Tổng số", total),
        Row("Tập thể", collective, 1),
        Row("Trong đó: doanh nghiệp", enterprise, 2),
        Row("Hộ gia đình", household, 1),
        Row("Cá nhân", individual, 1),
        Row("Lãnh đạo cấp Bộ, tỉnh trở lên", categories[LEADER_MINISTRY], 2),
        Row("Lãnh đạo cấp Vụ, Cục, Sở, ngành", categories[LEADER_DEPARTMENT], 2),
        Row("Doanh nhân", businessman, 2),
        Row("Lãnh đạo khác từ cấp phó phòng trở lên", categories[LEADER_OTHER], 2),
        Row("Công nhân, nông dân, người lao động trực tiếp", categories[DIRECT], 2),
        Row("Chia theo hình thức khen thưởng", empty(), 0),
        *[Row(label, methods[key], 1) for key, label in METHODS],
    ]
    table.notes = [
        "Số liệu lấy từ sổ theo dõi khen thưởng (các quyết định đã ban hành ghi vào hồ sơ; "
        "khen thưởng bị hủy bỏ không được tính), theo ngày quyết định trong năm.",
        "Cán bộ tính theo đơn vị công tác hiện tại; danh hiệu thi đua tính vào hình thức "
        "thường xuyên. Ngành Tư pháp không có doanh nghiệp, hộ gia đình.",
    ]
    return table


def form_0602(root, year: int) -> Table:
    return _award_form("0602", root, year, AwardLevel.STATE, COLUMNS_0602)


def form_0603(root, year: int) -> Table:
    return _award_form("0603", root, year, AwardLevel.MINISTRY, COLUMNS_0603)


BUILDERS = {"0601": form_0601, "0602": form_0602, "0603": form_0603}


def build(form: str, root, year: int) -> Table:
    return BUILDERS[form](root, year)


def to_excel(table: Table) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    from tdkt.core import excel  # every cell typed: text never a formula

    wb = Workbook()
    ws = wb.active
    ws.title = table.form
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    excel.append(ws, [table.title])
    excel.append(ws, [f"Năm {table.year} – Đơn vị: {table.unit_name}"])
    excel.append(ws, [])
    excel.append(ws, ["STT", "Chỉ tiêu", *table.columns])
    header_row = ws.max_row
    for n, row in enumerate(table.rows, start=1):
        excel.append(ws, [n, "    " * row.level + row.label, *row.values])
    for r in ws.iter_rows(min_row=header_row, max_row=ws.max_row):
        for cell in r:
            cell.border = border
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    ws["A1"].font = Font(bold=True, size=13)
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 48
    for i in range(len(table.columns)):
        ws.column_dimensions[chr(ord("C") + i)].width = 18
    excel.append(ws, [])
    for note in table.notes:
        excel.append(ws, [None, f"Ghi chú: {note}"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
