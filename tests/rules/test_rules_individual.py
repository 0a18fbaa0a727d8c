"""Individual titles and forms: streaks, windows, consumed years, initiatives, judged routes."""

from tdkt.rules.text import METHOD_VI
from tests.rules.support import admin_version, check, judge, judge_in, make_award

HTX = "HTXSNV"


def ratings(first, last, value="HTXSNV", **overrides):
    result = {str(y): value for y in range(first, last + 1)}
    result.update({k.lstrip("y"): v for k, v in overrides.items()})
    return result


def titles(code, *years):
    return [{"award": code, "year": y} for y in years]


CSTD = "chien_si_thi_dua_co_so"
CAP_BO = "chien_si_thi_dua_cap_bo"


# ----------------------------------------------------------------- same-year standards


def test_lao_dong_tien_tien_needs_at_least_httnv():
    assert (
        judge("lao_dong_tien_tien", ratings={"2025": "HTTNV"}, attested=True).verdict == "eligible"
    )
    low = judge("lao_dong_tien_tien", ratings={"2025": "HTNV"}, attested=True)
    assert low.verdict == "ineligible"
    assert "2025" in check(low, "rating_httnv").why and "HTNV" in check(low, "rating_httnv").why


def test_missing_rating_for_the_year_is_missing_data_not_a_failure():
    result = judge("lao_dong_tien_tien", ratings={"2024": "HTTNV"}, attested=True)
    assert check(result, "rating_httnv").met is None
    assert result.verdict == "needs_review"


def test_cstd_co_so_judges_the_ldtt_standard_without_the_title_being_listed():
    result = judge(CSTD, ratings={"2025": HTX}, attested=True)
    assert "titles" not in result.to_dict()  # nothing listed, still judged from the data
    assert check(result, "meets_lao_dong_tien_tien").met is True
    assert result.verdict == "eligible"


def test_cstd_co_so_accepts_research_or_a_higher_scope_initiative_in_the_same_year():
    for item in (
        {"year": 2025, "scope": "co_so", "kind": "research"},
        {"year": 2025, "scope": "bo", "kind": "initiative"},
    ):
        result = judge(CSTD, ratings={"2025": "HTTNV"}, initiatives=[item], attested=True)
        assert check(result, "excellent_or_initiative").met is True, item


def test_cstd_co_so_initiative_of_another_year_does_not_count():
    result = judge(
        CSTD,
        ratings={"2025": "HTTNV"},
        attested=True,
        initiatives=[{"year": 2024, "scope": "co_so"}],
    )
    assert check(result, "excellent_or_initiative").met is False
    assert "2024" in check(result, "excellent_or_initiative").why


def test_qualitative_conditions_wait_for_the_units_attestation():
    result = judge(CSTD, ratings={"2025": HTX})
    assert check(result, "attested").met is None
    assert result.verdict == "needs_review"


# ----------------------------------------------------------------- consecutive titles


def cap_bo(**fields):
    base = {
        "ratings": ratings(2021, 2025),
        "attested": True,
        "initiatives": [{"year": 2024, "scope": "bo"}],
    }
    return judge(CAP_BO, **{**base, **fields})


def test_cap_bo_three_consecutive_cstd_co_so_ending_in_the_year():
    assert cap_bo(titles=titles(CSTD, 2023, 2024, 2025)).verdict == "eligible"


def test_cap_bo_streak_broken_by_a_missing_year():
    result = cap_bo(titles=titles(CSTD, 2022, 2023, 2025))
    assert check(result, "cstd_co_so_3_consecutive").met is False
    assert "2024" in check(result, "cstd_co_so_3_consecutive").why


def test_cap_bo_needs_the_title_of_the_year_itself():
    result = cap_bo(titles=titles(CSTD, 2022, 2023, 2024))
    assert check(result, "cstd_co_so_3_consecutive").met is False


def test_cap_bo_khtnv_year_fails_the_criterion_that_counts_it():
    result = cap_bo(
        titles=titles(CSTD, 2023, 2024, 2025), ratings=ratings(2021, 2025, y2024="KHTNV")
    )
    assert check(result, "cstd_co_so_3_consecutive").met is False
    assert "KHTNV" in check(result, "cstd_co_so_3_consecutive").why


def test_cap_bo_initiative_must_fall_inside_the_three_years():
    result = cap_bo(
        titles=titles(CSTD, 2023, 2024, 2025), initiatives=[{"year": 2022, "scope": "bo"}]
    )
    assert check(result, "initiative_bo").met is False


def test_cap_bo_scope_base_initiative_is_not_enough_but_national_or_research_is():
    def with_item(item):
        return check(
            cap_bo(titles=titles(CSTD, 2023, 2024, 2025), initiatives=[item]), "initiative_bo"
        ).met

    assert with_item({"year": 2024, "scope": "co_so"}) is False
    assert with_item({"year": 2024, "scope": "toan_quoc"}) is True
    assert with_item({"year": 2024, "scope": "bo", "kind": "research"}) is True


