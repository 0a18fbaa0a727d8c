"""Set-based loaders (what the eligibility sweep calls) and the demo history."""

import datetime
import random
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tdkt.history import demo
from tdkt.history.models import (
    AwardType,
    Discipline,
    Initiative,
    LeadershipPost,
    LeavePeriod,
    PersonAward,
    PersonRating,
    PersonTitle,
    Proceeding,
)
from tdkt.history.selectors import load_person_records
from tdkt.people.models import Person
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def test_person_records_carry_everything_the_engine_needs(cast):
    p = cast.person_a
    ldtt = AwardType.objects.get(code="lao_dong_tien_tien")
    bk = AwardType.objects.get(code="bang_khen_bo_truong_bo_tu_phap")
    PersonRating.objects.create(person=p, year=2024, rating="HTXSNV")
    PersonTitle.objects.create(person=p, year=2024, award=ldtt)
    award = PersonAward.objects.create(person=p, year=2021, award=bk, method="thematic")
    Initiative.objects.create(person=p, year=2024, title="Số hoá", scope="bo", used_for=award)
    Discipline.objects.create(person=p, form="khien_trach", decided_on=datetime.date(2021, 3, 1),
                              ends_on=datetime.date(2022, 3, 1))
    Proceeding.objects.create(person=p, kind="complaint", opened_on=datetime.date(2026, 1, 2))
    LeavePeriod.objects.create(person=p, kind="maternity", starts_on=datetime.date(2023, 1, 1),
                               ends_on=datetime.date(2023, 6, 30))
    LeadershipPost.objects.create(person=p, post="deputy", starts_on=datetime.date(2018, 1, 1))
    record = load_person_records(Person.objects.filter(pk=p.pk))[p.pk]
    case = record.case_fields(as_of=datetime.date(2026, 1, 31))
    assert case["ratings"] == {"2024": "HTXSNV"}
    assert case["titles"] == [{"award": "lao_dong_tien_tien", "year": 2024}]
    assert case["awards"] == [{"award": "bang_khen_bo_truong_bo_tu_phap", "year": 2021,
                               "method": "thematic"}]
    assert case["initiatives"] == [{"year": 2024, "scope": "bo", "kind": "initiative"}]
    assert record.initiatives[0].used_for_award_id == award.pk
    assert case["disciplines"] == [{"form": "khien_trach", "decided_on": "2021-03-01",
                                    "ends_on": "2022-03-01"}]
    assert case["pending_proceedings"] is True
    assert not record.pending_proceedings(datetime.date(2025, 12, 31))
    assert record.leaves[0].counts_as_work
    assert case["posts"] == [{"post": "deputy", "from": "2018-01-01", "to": None,
                              "transferred_in": False}]
    assert load_person_records([cast.person_b.pk])[cast.person_b.pk].ratings == {}


def test_loading_many_people_takes_one_query_per_table(cast):
    people = [make_person("STP-01-VP", f"Người Số {n}") for n in range(30)]
    ldtt = AwardType.objects.get(code="lao_dong_tien_tien")
    for person in people:
        for year in (2023, 2024):
            PersonRating.objects.create(person=person, year=year, rating="HTTNV")
            PersonTitle.objects.create(person=person, year=year, award=ldtt)
    with CaptureQueriesContext(connection) as queries:
        records = load_person_records([p.pk for p in people], years=(2024, 2024))
    assert len(queries) == 9  # award names + 8 tables
    assert all(r.ratings == {2024: "HTTNV"} for r in records.values())
    with CaptureQueriesContext(connection) as queries:
        load_person_records(Person.objects.filter(unit__code="STP-01-VP"))
    assert len(queries) == 10  # + the ids of the queryset


def test_demo_history_is_deterministic_and_consistent(db):
    for n in range(60):
        make_person("STP-01-VP", f"Người Mẫu {n}", is_leader=n == 0, position="Giám đốc Sở"
                    if n == 0 else "Chuyên viên", joined_sector_on=datetime.date(2005, 1, 1),
                    gender="female" if n % 2 else "male",
                    date_of_birth=datetime.date(1985 if n % 2 else 1970, 1, 1))

    def run():
        ctx = SimpleNamespace(rng=random.Random(7), scale=0.1, year=2026, say=lambda m: None)
        demo.seed(ctx)
        return sorted(PersonTitle.objects.values_list("person__id_number", "year",
                                                      "award__code"))

    first = run()
    for model in (PersonRating, PersonTitle, PersonAward, Initiative, Discipline, Proceeding,
                  LeavePeriod, LeadershipPost):
        model.objects.all().delete()
    from tdkt.history.models import UnitAward, UnitRating, UnitTitle

    for model in (UnitRating, UnitTitle, UnitAward):
        model.objects.all().delete()
    assert run() == first
    ratings = dict(((p, y), r) for p, y, r in PersonRating.objects.values_list(
        "person_id", "year", "rating"))
    assert len(ratings) == 60 * 10
    ldtt = PersonTitle.objects.filter(award__code="lao_dong_tien_tien")
    assert 0.6 <= ldtt.count() / len(ratings) <= 0.9
    for person_id, year in PersonTitle.objects.filter(
            award__code="chien_si_thi_dua_co_so").values_list("person_id", "year"):
        assert ratings[(person_id, year)] == "HTXSNV"  # CSTĐ only for those who met it
        assert ldtt.filter(person_id=person_id, year=year).exists()
    for person_id, year in ldtt.values_list("person_id", "year"):
        assert ratings[(person_id, year)] in ("HTXSNV", "HTTNV")
    assert LeadershipPost.objects.filter(post="head").exists()
