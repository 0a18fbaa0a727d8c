"""Legal bases of a decision ("Căn cứ …") from the rules catalogue's documents.

Only documents the catalogue holds, verified and in force, and only those a commendation
decision rests on (the law, its decrees, the sector's circular): each by its full number and
name, with its date where the date is known.
"""

import re

# Codes of the catalogue's documents a decision on commendation cites.
BASIS_CODES = ("luat_06_2022", "nd_98_2023", "nd_152_2025", "tt_11_2023_btp")
# Dates of adoption known for certain (the catalogue does not hold them).
ADOPTED = {
    "luat_06_2022": "ngày 15 tháng 6 năm 2022",
    "nd_98_2023": "ngày 31 tháng 12 năm 2023",
}


def basis_line(doc: dict) -> str:
    """"Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022"."""
    title = (doc.get("title_vi") or doc.get("cite") or "").strip()
    # "Nghị định 152/2025/NĐ-CP …" -> "Nghị định số 152/2025/NĐ-CP …"
    title = re.sub(r"^(Luật|Nghị định|Thông tư|Quyết định) (\d)", r"\1 số \2", title)
    date = ADOPTED.get(doc.get("code", ""))
    if date:
        number = re.search(r"số \S+", title)
        if number:  # the date follows the number: "… số 06/2022/QH15 ngày 15 tháng 6 năm 2022"
            end = number.end()
            title = f"{title[:end]} {date}{title[end:]}"
    return title


def decision_bases(documents: list[dict]) -> list[str]:
    """The basis lines for `documents` (the catalogue's documents in force)."""
    chosen = [d for d in documents
              if d.get("code") in BASIS_CODES and d.get("status") == "verified"]
    chosen.sort(key=lambda d: BASIS_CODES.index(d["code"]))
    return [basis_line(d) for d in chosen]
