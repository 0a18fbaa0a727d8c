import datetime

import pytest
from django.core.exceptions import ValidationError

from tdkt.audit.models import Action, AuditImmutableError
from tdkt.core.text import fold, normalise_name
from tdkt.organisation.models import Unit
from tdkt.people import services
from tdkt.people.models import Person
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def test_names_are_stored_nfc_with_single_spaces():
    decomposed = "Nguye\u0302\u0303n  Va\u0306n   An "  # NFD, extra spaces
    person = make_person("STP-01-VP", decomposed)
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Văn An"
    assert person.full_name == normalise_name("Nguyễn Văn An")


def test_identification_number_must_be_twelve_digits():
    person = make_person("STP-01-VP")
    person.id_number = "1234567890"  # lost its leading zeros
    with pytest.raises(ValidationError):
        person.full_clean()


def test_update_is_audited_with_old_and_new_values(cast):
    person = cast.person_a
    services.update_person(cast.officer_a, person, {"position": "Phó Chánh Văn phòng"})
    action = Action.objects.for_object(person).get()
    assert action.actor == cast.officer_a
    assert action.verb == "person.update"
    assert action.changes == {"position": ["Chuyên viên", "Phó Chánh Văn phòng"]}


def test_unchanged_update_records_nothing(cast):
    services.update_person(cast.officer_a, cast.person_a, {"position": "Chuyên viên"})
    assert not Action.objects.exists()


def test_move_keeps_history_and_is_audited(cast):
    target = Unit.objects.get(code="STP-01-HCBT")
    services.move_person(cast.officer_a, cast.person_a, target, datetime.date(2026, 3, 1), "QĐ 12")
    person = Person.objects.get(pk=cast.person_a.pk)
    assert person.unit == target
    move = person.moves.get()
    assert move.from_unit.code == "STP-01-VP" and move.to_unit.code == "STP-01-HCBT"
    assert Action.objects.for_object(person).get().changes == {"unit": ["STP-01-VP", "STP-01-HCBT"]}


def test_cannot_move_into_a_dissolved_unit(cast):
    with pytest.raises(ValidationError):
        services.move_person(
            cast.officer_a,
            cast.person_a,
            Unit.objects.get(code="TCTHADS"),
            datetime.date(2026, 1, 1),
        )


def test_actions_cannot_be_edited_or_deleted(cast):
    services.update_person(cast.officer_a, cast.person_a, {"position": "Chuyên viên chính"})
    action = Action.objects.get()
    action.verb = "tampered"
    with pytest.raises(AuditImmutableError):
        action.save()
    with pytest.raises(AuditImmutableError):
        action.delete()
    with pytest.raises(AuditImmutableError):
        Action.objects.all().delete()
    with pytest.raises(AuditImmutableError):
        Action.objects.update(verb="x")
    assert Action.objects.get().verb == "person.update"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("nguyen van an", "Nguyễn Văn An"),
        ("NGUYEN VAN AN", "Nguyễn Văn An"),
        ("Nguyễn Văn", "Nguyễn Văn An"),
        ("duc", "Phạm Minh Đức"),
        ("đuc", "Phạm Minh Đức"),
        ("thi hong", "Trần Thị Hồng"),
    ],
)
def test_search_ignores_diacritics_and_case(query, expected):
    for name in ["Nguyễn Văn An", "Phạm Minh Đức", "Trần Thị Hồng", "Lê Văn Bình"]:
        make_person("STP-01-VP", name)
    found = list(Person.objects.search(query).values_list("full_name", flat=True))
    assert found == [expected]
    assert fold(expected).startswith(fold(query)) or fold(query) in fold(expected)


def test_unit_search_finds_by_unaccented_name():
    codes = set(
        Unit.objects.filter(search_text__contains=fold("so tu phap thanh pho ha noi")).values_list(
            "code", flat=True
        )
    )
    assert codes == {"STP-01"}


def test_audit_page_shows_changes_whatever_their_keys(cast, client_for):
    from django.db import transaction

    from tdkt.audit.services import record

    with transaction.atomic():
        record(cast.officer_a, "import.apply", cast.unit_a, {"items": 3, "created": [0, 5]})
    body = client_for(cast.admin).get("/nhat-ky/").content.decode()
    assert "<strong>Items</strong>: 3" in body  # a key named "items" still renders
    assert "<strong>Created</strong>: 0 → 5" in body  # old → new, in words
