"""Import of the people-and-history workbook: all-or-nothing.

1. read: stream every sheet (openpyxl read_only), match headers, parse cells; collect problems;
2. resolve: look up people, units and awards in a few set-based queries; check references,
   scope and duplicates;
3. plan: compare with the database row by row → created / updated / unchanged per sheet;
4. apply (only if there is no problem and not a dry run): write everything in one transaction
   with bulk queries, and audit the import as one action with its counts.

Rows absent from the workbook are never deleted. A column absent from a sheet keeps the stored
value; a column present but blank writes blank. `run_import` never raises on bad input: every
problem becomes a `Problem` line `Sheet!Row: column — message`.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from tdkt.core.text import fold
from tdkt.organisation.models import Unit
from tdkt.people.models import Person, PersonMove

from . import workbook as wb
from . import xlsx
from .models import (
    AwardKind,
    AwardType,
    Discipline,
    ImportJob,
    Initiative,
    PersonAward,
    PersonRating,
    PersonTitle,
    UnitAward,
    UnitRating,
    UnitTitle,
)

log = logging.getLogger(__name__)

KEEP = object()  # value of a column the sheet does not have: keep what is stored
FORMULA_MESSAGE = "ô chứa công thức; hãy dán giá trị."
CHUNK = 2000
PROGRESS_EVERY = 2000


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        message = self.message[:1].upper() + self.message[1:]
        return f"{self.sheet}!{self.row}: {self.column} — {message}"


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def line(self, sheet: str) -> str:
        return (
            f"{sheet}: tạo mới {self.created}, cập nhật {self.updated}, "
            f"không đổi {self.unchanged}"
        )

    def as_dict(self) -> dict:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, Counts] = field(default_factory=dict)  # sheets present, contract order
    rows: int = 0
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary_lines(self) -> list[str]:
        return [counts.line(sheet) for sheet, counts in self.counts.items()]

    def problem_lines(self) -> list[str]:
        return [str(p) for p in self.problems]

    def summary(self) -> dict:
        return {sheet: counts.as_dict() for sheet, counts in self.counts.items()}


# --- parsed rows ------------------------------------------------------------------------


@dataclass(slots=True)
class PersonRow:
    row: int
    id_number: str
    values: dict  # field -> value or KEEP
    unit_code: str


# A valid history row is kept as one flat tuple, `(subject, *key, row number, *values)`, in a
# list per table (sheet × person/unit): subject is the id number or the unit code, key the rest
# of the row's identity (year, award pk…), values the stored columns (may hold KEEP). Sorting a
# list brings duplicates together; strings, dates and years are shared through `Reader.pool`, so
# 150,000 rows cost about 15 MB.
INTERNED = (str, int, datetime.date)


class Reader:
    """Streams the workbook and parses cells, collecting problems."""

    def __init__(self, result: ImportResult, progress: Callable[[int, int], None] | None):
        self.result = result
        self.progress = progress
        self.processed = 0
        self.total = 0
        self.people: dict[str, PersonRow] = {}
        self.people_rows_seen: dict[str, int] = {}  # id number -> first row (valid or not)
        self.history: dict[tuple[str, str], list[tuple]] = {}  # (sheet, kind) -> rows
        self.pool: dict = {}
        self.awards: AwardIndex | None = None  # loaded when a title/award sheet is met
        self.today = datetime.date.today()

    def problem(self, sheet, row, column, message):
        self.result.problems.append(Problem(sheet, row, column, message))

    def tick(self):
        self.processed += 1
        if self.progress and self.processed % PROGRESS_EVERY == 0:
            self.progress(self.processed, max(self.total, self.processed))

    def read(self, source) -> None:
        try:
            book = xlsx.Book(source)
        except Exception:
            # zipfile and openpyxl raise their own exceptions for damaged files
            self.problem("Tệp", 1, "—", "không đọc được tệp Excel (.xlsx) hoặc tệp bị hỏng.")
            return
        with book:
            sheets = {}
            for sheet in book.sheets:
                name = wb.match_sheet(sheet.title)
                if name and name not in sheets:
                    sheets[name] = sheet
            for sheet in sheets.values():
                try:
                    self.total += book.declared_rows(sheet) or 0
                except Exception:  # a damaged sheet is reported when it is read
                    pass
            if wb.PEOPLE not in sheets:
                self.problem(
                    wb.PEOPLE, 1, "—", f"tệp không có trang tính «{wb.PEOPLE}» (bắt buộc)."
                )
            for name in wb.SHEETS:
                if name in sheets:
                    self.result.counts[name] = Counts()
                    self.read_sheet(name, book.rows(sheets[name]))

    def read_sheet(self, name: str, rows) -> None:
        spec = wb.SPECS[name]
        header = None
        number = 0
        try:
            for number, values in rows:
                self.tick()
                if header is None:
                    if number > wb.HEADER_SCAN_ROWS:
                        break
                    found = wb.header_of(spec, values or ())
                    if found:
                        found.row = number
                        header = found
                    continue
                if not values:
                    continue
                cells = {c: values[i] if i < len(values) else None for c, i in header.index.items()}
                if all(wb.is_blank(v) for v in cells.values()):
                    continue
                self.result.rows += 1
                if name == wb.PEOPLE:
                    self.person_row(number, header, cells)
                else:
                    self.history_row(name, number, header, cells)
        except Exception as exc:  # a damaged sheet: report, never raise
            log.warning("import: unreadable sheet %s: %r", name, exc)
            self.problem(name, max(number, 1), "—", "trang tính bị hỏng, không đọc được tiếp.")
            return
        if header is None:
            self.problem(
                name, 1, "—",
                f"không tìm thấy dòng tiêu đề (cần các cột {wb.missing_headers(spec)}).",
            )

    def cell(self, sheet, number, cells, column, parse, *, required=False, **kwargs):
        """Parse one cell; on error record a problem and return None."""
        value = cells.get(column)
        if value is xlsx.FORMULA:  # never read as empty or as its cached result
            self.problem(sheet, number, column, FORMULA_MESSAGE)
            return None
        if wb.is_blank(value):
            if required:
                self.problem(sheet, number, column, "bắt buộc, không được để trống.")
            return parse(None, **kwargs) if parse in BLANK_OK else None
        try:
            value = parse(value, **kwargs)
        except wb.CellError as exc:
            self.problem(sheet, number, column, str(exc))
            return None
        except Exception:  # unexpected cell types (time, error values…)
            self.problem(sheet, number, column, "giá trị ô không đọc được.")
            return None
        if type(value) in INTERNED:
            value = self.pool.setdefault(value, value)
        return value

    def optional(self, header, column, parse, number, cells, sheet, **kwargs):
        if not header.has(column):
            return KEEP
        before = len(self.result.problems)
        value = self.cell(sheet, number, cells, column, parse, **kwargs)
        if len(self.result.problems) != before:
            return None
        return value

    def person_row(self, number: int, header: wb.Header, cells: dict) -> None:
        sheet = wb.PEOPLE
        before = len(self.result.problems)
        id_number = self.cell(sheet, number, cells, wb.ID, wb.id_number, required=True)
        name = self.cell(sheet, number, cells, wb.NAME, wb.text, required=True, max_length=120)
        born = self.cell(sheet, number, cells, wb.BORN, wb.date, required=True)
        gender = self.cell(sheet, number, cells, wb.GENDER, wb.gender, required=True)
        code = self.cell(sheet, number, cells, wb.UNIT, wb.unit_code, required=True)
        position = self.optional(header, wb.POSITION, wb.text, number, cells, sheet,
                                 max_length=120)
        leader = self.optional(header, wb.LEADER, wb.flag, number, cells, sheet)
        frontline = self.optional(header, wb.FRONTLINE, wb.flag, number, cells, sheet)
        joined = self.optional(header, wb.JOINED, wb.date, number, cells, sheet)
        if name is not None and len(name.split()) < 2:
            self.problem(sheet, number, wb.NAME, "nhập đầy đủ họ và tên.")
        if born is not None:
            age = self.today.year - born.year
            if born >= self.today or age < 15 or age > 100:
                self.problem(sheet, number, wb.BORN, f"ngày sinh {born:%d/%m/%Y} không hợp lệ.")
            elif isinstance(joined, datetime.date) and joined <= born:
                self.problem(sheet, number, wb.JOINED, "ngày vào ngành phải sau ngày sinh.")
        if id_number is None:
            return
        first = self.people_rows_seen.get(id_number)
        if first is not None:
            self.problem(
                sheet, number, wb.ID,
                f"số định danh {id_number} trùng dòng {first} và dòng {number}.",
            )
            return
        self.people_rows_seen[id_number] = number
        if len(self.result.problems) != before:
            return
        self.people[id_number] = PersonRow(
            row=number,
            id_number=id_number,
            unit_code=code,
            values={
                "full_name": name,
                "date_of_birth": born,
                "gender": gender,
                "position": position,
                "is_leader": leader,
                "is_frontline": frontline,
                "joined_sector_on": joined,
            },
        )

    def subject(self, sheet, number, header, cells):
        """(person id number, unit code, column) of a history row; both None on error."""
        if header.has(wb.ID) and not wb.is_blank(cells.get(wb.ID)):
            return self.cell(sheet, number, cells, wb.ID, wb.id_number), None, wb.ID
        if header.has(wb.UNIT) and not wb.is_blank(cells.get(wb.UNIT)):
            return None, self.cell(sheet, number, cells, wb.UNIT, wb.unit_code), wb.UNIT
        spec = wb.SPECS[sheet]
        if wb.UNIT in spec.columns:
            message = "cần Số định danh (cá nhân) hoặc Mã đơn vị (tập thể)."
        else:
            message = "bắt buộc, không được để trống."
        self.problem(sheet, number, wb.ID, message)
        return None, None, wb.ID

    def history_row(self, sheet: str, number: int, header: wb.Header, cells: dict) -> None:
        before = len(self.result.problems)
        person, unit, column = self.subject(sheet, number, header, cells)
        row = None
        opt = self.optional
        if sheet == wb.RATINGS:
            year = self.cell(sheet, number, cells, wb.YEAR, wb.year, required=True)
            rating = self.cell(sheet, number, cells, wb.RATING, wb.rating, required=True)
            row = ((year,), (rating,))
        elif sheet == wb.TITLES:
            year = self.cell(sheet, number, cells, wb.YEAR, wb.year, required=True)
            award = self.cell(sheet, number, cells, wb.TITLE, wb.text, required=True)
            decision = opt(header, wb.DECISION_NO, wb.text, number, cells, sheet, max_length=60)
            decided = opt(header, wb.DECISION_DATE, wb.date, number, cells, sheet)
            row = ((year, award), (decision, decided))
        elif sheet == wb.AWARDS:
            year = self.cell(sheet, number, cells, wb.YEAR, wb.year, required=True)
            award = self.cell(sheet, number, cells, wb.FORM, wb.text, required=True)
            method = opt(header, wb.METHOD, wb.method, number, cells, sheet)
            decision = opt(header, wb.DECISION_NO, wb.text, number, cells, sheet, max_length=60)
            decided = opt(header, wb.DECISION_DATE, wb.date, number, cells, sheet)
            issuer = opt(header, wb.ISSUER, wb.text, number, cells, sheet, max_length=160)
            row = ((year, award), (method, decision, decided, issuer))
        elif sheet == wb.INITIATIVES:
            year = self.cell(sheet, number, cells, wb.YEAR, wb.year, required=True)
            title = self.cell(
                sheet, number, cells, wb.INITIATIVE_NAME, wb.text, required=True, max_length=500
            )
            kind = opt(header, wb.INITIATIVE_KIND, wb.initiative_kind, number, cells, sheet)
            scope = opt(header, wb.INITIATIVE_SCOPE, wb.initiative_scope, number, cells, sheet)
            decision = opt(header, wb.RECOGNITION_NO, wb.text, number, cells, sheet,
                           max_length=60)
            row = ((year, fold(title or "")), (title, kind, scope, decision))
        elif sheet == wb.DISCIPLINES:
            form = self.cell(sheet, number, cells, wb.FORM, wb.discipline_form, required=True)
            decided = self.cell(sheet, number, cells, wb.DECISION_DATE, wb.date, required=True)
            ends = opt(header, wb.ENDS_ON, wb.date, number, cells, sheet)
            if isinstance(ends, datetime.date) and decided and ends <= decided:
                self.problem(
                    sheet, number, wb.ENDS_ON, "ngày hết hiệu lực phải sau ngày quyết định."
                )
            row = ((form, decided), (ends,))
        if len(self.result.problems) != before or row is None:
            return
        key, values = row
        kind = "person" if person else "unit"
        if sheet in (wb.TITLES, wb.AWARDS):
            if self.awards is None:
                self.awards = AwardIndex()
            award_kind = AwardKind.TITLE if sheet == wb.TITLES else AwardKind.FORM
            award, message = self.awards.resolve(key[1], award_kind, kind == "unit")
            if award is None:
                self.problem(sheet, number, wb.TITLE if sheet == wb.TITLES else wb.FORM, message)
                return
            key = (key[0], award.pk)
        elif sheet == wb.INITIATIVES:
            key = (key[0], self.pool.setdefault(key[1], key[1]))
        self.history.setdefault((sheet, kind), []).append(
            (person or unit, *key, number, *values)
        )


# Parsers that give a meaningful value for a blank cell (blank = default).
BLANK_OK = {
    wb.flag, wb.method, wb.initiative_kind, wb.initiative_scope, wb.text, wb.date,
}


# --- planning ---------------------------------------------------------------------------

PERSON_FIELDS = (
    "full_name", "date_of_birth", "gender", "position", "is_leader", "is_frontline",
    "joined_sector_on",
)
PERSON_DEFAULTS = {"position": "", "is_leader": False, "is_frontline": False,
                   "joined_sector_on": None}


@dataclass(frozen=True)
class Table:
    """How one sheet maps to one model for one kind of subject."""

    sheet: str
    model: type
    subject: str  # "person" or "unit"
    key_fields: tuple[str, ...]
    value_fields: tuple[str, ...]
    defaults: tuple


TABLES = {
    (wb.RATINGS, "person"): Table(wb.RATINGS, PersonRating, "person", ("year",), ("rating",),
                                  (None,)),
    (wb.RATINGS, "unit"): Table(wb.RATINGS, UnitRating, "unit", ("year",), ("rating",), (None,)),
    (wb.TITLES, "person"): Table(wb.TITLES, PersonTitle, "person", ("year", "award_id"),
                                 ("decision_number", "decision_date"), ("", None)),
    (wb.TITLES, "unit"): Table(wb.TITLES, UnitTitle, "unit", ("year", "award_id"),
                               ("decision_number", "decision_date"), ("", None)),
    (wb.AWARDS, "person"): Table(
        wb.AWARDS, PersonAward, "person", ("year", "award_id"),
        ("method", "decision_number", "decision_date", "issuer"), ("regular", "", None, ""),
    ),
    (wb.AWARDS, "unit"): Table(
        wb.AWARDS, UnitAward, "unit", ("year", "award_id"),
        ("method", "decision_number", "decision_date", "issuer"), ("regular", "", None, ""),
    ),
    (wb.INITIATIVES, "person"): Table(
        wb.INITIATIVES, Initiative, "person", ("year", "title_key"),
        ("title", "kind", "scope", "decision_number"), ("", "initiative", "co_so", ""),
    ),
    (wb.DISCIPLINES, "person"): Table(
        wb.DISCIPLINES, Discipline, "person", ("form", "decided_on"), ("ends_on",), (None,),
    ),
}

DUPLICATE_WHAT = {
    wb.RATINGS: "cùng đối tượng, cùng năm",
    wb.TITLES: "cùng đối tượng, cùng năm, cùng danh hiệu",
    wb.AWARDS: "cùng đối tượng, cùng năm, cùng hình thức",
    wb.INITIATIVES: "cùng người, cùng năm, cùng tên sáng kiến",
    wb.DISCIPLINES: "cùng người, cùng hình thức, cùng ngày quyết định",
}


class AwardIndex:
    def __init__(self):
        self.by_key: dict[str, list[AwardType]] = {}
        for award in AwardType.objects.all():
            for key in award.keys():
                self.by_key.setdefault(key, [])
                if award not in self.by_key[key]:
                    self.by_key[key].append(award)

    def resolve(self, text: str, kind: str, collective: bool) -> tuple[AwardType | None, str]:
        candidates = self.by_key.get(fold(text), [])
        if not candidates:
            what = "danh hiệu" if kind == AwardKind.TITLE else "hình thức khen thưởng"
            return None, f"không có {what} «{text[:60]}» trong danh mục."
        fitting = [a for a in candidates if a.kind == kind]
        if not fitting:
            other = wb.AWARDS if kind == AwardKind.TITLE else wb.TITLES
            return None, f"«{candidates[0].name}» ghi ở trang «{other}»."
        chosen = [a for a in fitting if a.fits(collective)]
        if not chosen:
            who = "tập thể" if collective else "cá nhân"
            return None, f"«{fitting[0].name}» không dùng cho {who}."
        return chosen[0], ""


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class Planner:
    def __init__(self, reader: Reader, result: ImportResult, scope_paths: list[str] | None):
        self.reader = reader
        self.result = result
        self.scope_paths = scope_paths
        self.units: dict[str, tuple] = {
            code: (pk, path, effective_to, name)
            for pk, code, path, effective_to, name in Unit.objects.values_list(
                "pk", "code", "path", "effective_to", "name"
            )
        }
        self.unit_by_pk = {v[0]: (code, *v[1:]) for code, v in self.units.items()}
        # id number -> dict of stored person fields (+ pk, unit_id)
        self.db_people: dict[str, dict] = {}
        self.person_creates: list[PersonRow] = []
        self.person_updates: list[tuple[int, dict, PersonRow]] = []  # pk, changed fields
        self.moves: list[tuple[str, int, int]] = []  # id number, from unit pk, to unit pk
        self.person_path: dict[str, str] = {}  # id number -> effective unit path
        self.creates: dict[Table, list[tuple]] = {}
        self.updates: dict[Table, list[tuple]] = {}
        # (model, row pk) -> (subject ref, key, {field: stored value}) of each row updated
        self.previous: dict[tuple, tuple] = {}

    def problem(self, sheet, row, column, message):
        self.result.problems.append(Problem(sheet, row, column, message))

    def in_scope(self, path: str) -> bool:
        if self.scope_paths is None:
            return True
        return any(path.startswith(root) for root in self.scope_paths)

    def load_people(self) -> None:
        ids = set(self.reader.people_rows_seen)
        for (_sheet, kind), rows in self.reader.history.items():
            if kind == "person":
                ids.update(row[0] for row in rows)
        columns = ("pk", "id_number", "unit_id", *PERSON_FIELDS)
        for chunk in _chunks(sorted(ids)):
            for values in Person.objects.filter(id_number__in=chunk).values_list(*columns):
                self.db_people[values[1]] = dict(zip(columns, values, strict=True))

    def plan_people(self) -> None:
        counts = self.result.counts.get(wb.PEOPLE)
        for id_number, row in self.reader.people.items():
            unit = self.units.get(row.unit_code)
            if unit is None:
                self.problem(wb.PEOPLE, row.row, wb.UNIT, f"không có đơn vị mã «{row.unit_code}».")
                continue
            unit_pk, path, ended, _name = unit
            stored = self.db_people.get(id_number)
            if not self.in_scope(path):
                self.problem(
                    wb.PEOPLE, row.row, wb.UNIT,
                    f"đơn vị {row.unit_code} nằm ngoài phạm vi được nhập.",
                )
                continue
            if stored is not None:
                current = self.unit_by_pk[stored["unit_id"]]
                if not self.in_scope(current[1]):
                    self.problem(
                        wb.PEOPLE, row.row, wb.ID,
                        f"cán bộ này đang thuộc đơn vị {current[0]}, ngoài phạm vi được nhập.",
                    )
                    continue
            moving = stored is None or stored["unit_id"] != unit_pk
            if moving and ended is not None:
                self.problem(
                    wb.PEOPLE, row.row, wb.UNIT,
                    f"đơn vị {row.unit_code} đã hết hiệu lực (giải thể hoặc sáp nhập).",
                )
                continue
            self.person_path[id_number] = path
            if stored is None:
                self.person_creates.append(row)
                counts.created += 1
                continue
            changed = {
                f: v for f, v in row.values.items() if v is not KEEP and stored[f] != v
            }
            if stored["unit_id"] != unit_pk:
                self.moves.append((id_number, stored["unit_id"], unit_pk))
                changed["unit_id"] = unit_pk
            if changed:
                self.person_updates.append((stored["pk"], changed, row))
                counts.updated += 1
            else:
                counts.unchanged += 1

    def subject_of(self, sheet: str, kind: str, ref: str, number: int) -> object | None:
        """The subject's id number (person) or unit pk; None after recording a problem."""
        if kind == "person":
            if ref in self.reader.people_rows_seen:
                if ref not in self.person_path:
                    return None  # the person's own row is in error; reported there
                return ref
            stored = self.db_people.get(ref)
            if stored is None:
                self.problem(
                    sheet, number, wb.ID,
                    f"không có cán bộ số định danh {ref} trong tệp hay trong hệ thống.",
                )
                return None
            if not self.in_scope(self.unit_by_pk[stored["unit_id"]][1]):
                self.problem(
                    sheet, number, wb.ID,
                    f"cán bộ số định danh {ref} thuộc đơn vị ngoài phạm vi được nhập.",
                )
                return None
            return ref
        unit = self.units.get(ref)
        if unit is None:
            self.problem(sheet, number, wb.UNIT, f"không có đơn vị mã «{ref}».")
            return None
        if not self.in_scope(unit[1]):
            self.problem(sheet, number, wb.UNIT, f"đơn vị {ref} nằm ngoài phạm vi được nhập.")
            return None
        return unit[0]

    def plan_history(self) -> None:
        """Check subjects and duplicates (rows sorted by identity, in place), then compare
        with the database. The row lists are not copied: creates refer to the same tuples."""
        for (sheet, kind), rows in self.reader.history.items():
            table = TABLES[(sheet, kind)]
            width = len(table.key_fields) + 1  # subject + key
            column = wb.ID if kind == "person" else wb.UNIT
            rows.sort()
            previous = None
            first = 0
            for row in rows:
                number = row[width]
                identity = row[:width]
                if identity == previous:
                    self.problem(
                        sheet, number, column,
                        f"trùng dòng {first} và dòng {number} ({DUPLICATE_WHAT[sheet]}).",
                    )
                    continue
                previous, first = identity, number
                self.subject_of(sheet, kind, row[0], number)
        if self.result.problems:
            return
        for (sheet, kind), rows in self.reader.history.items():
            self.compare(TABLES[(sheet, kind)], rows)

    def subject_pk(self, table: Table, ref: str) -> int | None:
        if table.subject == "unit":
            return self.units[ref][0]
        stored = self.db_people.get(ref)
        return stored["pk"] if stored else None

    def compare(self, table: Table, rows: list[tuple]) -> None:
        counts = self.result.counts[table.sheet]
        subject_field = f"{table.subject}_id"
        width = len(table.key_fields)
        stored: dict[tuple, tuple] = {}
        columns = ("pk", subject_field, *table.key_fields, *table.value_fields)
        pks = sorted({pk for pk in (self.subject_pk(table, r[0]) for r in rows) if pk})
        for chunk in _chunks(pks):
            for values in table.model.objects.filter(
                **{f"{subject_field}__in": chunk}
            ).values_list(*columns):
                stored[values[1:2 + width]] = (values[0], values[2 + width:])
        creates = self.creates.setdefault(table, [])
        updates = self.updates.setdefault(table, [])
        subject = None
        for row in rows:
            if row[0] != subject:
                subject = row[0]
                pk = self.subject_pk(table, subject)
            existing = stored.get((pk, *row[1:1 + width])) if pk is not None else None
            if existing is None:
                creates.append(row)
                counts.created += 1
                continue
            row_pk, old = existing
            values = row[2 + width:]
            changed = {
                f: (d if v is None and d is not None else v)
                for f, v, o, d in zip(table.value_fields, values, old, table.defaults,
                                      strict=True)
                if v is not KEEP and (d if v is None and d is not None else v) != o
            }
            if changed:
                updates.append((row_pk, changed))
                self.previous[(table.model, row_pk)] = (row[0], row[1:1 + width], {
                    f: o for f, o in zip(table.value_fields, old, strict=True) if f in changed
                })
                counts.updated += 1
            else:
                counts.unchanged += 1


