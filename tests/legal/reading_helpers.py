"""Small builders for read-tracking tests (also used by the URL walk in test_access)."""

import datetime

from tdkt.legal.models import LegalDocument, ReadingAssignment
from tdkt.organisation.models import Unit


def document(code="luat_06_2022", number="06/2022/QH15", title="Luật Thi đua, khen thưởng"):
    return LegalDocument.objects.get_or_create(
        code=code, defaults={"number": number, "title": title, "kind": "luat",
                             "issuer": "Quốc hội", "signed_on": datetime.date(2022, 6, 15)})[0]


def assignment(*unit_codes, whole=False, due_on=None, doc=None):
    """An assignment made directly (no service): to `unit_codes` or the whole sector."""
    a = ReadingAssignment.objects.create(
        document=doc or document(), whole_sector=whole,
        due_on=due_on or datetime.date.today() + datetime.timedelta(days=10))
    a.units.set(Unit.objects.filter(code__in=unit_codes))
    return a


def other_scope(cast):
    """An assignment given only to unit B (STP-79): outside officer A's scope."""
    found = ReadingAssignment.objects.filter(units=cast.unit_b, whole_sector=False).first()
    return found or assignment(cast.unit_b.code, doc=document("nd_152_2025", "152/2025/NĐ-CP",
                                                                "Nghị định 152"))
