"""Collective titles: roster percentages at their exact boundaries, cluster votes, judged routes."""

import pytest

from tests.rules.support import check, judge

COLLECTIVE = {"kind": "collective"}
TTLDXS = "tap_the_lao_dong_xuat_sac"
TTLDTT = "tap_the_lao_dong_tien_tien"


def xuat_sac(**stats):
    roster = {
        "members": 10,
        "completed_tasks": 10,
        "lao_dong_tien_tien": 7,
        "chien_si_thi_dua_co_so": 1,
        **stats,
    }
    return judge(
        TTLDXS, subject=COLLECTIVE, ratings={"2025": "HTXSNV"}, attested=True, collective=roster
    )


@pytest.mark.parametrize(
    ("members", "ldtt", "met"),
    [(10, 7, True), (10, 6, False), (20, 14, True), (20, 13, False), (3, 2, False), (3, 3, True)],
)
def test_excellent_collective_seventy_percent_ldtt_boundary(members, ldtt, met):
    result = xuat_sac(members=members, completed_tasks=members, lao_dong_tien_tien=ldtt)
    assert check(result, "members_lao_dong_tien_tien_share").met is met
    assert f"{ldtt}/{members}" in check(result, "members_lao_dong_tien_tien_share").why


def test_excellent_collective_eligible_at_exact_boundaries():
    assert xuat_sac().verdict == "eligible"


def test_excellent_collective_needs_every_member_to_complete_tasks():
    assert check(xuat_sac(completed_tasks=9), "members_all_completed").met is False


def test_excellent_collective_needs_one_cstd_co_so():
    assert check(xuat_sac(chien_si_thi_dua_co_so=0), "members_cstd_co_so").met is False


def test_excellent_collective_needs_an_excellent_rating():
    result = judge(
        TTLDXS,
        subject=COLLECTIVE,
        ratings={"2025": "HTTNV"},
        attested=True,
        collective={
            "members": 10,
            "completed_tasks": 10,
            "lao_dong_tien_tien": 10,
            "chien_si_thi_dua_co_so": 2,
        },
    )
    assert result.verdict == "ineligible"


def test_missing_roster_figures_need_review_not_rejection():
    result = judge(TTLDXS, subject=COLLECTIVE, ratings={"2025": "HTXSNV"}, attested=True)
    assert check(result, "members_lao_dong_tien_tien_share").met is None
    assert result.verdict == "needs_review"


def advanced(disciplined, ldtt=7):
    return judge(
        TTLDTT,
        subject=COLLECTIVE,
        ratings={"2025": "HTTNV"},
        attested=True,
        collective={"members": 10, "lao_dong_tien_tien": ldtt, "disciplined": disciplined},
    )


def test_advanced_collective_no_member_disciplined_at_warning_or_above():
    assert advanced({"khien_trach": 2, "canh_cao": 0}).verdict == "eligible"
    warned = advanced({"khien_trach": 0, "canh_cao": 1})
    assert check(warned, "members_no_discipline").met is False
    assert advanced({"cach_chuc": 1}).verdict == "ineligible"


def test_advanced_collective_values_are_flagged_unverified():
    result = advanced({}, ldtt=6)
    share = check(result, "members_lao_dong_tien_tien_share")
    assert share.met is False and share.status == "chưa xác minh"
    assert check(result, "rating_httnv").status == "chưa xác minh"


def test_ministry_flag_cluster_leader_is_the_record_route():
    leader = judge(
        "co_thi_dua_nganh_tu_phap", subject=COLLECTIVE, cluster_leader=True, attested=True
    )
    assert leader.verdict == "eligible"
    other = judge(
        "co_thi_dua_nganh_tu_phap", subject=COLLECTIVE, cluster_leader=False, attested=True
    )
    assert check(other, "cluster_leader_or_thematic").met is None  # thematic route: council
    assert other.verdict == "needs_review"


def test_government_flag_from_the_ministry_cluster_route():
    result = judge("co_thi_dua_chinh_phu", subject=COLLECTIVE, cluster_leader=True, attested=True)
    assert result.verdict == "eligible"


def test_collective_certificate_two_excellent_years():
    two = judge(
        "bang_khen_bo_truong_bo_tu_phap_tap_the",
        subject=COLLECTIVE,
        attested=True,
        ratings={"2024": "HTXSNV", "2025": "HTXSNV"},
    )
    assert two.verdict == "eligible"
    assert check(two, "bang_khen_tap_the_route").status == "chưa xác minh"
    one = judge(
        "bang_khen_bo_truong_bo_tu_phap_tap_the",
        subject=COLLECTIVE,
        attested=True,
        ratings={"2024": "HTTNV", "2025": "HTXSNV"},
    )
    assert one.verdict == "needs_review"


def test_giay_khen_is_always_a_council_judgement_but_fails_on_rating():
    ok = judge("giay_khen", ratings={"2025": "HTXSNV"}, attested=True)
    assert ok.verdict == "needs_review"
    low = judge("giay_khen", ratings={"2025": "HTNV"}, attested=True)
    assert low.verdict == "ineligible"
    unit = judge("giay_khen", subject=COLLECTIVE, ratings={"2025": "HTTNV"}, attested=True)
    assert "nội bộ đoàn kết" in check(unit, "attested").why


def test_award_for_the_other_kind_of_subject_is_ineligible():
    result = judge("lao_dong_tien_tien", subject=COLLECTIVE, ratings={"2025": "HTTNV"})
    assert check(result, "subject_kind").met is False
    assert result.verdict == "ineligible"
