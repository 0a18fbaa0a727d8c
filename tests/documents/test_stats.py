"""Statistics forms 0601–0603 against counts computed independently from the test data."""

import datetime
import io
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tdkt.documents import stats
from tdkt.history.models import AwardType, LeadershipPost, PersonAward, PersonTitle, UnitAward
from tdkt.organisation.models import Unit
from tests.factories import make_person

pytestmark = pytest.mark.django_db
D = datetime.date


def make_movements():
    from tdkt.movements.models import Movement

    btp, stp = Unit.objects.get(code="BTP"), Unit.objects.get(code="STP-01")
    rows = [  # (unit, kind, start, end, status, year)
        (btp, "regular", D(2025, 1, 1), D(2025, 12, 31), "launched", 2025),  # 1 year
        (btp, "thematic", D(2025, 3, 1), D(2027, 2, 28), "under_way", 2025),  # 24 months
        (stp, "thematic", D(2025, 5, 1), D(2025, 9, 30), "launched", 2025),  # under 1 year
        (stp, "thematic", D(2025, 1, 1), D(2030, 12, 31), "launched", 2025),  # 5+ years
        (stp, "regular", D(2025, 1, 1), D(2025, 12, 31), "draft", 2025),  # draft: no
        (stp, "regular", D(2024, 1, 1), D(2024, 12, 31), "closed", 2024),  # other year
        (Unit.objects.get(code="STP-79"), "thematic", D(2025, 1, 1), D(2028, 6, 30),
         "launched", 2025),  # 3–5 years, outside STP-01
    ]
    for unit, kind, start, end, status, year in rows:
        Movement.objects.create(name=f"Phong trào {kind} {start}", kind=kind, year=year,
                                launching_unit=unit, starts_on=start, ends_on=end,
                                status=status)
    return rows


def test_0601_movements(db):
    rows = make_movements()
    btp = Unit.objects.get(code="BTP")
    table = stats.form_0601(btp, 2025)
    counted = [r for r in rows if r[5] == 2025 and r[4] != "draft"]
    assert table.row("Tổng số phong trào thi đua").values == [
        len(counted), 0, sum(r[0].code == "BTP" for r in counted),
        sum(r[0].code != "BTP" for r in counted)]
    assert table.row("Thi đua theo chuyên đề").values[0] == sum(r[1] == "thematic" for r in counted)
    assert table.row("Thi đua thường xuyên hằng năm").values[0] == 1
    assert table.row("Dưới 1 năm").values == [1, 0, 0, 1]
    assert table.row("1 năm").values == [1, 0, 1, 0]
    assert table.row("Từ trên 1 năm đến dưới 3 năm").values == [1, 0, 1, 0]
    assert table.row("Từ 3 năm đến dưới 5 năm").values == [1, 0, 0, 1]
    assert table.row("Từ 5 năm trở lên").values == [1, 0, 0, 1]
    # a subtree: STP-01 sees its own two movements only
    sub = stats.form_0601(Unit.objects.get(code="STP-01"), 2025)
    assert sub.row("Tổng số phong trào thi đua").values == [2, 0, 0, 2]
    assert stats.months(D(2025, 1, 1), D(2025, 12, 31)) == 12


