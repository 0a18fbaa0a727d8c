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


# --- Vietnamese collation ------------------------------------------------------------------

# Letters in Vietnamese dictionary order (Đ after D, Ă and Â after A, Ơ after Ô, Ư after U).
_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_LETTER_RANK = {letter: i + 1 for i, letter in enumerate(_ALPHABET)}
# Marks that make a letter (breve, circumflex, horn) and the five tones in dictionary order
# (none, huyền, hỏi, ngã, sắc, nặng).
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _collation_word(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(letters, tones) of one word: letters ranked in Vietnamese order, tones as a tiebreak."""
    letters: list[int] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONES:
            if tones:
                tones[-1] = _TONES[ch]
            continue
        if ch in _LETTER_MARKS and letters:
            base = unicodedata.normalize("NFC", _ALPHABET[letters[-1] - 1] + ch)
            letters[-1] = _LETTER_RANK.get(base, letters[-1])
            continue
        if unicodedata.category(ch) == "Mn":
            continue
        # Digits and other signs sort before letters, by code point.
        letters.append(_LETTER_RANK.get(ch, 0) or -0x110000 + ord(ch))
        tones.append(0)
    return tuple(letters), tuple(tones)


def vietnamese_text_key(text: str) -> tuple:
    """Sort key for names of units and other text, word by word in Vietnamese letter order."""
    words = [_collation_word(w) for w in normalise_name(text).split()]
    return (tuple(w[0] for w in words), tuple(w[1] for w in words), normalise_name(text))


def vietnamese_sort_key(full_name: str) -> tuple:
    """Sort key for people as officers sort lists: by given name (the last word), then the
    family and middle names, in Vietnamese letter order (a ă â b c d đ e ê …), tones last.

    "Trần Văn Dũng" < "Nguyễn Văn Đức" < "Lê Thị Hà"; "Dương Văn An" < "Đặng Văn An"."""
    words = [_collation_word(w) for w in normalise_name(full_name).split()]
    if not words:
        return ((), (), "")
    ordered = [words[-1], *words[:-1]]
    return (tuple(w[0] for w in ordered), tuple(w[1] for w in ordered),
            normalise_name(full_name))


def vietnamese_sort_text(full_name: str, max_length: int = 255) -> str:
    """`vietnamese_sort_key` as a string of digits, stored in a column so that the database
    sorts people as officers do (given name first, Vietnamese letter order, tones last).

    Digits only, so every collation (SQLite's binary, PostgreSQL's en_US or C) orders it the
    same. Each letter is "2" + its two-digit rank, any other sign "1" + its 7-digit code point,
    and each word ends with "0", smaller than any letter: word-by-word tuple order becomes plain
    string order. The tones follow, one digit per letter."""
    letters, tones, _ = vietnamese_sort_key(full_name)
    parts = []
    for word in letters:
        for rank in word:
            parts.append(f"2{rank:02d}" if rank > 0 else f"1{rank + 0x110000:07d}")
        parts.append("0")
    parts.append("0")
    for word in tones:
        parts.extend(str(t) for t in word)
    return "".join(parts)[:max_length]
