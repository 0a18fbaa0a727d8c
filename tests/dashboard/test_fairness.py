"""Fairness figures (contract 4): shares of front-line workers, women and leaders among the
recipients of each level, against their share of staff, five-year trend, leaders' bound."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tdkt.dashboard.fairness import BOUND_SOURCE, shares
from tdkt.organisation.models import Unit
from tests.factories import make_person

pytestmark = pytest.mark.django_db

LEVEL_OF = {"lao_dong_tien_tien": "co_so", "giay_khen": "co_so",
            "chien_si_thi_dua_cap_bo": "bo", "bang_khen_bo_truong_bo_tu_phap": "bo",
            "bang_khen_thu_tuong": "nha_nuoc", "chien_si_thi_dua_toan_quoc": "nha_nuoc"}
TITLES = {"lao_dong_tien_tien", "chien_si_thi_dua_cap_bo", "chien_si_thi_dua_toan_quoc"}


def seed(n=25, seed=3, units=("STP-01-VP", "STP-01-HCBT", "STP-79-VP")):
    from tdkt.history.models import AwardType, PersonAward, PersonTitle

    rng = random.Random(seed)
    types = {a.code: a for a in AwardType.objects.filter(code__in=LEVEL_OF)}
    people, given = [], []
    for i in range(n):
        p = make_person(rng.choice(units), f"Người {seed} {i}",
                        gender=rng.choice(["male", "female"]),
                        is_leader=rng.random() < 0.25, is_frontline=rng.random() < 0.4)
        people.append(p)
        for year in range(2020, 2026):
            for code in LEVEL_OF:
                if rng.random() < 0.25:
                    model = PersonTitle if code in TITLES else PersonAward
                    model.objects.create(person=p, year=year, award=types[code])
                    given.append((p, code, year))
    return people, given


def counts(rows):
    return (len(rows), sum(p.is_frontline for p in rows), sum(p.gender == "female" for p in rows),
            sum(p.is_leader for p in rows))


def test_shares_match_independent_counts(cast):
    people, given = seed()
    root = Unit.objects.get(code="STP-01")
    report = shares(root, 2025)
    assert report.years == [2021, 2022, 2023, 2024, 2025]
    inside = [p for p in people if p.unit.code.startswith("STP-01")]
    inside_all = inside + [cast.person_a, cast.staff_a.person]  # the cast's STP-01 people
    staff = report.staff
    assert (staff.total, staff.frontline, staff.women, staff.leaders) == counts(inside_all)
    for level in ("co_so", "bo", "nha_nuoc"):
        for year in report.years:
            recipients = [p for p, code, y in given if y == year and LEVEL_OF[code] == level
                          and p.unit.code.startswith("STP-01")]
            c = report.level(level).all[year]
            assert (c.total, c.frontline, c.women, c.leaders) == counts(recipients)
            titles = [p for p, code, y in given if y == year and LEVEL_OF[code] == level
                      and code in TITLES and p.unit.code.startswith("STP-01")]
            t = report.level(level).titles[year]
            assert (t.total, t.frontline, t.women, t.leaders) == counts(titles)
            if recipients:
                assert c.share("women") == round(100 * counts(recipients)[2] / len(recipients), 1)
    for i, year in enumerate(report.years):
        every = [p for p, code, y in given if y == year and p.unit.code.startswith("STP-01")]
        expected = round(100 * counts(every)[3] / len(every), 1) if every else None
        assert report.trend("leaders")[i] == expected
    assert 2020 not in report.level("bo").all


def test_leaders_share_flagged_above_the_configured_bound(cast, settings):
    from tdkt.history.models import AwardType, PersonAward

    root = Unit.objects.get(code="STP-01")
    bk = AwardType.objects.get(code="bang_khen_bo_truong_bo_tu_phap")
    for i in range(3):
        leader = make_person("STP-01-VP", f"Lãnh Đạo {i}", is_leader=True)
        PersonAward.objects.create(person=leader, year=2025, award=bk)
    worker = make_person("STP-01-VP", "Công Nhân", is_frontline=True)
    PersonAward.objects.create(person=worker, year=2025, award=bk)
    report = shares(root, 2025)  # leaders 75% of ministry level > default 50%
    [flag] = report.flags
    assert (flag.level, flag.leaders_share, flag.bound) == ("bo", 75.0, 50.0)
    assert BOUND_SOURCE in flag.message and report.bound_source == BOUND_SOURCE
    settings.TDKT_FAIRNESS_LEADER_MAX_PERCENT = {"bo": 80}
    assert shares(root, 2025).flags == []
    settings.TDKT_FAIRNESS_LEADER_MAX_PERCENT = 70
    assert [f.level for f in shares(root, 2025).flags] == ["bo"]


def test_empty_subtree_has_no_shares(cast):
    report = shares(Unit.objects.get(code="STP-04"), 2025)
    assert report.level("bo").all[2025].share("women") is None and report.flags == []


def test_three_queries_whatever_the_size(cast):
    root = Unit.objects.get(code="STP-01")
    seed(n=3, seed=1)
    with CaptureQueriesContext(connection) as few:
        shares(root, 2025)
    seed(n=30, seed=2)
    with CaptureQueriesContext(connection) as many:
        shares(root, 2025)
    assert len(few) == len(many) == 3
