"""Lists of people sort as officers sort them: by given name, Vietnamese letter order (Đ after
D, Ă Â after A), tones last — in the database, on SQLite and PostgreSQL alike (issue 15)."""

import pytest
from django.urls import reverse

from tdkt.core.text import vietnamese_sort_key, vietnamese_sort_text
from tdkt.people.models import Person
from tests.factories import make_person

# In officers' order. By code point "Đặng" would follow "Vũ", and "Ánh" would follow "Anh" only
# by accident of the tone mark.
EXPECTED = ["Dương Văn An", "Đặng Văn An", "Nguyễn Thị Anh", "Nguyễn Thị Ánh", "Lê Văn Ăn",
            "Trần Văn Dũng", "Nguyễn Văn Đức", "Lê Thị Hà", "Vũ Thị Yến"]


def test_sort_text_orders_as_the_sort_key():
    shuffled = sorted(EXPECTED, key=lambda n: n[::-1])
    assert sorted(shuffled, key=vietnamese_sort_text) == EXPECTED
    assert sorted(shuffled, key=lambda n: vietnamese_sort_key(n)[:2]) == EXPECTED
    assert set(vietnamese_sort_text("Nguyễn Văn Đức")) <= set("0123456789")


@pytest.fixture
def staff(cast):
    unit = cast.unit_a.get_children().get(code="STP-01-VP")
    Person.objects.filter(unit=unit).delete()
    for name in sorted(EXPECTED, key=lambda n: n[::-1]):
        make_person(unit.code, name)
    return unit


def test_unit_page_lists_staff_in_vietnamese_order(cast, client_for, staff):
    page = client_for(cast.officer_a).get(reverse("organisation:unit", args=[staff.code]))
    text = page.content.decode()
    positions = [text.index(name) for name in EXPECTED]
    assert positions == sorted(positions)


def test_database_orders_people_by_the_stored_key(staff):
    names = list(Person.objects.filter(unit=staff).order_by("sort_key")
                 .values_list("full_name", flat=True))
    assert names == EXPECTED


def test_renamed_person_moves_in_the_order(staff):
    person = Person.objects.get(unit=staff, full_name="Vũ Thị Yến")
    person.full_name = "Vũ Thị Ân"
    person.save()
    names = list(Person.objects.filter(unit=staff).values_list("full_name", flat=True))
    assert names.index("Vũ Thị Ân") == names.index("Lê Văn Ăn") + 1
