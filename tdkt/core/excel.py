"""Every Excel cell the system writes goes through here: a typed value, never a formula.

openpyxl turns any string that begins with "=" into a formula cell (and "#N/A"-like strings into
error cells), so a person named `=HYPERLINK(...)` would be exported as a live formula. Here text
is always written as a text cell (data type "s", an inline string) with its characters
unchanged, whatever it begins with (`=`, `+`, `-`, `@`, a tab or a carriage return): nothing is
prefixed, so reading the file back gives exactly the stored text. Numbers stay numbers, dates are
dates shown dd/mm/yyyy, booleans stay booleans; anything else is written as its text.

Use `append(ws, values)` instead of `ws.append(values)`, and `cell(ws, value, ...)` where a
styled cell is needed (it works for normal and write-only worksheets alike).
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
TEXT_FORMAT = "@"


def typed(value):
    """The value as it will be stored: None, bool, int/float/Decimal, date/datetime/time, or
    str. Aware datetimes become local wall-clock time (Excel has no time zones)."""
    if value is None or isinstance(value, bool | int | float | decimal.Decimal):
        return value
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            from django.utils import timezone

            value = timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, datetime.date | datetime.time):
        return value
    text = str(value)  # also lazy translations, SafeString and any other object
    # Control characters other than tab/CR/LF cannot be stored in the sheet's XML at all
    # (openpyxl raises IllegalCharacterError); they are invisible, so they are dropped rather
    # than failing the whole export.
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def cell(ws, value, *, number_format: str | None = None, font=None, alignment=None,
         border=None) -> Cell:
    """A cell of worksheet `ws` holding `value` as a typed value (text never a formula)."""
    value = typed(value)
    result = Cell(ws, row=1, column=1)  # placed by append()
    if isinstance(value, str):
        result._value = value
        result.data_type = "s"  # text, even when it begins with "=" or looks like "#N/A"
    elif value is not None:
        result.value = value  # numbers, booleans, dates: openpyxl's own typing
        if number_format is None and isinstance(value, datetime.date):
            number_format = (
                DATETIME_FORMAT if isinstance(value, datetime.datetime) else DATE_FORMAT
            )
    if number_format is not None:
        result.number_format = number_format
    if font is not None:
        result.font = font
    if alignment is not None:
        result.alignment = alignment
    if border is not None:
        result.border = border
    return result


def row(ws, values: Iterable) -> list[Cell]:
    return [cell(ws, value) for value in values]


def append(ws, values: Iterable) -> None:
    """`ws.append(values)` with every value written as a typed cell. Values may already be
    cells made by `cell()` (to carry a style)."""
    ws.append([v if v is None or isinstance(v, Cell) else cell(ws, v) for v in values])
