"""Text normalisation shared by storage and search.

Vietnamese names are stored in NFC with single spaces. Search compares a folded form
(no diacritics, đ→d, lower case) kept in a column, so it behaves the same on SQLite
and PostgreSQL without database extensions.
"""

import unicodedata


def normalise_name(value: str) -> str:
    """NFC, single spaces, trimmed."""
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def fold(value: str) -> str:
    """Diacritic- and case-insensitive key: 'Nguyễn Văn Đức' -> 'nguyen van duc'."""
    text = unicodedata.normalize("NFD", value or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").replace("Đ", "D")
    return " ".join(text.lower().split())
