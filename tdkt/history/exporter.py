"""Export of the people-and-history workbook (contract: people-workbook.md), streamed with
openpyxl write_only so memory stays flat whatever the number of rows; every cell goes through
`tdkt.core.excel` (typed values, text never a formula). Re-importing the file unchanged reports
every row "không đổi"."""

from __future__ import annotations

from django.db.models import Q

from tdkt.core import excel

from . import workbook as wb
from .models import (
    AwardType,
    Discipline,
    DisciplineForm,
    Initiative,
    InitiativeKind,
    InitiativeScope,
    Method,
    PersonAward,
    PersonRating,
    PersonTitle,
    UnitAward,
    UnitRating,
    UnitTitle,
)

CHUNK = 2000
GENDER_LABEL = {"male": "Nam", "female": "Nữ"}
METHOD_LABEL = dict(Method.choices)
KIND_LABEL = dict(InitiativeKind.choices)
SCOPE_LABEL = dict(InitiativeScope.choices)
DISCIPLINE_LABEL = dict(DisciplineForm.choices)

# Export column layout per sheet (informative extra columns are ignored by the import).
LAYOUT = {
    wb.PEOPLE: (wb.ID, wb.NAME, wb.BORN, wb.GENDER, wb.UNIT, wb.POSITION, wb.LEADER,
                wb.FRONTLINE, wb.JOINED),
    wb.RATINGS: (wb.ID, wb.PERSON_NAME_INFO, wb.UNIT, wb.YEAR, wb.RATING),
    wb.TITLES: (wb.ID, wb.PERSON_NAME_INFO, wb.UNIT, wb.YEAR, wb.TITLE, wb.DECISION_NO,
                wb.DECISION_DATE),
    wb.AWARDS: (wb.ID, wb.PERSON_NAME_INFO, wb.UNIT, wb.YEAR, wb.FORM, wb.METHOD,
                wb.DECISION_NO, wb.DECISION_DATE, wb.ISSUER),
    wb.INITIATIVES: (wb.ID, wb.PERSON_NAME_INFO, wb.YEAR, wb.INITIATIVE_NAME,
                     wb.INITIATIVE_KIND, wb.INITIATIVE_SCOPE, wb.RECOGNITION_NO),
    wb.DISCIPLINES: (wb.ID, wb.PERSON_NAME_INFO, wb.FORM, wb.DECISION_DATE, wb.ENDS_ON),
}
WIDTHS = {wb.ID: 16, wb.NAME: 28, wb.UNIT: 16, wb.TITLE: 36, wb.FORM: 36,
          wb.INITIATIVE_NAME: 48, wb.ISSUER: 24}

GUIDE = [
    ("Tệp nhân sự và lịch sử thi đua, khen thưởng",),
    ("",),
    ("Trang «Nhân sự» bắt buộc; các trang khác không bắt buộc. Có thể có dòng tiêu đề phía trên "
     "dòng tên cột; cột thừa được bỏ qua; dòng trống được bỏ qua.",),
    ("Số định danh: đúng 12 chữ số, định dạng ô là văn bản (không tự thêm số 0 bị mất).",),
    ("Ngày: ô kiểu ngày hoặc văn bản dd/mm/yyyy (d/m/yyyy).",),
    ("Giới tính: Nam / Nữ. Lãnh đạo, Trực tiếp lao động: x hoặc để trống.",),
    ("Xếp loại: HTXSNV, HTTNV, HTNV, KHTNV (hoặc tên đầy đủ).",),
    ("Danh hiệu, Hình thức: mã hoặc tên trong danh mục; tập thể ghi Mã đơn vị thay cho Số "
     "định danh.",),
    ("Phương thức: Thường xuyên (mặc định), Chuyên đề, Đột xuất, Đối ngoại, Cống hiến, "
     "Niên hạn.",),
    ("Sáng kiến — Loại: Sáng kiến / Đề tài; Phạm vi: Cơ sở / Bộ / Toàn quốc.",),
    ("Kỷ luật — Hình thức: Khiển trách, Cảnh cáo, Hạ bậc lương, Giáng chức, Cách chức, "
     "Buộc thôi việc.",),
    ("Nhập theo nguyên tắc tất cả hoặc không: có một dòng lỗi thì không ghi gì.",),
]


def scope_q(field: str, paths: list[str] | None) -> Q:
    """Rows whose unit (through `field`) lies under one of `paths`; everything if None."""
    if paths is None:
        return Q()
    q = Q(pk__in=[])
    for root in paths:
        q |= Q(**{f"{field}__path__startswith": root})
    return q


class _Writer:
    def __init__(self, book, name: str):
        from openpyxl.styles import Font

        self.ws = book.create_sheet(name)
        self.columns = LAYOUT[name]
        for index, column in enumerate(self.columns):
            letter = chr(ord("A") + index)
            self.ws.column_dimensions[letter].width = WIDTHS.get(column, 14)
        self.ws.freeze_panes = "A2"
        bold = Font(bold=True)
        excel.append(self.ws, [excel.cell(self.ws, column, font=bold) for column in self.columns])
        self.count = 0

    def row(self, data: dict) -> None:
        values = []
        for column in self.columns:
            value = data.get(column)
            if column == wb.ID and value:
                value = excel.cell(self.ws, value, number_format=excel.TEXT_FORMAT)
            elif hasattr(value, "isoformat"):
                value = excel.cell(self.ws, value, number_format=excel.DATE_FORMAT)
            values.append(value)
        excel.append(self.ws, values)  # text is written as text, never as a formula
        self.count += 1