# --- apply -------------------------------------------------------------------------------


def _apply(planner: Planner, actor, job: ImportJob | None) -> None:
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    today = timezone.localdate()
    user = actor if getattr(actor, "is_authenticated", False) else None
    new_people = []
    for row in planner.person_creates:
        values = {
            f: (PERSON_DEFAULTS.get(f) if v is KEEP or v is None and f in PERSON_DEFAULTS else v)
            for f, v in row.values.items()
        }
        new_people.append(
            Person(id_number=row.id_number, unit_id=planner.units[row.unit_code][0], **values)
            .prepare()
        )
    if new_people:
        bulk_create_with_history(new_people, Person, batch_size=CHUNK, default_user=user,
                                 default_change_reason="Nhập từ tệp Excel")
    if planner.person_updates:
        changes = {pk: changed for pk, changed, _row in planner.person_updates}
        fields = sorted({f for changed in changes.values() for f in changed})
        objects = []
        for chunk in _chunks(sorted(changes)):
            for person in Person.objects.filter(pk__in=chunk):
                for f, v in changes[person.pk].items():
                    setattr(person, f, v)
                objects.append(person.prepare())
        bulk_update_with_history(
            objects, Person, [*fields, "search_text", "sort_key"], batch_size=CHUNK,
            default_user=user,
            default_change_reason="Nhập từ tệp Excel",
        )
    if planner.moves:
        pks = {}
        for chunk in _chunks(sorted({m[0] for m in planner.moves})):
            pks.update(Person.objects.filter(id_number__in=chunk).values_list("id_number", "pk"))
        PersonMove.objects.bulk_create(
            PersonMove(person_id=pks[i], from_unit_id=f, to_unit_id=t, moved_on=today,
                       note="Cập nhật từ tệp Excel")
            for i, f, t in planner.moves
        )
    # id number -> pk for every person a history row refers to
    person_pk = {i: p["pk"] for i, p in planner.db_people.items()}
    new_ids = [row.id_number for row in planner.person_creates]
    for chunk in _chunks(new_ids):
        person_pk.update(Person.objects.filter(id_number__in=chunk).values_list("id_number", "pk"))
    for table, rows in planner.creates.items():
        width = len(table.key_fields)
        defaults = table.defaults

        def fill(values, defaults=defaults):
            return tuple(
                d if v is KEEP or v is None and d is not None else v
                for v, d in zip(values, defaults, strict=True)
            )

        if table.subject == "person":
            def subject(ref):
                return person_pk[ref]
        else:
            def subject(ref):
                return planner.units[ref][0]
        if table.model is Initiative:
            objects = []
            for row in rows:
                data = dict(zip(table.value_fields, fill(row[2 + width:]), strict=True))
                objects.append(
                    Initiative(person_id=subject(row[0]), year=row[1], **data).prepare()
                )
            table.model.objects.bulk_create(objects, batch_size=CHUNK)
            continue
        columns = [f"{table.subject}_id", *table.key_fields, *table.value_fields]
        _insert(table.model, columns, (
            (subject(row[0]), *row[1:1 + width], *fill(row[2 + width:])) for row in rows
        ))
    for table, rows in planner.updates.items():
        by_fields: dict[tuple, list] = {}
        for pk, changed in rows:
            by_fields.setdefault(tuple(sorted(changed)), []).append(table.model(pk=pk, **changed))
        for fields, objects in by_fields.items():
            if table.model is Initiative:
                for obj in objects:
                    if "title" in fields:
                        obj.prepare()
                fields = (*fields, "title_key") if "title" in fields else fields
            table.model.objects.bulk_update(objects, list(fields), batch_size=CHUNK)
    return person_pk