def test_0602_and_0603_awards_against_independent_counts(cast):
    rng = random.Random(7)
    types = {t.code: t for t in AwardType.objects.all()}
    people = [make_person(rng.choice(["STP-01-VP", "STP-01", "STP-79-VP"]), f"Cán bộ {i}",
                          is_leader=i % 5 == 0, is_frontline=i % 3 == 0) for i in range(30)]
    LeadershipPost.objects.create(person=people[0], post="head", starts_on=D(2020, 1, 1))
    LeadershipPost.objects.create(person=people[5], post="deputy_minister",
                                  starts_on=D(2024, 1, 1))
    ministry = ["bang_khen_bo_truong_bo_tu_phap", "chien_si_thi_dua_cap_bo",
                "ky_niem_chuong_vi_su_nghiep_tu_phap"]
    state = ["bang_khen_thu_tuong", "huan_chuong_lao_dong_hang_ba", "chien_si_thi_dua_toan_quoc"]
    expected = []  # (code, person or None, method, in_2025)
    for person in people:
        for code in rng.sample(ministry + state, 2):
            when = rng.choice([D(2025, 3, 1), D(2025, 11, 20), D(2024, 12, 30), None])
            year = rng.choice([2024, 2025])
            method = rng.choice(["regular", "thematic", "sudden"])
            if types[code].kind == "title":
                PersonTitle.objects.create(person=person, year=year, award=types[code],
                                           decision_date=when)
                method = "regular"
            else:
                PersonAward.objects.create(person=person, year=year, award=types[code],
                                           decision_date=when, method=method)
            in_year = (when.year == 2025) if when else year == 2025
            expected.append((code, person, method, in_year))
    for code in ("bang_khen_bo_truong_bo_tu_phap_tap_the",):
        UnitAward.objects.create(unit=cast.unit_a, year=2025, award=types[code],
                                 decision_date=D(2025, 6, 1), method="thematic")
        expected.append((code, None, "thematic", True))
    UnitAward.objects.create(unit=cast.unit_b, year=2025, award=types[
        "bang_khen_bo_truong_bo_tu_phap_tap_the"], decision_date=D(2025, 6, 1))

    root = Unit.objects.get(code="STP-01")

    def in_root(person):
        return person is None or person.unit.path.startswith(root.path)

    chosen = [e for e in expected if e[3] and in_root(e[1])]
    t3 = stats.form_0603(root, 2025)
    mine = [e for e in chosen if types[e[0]].level == "bo"]
    assert t3.row("Tổng số").values[0] == len(mine)
    assert t3.row("Tổng số").values[1] == sum(e[0].startswith("bang_khen_bo") for e in mine)
    assert t3.row("Tổng số").values[2] == sum(e[0] == "chien_si_thi_dua_cap_bo" for e in mine)
    assert t3.row("Tổng số").values[4] == sum(e[0].startswith("ky_niem") for e in mine)
    assert t3.row("Tập thể").values[0] == 1
    assert t3.row("Cá nhân").values[0] == len(mine) - 1
    assert t3.row("Đột xuất").values[0] == sum(e[2] == "sudden" for e in mine)
    assert t3.row("Chuyên đề").values[0] == sum(e[2] == "thematic" for e in mine)
    assert sum(t3.row(label).values[0] for label, _ in
               [(lbl, k) for k, lbl in stats.METHODS]) == len(mine)
    direct = [e for e in mine if e[1] and not e[1].is_leader
              and e[1] not in (people[0], people[5])]
    assert t3.row(stats.INDIVIDUAL_ROWS[-1][1]).values[0] == len(direct)
    assert t3.row(stats.FRONTLINE_OF_WHICH).values[0] == sum(e[1].is_frontline for e in direct)
    assert t3.mismatches() == []
    t2 = stats.form_0602(root, 2025)
    theirs = [e for e in chosen if types[e[0]].level == "nha_nuoc"]
    assert t2.row("Tổng số").values[0] == len(theirs)
    assert t2.row("Tổng số").values[1] == sum(e[0].startswith("huan_chuong") for e in theirs)
    # the whole sector includes unit B
    everything = [e for e in expected if e[3] and types[e[0]].level == "bo"]
    assert stats.form_0603(Unit.objects.get(code="BTP"), 2025).row("Tổng số").values[0] \
        == len(everything) + 1
    # leaders: the deputy minister and the head (if in scope and awarded in 2025)
    leaders = [e for e in mine if e[1] is people[5]]
    assert t3.row(stats.INDIVIDUAL_ROWS[0][1]).values[0] == (
        len(leaders) if in_root(people[5]) else 0)


def test_statistics_use_a_fixed_number_of_queries(cast):
    types = {t.code: t for t in AwardType.objects.all()}
    root = Unit.objects.get(code="BTP")

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            for form in ("0601", "0602", "0603"):
                stats.build(form, root, 2025)
        return len(ctx)

    before = queries()
    for i in range(20):
        person = make_person("STP-01-VP", f"Người {i}")
        PersonAward.objects.create(person=person, year=2025, award=types[
            "bang_khen_bo_truong_bo_tu_phap"], decision_date=D(2025, 5, 5))
    make_movements()
    assert queries() == before


def test_statistics_page_and_excel_are_scoped(cast, client_for):
    make_movements()
    client = client_for(cast.officer_a)
    page = client.get(reverse("documents:statistics"),
                      {"bieu": "0601", "nam": 2025, "don_vi": "STP-01"})
    assert page.status_code == 200 and "Biểu 0601" in page.content.decode()
    assert client.get(reverse("documents:statistics"),
                      {"bieu": "0601", "nam": 2025, "don_vi": "STP-79"}).status_code == 404
    assert client.get(reverse("documents:statistics"),
                      {"bieu": "0601", "nam": 2025, "don_vi": "BTP"}).status_code == 404
    response = client.get(reverse("documents:statistics_excel"),
                          {"bieu": "0601", "nam": 2025, "don_vi": "STP-01"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Biểu số: 0601.N/BNV-TĐKT"
    total = next(r for r in sheet.iter_rows(values_only=True)
                 if r[0] == "Tổng số phong trào thi đua")
    assert total[1:3] == ("01", 2)
    bad = client.get(reverse("documents:statistics"), {"bieu": "0601", "nam": "abc"})
    assert "Nhập năm bằng số." in bad.content.decode()
