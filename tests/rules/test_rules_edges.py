"""Empty rosters, empty histories and unset parameters: a verdict with reasons, never a crash."""

import dataclasses
from datetime import date

import pytest

from tdkt.rules import (
    Case,
    CaseError,
    CatalogueError,
    CollectiveStats,
    Evaluator,
    Subject,
    builtin_award_codes,
    judge,
    parse_case,
)
from tests.rules.support import admin_version, check, judge_in, make_award

ROSTER_RULES = (
    "members_all_completed",
    "members_lao_dong_tien_tien_share",
    "members_cstd_co_so",
)


def unit_case(award, stats, **extra):
    return Case(
        award=award,
        year=2025,
        subject=Subject("collective"),
        id="u",
        ratings={2025: "HTXSNV"},
        attested=True,
        collective=stats,
        **extra,
    )


def test_collective_with_no_members_is_ineligible_with_a_reason_not_a_crash():
    stats = CollectiveStats(
        members=0, completed_tasks=0, lao_dong_tien_tien=0, chien_si_thi_dua_co_so=0
    )
    result = Evaluator().evaluate(unit_case("tap_the_lao_dong_xuat_sac", stats))
    assert result.verdict == "ineligible"
    for rule in ROSTER_RULES:
        found = check(result, rule)
        assert found.met is False
        assert "không có thành viên nào (số thành viên: 0)" in found.why
        assert found.why.startswith("Năm 2025 tập thể")
    share = check(result, "members_lao_dong_tien_tien_share")
    assert "Có từ 70% thành viên đạt Lao động tiên tiến" in share.why
    result.to_dict()  # the whole result serialises


def test_no_members_is_decisive_even_when_the_other_figures_are_missing():
    result = Evaluator().evaluate(unit_case("tap_the_lao_dong_xuat_sac", CollectiveStats(0)))
    assert [check(result, r).met for r in ROSTER_RULES] == [False, False, False]


def test_advanced_collective_with_no_members_fails_every_roster_criterion():
    stats = CollectiveStats(members=0, lao_dong_tien_tien=0, disciplined={})
    result = Evaluator().evaluate(unit_case("tap_the_lao_dong_tien_tien", stats))
    assert check(result, "members_lao_dong_tien_tien_share").met is False
    assert check(result, "members_no_discipline").met is False
    assert "không có thành viên nào" in check(result, "members_no_discipline").why
    assert result.verdict == "ineligible"


def test_member_count_not_given_needs_review():
    stats = CollectiveStats(members=None, completed_tasks=3, lao_dong_tien_tien=3)
    result = Evaluator().evaluate(unit_case("tap_the_lao_dong_xuat_sac", stats))
    assert check(result, "members_lao_dong_tien_tien_share").met is None
    assert "Chưa có số liệu số thành viên" in check(result, "members_lao_dong_tien_tien_share").why


def test_negative_member_count_is_treated_as_no_members():
    stats = CollectiveStats(members=-1, completed_tasks=0, lao_dong_tien_tien=0)
    result = Evaluator().evaluate(unit_case("tap_the_lao_dong_xuat_sac", stats))
    assert check(result, "members_lao_dong_tien_tien_share").met is False


def test_one_member_still_computes_a_share():
    stats = CollectiveStats(1, completed_tasks=1, lao_dong_tien_tien=1, chien_si_thi_dua_co_so=1)
    result = Evaluator().evaluate(unit_case("tap_the_lao_dong_xuat_sac", stats))
    assert check(result, "members_lao_dong_tien_tien_share").met is True
    assert "1/1 thành viên (100,0%)" in check(result, "members_lao_dong_tien_tien_share").why


def test_contract_json_still_rejects_a_roster_of_zero():
    with pytest.raises(CaseError) as error:
        parse_case(
            {
                "award": "tap_the_lao_dong_xuat_sac",
                "year": 2025,
                "subject": {"kind": "collective"},
                "collective": {"members": 0},
            }
        )
    assert error.value.field == "collective.members"


EMPTY_ROSTERS = [
    None,
    CollectiveStats(0),
    CollectiveStats(0, 0, 0, 0, {}),
    CollectiveStats(0, 0, 0, 0, {"canh_cao": 0}),
    CollectiveStats(None),
]


@pytest.mark.parametrize("stats", EMPTY_ROSTERS)
@pytest.mark.parametrize("kind", ["individual", "collective"])
@pytest.mark.parametrize("as_of", [date(2024, 6, 1), date(2026, 1, 31), date(2026, 11, 1)])
def test_every_award_judges_an_empty_record_without_raising(stats, kind, as_of):
    evaluator = Evaluator()
    empty = Case(
        award="",
        year=as_of.year - 1,
        subject=Subject(kind),
        as_of=as_of,
        collective=stats,
        registered=frozenset(),
        absence_months={},
    )
    for code in sorted(builtin_award_codes()):
        empty.award = code
        result = evaluator.evaluate(empty)
        assert result.verdict in ("ineligible", "needs_review", "eligible")
        assert all(isinstance(c.why, str) and c.why for c in result.checks), code
        fresh = dataclasses.replace(empty, award=code, _index=None)
        assert evaluator.evaluate(fresh).to_dict() == result.to_dict()


def test_empty_history_for_the_multi_year_awards_says_which_years_are_missing():
    result = judge(
        Case(award="chien_si_thi_dua_cap_bo", year=2025, subject=Subject("individual")),
        Evaluator().version_for(date(2026, 1, 31)),
    )
    run = check(result, "cstd_co_so_3_consecutive")
    assert run.met is False and "không có năm nào" in run.why


# ------------------------------------------------------------ parameters an administrator sets


def crit(**fields):
    return {"rule": "thu", "label": "Thử", "source": [{"doc": "luat_06_2022"}], **fields}


@pytest.mark.parametrize(
    "criterion",
    [
        crit(type="title_run", award="lao_dong_tien_tien", count=0),
        crit(type="title_run", award="lao_dong_tien_tien", count=2, cycle_years=0),
        crit(type="rating_run", min="HTTNV", years=0),
        crit(type="rating_run", min="HTTNV", years="ba"),
        crit(type="members_no_discipline", at_or_above="phat_tien"),
        crit(type="tenure", post="head", min_years={"male": 5}),
        crit(type="tenure", post="head", min_years=5),
    ],
)
def test_parameters_that_would_divide_by_nothing_are_rejected_when_loaded(criterion):
    with pytest.raises(CatalogueError) as error:
        admin_version(make_award(criterion))
    assert error.value.path.startswith("thu_nghiem.thu.")


@pytest.mark.parametrize(
    "criterion",
    [
        crit(type="title_run", award="lao_dong_tien_tien", count={"config": "n"}),
        crit(type="rating_run", min="HTTNV", years={"config": "n"}),
        crit(type="title_count", award="lao_dong_tien_tien", count={"config": "n"}),
        crit(type="rating_count", min="HTTNV", count={"config": "n"}),
        crit(type="initiative", scope="co_so", count={"config": "n"}),
        crit(type="members_at_least", field="lao_dong_tien_tien", count={"config": "n"}),
        crit(type="tenure", post="head", min_years={"config": "n"}),
    ],
)
def test_parameters_left_unset_need_review(criterion):
    config = {"n": {"value": None, "status": "chưa xác minh"}}
    version = admin_version(make_award(criterion, config=config))
    posts = [{"post": "head", "from": "2015-01-01"}]
    result = judge_in(
        version, "thu_nghiem", ratings={"2025": "HTTNV"}, posts=posts, collective=None
    )
    assert check(result, "thu").met is None
    assert "chưa được cấu hình" in check(result, "thu").why
