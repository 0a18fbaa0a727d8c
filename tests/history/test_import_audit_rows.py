"""An Excel import records, for every row it creates or changes, the old and new values in the
audit log (not only the counts), on the person or unit the row belongs to."""

import pytest

from tdkt.audit.models import Action
from tdkt.history.importer import run_import
from tdkt.people.models import Person
from tests.history.helpers import PEOPLE_HEADER, book, person
from tests.history.test_import import ID1, ID2, full_book

pytestmark = pytest.mark.django_db


def row_actions(**filters):
    return Action.objects.filter(verb__startswith="history.import.", **filters).exclude(
        verb="history.import.retry")


def test_every_created_row_is_audited_with_its_values(cast):
    result = run_import(full_book(), actor=cast.officer_a)
    assert result.ok, result.problem_lines()
    an = Person.objects.get(id_number=ID1)
    created = sum(c.created for c in result.counts.values())
    assert row_actions().count() == created  # one action per row written
    assert set(row_actions().values_list("actor", flat=True)) == {cast.officer_a.pk}

    person = Action.objects.for_object(an).get(verb="history.import.person.create")
    assert person.changes["full_name"] == [None, "Nguyễn Văn An"]
    assert person.changes["date_of_birth"] == [None, "1985-05-17"]
    assert person.changes["unit"] == [None, "STP-01-VP"]
    ratings = sorted(
        (a.changes["year"][1], a.changes["rating"][1])
        for a in Action.objects.for_object(an).filter(verb="history.import.personrating.create")
    )
    assert ratings == [(2023, "HTXSNV"), (2024, "HTTNV")]
    unit_title = row_actions(verb="history.import.unittitle.create").get()
    assert unit_title.target_type == "organisation.unit"
    assert unit_title.target_id == str(cast.unit_a.pk)


def test_changed_rows_record_old_and_new_values_and_unchanged_rows_nothing(cast):
    run_import(full_book(), actor=cast.officer_a)
    before = row_actions().count()
    changed = full_book(**{
        "Nhân sự": [PEOPLE_HEADER, person(ID1, "Nguyễn Văn An Khang", unit="STP-01-HCBT"),
                    person(ID2, "Trần Thị Bình", "3/7/1990", "Nữ", "STP-01-HCBT")],
        "Xếp loại": [["Số định danh", "Năm", "Xếp loại"], [ID1, 2023, "HTTNV"],
                     [ID1, 2024, "Hoàn thành tốt nhiệm vụ"], [ID2, 2024, "htnv"]],
    })
    result = run_import(changed, actor=cast.officer_b)
    assert result.ok, result.problem_lines()
    new = row_actions().count() - before
    assert new == sum(c.created + c.updated for c in result.counts.values()) == 2

    an = Person.objects.get(id_number=ID1)
    moved = Action.objects.for_object(an).get(verb="history.import.person.update")
    assert moved.changes == {"full_name": ["Nguyễn Văn An", "Nguyễn Văn An Khang"],
                             "unit": ["STP-01-VP", "STP-01-HCBT"]}
    assert moved.actor == cast.officer_b
    rating = Action.objects.for_object(an).get(verb="history.import.personrating.update")
    assert rating.changes == {"rating": ["HTXSNV", "HTTNV"]}
    assert "year=2023" in rating.note


def test_reimporting_the_same_file_audits_no_row(cast):
    run_import(full_book(), actor=cast.officer_a)
    before = row_actions().count()
    assert run_import(full_book(), actor=cast.officer_a).ok
    assert row_actions().count() == before


def test_a_rejected_file_audits_nothing(cast):
    bad = book({"Nhân sự": [PEOPLE_HEADER, person(ID2, unit="KHONG-CO")]})
    assert not run_import(bad, actor=cast.officer_a).ok
    assert not row_actions().exists()
