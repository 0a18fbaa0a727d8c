"""Legal bases of a decision ("Căn cứ …") from the rules catalogue's documents.

Only documents the catalogue holds, verified and in force, and only those a commendation
decision rests on (the law, its decrees, the sector's circular): each by its full number and
name, with its date where the date is known.
"""

import datetime
import re

from .formats import long_date

# Codes of the catalogue's documents a decision on commendation cites.
BASIS_CODES = ("luat_06_2022", "nd_98_2023", "nd_152_2025", "tt_11_2023_btp")


def basis_line(doc: dict) -> str:
    """"Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết
    Luật Thi đua, khen thưởng": number, date of signing and issuer from the catalogue."""
    title = (doc.get("title_vi") or doc.get("cite") or "").strip()
    # "Nghị định 152/2025/NĐ-CP …" -> "Nghị định số 152/2025/NĐ-CP …"
    title = re.sub(r"^(Luật|Nghị định|Thông tư|Quyết định) (\d)", r"\1 số \2", title)
    suffix = " ".join(part for part in (
        long_date(datetime.date.fromisoformat(doc["signed_on"])) if doc.get("signed_on") else "",
        f"của {doc['issuer_vi']}" if doc.get("issuer_vi") else "",
    ) if part)
    number = re.search(r"số \S+", title)
    if suffix and number:  # "… số 06/2022/QH15 ngày 15 tháng 6 năm 2022"
        end = number.end()
        title = f"{title[:end]} {suffix}{title[end:]}"
    return title


def decision_bases(documents: list[dict]) -> list[str]:
    """The basis lines for `documents` (the catalogue's documents in force)."""
    chosen = [d for d in documents
              if d.get("code") in BASIS_CODES and d.get("status") == "verified"]
    chosen.sort(key=lambda d: BASIS_CODES.index(d["code"]))
    return [basis_line(d) for d in chosen]