def export_workbook(
    target, *, scope_paths: list[str] | None = None, years: tuple[int, int] | None = None,
    blank: bool = False,
) -> dict[str, int]:
    """Write the workbook for the units under `scope_paths` (all if None) to `target`
    (a path or a binary file). Returns the number of data rows per sheet."""
    from openpyxl import Workbook

    from tdkt.people.models import Person

    book = Workbook(write_only=True)
    writers = {name: _Writer(book, name) for name in wb.SHEETS}
    if not blank:
        awards = dict(AwardType.objects.values_list("pk", "name"))
        year_q = Q(year__gte=years[0], year__lte=years[1]) if years else Q()
        people = (
            Person.objects.filter(scope_q("unit", scope_paths))
            .order_by("unit__path", "sort_key", "id")
            .values_list("id_number", "full_name", "date_of_birth", "gender", "unit__code",
                         "position", "is_leader", "is_frontline", "joined_sector_on")
        )
        out = writers[wb.PEOPLE]
        for (id_number, name, born, gender, code, position, leader, frontline,
             joined) in people.iterator(chunk_size=CHUNK):
            out.row({wb.ID: id_number, wb.NAME: name, wb.BORN: born,
                     wb.GENDER: GENDER_LABEL.get(gender, gender), wb.UNIT: code,
                     wb.POSITION: position, wb.LEADER: "x" if leader else None,
                     wb.FRONTLINE: "x" if frontline else None, wb.JOINED: joined})
        _person_rows(writers[wb.RATINGS], PersonRating, scope_paths, year_q,
                     ("year", "rating"), lambda y, r: {wb.YEAR: y, wb.RATING: r})
        _unit_rows(writers[wb.RATINGS], UnitRating, scope_paths, year_q,
                   ("year", "rating"), lambda y, r: {wb.YEAR: y, wb.RATING: r})

        def title(year, award, number, date):
            return {wb.YEAR: year, wb.TITLE: awards[award], wb.DECISION_NO: number,
                    wb.DECISION_DATE: date}

        fields = ("year", "award_id", "decision_number", "decision_date")
        _person_rows(writers[wb.TITLES], PersonTitle, scope_paths, year_q, fields, title)
        _unit_rows(writers[wb.TITLES], UnitTitle, scope_paths, year_q, fields, title)

        def award(year, award, method, number, date, issuer):
            return {wb.YEAR: year, wb.FORM: awards[award], wb.METHOD: METHOD_LABEL[method],
                    wb.DECISION_NO: number, wb.DECISION_DATE: date, wb.ISSUER: issuer}

        fields = ("year", "award_id", "method", "decision_number", "decision_date", "issuer")
        _person_rows(writers[wb.AWARDS], PersonAward, scope_paths, year_q, fields, award)
        _unit_rows(writers[wb.AWARDS], UnitAward, scope_paths, year_q, fields, award)
        _person_rows(
            writers[wb.INITIATIVES], Initiative, scope_paths, year_q,
            ("year", "title", "kind", "scope", "decision_number"),
            lambda y, t, k, s, n: {wb.YEAR: y, wb.INITIATIVE_NAME: t,
                                   wb.INITIATIVE_KIND: KIND_LABEL[k],
                                   wb.INITIATIVE_SCOPE: SCOPE_LABEL[s], wb.RECOGNITION_NO: n},
        )
        discipline_q = (
            Q(decided_on__year__gte=years[0], decided_on__year__lte=years[1]) if years else Q()
        )
        _person_rows(
            writers[wb.DISCIPLINES], Discipline, scope_paths, discipline_q,
            ("form", "decided_on", "ends_on"),
            lambda f, d, e: {wb.FORM: DISCIPLINE_LABEL[f], wb.DECISION_DATE: d, wb.ENDS_ON: e},
            order=("person__unit__path", "person__sort_key", "person_id", "decided_on"),
        )
    guide = book.create_sheet("Hướng dẫn")
    for line in GUIDE:
        excel.append(guide, line)
    book.save(target)
    return {name: writer.count for name, writer in writers.items()}


def _person_rows(out, model, scope_paths, extra_q, fields, build, order=None):
    rows = (
        model.objects.filter(scope_q("person__unit", scope_paths), extra_q)
        .order_by(*(order or ("person__unit__path", "person__sort_key", "person_id", "year",
                              "id")))
        .values_list("person__id_number", "person__full_name", *fields)
    )
    for id_number, name, *values in rows.iterator(chunk_size=CHUNK):
        data = build(*values)
        data[wb.ID] = id_number
        data[wb.PERSON_NAME_INFO] = name
        out.row(data)


def _unit_rows(out, model, scope_paths, extra_q, fields, build):
    rows = (
        model.objects.filter(scope_q("unit", scope_paths), extra_q)
        .order_by("unit__path", "year", "id")
        .values_list("unit__code", *fields)
    )
    for code, *values in rows.iterator(chunk_size=CHUNK):
        data = build(*values)
        data[wb.UNIT] = code
        out.row(data)