def test_years_used_by_an_earlier_cap_bo_cannot_be_used_again():
    consumed = cap_bo(titles=titles(CSTD, 2023, 2024, 2025) + titles(CAP_BO, 2024))
    assert check(consumed, "cstd_co_so_3_consecutive").met is False
    assert "2024" in check(consumed, "cstd_co_so_3_consecutive").why
    fresh_cycle = cap_bo(
        titles=titles(CSTD, 2020, 2021, 2022, 2023, 2024, 2025) + titles(CAP_BO, 2022)
    )
    assert fresh_cycle.verdict == "eligible"


def toan_quoc(cap_bo_years, cstd_years, **fields):
    base = {
        "ratings": ratings(2015, 2025),
        "attested": True,
        "titles": titles(CAP_BO, *cap_bo_years) + titles(CSTD, *cstd_years),
        "initiatives": [{"year": 2024, "scope": "toan_quoc"}],
    }
    return judge("chien_si_thi_dua_toan_quoc", **{**base, **fields})


def test_national_fighter_two_successive_cap_bo_cycles_without_gap():
    assert toan_quoc((2022, 2025), range(2020, 2026)).verdict == "eligible"


def test_national_fighter_gap_between_cycles_breaks_consecutiveness():
    result = toan_quoc((2019, 2025), range(2017, 2026))
    assert check(result, "cstd_cap_bo_2_consecutive").met is False
    assert "gián đoạn" in check(result, "cstd_cap_bo_2_consecutive").why


def test_national_fighter_needs_cstd_co_so_every_year_of_both_cycles():
    result = toan_quoc((2022, 2025), [2020, 2021, 2022, 2024, 2025])
    assert check(result, "cstd_cap_bo_2_consecutive").met is False
    assert "2023" in check(result, "cstd_cap_bo_2_consecutive").why


def test_national_fighter_last_cap_bo_must_be_in_the_year():
    assert (
        check(toan_quoc((2021, 2024), range(2019, 2026)), "cstd_cap_bo_2_consecutive").met is False
    )


def test_national_fighter_initiative_must_be_national_scope():
    result = toan_quoc((2022, 2025), range(2020, 2026), initiatives=[{"year": 2024, "scope": "bo"}])
    assert check(result, "initiative_toan_quoc").met is False


# ----------------------------------------------------------------- Minister's certificate


BK_BT = "bang_khen_bo_truong_bo_tu_phap"


def test_ministers_certificate_home_affairs_worked_example():
    # 2023 HTXSNV + 1 initiative; 2024 HTXSNV + 1 initiative + CSTĐ cơ sở -> eligible under (d).
    result = judge(
        BK_BT,
        year=2024,
        ratings={"2023": HTX, "2024": HTX},
        attested=True,
        titles=titles(CSTD, 2024),
        initiatives=[{"year": 2023, "scope": "co_so"}, {"year": 2024, "scope": "co_so"}],
    )
    assert result.verdict == "eligible"


def test_ministers_certificate_two_consecutive_cstd_co_so():
    result = judge(
        BK_BT, ratings=ratings(2024, 2025, "HTTNV"), attested=True, titles=titles(CSTD, 2024, 2025)
    )
    assert check(result, "bang_khen_route").met is True


def test_ministers_certificate_without_a_record_route_needs_review_never_eligible():
    result = judge(
        BK_BT, ratings=ratings(2024, 2025, "HTTNV"), attested=True, titles=titles(CSTD, 2023, 2025)
    )
    route = check(result, "bang_khen_route")
    assert route.met is None
    assert result.verdict == "needs_review"


def test_ministers_certificate_counts_only_years_after_its_last_regular_conferral():
    fields = {
        "ratings": ratings(2024, 2025, "HTTNV"),
        "attested": True,
        "titles": titles(CSTD, 2024, 2025),
    }
    regular = judge(BK_BT, awards=[{"award": BK_BT, "year": 2024}], **fields)
    assert check(regular, "bang_khen_route").met is None
    assert "2024" in check(regular, "bang_khen_route").why
    sudden = judge(BK_BT, awards=[{"award": BK_BT, "year": 2024, "method": "sudden"}], **fields)
    assert check(sudden, "bang_khen_route").met is True


def test_two_initiatives_must_fall_in_the_excellent_streak():
    result = judge(
        BK_BT,
        ratings={"2024": "HTTNV", "2025": HTX},
        attested=True,
        initiatives=[{"year": 2024, "scope": "co_so"}, {"year": 2025, "scope": "co_so"}],
    )
    assert check(result, "bang_khen_route").met is None  # HTTNV in 2024 breaks the HTXSNV run


# ----------------------------------------------------------------- Prime Minister and Labour Order


BK_TTG = "bang_khen_thu_tuong"


def pm(awards, cstd=(2021, 2023, 2025), first=2015, **fields):
    base = {
        "ratings": ratings(first, 2025, "HTTNV"),
        "attested": True,
        "titles": titles(CSTD, *cstd),
        "awards": awards,
    }
    return judge(BK_TTG, **{**base, **fields})


def test_pm_certificate_from_a_ministry_certificate_five_years_three_cstd():
    assert pm([{"award": BK_BT, "year": 2019}]).verdict == "eligible"


