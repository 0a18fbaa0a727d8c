"""The people-and-history workbook (contract: people-workbook.md): sheet and column names,
header matching and cell parsing. Pure functions; no database access here.

Header matching ignores case, surrounding spaces, diacritics and Unicode normal form: headers
are compared through `core.text.fold`. Cells are parsed into Python values or a Vietnamese
message; the importer turns messages into `Sheet!Row: column — message` lines.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from tdkt.core.text import fold, normalise_name

from .models import DisciplineForm, InitiativeKind, InitiativeScope, Method, Rating

# Sheet names as the contract spells them.
PEOPLE = "Nhân sự"
RATINGS = "Xếp loại"
TITLES = "Danh hiệu"
AWARDS = "Khen thưởng"
INITIATIVES = "Sáng kiến"
DISCIPLINES = "Kỷ luật"
SHEETS = (PEOPLE, RATINGS, TITLES, AWARDS, INITIATIVES, DISCIPLINES)

# Column names.
ID = "Số định danh"
NAME = "Họ và tên"
BORN = "Ngày sinh"
GENDER = "Giới tính"
UNIT = "Mã đơn vị"
POSITION = "Chức vụ"
LEADER = "Lãnh đạo"
FRONTLINE = "Trực tiếp lao động"
JOINED = "Ngày vào ngành"
YEAR = "Năm"
RATING = "Xếp loại"
TITLE = "Danh hiệu"
FORM = "Hình thức"
METHOD = "Phương thức"
DECISION_NO = "Số quyết định"
DECISION_DATE = "Ngày quyết định"
ISSUER = "Cấp quyết định"
INITIATIVE_NAME = "Tên"
INITIATIVE_KIND = "Loại"
INITIATIVE_SCOPE = "Phạm vi"
RECOGNITION_NO = "Số quyết định công nhận"
ENDS_ON = "Ngày hết hiệu lực"
# Columns the export adds for people reading the file; the import ignores them.
PERSON_NAME_INFO = "Họ và tên"
UNIT_NAME_INFO = "Tên đơn vị"


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: tuple[str, ...]  # every column the importer reads, in export order
    required: tuple[str, ...]  # headers that must be present
    subject_any: tuple[str, ...] = ()  # at least one of these headers must be present
    row_required: tuple[str, ...] = ()  # cells that must be filled in each row

    @property
    def keys(self) -> dict[str, str]:
        return {fold(c): c for c in self.columns}


SPECS = {
    PEOPLE: SheetSpec(
        PEOPLE,
        (ID, NAME, BORN, GENDER, UNIT, POSITION, LEADER, FRONTLINE, JOINED),
        required=(ID, NAME, BORN, GENDER, UNIT),
        row_required=(ID, NAME, BORN, GENDER, UNIT),
    ),
    RATINGS: SheetSpec(
        RATINGS, (ID, UNIT, YEAR, RATING), required=(YEAR, RATING), subject_any=(ID, UNIT),
        row_required=(YEAR, RATING),
    ),
    TITLES: SheetSpec(
        TITLES, (ID, UNIT, YEAR, TITLE, DECISION_NO, DECISION_DATE),
        required=(YEAR, TITLE), subject_any=(ID, UNIT), row_required=(YEAR, TITLE),
    ),
    AWARDS: SheetSpec(
        AWARDS, (ID, UNIT, YEAR, FORM, METHOD, DECISION_NO, DECISION_DATE, ISSUER),
        required=(YEAR, FORM), subject_any=(ID, UNIT), row_required=(YEAR, FORM),
    ),
    INITIATIVES: SheetSpec(
        INITIATIVES,
        (ID, YEAR, INITIATIVE_NAME, INITIATIVE_KIND, INITIATIVE_SCOPE, RECOGNITION_NO),
        required=(ID, YEAR, INITIATIVE_NAME), row_required=(ID, YEAR, INITIATIVE_NAME),
    ),
    DISCIPLINES: SheetSpec(
        DISCIPLINES, (ID, FORM, DECISION_DATE, ENDS_ON),
        required=(ID, FORM, DECISION_DATE), row_required=(ID, FORM, DECISION_DATE),
    ),
}
SHEET_KEYS = {fold(name): name for name in SHEETS}
HEADER_SCAN_ROWS = 30


class CellError(ValueError):
    """A cell that cannot be read; the message is Vietnamese and shown to the officer."""


@dataclass
class Header:
    row: int  # 1-based sheet row of the header
    index: dict[str, int] = field(default_factory=dict)  # column name -> 0-based position

    def has(self, column: str) -> bool:
        return column in self.index


def match_sheet(title: str) -> str | None:
    return SHEET_KEYS.get(fold(str(title or "")))


def header_of(spec: SheetSpec, values) -> Header | None:
    """The column map if `values` (one row) holds every required header of `spec`."""
    keys = spec.keys
    index: dict[str, int] = {}
    for position, value in enumerate(values):
        if value is None:
            continue
        column = keys.get(fold(str(value)))
        if column and column not in index:
            index[column] = position
    if not all(c in index for c in spec.required):
        return None
    if spec.subject_any and not any(c in index for c in spec.subject_any):
        return None
    return Header(row=0, index=index)


def missing_headers(spec: SheetSpec) -> str:
    names = list(spec.required)
    if spec.subject_any:
        names.insert(0, " hoặc ".join(spec.subject_any))
    return ", ".join(f"«{n}»" for n in names)


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- cell parsers: return a value or raise CellError ---------------------------------------

DATE_TEXT = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
MIN_DATE = datetime.date(1900, 1, 1)


def text(value, max_length: int = 255) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        raise CellError("cần văn bản, không phải ngày tháng.")
    result = normalise_name(str(value))
    if len(result) > max_length:
        raise CellError(f"dài quá {max_length} ký tự.")
    return result


def id_number(value) -> str:
    if isinstance(value, bool) or isinstance(value, datetime.date | datetime.datetime):
        raise CellError("số định danh phải gồm đúng 12 chữ số.")
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError("số định danh phải gồm đúng 12 chữ số.")
        value = int(value)
    if isinstance(value, int):
        digits = str(value)
        if value < 0:
            raise CellError("số định danh phải gồm đúng 12 chữ số.")
        if len(digits) < 12:
            raise CellError(
                f"số định danh «{digits}» chỉ có {len(digits)} chữ số — ô đã bị định dạng số "
                "và mất số 0 ở đầu; hãy định dạng cột là văn bản và nhập đủ 12 chữ số."
            )
    else:
        digits = "".join(str(value).split())
    if not digits.isdigit() or not digits.isascii():
        raise CellError(f"«{digits}» không phải số định danh (cần đúng 12 chữ số).")
    if len(digits) < 12:
        raise CellError(
            f"số định danh «{digits}» chỉ có {len(digits)} chữ số (cần 12); có thể đã mất "
            "số 0 ở đầu — hệ thống không tự thêm số 0."
        )
    if len(digits) > 12:
        raise CellError(f"số định danh «{digits}» có {len(digits)} chữ số (cần đúng 12).")
    return digits


def date(value, *, today: datetime.date | None = None) -> datetime.date | None:
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        result = value.date()
    elif isinstance(value, datetime.date):
        result = value
    elif isinstance(value, str):
        match = DATE_TEXT.match(value.strip())
        if not match:
            raise CellError(f"«{value.strip()[:40]}» không phải ngày (ghi dd/mm/yyyy).")
        day, month, year = (int(g) for g in match.groups())
        try:
            result = datetime.date(year, month, day)
        except ValueError:
            raise CellError(f"ngày {value.strip()} không tồn tại.") from None
    else:
        raise CellError("cần ô kiểu ngày hoặc văn bản dd/mm/yyyy.")
    today = today or datetime.date.today()
    if result < MIN_DATE or result.year > today.year + 1:
        raise CellError(f"ngày {result:%d/%m/%Y} nằm ngoài khoảng hợp lệ.")
    return result


def year(value, *, first: int = 1975, last: int | None = None) -> int:
    last = last or datetime.date.today().year
    if isinstance(value, bool) or isinstance(value, datetime.date | datetime.datetime):
        raise CellError("năm phải là số có 4 chữ số.")
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError("năm phải là số nguyên.")
        value = int(value)
    if isinstance(value, str):
        stripped = value.strip()
        if not (stripped.isdigit() and stripped.isascii()):
            raise CellError(f"«{stripped[:20]}» không phải năm.")
        value = int(stripped)
    if not isinstance(value, int):
        raise CellError("năm phải là số có 4 chữ số.")
    if not first <= value <= last:
        raise CellError(f"năm {value} ngoài khoảng {first}–{last}.")
    return value


def flag(value) -> bool:
    if is_blank(value):
        return False
    if value is True or value == 1:
        return True
    if value is False or value == 0:
        return False
    key = fold(str(value))
    if key in {"x", "co", "1", "true"}:
        return True
    if key in {"khong", "0", "false", "-"}:
        return False
    raise CellError(f"«{str(value)[:20]}»: ghi x nếu có, để trống nếu không.")


def _choice_map(pairs) -> dict[str, str]:
    result = {}
    for code, label in pairs:
        result[fold(code)] = code
        result[fold(label)] = code
    return result


GENDERS = {"nam": "male", "nu": "female", "male": "male", "female": "female"}
RATINGS_MAP = _choice_map(Rating.choices)
RATINGS_MAP.update({"ht xuat sac nhiem vu": "HTXSNV", "ht tot nhiem vu": "HTTNV"})
METHODS = _choice_map(Method.choices)
INITIATIVE_KINDS = _choice_map(InitiativeKind.choices)
INITIATIVE_KINDS.update({"de tai khoa hoc": "research", "nghien cuu": "research"})
INITIATIVE_SCOPES = _choice_map(InitiativeScope.choices)
INITIATIVE_SCOPES.update({"cap co so": "co_so", "cap bo": "bo", "toan nganh": "bo"})
DISCIPLINE_FORMS = _choice_map(DisciplineForm.choices)


def choice(value, mapping: dict[str, str], allowed: str) -> str:
    found = mapping.get(fold(str(value)))
    if found is None:
        raise CellError(f"«{str(value).strip()[:40]}» không hợp lệ (chọn một trong: {allowed}).")
    return found


def gender(value) -> str:
    return choice(value, GENDERS, "Nam, Nữ")


def rating(value) -> str:
    return choice(value, RATINGS_MAP, "HTXSNV, HTTNV, HTNV, KHTNV")


def method(value) -> str:
    if is_blank(value):
        return Method.REGULAR
    return choice(value, METHODS, ", ".join(label for _c, label in Method.choices))


def initiative_kind(value) -> str:
    if is_blank(value):
        return InitiativeKind.INITIATIVE
    return choice(value, INITIATIVE_KINDS, "Sáng kiến, Đề tài")


def initiative_scope(value) -> str:
    if is_blank(value):
        return InitiativeScope.BASE
    return choice(value, INITIATIVE_SCOPES, "Cơ sở, Bộ, Toàn quốc")


def discipline_form(value) -> str:
    return choice(
        value, DISCIPLINE_FORMS, ", ".join(label for _c, label in DisciplineForm.choices)
    )


def unit_code(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "".join(str(value).split()).upper()
