"""Rules that apply to every route: hold, discipline, rating floor, registration; tenure (KNC)."""

import pytest

from tests.rules.support import admin_version, check, judge, judge_in

LDTT = {"ratings": {"2025": "HTTNV"}, "attested": True}


# ----------------------------------------------------------------- hold and discipline


def test_open_proceedings_hold_every_award_with_the_reason():
    for award in ("lao_dong_tien_tien", "giay_khen", "bang_khen_bo_truong_bo_tu_phap"):
        result = judge(award, pending_proceedings=True, **LDTT)
        hold = check(result, "no_pending_proceedings")
        assert hold.met is False and "chưa kết thúc" in hold.why
        assert result.verdict == "ineligible", award


def test_discipline_running_at_the_date_of_consideration():
    running = [{"form": "canh_cao", "decided_on": "2024-05-01", "ends_on": None}]
    result = judge("lao_dong_tien_tien", disciplines=running, **LDTT)
    assert check(result, "discipline").met is False
    assert "còn hiệu lực" in check(result, "discipline").why
    assert result.verdict == "ineligible"


def test_discipline_ending_after_as_of_is_still_running_ending_on_as_of_is_served():
    until = [{"form": "khien_trach", "decided_on": "2023-01-15", "ends_on": "2024-01-15"}]
    assert (
        judge(
            "lao_dong_tien_tien",
            as_of="2024-01-14",
            year=2023,
            disciplines=until,
            ratings={"2023": "HTTNV"},
            attested=True,
        ).verdict
        == "ineligible"
    )
    served = judge("lao_dong_tien_tien", year=2025, as_of="2026-01-31", disciplines=until, **LDTT)
    assert check(served, "discipline").met is True
    assert "2025" in check(served, "discipline").why
    assert served.verdict == "eligible"


def test_year_overlapping_a_served_discipline_does_not_count():
    served_mid_year = [{"form": "khien_trach", "decided_on": "2024-06-01", "ends_on": "2025-06-01"}]
    result = judge("lao_dong_tien_tien", disciplines=served_mid_year, **LDTT)
    assert check(result, "discipline").met is False
    assert "2026" in check(result, "discipline").why  # achievements count from 2026
    assert check(result, "rating_httnv").met is False


def test_discipline_decided_after_the_date_of_consideration_is_ignored():
    later = [{"form": "canh_cao", "decided_on": "2026-03-01", "ends_on": "2027-03-01"}]
    assert judge("lao_dong_tien_tien", disciplines=later, **LDTT).verdict == "eligible"


# ----------------------------------------------------------------- rating floor, registration


def test_khtnv_in_the_year_fails_even_judged_only_awards():
    result = judge("giay_khen", ratings={"2025": "KHTNV"}, attested=True)
    assert check(result, "rating_floor").met is False
    assert result.verdict == "ineligible"


def test_registration_checked_for_titles_only_when_given():
    missing = judge("lao_dong_tien_tien", registered=[2023, 2024], **LDTT)
    assert check(missing, "registered").met is False
    assert "2023–2024" in check(missing, "registered").why
    assert missing.verdict == "ineligible"
    assert judge("lao_dong_tien_tien", registered=[2025], **LDTT).verdict == "eligible"
    assert "registered" not in [c.rule for c in judge("lao_dong_tien_tien", **LDTT).checks]
    form = judge("bang_khen_bo_truong_bo_tu_phap", registered=[2020], **LDTT)
    assert "registered" not in [c.rule for c in form.checks]


# ----------------------------------------------------------------- configurable exclusions


def with_ldtt_config(**values):
    def patch(data):
        config = next(a for a in data["awards"] if a["code"] == "lao_dong_tien_tien")["config"]
        for key, value in values.items():
            config[key]["value"] = value

    return admin_version(patch=patch)


def test_recruitment_exclusion_applies_only_when_configured():
    assert "exclusion_min_months_since_recruitment" not in [
        c.rule for c in judge("lao_dong_tien_tien", **LDTT).checks
    ]
    version = with_ldtt_config(recruitment_min_months=6)
    late = judge_in(
        version,
        "lao_dong_tien_tien",
        year=2027,
        ratings={"2027": "HTTNV"},
        attested=True,
        subject={"kind": "individual", "joined_on": "2027-07-02"},
    )
    assert check(late, "exclusion_min_months_since_recruitment").met is False
    early = judge_in(
        version,
        "lao_dong_tien_tien",
        year=2027,
        ratings={"2027": "HTTNV"},
        attested=True,
        subject={"kind": "individual", "joined_on": "2027-07-01"},
    )
    assert early.verdict == "eligible"
    unknown = judge_in(
        version, "lao_dong_tien_tien", year=2027, ratings={"2027": "HTTNV"}, attested=True
    )
    assert check(unknown, "exclusion_min_months_since_recruitment").met is None


