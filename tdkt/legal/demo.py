"""Demo: the legal library with the four documents the catalogue relies on — Law 06/2022/QH15,
Decree 152/2025/NĐ-CP, Circulars 11/2023/TT-BTP and 14/2025/TT-BTP. Only wording found
verbatim in public sources is stored (tdkt/legal/data/, each part with its source URL in
`sources`): of the Law, parts of Điều 2, 3, 5, 21, 22, 24, 27, 54, 55, 59, 60, 73, 80, 83 and
93 (the Official Gazette pages where available); of Decree 152/2025, Điều 4 (principles), 51
and 54 (bonus amounts, in part) and 59 (entry into force, repeal of Decree 98/2023, also
listed); of Decree 98/2023, Điều 54 (title bonuses, in part); of Circular 14/2025/TT-BTP,
Điều 2 (the Justice medal and its insignia); of Circular 11/2023/TT-BTP, only its
particulars. Each document's page states what is present, what is
missing and where each part comes from (`coverage`). Deterministic; goes through the
importer's parser and the saving service.

Read tracking: Law 06/2022/QH15 given to the whole sector (deadline passed, most units
well along), Decree 152/2025/NĐ-CP to chosen units (deadline in two weeks, about a third
read) and Circular 14/2025/TT-BTP to the Sở Tư pháp (just given). nhanvien.stp01 has the
Decree left to read. Dates are counted from the day the demo is built; the spread of readers
comes from a generator seeded with the demo's seed."""

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
    seed_reading(ctx, actor)

    from .qa import demo as qa_demo

    qa_demo.seed(ctx)


# (document code, whole sector, unit codes, deadline in days from today, share read by unit, note)
READING = [
    ("luat_06_2022", True, (), -20, (0.55, 0.98),
     "Triển khai Luật đến toàn thể cán bộ, công chức, viên chức, người lao động."),
    ("nd_152_2025", False, ("STP-01", "STP-79", "THADS-79", "TCCB"), 14, (0.15, 0.5),
     "Các đơn vị làm điểm đọc trước khi tập huấn hồ sơ đề nghị khen thưởng."),
    ("tt_14_2025_btp", False, ("KHOI-STP",), 30, (0.0, 0.12), ""),
]


def seed_reading(ctx, actor) -> None:
    import random

    from django.utils import timezone

    from tdkt.organisation.models import Unit
    from tdkt.people.models import Person

    from .models import Reading, ReadingAssignment
    from .reading import selectors
    from .reading import services as reading

    if actor is None or ReadingAssignment.objects.exists():
        return
    rng = random.Random(getattr(ctx, "seed", 2026) + 35)
    today = timezone.localdate()
    keep_unread = set(User.objects.filter(username="nhanvien.stp01", person__isnull=False)
                      .values_list("person_id", flat=True))
    people = list(Person.objects.values_list("pk", "unit__path").order_by("pk"))
    rows, made = [], []
    for code, whole, unit_codes, days, (low, high), note in READING:
        doc = LegalDocument.objects.filter(code=code).first()
        if doc is None:
            continue
        due = today + datetime.timedelta(days=days)
        a = reading.assign(actor, document=doc, due_on=due, whole_sector=whole,
                           units=Unit.objects.filter(code__in=unit_codes),
                           note=note,
                           today=min(today, due) - datetime.timedelta(days=30))
        a = type(a).objects.prefetch_related("units").get(pk=a.pk)
        made.append(a)
        # readings from when it was given (about 45 days before the deadline), up to today
        start = max(today - datetime.timedelta(days=30), due - datetime.timedelta(days=45))
        rate: dict[str, float] = {}
        for pk, path in people:
            if not selectors.covers(a, path) or (code == "nd_152_2025" and pk in keep_unread):
                continue
            unit_key = path[:12]  # a unit at the level of a Sở / THADS tỉnh / Vụ
            share = rate.setdefault(unit_key, rng.uniform(low, high))
            if rng.random() >= share:
                continue
            day = start + datetime.timedelta(days=rng.randint(0, (today - start).days))
            at = timezone.make_aware(datetime.datetime.combine(
                day, datetime.time(rng.randint(7, 17), rng.randint(0, 59))))
            rows.append(Reading(assignment=a, person_id=pk, read_at=at))
    Reading.objects.bulk_create(rows, batch_size=1000)
    ctx.say(f"  giao đọc văn bản: {len(made)} văn bản, {len(rows)} lượt xác nhận đã đọc")
