"""State changes on people. Each runs in one transaction and is audited."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from tdkt.audit.services import diff, record

from .models import Person, PersonMove

EDITABLE_FIELDS = (
    "full_name",
    "gender",
    "date_of_birth",
    "position",
    "is_leader",
    "is_frontline",
    "joined_sector_on",
    "ethnicity",
    "home_town",
    "residence",
    "political_theory",
    "qualification",
    "academic_title",
)


@transaction.atomic
def update_person(actor, person: Person, data: dict) -> Person:
    fields = {k: v for k, v in data.items() if k in EDITABLE_FIELDS}
    changes = diff(person, fields)
    if not changes:
        return person
    for field, value in fields.items():
        setattr(person, field, value)
    person.full_clean(exclude=["unit"])
    person.save()
    record(actor, "person.update", person, changes)
    return person


@transaction.atomic
def move_person(
    actor, person: Person, to_unit, moved_on: datetime.date, note: str = ""
) -> PersonMove:
    if to_unit.pk == person.unit_id:
        raise ValidationError("Cán bộ đã thuộc đơn vị này.")
    if to_unit.effective_to is not None:
        raise ValidationError("Không thể chuyển đến đơn vị đã giải thể hoặc sáp nhập.")
    move = PersonMove.objects.create(
        person=person, from_unit_id=person.unit_id, to_unit=to_unit, moved_on=moved_on, note=note
    )
    old_code = person.unit.code
    person.unit = to_unit
    person.save(update_fields=["unit"])
    record(actor, "person.move", person, {"unit": [old_code, to_unit.code]}, note=note)
    return move