def test_configured_exclusions_also_bind_the_ldtt_standard_inside_cstd_co_so():
    version = with_ldtt_config(absence_max_months=3, discipline_excludes_at_or_above="khien_trach")
    absent = judge_in(
        version,
        "chien_si_thi_dua_co_so",
        year=2027,
        ratings={"2027": "HTXSNV"},
        attested=True,
        absence_months={"2027": 4},
    )
    assert check(absent, "meets_lao_dong_tien_tien").met is False
    reprimanded = judge_in(
        version,
        "lao_dong_tien_tien",
        year=2027,
        as_of="2028-06-30",
        ratings={"2027": "HTTNV"},
        attested=True,
        absence_months={"2027": 1},
        disciplines=[{"form": "khien_trach", "decided_on": "2027-02-01", "ends_on": "2027-02-02"}],
    )
    assert check(reprimanded, "exclusion_disciplined_at_or_above").met is False


# ----------------------------------------------------------------- tenure by gender (KNC)


KNC = "ky_niem_chuong_vi_su_nghiep_tu_phap"


def knc(gender, posts, as_of="2026-01-31", first=2015, **fields):
    ratings = {str(y): "HTTNV" for y in range(first, 2026)}
    return judge(
        KNC,
        as_of=as_of,
        subject={"kind": "individual", "gender": gender},
        posts=posts,
        **{"ratings": ratings, **fields},
    )


HEAD_SINCE_2021_01_31 = [{"post": "head", "from": "2021-01-31", "to": None}]


def test_head_tenure_five_years_for_men_exactly_at_the_boundary():
    assert knc("male", HEAD_SINCE_2021_01_31).verdict == "eligible"
    short = knc("male", HEAD_SINCE_2021_01_31, as_of="2026-01-30")
    assert check(short, "service_route").met is None  # other groups: council
    assert short.verdict == "needs_review"


def test_head_tenure_three_years_suffice_for_women():
    three = [{"post": "head", "from": "2022-09-01", "to": "2025-09-01"}]
    assert knc("female", three).verdict == "eligible"
    assert knc("male", three).verdict == "needs_review"


def test_tenure_adds_up_separate_terms():
    terms = [
        {"post": "deputy", "from": "2010-01-01", "to": "2014-01-01"},
        {"post": "deputy", "from": "2016-01-01", "to": "2020-01-01"},
    ]
    assert knc("male", terms, first=2010).verdict == "eligible"  # 8 years in two terms


def test_transferred_in_deputy_needs_more_years_in_justice():
    post = [{"post": "deputy", "from": "2019-01-01", "to": None, "transferred_in": True}]
    assert knc("female", post).verdict == "eligible"  # 7 years (women)
    assert knc("male", post).verdict == "needs_review"  # 9 years (men)


def test_tenure_without_gender_is_undecided_between_the_two_thresholds():
    four_years = [{"post": "head", "from": "2022-01-01", "to": None}]
    result = judge(
        KNC,
        subject={"kind": "individual"},
        posts=four_years,
        ratings={str(y): "HTTNV" for y in range(2022, 2026)},
    )
    assert "giới tính" in check(result, "service_route").why


def test_tenure_needs_httnv_in_every_year_of_it():
    result = knc(
        "male",
        HEAD_SINCE_2021_01_31,
        ratings={**{str(y): "HTTNV" for y in range(2021, 2026)}, "2023": "HTNV"},
    )
    assert "không đạt năm 2023" in check(result, "service_route").why
    assert result.verdict == "needs_review"


def test_ministers_qualify_and_the_medal_is_given_once():
    minister = [{"post": "deputy_minister", "from": "2024-05-01", "to": None}]
    assert knc("male", minister).verdict == "eligible"
    again = knc("male", minister, awards=[{"award": KNC, "year": 2020}])
    assert check(again, "not_yet_received").met is False
    assert again.verdict == "ineligible"


@pytest.mark.parametrize(
    ("as_of", "status"), [("2025-09-14", "chưa xác minh"), ("2025-09-15", "verified")]
)
def test_medal_thresholds_verified_only_from_circular_14_2025(as_of, status):
    result = knc("male", HEAD_SINCE_2021_01_31, as_of=as_of)
    assert check(result, "service_route").status == status
