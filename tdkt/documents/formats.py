"""Plain formatting rules of Decree 30/2020 (Phụ lục I) used by every document.

No Django imports: the renderers and the benchmark use these on plain data.
"""

import datetime

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def day_text(day: int) -> str:
    """Days below 10 take a leading zero."""
    return f"{day:02d}"


def month_text(month: int) -> str:
    """Only the months 1 and 2 take a leading zero (so that "01", "02" are never misread)."""
    return f"{month:02d}" if month < 3 else str(month)


def long_date(value: datetime.date | None) -> str:
    """"ngày 05 tháng 01 năm 2026"; "ngày 15 tháng 3 năm 2026"; dots when unknown."""
    if value is None:
        return "ngày … tháng … năm …"
    return f"ngày {day_text(value.day)} tháng {month_text(value.month)} năm {value.year}"


def place_date(place: str, value: datetime.date | None) -> str:
    return f"{place}, {long_date(value)}"


def short_date(value: datetime.date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def number_text(number: int | str) -> str:
    """Numbers below 10 get a leading zero ("05/QĐ-BTP")."""
    if isinstance(number, int) or str(number).isdigit():
        return f"{int(number):02d}"
    return str(number)


def decision_number(raw: str) -> str:
    """Normalise "5/QĐ-BTP" to "05/QĐ-BTP"; leaves other shapes alone."""
    head, sep, tail = (raw or "").partition("/")
    if sep and head.isdigit():
        return f"{number_text(head)}/{tail}"
    return raw or "…"


AWARD_VARIANTS = ("(tập thể)", "(cá nhân)", "(cho tập thể)", "(cho cá nhân)")


def award_base(name: str) -> str:
    """"Bằng khen của Bộ trưởng Bộ Tư pháp (tập thể)" -> "Bằng khen của Bộ trưởng Bộ Tư pháp":
    the collective and individual variants are one award in a document's text."""
    text = (name or "").strip()
    for variant in AWARD_VARIANTS:
        if text.lower().endswith(variant):
            return text[: -len(variant)].rstrip(" -–")
    return text


def award_names_once(names) -> list[str]:
    """Each award once, variants grouped, in first-seen order."""
    return list(dict.fromkeys(award_base(n) for n in names if n))


def list_count(collectives: int, individuals: int) -> str:
    """"(Danh sách gồm 3 cá nhân)": only what the list holds."""
    parts = []
    if collectives:
        parts.append(f"{collectives} tập thể")
    if individuals:
        parts.append(f"{individuals} cá nhân")
    return f"(Danh sách gồm {' và '.join(parts)})" if parts else ""


def salutation(gender: str | None) -> str:
    return "Bà" if gender == "female" else "Ông"


def upper(text: str) -> str:
    return (text or "").upper()


# Header lines of parent bodies as a sentence writes them.
_BODY_IN_SENTENCE = {
    "BỘ TƯ PHÁP": "Bộ Tư pháp",
    "CỤC QUẢN LÝ THI HÀNH ÁN DÂN SỰ": "Cục Quản lý thi hành án dân sự",
    "UBND THÀNH PHỐ HỒ CHÍ MINH": "Ủy ban nhân dân Thành phố Hồ Chí Minh",
}


def body_in_sentence(line: str) -> str:
    """A header line in capitals ("UBND TỈNH LÀO CAI") as running text writes it
    ("Ủy ban nhân dân tỉnh Lào Cai"); a line already in mixed case is kept."""
    line = " ".join((line or "").split())
    if not line or line != line.upper():
        return line
    if line in _BODY_IN_SENTENCE:
        return _BODY_IN_SENTENCE[line]
    for level in ("TỈNH", "THÀNH PHỐ"):
        prefix = f"UBND {level} "
        if line.startswith(prefix):
            return f"Ủy ban nhân dân {level.lower()} {line[len(prefix):].title()}"
    return line


def plural_count(collectives: int, individuals: int) -> str:
    parts = []
    if collectives:
        parts.append(f"{collectives:02d} tập thể" if collectives < 10 else f"{collectives} tập thể")
    if individuals:
        parts.append(f"{individuals:02d} cá nhân" if individuals < 10 else f"{individuals} cá nhân")
    return " và ".join(parts) or "0 cá nhân"
