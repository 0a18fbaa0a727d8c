"""Demo: the legal library with the four documents the catalogue relies on — Law 06/2022/QH15,
Decree 152/2025/NĐ-CP, Circulars 11/2023/TT-BTP and 14/2025/TT-BTP. Only wording found
verbatim in public sources is stored (tdkt/legal/data/, each part with its source URL in
`sources`): of the Law, parts of Điều 2, 3, 21, 22, 24, 27, 54, 55, 59, 60, 73, 80, 83 and 93
(the Official Gazette pages where available); of Decree 152/2025, Điều 4 (principles) and 59
(entry into force, repeal of Decree 98/2023, also listed); of the circulars, only their
particulars. Each document's page states what is present, what is missing and where each part
comes from (`coverage`). Deterministic; goes through the importer's parser and the saving
service."""

import datetime
import json
from pathlib import Path

from tdkt.accounts.models import User

from . import services
from .models import LegalDocument
from .parser import ParseResult, parse

ORDER = 35
DATA = Path(__file__).resolve().parent / "data"


def entries() -> list[dict]:
    return json.loads((DATA / "sources.json").read_text(encoding="utf-8"))["documents"]


def coverage(entry: dict) -> str:
    text = f"Đã có: {entry['present']} Còn thiếu: {entry['missing']}"
    if entry.get("sources"):
        text += " Nguồn: " + "; ".join(f"{s['part']}: {s['url']}" for s in entry["sources"]) + "."
    return text


def seed(ctx):
    actor = User.objects.filter(username="thuongtruc").first()
    for entry in entries():
        if LegalDocument.objects.filter(code=entry["code"]).exists():
            continue
        text = (DATA / entry["text"]).read_text(encoding="utf-8") if entry["text"] else ""
        result = parse(text) if text else ParseResult([], [], [])
        meta = {
            "code": entry["code"], "number": entry["number"], "title": entry["title"],
            "kind": entry["kind"], "issuer": entry["issuer"],
            "signed_on": datetime.date.fromisoformat(entry["signed_on"]),
            "in_force_from": datetime.date.fromisoformat(entry["in_force_from"]),
            "in_force_to": (datetime.date.fromisoformat(entry["in_force_to"])
                            if entry["in_force_to"] else None),
            "status": entry["status"], "source_url": entry["source_url"],
            "coverage": coverage(entry),
        }
        services.save_document(actor, meta, result)
    for entry in entries():
        doc = LegalDocument.objects.get(code=entry["code"])
        if entry["replaces"] and not doc.replaces.exists():
            services.set_relations(actor, doc, replaces=entry["replaces"])
    ctx.say(f"  văn bản pháp luật: {LegalDocument.objects.count()} văn bản")

    from .qa import demo as qa_demo

    qa_demo.seed(ctx)