def _insert(model, columns: list[str], rows: Iterable[tuple]) -> None:
    """Plain multi-row INSERT of already validated rows: the ORM's per-object overhead would
    dominate a 150,000-row import. Dates are adapted by the backend's own operations."""
    meta = model._meta
    fields = [meta.get_field(c[:-3] if c.endswith("_id") else c) for c in columns]
    # Columns the sheet does not carry get the model's default (e.g. a title's issuer).
    extra = [f for f in meta.concrete_fields
             if not f.primary_key and f not in fields]
    fields += extra
    defaults = tuple(f.get_default() for f in extra)
    if defaults:
        rows = (tuple(row) + defaults for row in rows)
    dates = [i for i, f in enumerate(fields) if f.get_internal_type() == "DateField"]
    adapt = connection.ops.adapt_datefield_value
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        connection.ops.quote_name(meta.db_table),
        ", ".join(connection.ops.quote_name(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        batch = []
        for row in rows:
            if dates:
                row = list(row)
                for i in dates:
                    if row[i] is not None:
                        row[i] = adapt(row[i])
            batch.append(row)
            if len(batch) >= CHUNK:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def _audit_rows(planner: Planner, actor, job: ImportJob, person_pk: dict) -> int:
    """One audit action per row the import created or changed, with its values
    ({field: [old, new]}), appended in set-based INSERTs. The target is the person or unit
    the row belongs to, so their audit history shows what the import changed."""
    from tdkt.audit.services import record_many

    person_label, unit_label = Person._meta.label_lower, Unit._meta.label_lower
    note = f"Nhập tệp Excel, lần nhập #{job.pk}"

    subjects: dict[tuple, tuple] = {}  # a subject has many rows (years, awards)

    def subject(kind: str, ref: str) -> tuple:
        found = subjects.get((kind, ref))
        if found is not None:
            return found
        if kind == "unit":
            pk, _path, _ended, name = planner.units[ref]
            found = unit_label, pk, f"{name} ({ref})"
        else:
            row = planner.reader.people.get(ref)
            name = row.values["full_name"] if row else planner.db_people[ref]["full_name"]
            found = person_label, person_pk[ref], f"{name} ({ref})"
        subjects[(kind, ref)] = found
        return found

    def identity(table: Table, key: tuple) -> str:
        return ", ".join(f"{f}={v}" for f, v in zip(table.key_fields, key, strict=True)
                         if f != "title_key")

    def entries():
        for row in planner.person_creates:
            changes = {f: [None, PERSON_DEFAULTS.get(f) if v is KEEP else v]
                       for f, v in row.values.items()}
            changes["unit"] = [None, row.unit_code]
            yield ("history.import.person.create", *subject("person", row.id_number),
                   changes, note)
        for _pk, changed, row in planner.person_updates:
            stored = planner.db_people[row.id_number]
            changes = {f: [stored[f], v] for f, v in changed.items() if f != "unit_id"}
            if "unit_id" in changed:
                changes["unit"] = [planner.unit_by_pk[stored["unit_id"]][0], row.unit_code]
            yield ("history.import.person.update", *subject("person", row.id_number),
                   changes, note)
        for table, rows in planner.creates.items():
            width = len(table.key_fields)
            verb = f"history.import.{table.model._meta.model_name}.create"
            for row in rows:
                changes = {f: [None, v] for f, v in zip(table.key_fields, row[1:1 + width],
                                                        strict=True) if f != "title_key"}
                for f, v, d in zip(table.value_fields, row[2 + width:], table.defaults,
                                   strict=True):
                    changes[f] = [None, d if v is KEEP or v is None and d is not None else v]
                yield (verb, *subject(table.subject, row[0]), changes, note)
        for table, rows in planner.updates.items():
            verb = f"history.import.{table.model._meta.model_name}.update"
            for row_pk, changed in rows:
                ref, key, old = planner.previous[(table.model, row_pk)]
                changes = {f: [old[f], v] for f, v in changed.items() if f in old}
                yield (verb, *subject(table.subject, ref), changes,
                       f"{note}: {table.sheet} {identity(table, key)}")

    return record_many(actor, entries())


def run_import(
    source,
    *,
    scope_paths: list[str] | None = None,
    dry_run: bool = False,
    actor=None,
    job: ImportJob | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Validate `source` (a path or a binary file) and, if it is clean and not a dry run,
    write it in one transaction. Never raises on bad input."""
    result = ImportResult()
    reader = Reader(result, progress)
    reader.read(source)
    if progress:
        progress(reader.processed, max(reader.total, reader.processed))
    planner = Planner(reader, result, scope_paths)
    planner.load_people()
    planner.plan_people()
    planner.plan_history()
    result.problems.sort(key=lambda p: (_sheet_order(p.sheet), p.row))
    if result.problems or dry_run:
        return result
    with transaction.atomic():
        if job is not None:
            # The job's row stays locked until the apply commits (tdkt.worker.jobs never fails
            # a live apply), and an apply whose job is no longer "applying" (failed when its
            # worker was presumed dead, then retried) writes nothing: applied exactly once.
            status = (ImportJob.objects.select_for_update().filter(pk=job.pk)
                      .values_list("status", flat=True).first())
            if status != "applying":
                raise RuntimeError(f"import job {job.pk} is {status}, not applying")
        person_pk = _apply(planner, actor, job)
        if job is None:
            job = ImportJob.objects.create(
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
                file_name=str(getattr(source, "name", source))[-255:],
                scope_paths=scope_paths or [],
                source="cli",
            )
        job.summary = result.summary()
        job.status = "done"
        job.finished_at = timezone.now()
        job.save(update_fields=["summary", "status", "finished_at"])
        from tdkt.audit.services import record

        record(actor, "history.import", job, result.summary(), note=job.file_name)
        _audit_rows(planner, actor, job, person_pk)
    result.applied = True
    return result


def _sheet_order(sheet: str) -> int:
    try:
        return wb.SHEETS.index(sheet)
    except ValueError:
        return -1
