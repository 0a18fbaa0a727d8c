"""Header lines that break where an officer would break them, not where Word runs out of room.

The header boxes of Decree 30/2020 are narrow (about 7 cm for the issuing body, 9.5 cm for the
national name and the place-date line). A long name such as "UBND THÀNH PHỐ HỒ CHÍ MINH" or the
line "Thành phố Hồ Chí Minh, ngày 15 tháng 12 năm 2026" would wrap mid-name ("… HỒ CHÍ" /
"MINH"). These functions measure each line with the bundled Liberation Serif (metric-compatible
with Times New Roman, so the widths are Word's and LibreOffice's) and, when it does not fit,
break it into lines at the place a Vietnamese document breaks it: before the administrative
name ("THÀNH PHỐ …", "TỈNH …"), after the comma of the place-date line. docxtpl turns the "\n"
into a line break inside the same paragraph.

No Django imports: the renderers use these on plain data.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
TWIPS_PER_PT = 20
# Word's default left+right cell margins (0.19 cm each), in points.
CELL_MARGINS_PT = 2 * 5.4

# Words before which a header name breaks best: the administrative unit or the body's own
# name starts there.
BREAK_BEFORE = ("THÀNH PHỐ", "TỈNH", "THI HÀNH ÁN", "SỞ", "CỤC", "VỤ", "PHÒNG", "HỘI ĐỒNG",
                "THI ĐUA")


@lru_cache(maxsize=16)
def _font(style: str, size: float):
    # Measured at 20× the size for sub-point precision.
    return ImageFont.truetype(str(FONT_DIR / f"LiberationSerif-{style}.ttf"), int(size * 20))


def width_pt(text: str, size: float, style: str = "Regular") -> float:
    return _font(style, size).getlength(text) / 20


def _fits(text: str, room: float, size: float, style: str) -> bool:
    return width_pt(text, size, style) <= room


def fit_lines(text: str, box_twips: int, size: float, style: str = "Regular",
              prefer_comma: bool = False) -> str:
    """`text` with "\\n" where it must break to fit a header box `box_twips` wide."""
    text = " ".join((text or "").split())
    room = box_twips / TWIPS_PER_PT - CELL_MARGINS_PT
    if not text or _fits(text, room, size, style):
        return text
    words = text.split(" ")
    splits = []
    for i in range(1, len(words)):
        head, tail = " ".join(words[:i]), " ".join(words[i:])
        if "-" in (words[i - 1], words[i]):
            continue  # "BÀ RỊA - VŨNG TÀU", "THI ĐUA - KHEN THƯỞNG" stay whole
        if _fits(head, room, size, style) and _fits(tail, room, size, style):
            splits.append((i, head, tail))
    if splits:
        def score(split):
            i, head, tail = split
            natural = (prefer_comma and head.endswith(",")) or (
                not prefer_comma and tail.upper().startswith(BREAK_BEFORE)
            )
            balance = abs(width_pt(head, size, style) - width_pt(tail, size, style))
            return (0 if natural else 1, balance)

        _, head, tail = min(splits, key=score)
        if head.upper() == "UBND":
            head = "ỦY BAN NHÂN DÂN"  # the abbreviation is for one-line headers
        return f"{head}\n{tail}"
    # Longer than two lines: fill greedily.
    lines, line = [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if line and not _fits(candidate, room, size, style):
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    return "\n".join(lines)


def fit_header(context: dict, left_twips: int, right_twips: int) -> dict:
    """The context with its header lines broken for the boxes of `header_block`:
    parent body 13 pt, issuing body 13 pt bold (left), place-date 14 pt italic (right)."""
    out = dict(context)
    if isinstance(out.get("parent_body"), str):
        out["parent_body"] = fit_lines(out["parent_body"], left_twips, 13)
    if isinstance(out.get("issuer_name"), str):
        out["issuer_name"] = fit_lines(out["issuer_name"], left_twips, 13, "Bold")
    if isinstance(out.get("place_date"), str):
        out["place_date"] = fit_lines(out["place_date"], right_twips, 14, "Italic",
                                      prefer_comma=True)
    return out