def test_pm_certificate_window_starts_the_year_after_the_ministry_certificate():
    result = pm([{"award": BK_BT, "year": 2021}])  # only 2022-2025 remain: 4 years
    route = check(result, "bang_khen_thu_tuong_route")
    assert route.met is None and "2022" in route.why
    assert result.verdict == "needs_review"


def test_pm_certificate_sudden_or_thematic_ministry_certificate_is_no_prerequisite():
    for method in ("sudden", "thematic"):
        result = pm([{"award": BK_BT, "year": 2019, "method": method}])
        assert check(result, "bang_khen_thu_tuong_route").met is None, method
        assert f"khen {METHOD_VI[method]}" in check(result, "bang_khen_thu_tuong_route").why


def test_pm_certificate_cstd_outside_the_window_does_not_count():
    result = pm([{"award": BK_BT, "year": 2019}], cstd=(2018, 2021, 2025))
    assert check(result, "bang_khen_thu_tuong_route").met is None


def test_pm_certificate_streak_broken_by_a_missing_rating_inside_the_window():
    result = pm(
        [{"award": BK_BT, "year": 2019}], ratings={**ratings(2015, 2025, "HTTNV"), "2022": None}
    )
    assert check(result, "bang_khen_thu_tuong_route").met is None
    assert "2022" in check(result, "bang_khen_thu_tuong_route").why


def test_second_pm_certificate_needs_a_ministry_certificate_after_the_first():
    old_base = pm([{"award": BK_BT, "year": 2010}, {"award": BK_TTG, "year": 2018}])
    assert check(old_base, "bang_khen_thu_tuong_route").met is None
    new_base = pm(
        [
            {"award": BK_BT, "year": 2010},
            {"award": BK_TTG, "year": 2018},
            {"award": BK_BT, "year": 2019},
        ]
    )
    assert new_base.verdict == "eligible"


def test_labour_order_from_pm_certificate_with_an_excellent_year():
    fields = {
        "attested": True,
        "titles": titles(CSTD, 2021, 2023, 2025),
        "awards": [{"award": BK_TTG, "year": 2019}],
    }
    good = judge(
        "huan_chuong_lao_dong_hang_ba", ratings=ratings(2019, 2025, "HTTNV", y2023=HTX), **fields
    )
    assert good.verdict == "eligible"
    assert check(good, "huan_chuong_route").status == "chưa xác minh"  # the extra HTXSNV year
    plain = judge("huan_chuong_lao_dong_hang_ba", ratings=ratings(2019, 2025, "HTTNV"), **fields)
    assert plain.verdict == "needs_review"  # long-service route left to the council


# ----------------------------------------------------------------- precise runs (admin award)


def run_award(years=3, min_rating="HTTNV", **extra):
    return admin_version(
        make_award(
            {
                "rule": "run",
                "type": "rating_run",
                "min": min_rating,
                "years": years,
                **extra,
                "source": [{"doc": "luat_06_2022", "article": "74"}],
            },
        )
    )


def test_rating_run_missing_year_itself_is_null_missing_earlier_year_is_false():
    version = run_award()
    assert (
        check(judge_in(version, "thu_nghiem", ratings=ratings(2023, 2024, "HTTNV")), "run").met
        is None
    )
    assert (
        check(
            judge_in(version, "thu_nghiem", ratings={"2023": "HTTNV", "2025": "HTTNV"}), "run"
        ).met
        is False
    )
    assert (
        judge_in(version, "thu_nghiem", ratings=ratings(2023, 2025, "HTTNV")).verdict == "eligible"
    )


def test_rating_run_counts_only_after_a_discipline_period():
    version = run_award()
    discipline = [{"form": "khien_trach", "decided_on": "2022-02-01", "ends_on": "2023-02-01"}]
    blocked = judge_in(
        version, "thu_nghiem", ratings=ratings(2020, 2025, "HTTNV"), disciplines=discipline
    )
    assert check(blocked, "run").met is False and "2024" in check(blocked, "run").why
    assert check(blocked, "discipline").met is True  # served; only the window shrinks
    on_new_year = [{"form": "khien_trach", "decided_on": "2022-01-01", "ends_on": "2023-01-01"}]
    assert (
        judge_in(
            version, "thu_nghiem", ratings=ratings(2020, 2025, "HTTNV"), disciplines=on_new_year
        ).verdict
        == "eligible"
    )


def test_one_case_judged_for_several_awards_matches_fresh_cases():
    from tdkt.rules import Evaluator, parse_case

    data = {
        "award": "lao_dong_tien_tien",
        "year": 2025,
        "attested": True,
        "subject": {"kind": "individual", "gender": "male"},
        "ratings": ratings(2023, 2025),
        "titles": titles(CSTD, 2023, 2024, 2025),
        "initiatives": [{"year": 2024, "scope": "bo"}],
    }
    evaluator = Evaluator()
    reused = parse_case(data)
    for award in ("lao_dong_tien_tien", CSTD, CAP_BO, BK_BT):
        reused.award = award
        fresh = evaluator.evaluate(parse_case({**data, "award": award}))
        assert evaluator.evaluate(reused).to_dict() == fresh.to_dict()
        assert fresh.verdict == "eligible", award
