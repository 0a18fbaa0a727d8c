"""Lean streaming reader of .xlsx worksheets, for the import.

openpyxl (even read_only) builds an element tree and a descriptor object per cell, and parses a
sheet twice when it has no <dimension> (as files written by openpyxl's write-only mode): for a
150,000-row workbook that is most of the import time. Here openpyxl still reads the workbook
structure (sheets, shared strings, date styles, 1900/1904 epoch), but the sheets themselves go
through expat with three small callbacks and no tree: memory stays flat whatever the number of
rows. Values follow openpyxl's `values_only` reading (numbers as int/float, date-styled numbers
as datetime, booleans, shared and inline strings), except that a cell holding a formula is read
as `FORMULA`, never as its cached result or as empty: the import refuses it (people-workbook.md,
«Formulas»). That covers cells with an `<f>` element and the cells an array formula spills into
(its `ref` range), which carry only the cached result.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from xml.parsers import expat

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.datetime import from_excel, from_ISO8601

CHUNK_BYTES = 1 << 16
NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # strict OOXML
)


def _names(local: str) -> set[str]:
    return {f"{ns} {local}" for ns in NAMESPACES}


ROW, CELL, VALUE, TEXT, PHONETIC, FORMULA_ELEMENT = (
    _names(n) for n in ("row", "c", "v", "t", "rPh", "f")
)
DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]*\d*:?[A-Z]*(\d+)\"")


class Formula:
    """The value of a cell that holds a formula (there is one instance, `FORMULA`)."""

    __slots__ = ()

    def __str__(self) -> str:
        return "="

    def __repr__(self) -> str:
        return "FORMULA"


FORMULA = Formula()


class UnsafeXML(ValueError):
    """A worksheet declaring a DTD or entities (never written by spreadsheet software)."""


@dataclass
class Sheet:
    title: str
    path: str


class Book:
    """An open workbook: `sheets` in workbook order, `rows(sheet)` streams one sheet."""

    def __init__(self, source):
        reader = ExcelReader(source, read_only=True, data_only=True)
        self.archive = reader.archive
        try:
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            names = set(reader.valid_files)
            self.sheets = [
                Sheet(sheet.name, rel.target)
                for sheet, rel in reader.parser.find_sheets()
                if rel.target in names and "chartsheet" not in (rel.Type or "")
            ]
        except BaseException:
            self.archive.close()
            raise
        self.shared_strings = reader.shared_strings
        self.date_styles = frozenset(reader.wb._date_formats)
        self.timedelta_styles = frozenset(reader.wb._timedelta_formats)
        self.epoch = reader.wb.epoch

    def close(self) -> None:
        self.archive.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def declared_rows(self, sheet: Sheet) -> int | None:
        """The last row number the sheet's <dimension> declares, if it has one."""
        with self.archive.open(sheet.path) as src:
            head = src.read(4096)
        match = DIMENSION.search(head)
        return int(match.group(1)) if match else None

    def rows(self, sheet: Sheet) -> Iterator[tuple[int, tuple]]:
        """(row number, values) for every row the sheet stores, values from column A."""
        state = _SheetState(self)
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartElementHandler = state.start
        parser.EndElementHandler = state.end
        parser.CharacterDataHandler = state.text
        parser.StartDoctypeDeclHandler = _refuse
        parser.EntityDeclHandler = _refuse
        done = state.done
        with self.archive.open(sheet.path) as src:
            while True:
                chunk = src.read(CHUNK_BYTES)
                parser.Parse(chunk, not chunk)
                if done:
                    yield from done
                    done.clear()
                if not chunk:
                    break


def _refuse(*_args):
    raise UnsafeXML("DTD or entity declaration in a worksheet")


def _bounds(ref: str) -> tuple[int, int, int, int] | None:
    """(first row, last row, first column, last column) of a range such as "B2:C4", columns
    0-based as `column_index`; None if the reference is malformed."""
    try:
        left, top, right, bottom = range_boundaries(ref)
    except (TypeError, ValueError):
        return None
    if None in (left, top, right, bottom):
        return None
    return top, bottom, left - 1, right - 1


def column_index(ref: str) -> int:
    """0-based column of a cell reference such as "AB12"."""
    index = 0
    for char in ref:
        if "A" <= char <= "Z":
            index = index * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            index = index * 26 + ord(char) - 96
        else:
            break
    return index - 1


class _SheetState:
    __slots__ = (
        "book", "done", "number", "cells", "column", "kind", "style", "parts", "collect",
        "phonetic", "columns", "formula", "arrays",
    )

    def __init__(self, book: Book):
        self.book = book
        self.done: list[tuple[int, tuple]] = []
        self.number = 0
        self.cells: list = []
        self.column = -1
        self.kind = "n"
        self.style = 0
        self.parts: list[str] | None = None  # text of the current <v> or inline <t>
        self.collect: list[str] = []
        self.phonetic = False
        self.columns: dict[str, int] = {}  # "AB" -> 27, cached
        self.formula = False  # the current cell has an <f> element
        self.arrays: list[tuple[int, int, int, int]] = []  # array formulas' ranges

    def start(self, name, attrs):
        if name in CELL:
            ref = attrs.get("r")
            if ref:
                letters = ref.rstrip("0123456789")
                column = self.columns.get(letters)
                if column is None:
                    column = self.columns[letters] = column_index(letters)
                self.column = column
            else:
                self.column += 1
            self.kind = attrs.get("t", "n")
            style = attrs.get("s")
            self.style = int(style) if style else 0
            self.collect = []
            self.parts = None
            self.formula = False
        elif name in FORMULA_ELEMENT:
            self.formula = True
            ref = attrs.get("ref")
            if ref and attrs.get("t") == "array":
                bounds = _bounds(ref)
                if bounds:
                    self.arrays.append(bounds)
        elif name in VALUE:
            self.parts = self.collect
        elif name in TEXT:
            if not self.phonetic:
                self.parts = self.collect
        elif name in PHONETIC:
            self.phonetic = True
        elif name in ROW:
            number = attrs.get("r")
            self.number = int(float(number)) if number else self.number + 1
            self.cells = []
            self.column = -1

    def text(self, data):
        if self.parts is not None:
            self.parts.append(data)

    def end(self, name):
        if name in CELL:
            self.parts = None
            if self.formula or (self.arrays and self.in_array()):
                value = FORMULA
            else:
                value = self.value("".join(self.collect) if self.collect else None)
            cells = self.cells
            column = self.column
            if column == len(cells):
                cells.append(value)
            elif column > len(cells):
                cells.extend([None] * (column - len(cells)))
                cells.append(value)
            else:
                cells[column] = value
        elif name in VALUE or name in TEXT:
            self.parts = None
        elif name in PHONETIC:
            self.phonetic = False
        elif name in ROW:
            self.done.append((self.number, tuple(self.cells)))

    def in_array(self) -> bool:
        number, column = self.number, self.column
        return any(
            top <= number <= bottom and left <= column <= right
            for top, bottom, left, right in self.arrays
        )

    def value(self, text: str | None):
        kind = self.kind
        if kind == "inlineStr":
            return text
        if not text:
            return None
        if kind == "n":
            number = float(text) if "." in text or "E" in text or "e" in text else int(text)
            if self.style in self.book.date_styles:
                try:
                    return from_excel(number, self.book.epoch,
                                      timedelta=self.style in self.book.timedelta_styles)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if kind == "s":
            return self.book.shared_strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        return text  # "str" (formula result) and "e" (error such as #N/A)
